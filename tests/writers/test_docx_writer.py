"""The DOCX writer: editable Word styles, language, fields, lists that restart, clean metadata."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor
from fontTools.ttLib import TTFont

import briefs
from briefs.document import Box, Document, Heading, ListBlock, Paragraph, Span
from briefs.writers import Stamp
from briefs.writers.docx_writer import DocxWriter
from ooxml import NS, TC_PR_ORDER, Package, R, W, deobfuscate, w
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


BRIEFS_FONTS = Path(briefs.__file__).parent / "fonts"
SANS, SERIF = "Noto Sans", "Noto Serif"


def box_document(tone: str) -> Document:
    return Document(
        title="Box test",
        subject="Brief",
        author="Platform",
        language="en-GB",
        header="Platforma · EEAS",
        footer="Conference · Berlin",
        page_label="Page {page} of {pages}",
        blocks=(
            Heading(0, "Box test"),
            Paragraph((Span("Before the box."),)),
            Box(
                "Key asks to the EEAS",
                (
                    ListBlock(True, ((Span("Sanction Rosatom."),), (Span("Fund shelters."),))),
                    Paragraph((Span("See the annex."),), "small"),
                ),
                tone,  # type: ignore[arg-type]
            ),
            Paragraph((Span("After the box."),)),
        ),
    )


def test_compatibility_mode_is_word_2013(document: Document, stamp: Stamp) -> None:
    settings = Package(write(document, stamp)).xml("word/settings.xml")
    modes = [
        setting.get(w("val"))
        for setting in settings.iterfind("w:compat/w:compatSetting", NS)
        if setting.get(w("name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


def test_no_office_fonts_or_theme_font_references(document: Document, stamp: Stamp) -> None:
    package = Package(write(document, stamp))
    for name in package.names():
        if not name.endswith(".xml"):
            continue
        text = package.raw(name).decode()
        assert "Calibri" not in text and "Cambria" not in text, name
        assert "Theme=" not in text, name  # w:asciiTheme, w:hAnsiTheme, …: theme fonts
        for fonts in package.xml(name).iter(w("rFonts")):
            assert set(fonts.attrib.values()) <= {SANS, SERIF}, (name, fonts.attrib)
    theme = package.xml("word/theme/theme1.xml")
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    major, minor = (
        theme.find(f".//{drawing}{kind}/{drawing}latin") for kind in ("majorFont", "minorFont")
    )
    assert (major.get("typeface"), minor.get("typeface")) == (SANS, SERIF)


def test_no_office_2007_design_leftovers(document: Document, stamp: Stamp) -> None:
    word = docx.Document(io.BytesIO(write(document, stamp)))
    title = word.styles["Title"].element
    assert title.find(f"{w('pPr')}/{w('pBdr')}") is None  # the blue rule under the title
    for style in word.styles:
        run = style.element.find(w("rPr"))
        assert run is None or run.find(w("spacing")) is None, style.name  # letter spacing
        assert style.element.find(f"{w('tblPr')}/{w('tblBorders')}") is None, style.name
    assert word.styles["Normal"].font.name == SERIF
    assert word.styles["Heading 1"].font.name == SANS
    assert word.styles["Heading 1"].font.color.rgb == RGBColor(0x1B, 0x4F, 0x72)


def test_noto_fonts_are_embedded_and_recover_to_the_bundled_ttfs(
    document: Document, stamp: Stamp
) -> None:
    package = Package(write(document, stamp))
    assert package.xml("word/settings.xml").find("w:embedTrueTypeFonts", NS) is not None
    targets = package.targets("word/fontTable.xml")
    content_types = package.raw("[Content_Types].xml").decode()
    obfuscated = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    assert f'Extension="odttf" ContentType="{obfuscated}"' in content_types
    embedded = {}
    for font in package.xml("word/fontTable.xml").iterfind("w:font", NS):
        for embed in font:
            if embed.tag.startswith(w("embed")):
                part = targets[embed.get(f"{{{R}}}id")]
                data = deobfuscate(package.raw(part), embed.get(w("fontKey")))
                embedded[(font.get(w("name")), embed.tag.removeprefix(w("embed")))] = data
    assert len(embedded) == 8
    for (family, style), data in embedded.items():
        ttf = TTFont(io.BytesIO(data))
        assert ttf["name"].getDebugName(1) == family
        assert ttf["name"].getDebugName(2).replace(" ", "") == style
        stem = family.replace(" ", "")
        assert data == (BRIEFS_FONTS / f"{stem}-{style}.ttf").read_bytes()


def test_first_page_header_is_empty_and_the_running_header_follows(
    document: Document, stamp: Stamp
) -> None:
    package = Package(write(document, stamp))
    assert package.xml("word/document.xml").find(".//w:sectPr/w:titlePg", NS) is not None
    headers, footers = package.section_parts("header"), package.section_parts("footer")
    assert package.text(headers["first"]).strip() == ""
    assert package.text(headers["default"]) == "Platforma · MSZ"
    for kind in ("first", "default"):
        footer = package.raw(footers[kind]).decode()
        assert "Konferencja · Berlin" in footer and " PAGE " in footer and " NUMPAGES " in footer


def test_table_cell_properties_follow_the_schema_order(document: Document, stamp: Stamp) -> None:
    body = Package(write(document, stamp)).xml("word/document.xml")
    cells = list(body.iter(w("tcPr")))
    assert len(cells) > 200  # the callout and every cell of the 71-row table
    for properties in cells:
        names = [child.tag.removeprefix(f"{{{W}}}") for child in properties]
        assert names == sorted(names, key=TC_PR_ORDER.index), names


def test_headings_keep_with_next_and_asks_keep_their_lines(
    document: Document, stamp: Stamp
) -> None:
    word = docx.Document(io.BytesIO(write(document, stamp)))
    for name in ("Title", "Heading 1", "Heading 2"):
        assert word.styles[name].paragraph_format.keep_with_next, name
    for name in ("List Number", "List Bullet"):
        assert word.styles[name].paragraph_format.keep_together, name
    pagination = word.styles["Normal"].element.find(f"{w('pPr')}/{w('widowControl')}")
    assert pagination is not None and pagination.get(w("val")) in (None, "1", "true", "on")


@pytest.mark.parametrize("tone", ["asks", "note"])
def test_a_box_is_one_framed_cell_with_its_title_and_blocks(tone: str, stamp: Stamp) -> None:
    word = docx.Document(io.BytesIO(write(box_document(tone), stamp)))
    body = [p.text for p in word.paragraphs]
    assert body == ["Box test", "Before the box.", "", "After the box."]  # "" is the spacer
    (table,) = word.tables
    (cell,) = table._cells
    texts = [p.text for p in cell.paragraphs]
    assert texts == [
        "Key asks to the EEAS",
        "Sanction Rosatom.",
        "Fund shelters.",
        "See the annex.",
    ]
    styles = [p.style.name for p in cell.paragraphs]
    assert styles[1:] == ["List Number", "List Number", "Brief Small"]
    properties = cell._tc.tcPr
    frame = properties.find(w("tcBorders"))
    assert [side.get(w("val")) for side in frame] == ["single"] * 4
    assert properties.find(w("shd")).get(w("fill")) not in (None, "auto", "FFFFFF")
    assert table.rows[0]._tr.trPr.find(w("cantSplit")) is not None  # never split over pages
    assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs[:-1])


def test_an_unknown_block_fails_loudly(document: Document, stamp: Stamp) -> None:
    @dataclass(frozen=True)
    class Figure:
        caption: str

    broken = replace(document, blocks=(*document.blocks, Figure("a chart")))  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        write(broken, stamp)


def test_list_numbers_hang_right_aligned_so_10_lines_up_with_9(
    document: Document, stamp: Stamp
) -> None:
    numbering = Package(write(document, stamp)).xml("word/numbering.xml")
    styles = Package(write(document, stamp)).xml("word/styles.xml")
    number_style = styles.find("w:style[@w:styleId='ListNumber']", NS)
    num_id = number_style.find("w:pPr/w:numPr/w:numId", NS).get(w("val"))
    num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(w("val"))
    level = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl", NS)
    assert level.find("w:numFmt", NS).get(w("val")) == "decimal"
    assert level.find("w:lvlJc", NS).get(w("val")) == "right"
    indent = number_style.find("w:pPr/w:ind", NS)
    assert int(indent.get(w("left"))) - int(indent.get(w("hanging"))) >= 15 * 20  # "10." fits


def test_equal_input_gives_equal_bytes_across_processes(tmp_path: Path) -> None:
    """Font keys and compressed fonts are made once per process, so compare two processes."""
    script = (
        "import datetime as dt, sys\n"
        "from briefs.writers import Stamp\n"
        "from briefs.writers.docx_writer import DocxWriter\n"
        "from test_docx_writer import box_document\n"
        "stamp = Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))\n"
        "with open(sys.argv[1], 'wb') as out:\n"
        "    DocxWriter().write(box_document('asks'), out, stamp)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"brief-{seed}.docx"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        environment["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), *sys.path])
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=environment)
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_table_text_stays_inside_its_cell_padding(document: Document, stamp: Stamp) -> None:
    """Body text may overhang the margin a little (as the PDF's shrinking spaces allow), but
    table text must not inherit that and run into the cell's padding."""
    word = docx.Document(io.BytesIO(write(document, stamp)))

    def right_indent(style: docx.styles.style.BaseStyle | None) -> int:
        while style is not None:
            if style.paragraph_format.right_indent is not None:
                return int(style.paragraph_format.right_indent)
            style = style.base_style
        return 0

    cell_styles = {p.style.name for t in word.tables for c in t._cells for p in c.paragraphs}
    assert {"Brief Table Text", "Brief Table Head"} <= cell_styles
    for name in cell_styles & {"Brief Table Text", "Brief Table Head"}:
        assert right_indent(word.styles[name]) >= 0, name
    assert right_indent(word.styles["Normal"]) < 0  # the overhang the body text gets
