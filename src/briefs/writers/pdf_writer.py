"""Lay a Document out as an A4 PDF with embedded Noto fonts, bookmarks and page X of Y."""

from __future__ import annotations

import time
from functools import cache
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from briefs.document import Callout, Document, Heading, Inline, ListBlock
from briefs.document import Paragraph as TextParagraph
from briefs.document import Table as TextTable
from briefs.resources import fonts_dir
from briefs.writers import FORMATS, Stamp

INK = colors.HexColor("#1F2933")
ACCENT = colors.HexColor("#1B4F72")
MUTED_HEX = "#5F6B76"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#C9D3DC")
CALLOUT_FILL = colors.HexColor("#EAF1F6")
ZEBRA = colors.HexColor("#F5F8FA")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


class PdfWriter:
    """Writes PDF files with reportlab's Platypus."""

    name = "pdf"
    suffix, media_type = FORMATS["pdf"]

    def prepare(self) -> None:
        """Register the fonts and build the paragraph styles."""
        _styles()

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as an A4 PDF."""
        styles = _styles()
        template = _BriefTemplate(stream, document, stamp)
        template.build(_flowables(document, styles), canvasmaker=_canvas_maker(document, stamp))


@cache
def _register_fonts() -> None:
    from reportlab import rl_config

    rl_config.useA85 = 0  # streams stay binary: ASCII85 only costs time and 25 % more bytes
    for family in ("NotoSerif", "NotoSans"):
        for style in ("Regular", "Bold", "Italic", "BoldItalic"):
            name = f"{family}-{style}"
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(
            family,
            normal=f"{family}-Regular",
            bold=f"{family}-Bold",
            italic=f"{family}-Italic",
            boldItalic=f"{family}-BoldItalic",
        )


@cache
def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle(
        "body",
        fontName="NotoSerif-Regular",
        fontSize=10,
        leading=14.5,
        textColor=INK,
        spaceAfter=6,
        alignment=TA_LEFT,
    )
    sans = ParagraphStyle("sans", parent=body, fontName="NotoSans-Regular")
    return {
        "body": body,
        "salutation": ParagraphStyle("salutation", parent=body, spaceBefore=4),
        "closing": ParagraphStyle("closing", parent=body, spaceAfter=1),
        "lead": ParagraphStyle(
            "lead", parent=sans, fontSize=11.5, leading=15.5, textColor=MUTED, spaceAfter=10
        ),
        "meta": ParagraphStyle(
            "meta", parent=sans, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=16
        ),
        "letterhead": ParagraphStyle(
            "letterhead",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=9.5,
            leading=12,
            textColor=ACCENT,
            spaceAfter=1,
        ),
        "small": ParagraphStyle("small", parent=sans, fontSize=8.5, leading=11, textColor=MUTED),
        "title": ParagraphStyle(
            "title",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=21,
            leading=25,
            textColor=ACCENT,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=13.5,
            leading=17,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=11,
            leading=14,
            textColor=INK,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "bullet": ParagraphStyle(
            "bullet",
            parent=body,
            spaceAfter=3,
            leftIndent=16,
            bulletIndent=3,
            bulletFontName="NotoSans-Regular",
            bulletFontSize=10,
            bulletColor=ACCENT,
        ),
        "ordered": ParagraphStyle(
            "ordered",
            parent=body,
            spaceAfter=4,
            leftIndent=16,
            bulletIndent=0,
            bulletFontName="NotoSans-Bold",
            bulletFontSize=9.5,
            bulletColor=ACCENT,
        ),
        "cell": ParagraphStyle("cell", parent=sans, fontSize=8.8, leading=11.5, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=8.8,
            leading=11.5,
            textColor=colors.white,
        ),
        "callout_value": ParagraphStyle(
            "callout_value",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=22,
            leading=26,
            textColor=ACCENT,
        ),
        "callout_label": ParagraphStyle(
            "callout_label",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=10.5,
            leading=14,
            spaceAfter=2,
        ),
    }


def _markup(spans: Inline) -> str:
    """Return reportlab paragraph markup for spans; their text is escaped, never interpreted."""
    parts = []
    for span in spans:
        text = escape(span.text)
        if span.italic:
            text = f'<i><font color="{MUTED_HEX}">{text}</font></i>'
        if span.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


class _Heading(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A heading paragraph that knows its outline level and bookmark key."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(escape(text), style)
        self.outline = (text, level, key)


def _flowables(document: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            style = styles[("title", "h1", "h2")[min(block.level, 2)]]
            story.append(_Heading(block.text, style, block.level, f"h{index}"))
        elif isinstance(block, TextParagraph):
            story.append(Paragraph(_markup(block.spans), styles[block.style]))
        elif isinstance(block, ListBlock):
            story.extend(_list(block, styles))
            story.append(Spacer(1, 3))
        elif isinstance(block, TextTable):
            story.append(_table(block, styles))
            story.append(Spacer(1, 8))
        elif isinstance(block, Callout):
            story.append(_callout(block, styles))
            story.append(Spacer(1, 8))
    return story


def _list(block: ListBlock, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Return one bulleted paragraph per item, so a heading can keep with the first item."""
    style = styles["ordered" if block.ordered else "bullet"]
    return [
        Paragraph(_markup(item), style, bulletText=f"{number}." if block.ordered else "•")
        for number, item in enumerate(block.items, start=1)
    ]


def _table(block: TextTable, styles: dict[str, ParagraphStyle]) -> Flowable:
    total = sum(block.widths) or 1.0
    widths = [TEXT_WIDTH * width / total for width in block.widths]
    head = [Paragraph(escape(text), styles["cell_head"]) for text in block.header]
    rows = [[Paragraph(escape(text), styles["cell"]) for text in row] for row in block.rows]
    table = Table([head, *rows], colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), "NotoSans-Regular"),  # else reportlab selects Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), ZEBRA) for row in range(2, len(rows) + 1, 2)]
    table.setStyle(TableStyle(commands))
    return table


def _callout(block: Callout, styles: dict[str, ParagraphStyle]) -> Flowable:
    content = [
        Paragraph(escape(block.value), styles["callout_value"]),
        Paragraph(escape(block.label), styles["callout_label"]),
        Paragraph(escape(block.source), styles["small"]),
    ]
    box = Table([[content]], colWidths=[TEXT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "NotoSans-Regular"),
                ("BACKGROUND", (0, 0), (-1, -1), CALLOUT_FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return KeepTogether([box])


class _BriefTemplate(BaseDocTemplate):  # type: ignore[misc]
    """An A4 page with one frame; records headings in the PDF outline as they are laid out."""

    def __init__(self, stream: BinaryIO, document: Document, stamp: Stamp) -> None:
        super().__init__(
            stream,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=document.title,
            author=document.author,
            subject=document.subject,
            keywords=document.keywords,
            creator=stamp.producer,
            producer=stamp.producer,
            lang=document.language,
            invariant=1,
            initialFontName="NotoSerif-Regular",
        )
        frame = Frame(
            MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body"
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            text, level, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)


def _set_timestamp(canvas: Canvas, stamp: Stamp) -> None:
    """Date the PDF with the build's moment: invariant mode alone would say 2000-01-01."""
    timestamp = canvas._doc._timeStamp
    epoch = stamp.moment.timestamp()
    timestamp.t = epoch
    timestamp.lt = time.gmtime(epoch)
    timestamp.YMDhms = tuple(timestamp.lt)[:6]
    timestamp.dhh = timestamp.dmm = 0
    timestamp.tzname = "UTC"


def _canvas_maker(document: Document, stamp: Stamp) -> type[Canvas]:
    """Return a canvas class that draws header and 'page X of Y' once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            _set_timestamp(self, stamp)
            self.setProducer(stamp.producer)
            self.setCreator(stamp.producer)

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_running_text(count)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_running_text(self, count: int) -> None:
            self.saveState()
            self.setFont("NotoSans-Regular", 7.5)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            top = PAGE_HEIGHT - 14 * mm
            if self._pageNumber > 1:
                self.drawString(MARGIN_X, top, document.header)
                self.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
            bottom = 12 * mm
            self.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
            self.drawString(MARGIN_X, bottom, document.footer)
            label = document.page_label.replace("{page}", str(self._pageNumber)).replace(
                "{pages}", str(count)
            )
            self.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, label)
            self.restoreState()

    return NumberedCanvas
