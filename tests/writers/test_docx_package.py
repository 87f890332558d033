"""The DOCX package prepared once per process: documents written by one context stay separate.

Read back with python-docx, the zip module and fontTools, never with the writer's own code.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import briefs
from briefs.document import Box, Document, Heading, ListBlock, Paragraph, Span, Table
from briefs.writers import Stamp
from briefs.writers.docx_package import DocxParts
from briefs.writers.docx_template import prepare_parts
from briefs.writers.docx_writer import DocxWriter
from briefs.writers.docx_zip import deflate, write_zip
from ooxml import NS, Package, R, deobfuscate, w

FONTS = Path(briefs.__file__).parent / "fonts"


def polish() -> Document:
    return Document(
        title="Notatka Alfa",
        subject="Notatka · MSZ",
        author="Platforma Alfa",
        language="pl-PL",
        header="Nagłówek Alfa",
        footer="Stopka Alfa",
        page_label="Strona {page} z {pages}",
        blocks=(
            Heading(0, "Notatka Alfa"),
            Paragraph((Span("Tekst alfa."),)),
            ListBlock(True, ((Span("pierwszy alfa"),), (Span("drugi alfa"),))),
            Box("Ramka alfa", (ListBlock(True, ((Span("wewnątrz alfa"),),)),), "asks"),
        ),
        keywords="alfa",
    )


def german() -> Document:
    return Document(
        title="Themenpapier Beta",
        subject="Themenpapier · AA",
        author="Plattform Beta",
        language="de-DE",
        header="Kopfzeile Beta",
        footer="Fußzeile Beta",
        page_label="Seite {page} von {pages}",
        blocks=(
            Heading(0, "Themenpapier Beta"),
            Paragraph((Span("Text beta."),)),
            Table(("Spalte beta",), (("Zelle beta",),), (1.0,)),
        ),
        keywords="beta",
    )


STAMP = Stamp(dt.datetime(2026, 11, 26, 9, 30, 12, tzinfo=dt.UTC))


def write(writer: DocxWriter, document: Document, stamp: Stamp = STAMP) -> bytes:
    stream = io.BytesIO()
    writer.write(document, stream, stamp)
    return stream.getvalue()


def all_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = [p.text for t in word.tables for c in t._cells for p in c.paragraphs]
    return " ".join([p.text for p in word.paragraphs] + cells)


def test_one_context_keeps_each_document_to_its_own_text_language_and_metadata() -> None:
    writer = DocxWriter(prepare_parts())
    first = write(writer, polish())
    second = write(writer, german(), Stamp(dt.datetime(2027, 1, 2, tzinfo=dt.UTC)))
    again = write(writer, polish())
    assert again == first  # nothing of the German brief stayed behind
    for data, own, other, language in (
        (first, "alfa", "beta", "pl-PL"),
        (second, "beta", "alfa", "de-DE"),
    ):
        text = all_text(data).lower()
        assert own in text and other not in text
        word = docx.Document(io.BytesIO(data))
        props = word.core_properties
        assert props.language == language and own in props.title.lower()
        assert own in props.author.lower() and props.keywords == own
        lang = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        assert lang.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == language
        package = Package(data)
        headers, footers = package.section_parts("header"), package.section_parts("footer")
        assert own in package.text(headers["default"]).lower()
        for kind in ("first", "default"):
            footer = package.text(footers[kind]).lower()
            assert own in footer and other not in footer
    dates = {
        info.filename: info.date_time for info in zipfile.ZipFile(io.BytesIO(second)).infolist()
    }
    assert set(dates.values()) == {(2027, 1, 2, 0, 0, 0)}
    assert docx.Document(io.BytesIO(second)).core_properties.created == dt.datetime(
        2027, 1, 2, tzinfo=dt.UTC
    )


def test_numbered_lists_restart_in_every_document_of_one_context() -> None:
    writer = DocxWriter(prepare_parts())
    for _ in range(3):
        word = docx.Document(io.BytesIO(write(writer, polish())))
        numbering = word.part.numbering_part.element
        overrides = [num for num in numbering.num_lst if num.find(qn("w:lvlOverride")) is not None]
        assert [int(num.numId) for num in overrides] == [3, 4]  # this document's two lists
    german_numbering = docx.Document(io.BytesIO(write(writer, german()))).part.numbering_part
    assert [int(num.numId) for num in german_numbering.element.num_lst] == [1, 2]


def test_shared_font_parts_stay_intact_for_every_later_document() -> None:
    writer = DocxWriter(prepare_parts())
    write(writer, polish())
    for data in (write(writer, german()), write(writer, polish())):
        package = Package(data)
        targets = package.targets("word/fontTable.xml")
        recovered = 0
        for font in package.xml("word/fontTable.xml").iterfind("w:font", NS):
            stem = font.get(w("name")).replace(" ", "")
            for embed in font:
                if embed.tag.startswith(w("embed")):
                    style = embed.tag.removeprefix(w("embed"))
                    part = package.raw(targets[embed.get(f"{{{R}}}id")])
                    ttf = (FONTS / f"{stem}-{style}.ttf").read_bytes()
                    assert deobfuscate(part, embed.get(w("fontKey"))) == ttf
                    recovered += 1
        assert recovered == 8
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_a_fresh_context_and_a_used_one_write_the_same_bytes() -> None:
    used = DocxWriter(prepare_parts())
    write(used, polish())
    write(used, german())
    assert write(used, german()) == write(DocxWriter(prepare_parts()), german())


def test_a_context_kept_as_bytes_writes_the_same_files_and_fonts() -> None:
    fresh = prepare_parts()
    kept = DocxParts.from_bytes(fresh.to_bytes())
    for document in (polish(), german()):
        data = write(DocxWriter(kept), document)
        assert data == write(DocxWriter(fresh), document)
    package = zipfile.ZipFile(io.BytesIO(write(DocxWriter(kept), german())))
    fonts = [name for name in package.namelist() if name.endswith(".odttf")]
    assert len(fonts) == 8 and package.testzip() is None
    text = "".join(
        p.text for p in docx.Document(io.BytesIO(write(DocxWriter(kept), german()))).paragraphs
    )
    assert "Themenpapier Beta" in text and "Text beta." in text


@pytest.mark.parametrize("damage", ["flip", "truncate", "header", "empty"])
def test_a_damaged_kept_context_is_refused_never_used(damage: str) -> None:
    blob = bytearray(prepare_parts().to_bytes())
    if damage == "flip":
        blob[-1000] ^= 0x01  # one bit of an embedded font
    elif damage == "truncate":
        del blob[-10:]
    elif damage == "header":
        blob[30:40] = b"x" * 10
    else:
        blob = bytearray()
    with pytest.raises(ValueError, match="briefs DOCX context"):
        DocxParts.from_bytes(bytes(blob))


def test_the_zip_is_laid_out_as_zipfile_writes_it() -> None:
    members = [
        ("word/document.xml", "<w:p>zażółć</w:p>".encode() * 50),
        ("word/fonts/x.odttf", bytes(range(256)) * 40),
        ("empty.xml", b""),
    ]
    when = (2026, 11, 26, 13, 45, 31)
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w") as archive:
        for name, content in members:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    ours = io.BytesIO()
    write_zip(ours, [deflate(name, content) for name, content in members], when)
    assert ours.getvalue() == expected.getvalue()
    with zipfile.ZipFile(ours) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in members] == [c for _, c in members]


MARKUP_TEXTS = ("a < b & c > d", " leading space", "trailing space ", ']]> &amp; "quoted"')


def test_markup_characters_and_edge_spaces_come_back_literally() -> None:
    document = Document(
        title="T & <title>",
        subject="S",
        author="A",
        language="en-GB",
        header="H & <h>",
        footer="F",
        page_label="{page}",
        blocks=(
            *(Paragraph((Span(text, bold=True),)) for text in MARKUP_TEXTS),
            Table(MARKUP_TEXTS, (), (1.0,) * 4),
        ),
    )
    data = write(DocxWriter(prepare_parts()), document)
    word = docx.Document(io.BytesIO(data))
    assert [p.text for p in word.paragraphs] == [*MARKUP_TEXTS, ""]  # and the table's spacer
    assert [c.text for c in word.tables[0].rows[0].cells] == list(MARKUP_TEXTS)
    assert word.core_properties.title == "T & <title>"
    assert Package(data).text(Package(data).section_parts("header")["default"]) == "H & <h>"


@pytest.mark.parametrize("bad", ["tab\x0bulation", "null\x00", "\ufffe"])
def test_a_character_xml_cannot_carry_fails_loudly(bad: str) -> None:
    document = Document("T", "S", "A", "en-GB", "H", "F", "{page}", (Heading(1, bad),))
    with pytest.raises(ValueError, match="XML cannot carry"):
        write(DocxWriter(prepare_parts()), document)
