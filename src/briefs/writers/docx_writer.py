"""Lay a Document out as an editable Word file in the PDF's design, with real styles and fields.

The styles, page and fonts come from `docx_styles`, `docx_fonts` and `docx_package`; this
module places the blocks: each paragraph gets a style id, tables and boxes get their cell
properties in the schema's order, and pagination follows the PDF's rules (headings kept with
what follows, each list item on one page, callouts and boxes never split). The body is written
as WordprocessingML text (`docx_xml`) into the package python-docx prepared once
(`docx_package.DocxParts`), byte for byte what python-docx's object layer made before.
"""

from __future__ import annotations

from typing import BinaryIO, assert_never

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
from briefs.writers.docx_package import Content, DocxParts, shared_parts
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
from briefs.writers.docx_xml import ParagraphXml, run

_HEADING_STYLES = (TITLE, HEADING_1, HEADING_2)
LIST_SPACE_AFTER = 4.0 + 3
"""Space after a list's last item: the PDF's 3 pt spacer on top, which no space before absorbs."""
_SIDES = ("top", "left", "bottom", "right")


class DocxWriter:
    """Writes Word documents into a package prepared once (`DocxParts`, the writer's context).

    Without parts, the writer uses its process's shared context, built on first use.
    """

    name = "docx"
    suffix, media_type = FORMATS["docx"]

    def __init__(self, parts: DocxParts | None = None) -> None:
        self._parts = parts

    @property
    def parts(self) -> DocxParts:
        if self._parts is None:
            self._parts = shared_parts()
        return self._parts

    def prepare(self) -> None:
        """Build the package context (base template, deflated fonts) now, before workers fork."""
        _ = self.parts

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as a .docx file."""
        parts = self.parts
        numbering = _Numbering(parts.first_num_id)
        flow = _Flow(TABLE_WIDTH, OUTDENT, numbering)
        for block in document.blocks:
            _add_block(flow, block)
        header, footer = _header_footer(document)
        content = Content(flow.xml(), header, footer, numbering.xml())
        parts.write(stream, document, content, stamp)


class _Numbering:
    """Gives each ordered list its own numbering instance, so every list starts at 1."""

    def __init__(self, first_id: int) -> None:
        self.next_id = first_id
        self.nums: list[str] = []

    def new_list(self) -> int:
        num_id, self.next_id = self.next_id, self.next_id + 1
        self.nums.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{NUMBER_ABSTRACT_ID}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
        return num_id

    def xml(self) -> str:
        return "".join(self.nums)


class _Flow:
    """Where blocks go: the document body or a box's cell, and how wide its tables are.

    In the body, tables reach `outdent` into each margin, as wide as the PDF draws them.
    """

    def __init__(self, width: int, outdent: int, numbering: _Numbering) -> None:
        self.width = width
        self.outdent = outdent
        self.numbering = numbering
        self.items: list[ParagraphXml | str] = []  # paragraphs, and tables as XML
        self.gap = 0.0  # points the PDF's spacer after a list adds to what follows
        self.after_heading = False

    def paragraph(self, style_id: str) -> ParagraphXml:
        paragraph = ParagraphXml(style_id)
        self.items.append(paragraph)
        before = SPACE_BEFORE.get(style_id, 0.0)
        if self.gap and before:
            paragraph.space("before", self.gap + before)
        self.gap = 0.0
        return paragraph

    def table(self, xml: str) -> None:
        self.items.append(xml)
        self.gap = 0.0

    def spacer(self, kind: str) -> None:
        """End a table, callout or box with the space the PDF's spacer leaves after it."""
        paragraph = self.paragraph(SPACER_STYLE)
        points = SPACER_AFTER[kind]
        if points != SPACER_AFTER["table"]:
            paragraph.exact_line(points)

    def paragraphs(self) -> list[ParagraphXml]:
        return [item for item in self.items if isinstance(item, ParagraphXml)]

    def xml(self) -> str:
        return "".join(item if isinstance(item, str) else item.xml() for item in self.items)


def _add_block(flow: _Flow, block: Block) -> None:
    """Add one block; a paragraph right after a heading is kept whole, as the PDF keeps it."""
    after_heading, flow.after_heading = flow.after_heading, isinstance(block, Heading)
    match block:
        case Heading():
            flow.paragraph(_HEADING_STYLES[min(block.level, 2)]).runs.append(run(block.text))
        case Paragraph():
            paragraph = flow.paragraph(PARAGRAPH_STYLES[block.style])
            _add_spans(paragraph, block.spans)
            if after_heading:
                paragraph.keep_lines = True
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


def _add_spans(paragraph: ParagraphXml, spans: Inline) -> None:
    paragraph.runs += (
        run(span.text, bold=span.bold, style=ASIDE if span.italic else None) for span in spans
    )


def _add_list(flow: _Flow, block: ListBlock) -> None:
    style = LIST_NUMBER if block.ordered else LIST_BULLET
    num_id = flow.numbering.new_list() if block.ordered else None
    paragraph = None
    for item in block.items:
        paragraph = flow.paragraph(style)
        paragraph.num_id = num_id
        _add_spans(paragraph, item)
    if paragraph is not None:
        paragraph.space("after", LIST_SPACE_AFTER)
        flow.gap = LIST_SPACE_AFTER


def _table(widths: list[int], outdent: int, rows: list[str]) -> str:
    """Return a w:tbl in the briefs style: fixed layout, exact column widths, its indent."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{-outdent}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0"'
        ' w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _row(cells: list[str], *, header: bool = False) -> str:
    """Return a w:tr kept on one page; Word repeats a header row on every page."""
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{''.join(cells)}</w:tr>"


def _cell(
    content: str,
    width: int,
    *,
    borders: dict[str, tuple[int, str]] | None = None,
    fill: str | None = None,
    margins: dict[str, int] | None = None,
) -> str:
    """Return a w:tc whose w:tcPr children come in the order ECMA-376 prescribes.

    CT_TcPr is a sequence: tcW, …, tcBorders, shd, noWrap, tcMar, …; Word and strict
    validators reject a cell whose borders come after its shading.
    """
    properties = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if borders is not None:
        properties.append("<w:tcBorders>")
        for side in _SIDES:
            if side in borders:
                size, color = borders[side]
                properties.append(
                    f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
                )
            else:
                properties.append(f'<w:{side} w:val="nil"/>')
        properties.append("</w:tcBorders>")
    if fill is not None:
        properties.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if margins is not None:
        sides = "".join(f'<w:{side} w:w="{margins[side]}" w:type="dxa"/>' for side in _SIDES)
        properties.append(f"<w:tcMar>{sides}</w:tcMar>")
    return f"<w:tc><w:tcPr>{''.join(properties)}</w:tcPr>{content}</w:tc>"


def _add_table(flow: _Flow, block: Table) -> None:
    total = sum(block.widths) or 1.0
    widths = [round(flow.width * width / total) for width in block.widths]
    rows = []
    for row_index, values in enumerate([block.header, *block.rows]):
        cells = []
        for width, value in zip(widths, values, strict=True):
            style = TABLE_HEAD if row_index == 0 else TABLE_TEXT
            paragraph = ParagraphXml(style, [run(value)]).xml()
            if row_index == 0:
                cells.append(_cell(paragraph, width, fill=ACCENT, margins=CELL_PADDING))
            else:
                fill = ZEBRA if row_index % 2 == 0 else None
                cells.append(_cell(paragraph, width, borders={"bottom": ROW_RULE}, fill=fill))
        rows.append(_row(cells, header=row_index == 0))
    flow.table(_table(widths, flow.outdent, rows))
    flow.spacer("table")


def _add_callout(flow: _Flow, block: Callout) -> None:
    inner = _Flow(flow.width, 0, flow.numbering)
    inner.paragraph(CALLOUT_VALUE).runs.append(run(block.value))
    inner.paragraph(CALLOUT_LABEL).runs.append(run(block.label))
    source = inner.paragraph(PARAGRAPH_STYLES["small"])
    source.runs.append(run(block.source))
    source.space("after", 0)
    cell = _cell(
        inner.xml(),
        flow.width,
        borders={"left": CALLOUT_RULE},
        fill=CALLOUT_FILL,
        margins=CALLOUT_PADDING,
    )
    flow.table(_table([flow.width], flow.outdent, [_row([cell])]))
    flow.spacer("callout")


def _add_box(flow: _Flow, block: Box) -> None:
    """Lay a box out as a one-cell table: framed, shaded, and kept on one page."""
    padding = BOX_PADDING[block.tone]
    inner = _Flow(flow.width - padding["left"] - padding["right"], 0, flow.numbering)
    inner.paragraph(BOX_TITLE[block.tone]).runs.append(run(block.title))
    for child in block.blocks:
        _add_block(inner, child)
    *kept, last = inner.paragraphs()
    for paragraph in kept:
        paragraph.keep_next = True
    last.space("after", 0)
    cell = _cell(
        inner.xml(),
        flow.width,
        borders=BOX_FRAME[block.tone],
        fill=BOX_FILL[block.tone],
        margins=padding,
    )
    flow.table(_table([flow.width], flow.outdent, [_row([cell])]))
    flow.spacer("box")


def _header_footer(document: Document) -> tuple[str, str]:
    """Return the running header (pages 2 on) and the footer of every page.

    The first page's header stays empty: the letterhead is there.
    """
    header = ParagraphXml(RUNNING_HEADER, [run(document.header)])
    before, _, rest = document.page_label.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer = ParagraphXml(FOOTER, [run(document.footer), "<w:r><w:tab/></w:r>"])
    footer.runs += (run(before), _field("PAGE"), run(middle), _field("NUMPAGES"), run(after))
    return header.xml(), footer.xml()


def _field(instruction: str) -> str:
    """Return a complex field (PAGE, NUMPAGES) that Word and LibreOffice update on display.

    It shows 1 until the field is updated.
    """

    def field_char(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    code = f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
    return field_char("begin") + code + field_char("separate") + run("1") + field_char("end")
