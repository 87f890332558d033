"""The DOCX writer: editable Word styles, language, fields, lists that restart, clean metadata."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn

from briefs.document import Document
from briefs.writers import Stamp
from briefs.writers.docx_writer import DocxWriter
from samples import CYRILLIC, MARKUP, POLISH


def write(document: Document, stamp: Stamp) -> bytes:
    stream = io.BytesIO()
    DocxWriter().write(document, stream, stamp)
    return stream.getvalue()


def test_text_is_literal_in_every_script(document: Document, stamp: Stamp) -> None:
    word = docx.Document(io.BytesIO(write(document, stamp)))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [p.text for t in word.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert POLISH in paragraphs and MARKUP in paragraphs and CYRILLIC in cells


def test_real_styles_for_headings_lists_and_tables(document: Document, stamp: Stamp) -> None:
    word = docx.Document(io.BytesIO(write(document, stamp)))
    styles = [(p.style.name, p.text) for p in word.paragraphs if p.style is not None]
    assert ("Title", "Writer test") in styles
    assert ("Heading 1", "Ustalenia") in styles and ("Heading 2", "Dalsze") in styles
    assert ("List Bullet", MARKUP) in styles and ("List Number", "first ask") in styles
    table = word.tables[-1]
    assert table.style is not None and table.style.name == "Brief Table"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page


def test_each_numbered_list_starts_at_one(document: Document, stamp: Stamp) -> None:
    word = docx.Document(io.BytesIO(write(document, stamp)))
    numbered = [p for p in word.paragraphs if p.style is not None and p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    numbering = word.part.numbering_part.element
    for num_id in (ids[0], ids[2]):
        num = numbering.num_having_numId(num_id)
        override = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert override.get(qn("w:val")) == "1"


def test_language_fields_and_properties(document: Document, stamp: Stamp) -> None:
    data = write(document, stamp)
    word = docx.Document(io.BytesIO(data))
    lang = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert lang.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "pl-PL"
    props = word.core_properties
    assert (props.title, props.subject, props.author, props.language) == (
        "Writer test",
        document.subject,
        document.author,
        "pl-PL",
    )
    assert props.last_modified_by == document.author and props.revision == 1
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer and "Strona " in footer
    header = zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml").decode()
    assert "Platforma · MSZ" in header


def test_output_is_reproducible(document: Document, stamp: Stamp) -> None:
    assert write(document, stamp) == write(document, stamp)
