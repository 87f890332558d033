"""Lay a Document out as an editable Word file with real styles, fields and clean metadata."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any, BinaryIO

from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from briefs.document import Callout, Document, Heading, Inline, ListBlock, Paragraph, Table
from briefs.writers import FORMATS, Stamp

BODY_FONT = "Cambria"
HEADING_FONT = "Calibri"
INK = RGBColor(0x1F, 0x29, 0x33)
ACCENT = RGBColor(0x1B, 0x4F, 0x72)
MUTED = RGBColor(0x5F, 0x6B, 0x76)
ACCENT_HEX = "1B4F72"
CALLOUT_FILL = "EAF1F6"
HEADER_FILL = "1B4F72"

# the parts python-docx's default template carries that we never want to ship
_DROPPED_PARTS = ("docProps/thumbnail.jpeg", "customXml/", "word/stylesWithEffects.xml")
_KEPT_STYLES = {
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Header",
    "Footer",
    "List Bullet",
    "List Number",
    "List Paragraph",
    "Light List Accent 1",
    "Table Grid",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Strong",
    "Emphasis",
}

_PARAGRAPH_STYLES = {
    "body": "Normal",
    "lead": "Subtitle",
    "meta": "Brief Meta",
    "letterhead": "Brief Letterhead",
    "small": "Brief Small",
    "salutation": "Normal",
    "closing": "Normal",
}
_HEADING_STYLES = {0: "Title", 1: "Heading 1", 2: "Heading 2"}


class DocxWriter:
    """Writes Word documents with python-docx."""

    name = "docx"
    suffix, media_type = FORMATS["docx"]

    def prepare(self) -> None:
        """Build the restyled base template and its style table."""
        _style_ids()

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as a .docx file."""
        word = open_docx(io.BytesIO(_base_template()))
        style_ids = _style_ids()
        _set_language(word, document.language)
        _set_properties(word, document, stamp)
        _write_header_footer(word, document)
        lists = _ListNumbering(word)
        for block in document.blocks:
            if isinstance(block, Heading):
                _styled(
                    word.add_paragraph(block.text), style_ids[_HEADING_STYLES[min(block.level, 2)]]
                )
            elif isinstance(block, Paragraph):
                paragraph = _styled(word.add_paragraph(), style_ids[_PARAGRAPH_STYLES[block.style]])
                _add_spans(paragraph, block.spans)
                if block.style == "closing":
                    paragraph.paragraph_format.space_after = Pt(2)
                if block.style == "salutation":
                    paragraph.paragraph_format.space_before = Pt(6)
            elif isinstance(block, ListBlock):
                _add_list(word, block, lists, style_ids)
            elif isinstance(block, Table):
                _add_table(word, block, style_ids)
            elif isinstance(block, Callout):
                _add_callout(word, block, style_ids)
        _save_package(word, stream, stamp)


def _styled(paragraph: Any, style_id: str) -> Any:
    """Set a paragraph style by id: python-docx's lookup by name costs a scan of styles.xml."""
    paragraph._p.style = style_id
    return paragraph


def _add_text(paragraph: Any, text: str) -> Any:
    """Add a run holding text in one w:t; python-docx's run.text walks it character by character.

    Text reaching the writer holds no tabs or line breaks (the model folds them), so one w:t is
    exactly what run.text would produce.
    """
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def _add_spans(paragraph: Any, spans: Inline) -> None:
    for span in spans:
        run = _add_text(paragraph, span.text)
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
            run.font.color.rgb = MUTED


class _ListNumbering:
    """Gives each ordered list its own numbering instance so every list starts at 1."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.abstract_id: int | None = None

    def restart(self, paragraph: Any) -> None:
        numbering = self.word.part.numbering_part.element
        if self.abstract_id is None:
            style = self.word.styles["List Number"]
            num_id = style.element.pPr.numPr.numId.val
            self.abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
        num = numbering.add_num(self.abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _add_list(
    word: Any, block: ListBlock, lists: _ListNumbering, style_ids: dict[str, str]
) -> None:
    style = style_ids["List Number" if block.ordered else "List Bullet"]
    for index, item in enumerate(block.items):
        paragraph = _styled(word.add_paragraph(), style)
        _add_spans(paragraph, item)
        if block.ordered and index == 0:
            lists.restart(paragraph)
        elif block.ordered:
            paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = _first_num_id(
                paragraph
            )


def _first_num_id(paragraph: Any) -> int:
    previous = paragraph._p.getprevious()
    return int(previous.pPr.numPr.numId.val)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _add_table(word: Any, block: Table, style_ids: dict[str, str]) -> None:
    table = word.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table._tbl.tblPr.style = style_ids["Light List Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    total = sum(block.widths) or 1.0
    usable = 16.0  # cm between the margins
    widths = [Cm(usable * width / total) for width in block.widths]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice reads; cells carry w:tcW for Word
    for row_index, values in enumerate([block.header, *block.rows]):
        row = table.rows[row_index]
        for column, value in enumerate(values):
            cell = row.cells[column]
            cell.width = widths[column]
            paragraph = _styled(cell.paragraphs[0], style_ids["Brief Table"])
            run = _add_text(paragraph, value)
            if row_index == 0:
                run.bold = True
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                _shade(cell, HEADER_FILL)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_row.append(repeat)  # Word repeats this row at the top of every page
    _styled(word.add_paragraph(), style_ids["Brief Spacer"])


def _add_callout(word: Any, block: Callout, style_ids: dict[str, str]) -> None:
    table = word.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    cell.width = Cm(16)
    _shade(cell, CALLOUT_FILL)
    borders = OxmlElement("w:tcBorders")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "36"), ("w:color", ACCENT_HEX)):
        left.set(qn(key), value)
    borders.append(left)
    cell._tc.get_or_add_tcPr().append(borders)
    _add_text(_styled(cell.paragraphs[0], style_ids["Brief Callout Value"]), block.value)
    _add_text(_styled(cell.add_paragraph(), style_ids["Brief Callout Label"]), block.label)
    _add_text(_styled(cell.add_paragraph(), style_ids["Brief Small"]), block.source)
    _styled(word.add_paragraph(), style_ids["Brief Spacer"])


def _write_header_footer(word: Any, document: Document) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.text = document.header
    header._p.style = "Header"
    footer = section.footer.paragraphs[0]
    footer._p.style = "Footer"
    footer.add_run(document.footer + "\t")
    label = document.page_label
    before, _, rest = label.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer.add_run(before)
    _add_field(footer, "PAGE")
    footer.add_run(middle)
    _add_field(footer, "NUMPAGES")
    footer.add_run(after)


def _add_field(paragraph: Any, instruction: str) -> None:
    """Add a complex field (PAGE, NUMPAGES) that Word and LibreOffice update on display."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    field_char("separate")
    _add_text(paragraph, "1")  # shown until the field is updated
    field_char("end")


def _set_language(word: Any, tag: str) -> None:
    styles = word.styles.element
    run_defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), tag)


def _set_properties(word: Any, document: Document, stamp: Stamp) -> None:
    props = word.core_properties
    props.title = document.title
    props.subject = document.subject
    props.author = document.author
    props.last_modified_by = document.author
    props.language = document.language
    props.keywords = document.keywords
    props.comments = ""
    props.category = ""
    props.revision = 1
    moment = stamp.moment.replace(tzinfo=None, microsecond=0)
    props.created = moment
    props.modified = moment


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>briefs</Application></Properties>"
)


def _save_package(word: Any, stream: BinaryIO, stamp: Stamp) -> None:
    """Save the package with fixed timestamps (python-docx stamps the wall clock into the zip)."""
    from docx.opc.pkgwriter import _ContentTypesItem

    package = word.part.package
    parts = list(package.iter_parts())
    date_time = stamp.moment.timetuple()[:6]
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, content: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)

        add("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)  # type: ignore[no-untyped-call]
        add("_rels/.rels", package.rels.xml)
        for part in parts:
            add(part.partname.membername, part.blob)
            if part.rels:
                add(part.partname.rels_uri.membername, part.rels.xml)


def _without_template_leftovers(data: bytes) -> bytes:
    """Drop the default template's thumbnail, custom XML and application metadata."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name.startswith(_DROPPED_PARTS):
                continue
            content = source.read(name)
            if name == "docProps/app.xml":
                content = _APP_XML
            elif name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
                content = _drop_references(content)
            target.writestr(name, content)
    return out.getvalue()


def _drop_references(xml: bytes) -> bytes:
    return re.sub(
        rb"<(Override|Relationship|Default)\b[^>]*(thumbnail|customXml|jpeg|stylesWithEffects)[^>]*/>",
        b"",
        xml,
    )


def _style_name(style: Any) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val"))).lower()


def _prune_styles(styles: Any) -> None:
    """Keep only the styles briefs uses (and what they link to): every write parses styles.xml."""
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterfind(qn("w:style"))}
    keep: set[str] = set()
    kept = {name.lower() for name in _KEPT_STYLES}
    names = {style_id: _style_name(style) for style_id, style in by_id.items()}
    pending = [i for i, name in names.items() if name in kept or name.startswith("brief")]
    while pending:
        style_id = pending.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for link in ("w:basedOn", "w:link", "w:next"):
            target = by_id[style_id].find(qn(link))
            if target is not None:
                pending.append(target.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)


@cache
def _style_ids() -> dict[str, str]:
    """Return style name to style id for the base template."""
    word = open_docx(io.BytesIO(_base_template()))
    return {style.name: style.style_id for style in word.styles}


@cache
def _base_template() -> bytes:
    """Return python-docx's default template restyled for briefs (built once per process)."""
    word = open_docx()
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, color, before, after in (
        ("Title", 22, ACCENT, 6, 8),
        ("Heading 1", 14, ACCENT, 16, 4),
        ("Heading 2", 11.5, INK, 10, 3),
    ):
        style = styles[name]
        style.font.name = HEADING_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = color
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    subtitle = styles["Subtitle"]
    subtitle.font.name = HEADING_FONT
    subtitle.font.size = Pt(11.5)
    subtitle.font.italic = False
    subtitle.font.color.rgb = MUTED
    for name, size, color, bold in (
        ("Brief Letterhead", 9.5, ACCENT, True),
        ("Brief Meta", 8.5, MUTED, False),
        ("Brief Small", 8.5, MUTED, False),
        ("Brief Table", 9, INK, False),
        ("Brief Callout Value", 20, ACCENT, True),
        ("Brief Callout Label", 10, INK, True),
        ("Brief Spacer", 4, INK, False),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name = HEADING_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = color
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(2)
    styles["Brief Letterhead"].paragraph_format.space_after = Pt(0)
    styles["Brief Spacer"].paragraph_format.space_after = Pt(0)
    styles["Brief Meta"].paragraph_format.space_after = Pt(14)
    for name in ("Header", "Footer"):
        styles[name].font.name = HEADING_FONT
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = MUTED
    section = word.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.0)
    footer_style = styles["Footer"].paragraph_format
    footer_style.tab_stops.clear_all()
    footer_style.tab_stops.add_tab_stop(Cm(16.0), alignment=WD_TAB_ALIGNMENT.RIGHT)
    body = word.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _prune_styles(styles.element)
    buffer = io.BytesIO()
    word.save(buffer)
    return _without_template_leftovers(buffer.getvalue())
