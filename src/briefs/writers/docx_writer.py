"""Lay a Document out as an editable Word file in the PDF's design, with real styles and fields.

The styles, page and fonts come from `docx_styles`, `docx_fonts` and `docx_package`; this
module places the blocks: each paragraph gets a style id, tables and boxes get their cell
properties in the schema's order, and pagination follows the PDF's rules (headings kept with
what follows, each list item on one page, callouts and boxes never split).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO, assert_never

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import _Cell, _Row

from briefs.document import (
    Block,
    Box,
    Callout,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Table,
)
from briefs.writers import FORMATS, Stamp
from briefs.writers.docx_fonts import embedded_fonts
from briefs.writers.docx_package import base_template, save_package
from briefs.writers.docx_styles import (
    ACCENT,
    ASIDE,
    BOX_FILL,
    BOX_FRAME,
    BOX_PADDING,
    BOX_TITLE,
    CALLOUT_FILL,
    CALLOUT_LABEL,
    CALLOUT_PADDING,
    CALLOUT_RULE,
    CALLOUT_VALUE,
    CELL_PADDING,
    FOOTER,
    HEADING_1,
    HEADING_2,
    LIST_BULLET,
    LIST_NUMBER,
    NUMBER_ABSTRACT_ID,
    OUTDENT,
    PARAGRAPH_STYLES,
    ROW_RULE,
    RUNNING_HEADER,
    SPACE_BEFORE,
    SPACER_AFTER,
    SPACER_STYLE,
    TABLE_HEAD,
    TABLE_STYLE,
    TABLE_TEXT,
    TABLE_WIDTH,
    TITLE,
    ZEBRA,
)

_HEADING_STYLES = (TITLE, HEADING_1, HEADING_2)
_P_STYLE, _VAL = qn("w:pStyle"), qn("w:val")
LIST_SPACE_AFTER = 4.0 + 3
"""Space after a list's last item: the PDF's 3 pt spacer on top, which no space before absorbs."""


class DocxWriter:
    """Writes Word documents with python-docx."""

    name = "docx"
    suffix, media_type = FORMATS["docx"]

    def prepare(self) -> None:
        """Build the base template and obfuscate the fonts now, before workers fork."""
        base_template()
        embedded_fonts()

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as a .docx file."""
        word = open_docx(io.BytesIO(base_template()))
        _set_language(word, document.language)
        _set_properties(word, document, stamp)
        _write_header_footer(word, document)
        flow = _Flow(word, TABLE_WIDTH, OUTDENT, _Numbering(word))
        for block in document.blocks:
            _add_block(flow, block)
        save_package(word, stream, stamp)


class _Numbering:
    """Gives each ordered list its own numbering instance, so every list starts at 1."""

    def __init__(self, word: Any) -> None:
        self.numbering = word.part.numbering_part.element

    def new_list(self) -> int:
        num = self.numbering.add_num(NUMBER_ABSTRACT_ID)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)


class _Flow:
    """Where blocks go: the document body or a box's cell, and how wide its tables are.

    In the body, tables reach `outdent` into each margin, as wide as the PDF draws them. A cell
    starts with an empty paragraph (Word requires one), which the first block reuses.
    """

    def __init__(self, container: Any, width: int, outdent: int, numbering: _Numbering) -> None:
        self.container = container
        self.width = width
        self.outdent = outdent
        self.numbering = numbering
        self.reusable: Any = container.paragraphs[0] if hasattr(container, "_tc") else None
        self.gap = 0.0  # points the PDF's spacer after a list adds to what follows
        self.after_heading = False

    def paragraph(self, style_id: str) -> Any:
        if self.reusable is not None:
            paragraph, self.reusable = self.reusable, None
        else:
            paragraph = self.container.add_paragraph()
        _set_style(paragraph, style_id)
        before = SPACE_BEFORE.get(style_id, 0.0)
        if self.gap and before:
            paragraph.paragraph_format.space_before = Pt(self.gap + before)
        self.gap = 0.0
        return paragraph

    def table(self, rows: int, widths: list[int]) -> Any:
        self.reusable = None
        self.gap = 0.0
        if hasattr(self.container, "_tc"):
            table = self.container.add_table(rows, len(widths))
            self.reusable = self.container.paragraphs[-1]  # python-docx adds one after it
        else:
            table = self.container.add_table(rows, len(widths))
        _table_properties(table, widths, self.outdent)
        return table

    def spacer(self, kind: str) -> None:
        """End a table, callout or box with the space the PDF's spacer leaves after it."""
        if self.reusable is not None:
            paragraph, self.reusable = self.reusable, None
            _set_style(paragraph, SPACER_STYLE)
        else:
            paragraph = self.paragraph(SPACER_STYLE)
        points = SPACER_AFTER[kind]
        if points != SPACER_AFTER["table"]:
            paragraph.paragraph_format.line_spacing = Pt(points)


def _add_block(flow: _Flow, block: Block) -> None:
    """Add one block; a paragraph right after a heading is kept whole, as the PDF keeps it."""
    after_heading, flow.after_heading = flow.after_heading, isinstance(block, Heading)
    match block:
        case Heading():
            paragraph = flow.paragraph(_HEADING_STYLES[min(block.level, 2)])
            _add_text(paragraph, block.text)
        case Paragraph():
            paragraph = flow.paragraph(PARAGRAPH_STYLES[block.style])
            _add_spans(paragraph, block.spans)
            if after_heading:
                paragraph.paragraph_format.keep_together = True
        case ListBlock():
            _add_list(flow, block)
        case Table():
            _add_table(flow, block)
        case Callout():
            _add_callout(flow, block)
        case Box():
            _add_box(flow, block)
        case _:
            assert_never(block)


def _set_style(paragraph: Any, style_id: str) -> None:
    """Set a paragraph's style by id, the first property of its w:pPr.

    python-docx's own setter searches the schema's order for every insertion and its lookup by
    name scans styles.xml; here the style is set before any other property.
    """
    p = paragraph._p
    properties = p.pPr
    if properties is None:
        properties = OxmlElement("w:pPr")
        p.insert(0, properties)
    style = properties.find(_P_STYLE)
    if style is None:
        style = OxmlElement("w:pStyle")
        properties.insert(0, style)
    style.set(_VAL, style_id)


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
        if span.italic:
            run._r.style = ASIDE
        if span.bold:
            run.bold = True


def _add_list(flow: _Flow, block: ListBlock) -> None:
    style = LIST_NUMBER if block.ordered else LIST_BULLET
    num_id = flow.numbering.new_list() if block.ordered else None
    paragraph = None
    for item in block.items:
        paragraph = flow.paragraph(style)
        if num_id is not None:  # w:numPr follows w:pStyle, the only property set so far
            num_pr = _element("w:numPr")
            num_pr.append(_element("w:ilvl", val="0"))
            num_pr.append(_element("w:numId", val=str(num_id)))
            paragraph._p.pPr.insert(1, num_pr)
        _add_spans(paragraph, item)
    if paragraph is not None:
        paragraph.paragraph_format.space_after = Pt(LIST_SPACE_AFTER)
        flow.gap = LIST_SPACE_AFTER


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _table_properties(table: Any, widths: list[int], outdent: int) -> None:
    """Give a table the briefs style, a fixed layout, exact column widths and its indent."""
    tbl = table._tbl
    tbl.remove(tbl.tblPr)
    properties = _element("w:tblPr")
    properties.append(_element("w:tblStyle", val=TABLE_STYLE))
    properties.append(_element("w:tblW", w=str(sum(widths)), type="dxa"))
    properties.append(_element("w:tblInd", w=str(-outdent), type="dxa"))
    properties.append(_element("w:tblLayout", type="fixed"))
    properties.append(
        _element(
            "w:tblLook", val="0420", firstRow="1", lastRow="0", firstColumn="0",
            lastColumn="0", noHBand="0", noVBand="1",
        )
    )  # fmt: skip
    tbl.insert(0, properties)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)


def _cell_properties(
    cell: Any,
    width: int,
    *,
    borders: dict[str, tuple[int, str]] | None = None,
    fill: str | None = None,
    margins: dict[str, int] | None = None,
) -> None:
    """Write a cell's w:tcPr afresh, its children in the order ECMA-376 prescribes.

    CT_TcPr is a sequence: tcW, …, tcBorders, shd, noWrap, tcMar, …; Word and strict
    validators reject a cell whose borders come after its shading.
    """
    tc = cell._tc
    if tc.tcPr is not None:
        tc.remove(tc.tcPr)
    properties = _element("w:tcPr")
    properties.append(_element("w:tcW", w=str(width), type="dxa"))
    if borders is not None:
        frame = _element("w:tcBorders")
        for side in ("top", "left", "bottom", "right"):
            if side in borders:
                size, color = borders[side]
                line = _element(f"w:{side}", val="single", sz=str(size), space="0", color=color)
                frame.append(line)
            else:
                frame.append(_element(f"w:{side}", val="nil"))
        properties.append(frame)
    if fill is not None:
        properties.append(_element("w:shd", val="clear", color="auto", fill=fill))
    if margins is not None:
        properties.append(_margins("w:tcMar", margins))
    tc.insert(0, properties)


def _margins(tag: str, margins: dict[str, int]) -> Any:
    padding = _element(tag)
    for side in ("top", "left", "bottom", "right"):
        padding.append(_element(f"w:{side}", w=str(margins[side]), type="dxa"))
    return padding


def _row_properties(row: Any, *, header: bool = False, keep_together: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    if keep_together:
        properties.append(_element("w:cantSplit"))
    if header:
        properties.append(_element("w:tblHeader"))  # Word repeats this row on every page


def _add_table(flow: _Flow, block: Table) -> None:
    total = sum(block.widths) or 1.0
    widths = [round(flow.width * width / total) for width in block.widths]
    table = flow.table(1 + len(block.rows), widths)
    rows = zip([block.header, *block.rows], table._tbl.tr_lst, strict=True)
    for row_index, (values, tr) in enumerate(rows):
        _row_properties(_Row(tr, table), header=row_index == 0, keep_together=True)
        for column, (value, tc) in enumerate(zip(values, tr.tc_lst, strict=True)):
            cell = _Cell(tc, table)
            if row_index == 0:
                _cell_properties(cell, widths[column], fill=ACCENT, margins=CELL_PADDING)
            else:
                _cell_properties(
                    cell,
                    widths[column],
                    borders={"bottom": ROW_RULE},
                    fill=ZEBRA if row_index % 2 == 0 else None,
                )
            paragraph = cell.paragraphs[0]
            _set_style(paragraph, TABLE_HEAD if row_index == 0 else TABLE_TEXT)
            _add_text(paragraph, value)
    flow.spacer("table")


def _add_callout(flow: _Flow, block: Callout) -> None:
    table = flow.table(1, [flow.width])
    row = table.rows[0]
    _row_properties(row, keep_together=True)
    cell = row.cells[0]
    _cell_properties(
        cell, flow.width, borders={"left": CALLOUT_RULE}, fill=CALLOUT_FILL, margins=CALLOUT_PADDING
    )
    inner = _Flow(cell, flow.width, 0, flow.numbering)
    _add_text(inner.paragraph(CALLOUT_VALUE), block.value)
    _add_text(inner.paragraph(CALLOUT_LABEL), block.label)
    source = inner.paragraph(PARAGRAPH_STYLES["small"])
    _add_text(source, block.source)
    source.paragraph_format.space_after = Pt(0)
    flow.spacer("callout")


def _add_box(flow: _Flow, block: Box) -> None:
    """Lay a box out as a one-cell table: framed, shaded, and kept on one page."""
    table = flow.table(1, [flow.width])
    row = table.rows[0]
    _row_properties(row, keep_together=True)
    cell = row.cells[0]
    padding = BOX_PADDING[block.tone]
    _cell_properties(
        cell, flow.width, borders=BOX_FRAME[block.tone], fill=BOX_FILL[block.tone], margins=padding
    )
    inner = _Flow(cell, flow.width - padding["left"] - padding["right"], 0, flow.numbering)
    _add_text(inner.paragraph(BOX_TITLE[block.tone]), block.title)
    for child in block.blocks:
        _add_block(inner, child)
    for paragraph in cell.paragraphs[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    last = cell.paragraphs[-1].paragraph_format
    last.space_after = Pt(0)
    flow.spacer("box")


def _write_header_footer(word: Any, document: Document) -> None:
    """Fill the running header (pages 2 on) and the footer of every page.

    The first page's header stays empty: the letterhead is there.
    """
    section = word.sections[0]
    header = section.header.paragraphs[0]
    _set_style(header, RUNNING_HEADER)
    _add_text(header, document.header)
    for footer_part in (section.footer, section.first_page_footer):
        footer = footer_part.paragraphs[0]
        _set_style(footer, FOOTER)
        _add_text(footer, document.footer)
        footer.add_run().add_tab()
        before, _, rest = document.page_label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        _add_text(footer, before)
        _add_field(footer, "PAGE")
        _add_text(footer, middle)
        _add_field(footer, "NUMPAGES")
        _add_text(footer, after)


def _add_field(paragraph: Any, instruction: str) -> None:
    """Add a complex field (PAGE, NUMPAGES) that Word and LibreOffice update on display."""

    def field_char(kind: str) -> None:
        paragraph.add_run()._r.append(_element("w:fldChar", fldCharType=kind))

    field_char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    field_char("separate")
    _add_text(paragraph, "1")  # shown until the field is updated
    field_char("end")


def _set_language(word: Any, tag: str) -> None:
    """Set the document's language on the run defaults: Word's spell checker uses it."""
    run_defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    lang = run_defaults.find(qn("w:rPr")).find(qn("w:lang"))
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
