"""Lay a Document out as a tagged A4 PDF with embedded Noto fonts, bookmarks and page X of Y."""

from __future__ import annotations

import copy
import time
from types import NoneType
from typing import Any, BinaryIO, assert_never
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    TableStyle,
)

from briefs.document import Block as TextBlock
from briefs.document import Box, Callout, Document, Heading, Inline, ListBlock
from briefs.document import Paragraph as TextParagraph
from briefs.document import Table as TextTable
from briefs.writers import FORMATS, Stamp
from briefs.writers.pdf_flowables import (
    ArtifactTable,
    KeepIfFits,
    ListItem,
    TaggedHeading,
    tagged,
)
from briefs.writers.pdf_styles import (
    ACCENT,
    ASKS_FILL,
    CALLOUT_FILL,
    FRAME_HEIGHT,
    LIST_GUTTER,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    MUTED_HEX,
    NOTE_FILL,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TEXT_WIDTH,
    ZEBRA,
    styles,
)
from briefs.writers.pdf_tagging import StructNode, Tagger, XmpFields, tag_page, write_structure
from briefs.writers.pdf_tagging import xmp_stream as make_xmp

HEADING_ROLES = ("H1", "H2", "H3")
"""Structure types of heading levels 0 (the title), 1 and 2: levels never skip."""

BOX_PADDING = 10


class PdfWriter:
    """Writes PDF files with reportlab's Platypus."""

    name = "pdf"
    suffix, media_type = FORMATS["pdf"]

    def prepare(self) -> None:
        """Register the fonts and build the paragraph styles."""
        styles()

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream as an A4 PDF."""
        tagger = Tagger()
        story = _Story(styles()).blocks(document.blocks, tagger.root, TEXT_WIDTH)
        while story and isinstance(story[-1], Spacer):  # space after the last block could
            story.pop()  # spill onto a page of its own
        template = _BriefTemplate(stream, document, stamp)
        template.build(story, canvasmaker=_canvas_maker(document, stamp, tagger))


def _markup(spans: Inline) -> str:
    """Return reportlab paragraph markup for spans; their text is escaped, never interpreted."""
    parts = []
    for span in spans:
        text = _unbreakable(escape(span.text))
        if span.italic:
            text = f'<i><font color="{MUTED_HEX}">{text}</font></i>'
        if span.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def _unbreakable(text: str) -> str:
    """Draw U+202F as U+00A0: reportlab breaks lines at a narrow no-break space, not at U+00A0."""
    return text.replace("\u202f", "\u00a0")


def _plain(text: str) -> str:
    return _unbreakable(escape(text))


class _Story:
    """Turns blocks into flowables and their structure elements, in reading order."""

    def __init__(self, paragraph_styles: dict[str, ParagraphStyle]) -> None:
        self.styles = paragraph_styles
        self.bookmarks = 0

    def blocks(
        self, blocks: tuple[TextBlock, ...], parent: StructNode, width: float, outline: bool = True
    ) -> list[Flowable]:
        story: list[Flowable] = []
        for block in blocks:
            story += self.block(block, parent, width, outline)
        return story

    def block(
        self, block: TextBlock, parent: StructNode, width: float, outline: bool
    ) -> list[Flowable]:
        match block:
            case Heading():
                return [self.heading(block, parent, outline)]
            case TextParagraph():
                return [tagged(_markup(block.spans), self.styles[block.style], parent.add("P"))]
            case ListBlock():
                return [*self.list(block, parent), Spacer(1, 3)]
            case TextTable():
                return [self.table(block, parent, width), Spacer(1, 8)]
            case Callout():
                return [self.callout(block, parent, width), Spacer(1, 8)]
            case Box():
                return [self.box(block, parent, width), Spacer(1, 10)]
            case _:
                assert_never(block)

    def heading(self, block: Heading, parent: StructNode, outline: bool) -> Flowable:
        level = min(max(block.level, 0), 2)
        style = self.styles[("title", "h1", "h2")[level]]
        heading = tagged(_plain(block.text), style, parent.add(HEADING_ROLES[level]), TaggedHeading)
        assert isinstance(heading, TaggedHeading)
        if outline:
            self.bookmarks += 1
            heading.outline = (block.text, level, f"h{self.bookmarks}")
        return heading

    def list(self, block: ListBlock, parent: StructNode) -> list[Flowable]:
        """Return one flowable per item, so a heading can keep with the first item."""
        numbering = "Decimal" if block.ordered else "Disc"
        node = parent.add("L", O="List", ListNumbering=numbering)
        gutter = LIST_GUTTER[block.ordered]
        label_style = self.styles["label" if block.ordered else "bullet"]
        items: list[Flowable] = []
        for number, item in enumerate(block.items, start=1):
            entry = node.add("LI")
            label = entry.add("Lbl")
            body = tagged(_markup(item), self.styles["item"], entry.add("LBody"))
            text = f"{number}." if block.ordered else "•"
            items.append(ListItem(text, label_style, label, body, gutter, FRAME_HEIGHT))
        return items

    def table(self, block: TextTable, parent: StructNode, width: float) -> Flowable:
        node = parent.add("Table")
        total = sum(block.widths) or 1.0
        widths = [width * share / total for share in block.widths]
        head_row = node.add("TR")
        head = [
            tagged(
                _plain(text),
                self.styles["cell_head"],
                head_row.add("TH", O="Table", Scope="Column"),
            )
            for text in block.header
        ]
        rows = []
        for row in block.rows:
            row_node = node.add("TR")
            rows.append(
                [tagged(_plain(text), self.styles["cell"], row_node.add("TD")) for text in row]
            )
        table = ArtifactTable([head, *rows], colWidths=widths, repeatRows=1)
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), "NotoSans-Regular"),  # else reportlab uses Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ]
        commands += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows) + 1, 2)]
        table.setStyle(TableStyle(commands))
        return table

    def callout(self, block: Callout, parent: StructNode, width: float) -> Flowable:
        node = parent.add("Aside")
        content = [
            tagged(_plain(block.value), self.styles["callout_value"], node.add("P")),
            tagged(_plain(block.label), self.styles["callout_label"], node.add("P")),
            tagged(_plain(block.source), self.styles["small"], node.add("P")),
        ]
        box = ArtifactTable([[content]], colWidths=[width])
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), "NotoSans-Regular"),
                    ("BACKGROUND", (0, 0), (-1, -1), CALLOUT_FILL),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 12),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return KeepIfFits([box], FRAME_HEIGHT)

    def box(self, block: Box, parent: StructNode, width: float) -> Flowable:
        """Return a framed box, kept on one page when it fits on one."""
        asks = block.tone == "asks"
        node = parent.add("Sect" if asks else "Aside")
        title = tagged(_plain(block.title), self.styles[f"box_{block.tone}"], node.add("P"))
        inner_width = width - 2 * BOX_PADDING - (3 if asks else 0)
        content = [title, *self.blocks(block.blocks, node, inner_width, outline=False)]
        while content and isinstance(content[-1], Spacer):
            content.pop()
        frame = ArtifactTable([[content]], colWidths=[width], splitInRow=1)
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), "NotoSans-Regular"),
            ("BACKGROUND", (0, 0), (-1, -1), ASKS_FILL if asks else NOTE_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING + (3 if asks else 0)),
            ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 8 if asks else 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6 if asks else 4),
        ]
        if asks:
            commands += [
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
            ]
        else:
            commands.append(("BOX", (0, 0), (-1, -1), 0.5, RULE))
        frame.setStyle(TableStyle(commands))
        return KeepIfFits([frame], FRAME_HEIGHT)


class _BodyFrame(Frame):  # type: ignore[misc]
    """The page's frame; platypus deep-copies it each time it measures a group kept together."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _BodyFrame:
        """Copy the frame's numbers as they are and only its containers deeply: much quicker."""
        clone: _BodyFrame = copy.copy(self)
        for name, value in vars(self).items():
            if not isinstance(value, str | int | float | bool | NoneType):
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone


class _BriefTemplate(BaseDocTemplate):  # type: ignore[misc]
    """An A4 page with one frame; records headings in the PDF outline as they are laid out."""

    def __init__(self, stream: BinaryIO, document: Document, stamp: Stamp) -> None:
        super().__init__(
            stream,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
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
        frame = _BodyFrame(MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, FRAME_HEIGHT, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            text, level, key = outline
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


def _set_timestamp(canvas: Canvas, stamp: Stamp) -> None:
    """Date the PDF with the build's moment: invariant mode alone would say 2000-01-01."""
    timestamp = canvas._doc._timeStamp
    epoch = stamp.moment.timestamp()
    timestamp.t = epoch
    timestamp.lt = time.gmtime(epoch)
    timestamp.YMDhms = tuple(timestamp.lt)[:6]
    timestamp.dhh = timestamp.dmm = 0
    timestamp.tzname = "UTC"


def _canvas_maker(document: Document, stamp: Stamp, tagger: Tagger) -> type[Canvas]:
    """Return a canvas class that draws header and 'page X of Y' once the page count is known.

    Pages are kept until the end, so bookmarks made while a page is drawn are bound to their
    page only when it is finally written; then the structure tree and metadata are added.
    """

    class BriefCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            kwargs["pdfVersion"] = (1, 7)
            super().__init__(*args, **kwargs)
            self.tagger = tagger
            self._saved_pages: list[dict[str, Any]] = []
            self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []
            _set_timestamp(self, stamp)
            self.setProducer(stamp.producer)
            self.setCreator(stamp.producer)

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:
            self._page_bookmarks.append((key, kwargs))

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def _setAnnotations(self, page: Any) -> None:
            super()._setAnnotations(page)
            tag_page(page, self._pageNumber)

        def save(self) -> None:
            count = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                for key, kwargs in self._page_bookmarks:
                    Canvas.bookmarkPage(self, key, **kwargs)
                self._draw_running_text(count)
                Canvas.showPage(self)
            write_structure(self._doc, tagger, count)
            self._doc.Catalog.Metadata = make_xmp(
                XmpFields(
                    title=document.title,
                    creator=document.author,
                    description=document.subject,
                    language=document.language,
                    keywords=document.keywords,
                    producer=stamp.producer,
                    moment=stamp.moment,
                )
            )
            self.showOutline()
            self.setViewerPreference("DisplayDocTitle", "true")
            Canvas.save(self)

        def _draw_running_text(self, count: int) -> None:
            Tagger.begin_artifact(self, "Pagination")
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
            Tagger.end(self)

    return BriefCanvas
