"""Platypus flowables that tag what they draw: paragraphs, headings, list items, tables."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from briefs.writers.pdf_lines import first_baseline, paragraph_code
from briefs.writers.pdf_styles import LABEL_GAP
from briefs.writers.pdf_tagging import StructNode, Tagger


def _tagger(canvas: Any) -> Tagger:
    tagger: Tagger = canvas.tagger
    return tagger


class TaggedParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph drawn as marked content of its structure element.

    Parts of a paragraph split over pages belong to the same element. A paragraph drawn a
    second time (a table header row repeated on the next page) is drawn as an artifact.
    """

    node: StructNode | None = None
    drawn = False
    _wrapped_width = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines once per width: platypus asks again and again (keep, split, draw).

        A paragraph's lines depend on the width alone; `split` forgets them when the
        paragraph cannot start on the page, and then they are broken again.
        """
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            part.node = self.node
        return parts

    def breakLines(self, width: float) -> Any:
        """Break lines as reportlab does, keeping the space at each line's end.

        reportlab drops it, so a screen reader or text extractor following the structure
        tree would read the last word of a line and the first of the next as one word.
        """
        para = super().breakLines(width)
        lines = para.lines
        for index, line in enumerate(lines[:-1]):
            if para.kind == 0:
                words = line[1]
                if words and type(words[-1]) is str and not words[-1].endswith(" "):
                    lines[index] = (line[0], [*words[:-1], words[-1] + " "], *line[2:])
            elif line.words:
                last = line.words[-1]
                text = getattr(last, "text", None)
                plain = isinstance(text, str) and not hasattr(last, "cbDefn")
                if plain and text and not text.endswith((" ", "\xad")):
                    line.words[-1] = last.clone(text=text + " ")
        return para

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = _tagger(canvas)
        if self.drawn or self.node is None:
            tagger.begin_artifact(canvas, "Pagination")
        else:
            tagger.begin(canvas, self.node)
        self.drawn = True
        self.canv = canvas
        code = None if self.debug or getattr(self, "_showBoundary", None) else paragraph_code(self)
        del self.canv
        if code is None:
            super().drawOn(canvas, x, y, _sW)
        else:  # what Flowable.drawOn writes around it: its state saved and moved to x, y
            x = self._hAlignAdjust(x, _sW)
            canvas._code += ["q", f"1 0 0 1 {fp_str(x, y)} cm", *code, "Q"]
        tagger.end(canvas)


def tagged(
    markup: str,
    style: ParagraphStyle,
    node: StructNode,
    kind: type[TaggedParagraph] = TaggedParagraph,
) -> TaggedParagraph:
    """Return a paragraph of reportlab markup tagged as node."""
    text = _cleaned(markup)
    fragments = _fragments(text, style)
    paragraph = kind(markup, style) if fragments is None else kind(text, style, frags=fragments)
    paragraph.node = node
    return paragraph


_SPACES = re.compile(r"\A |  | \Z|[^\S \xa0]|[" + re.escape(_wsc.replace(" ", "")) + "]")
"""What reportlab's whitespace clean-up could change: spaces at the ends or doubled, others."""


def _cleaned(markup: str) -> str:
    """Return markup as reportlab's cleanBlockQuotedText leaves it (most often: untouched)."""
    return cleanBlockQuotedText(markup) if _SPACES.search(markup) else markup


_TOKEN = re.compile(r'(</?b>|</?i>|<font color="#[0-9A-Fa-f]{6}">|</font>|&(?:amp|lt|gt);)')
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


def _fragments(text: str, style: ParagraphStyle) -> list[Any] | None:
    """Return the fragments reportlab's paragraph parser makes of text, or None.

    The writer's markup has a handful of tags (bold, italic, a colour) and escaped text, so
    its tokens are found with one regular expression; each run of text becomes a copy of the
    fragment reportlab's parser makes for text inside the same open tags, which is parsed once
    per style and tags (`_run_fragment`). Anything else (None) is left to reportlab's parser.
    """
    fragments = []
    open_tags: list[str] = []
    for index, token in enumerate(_TOKEN.split(text)):
        if not index % 2:
            if "<" in token or "&" in token:
                return None
            if token:
                fragments.append(_with_text(_run_fragment(style, tuple(open_tags)), token))
        elif token in _ENTITIES:
            fragments.append(_with_text(_run_fragment(style, tuple(open_tags)), _ENTITIES[token]))
        elif token.startswith("</"):
            if not open_tags or not open_tags.pop().startswith(token[:-1].replace("/", "")):
                return None
        else:
            open_tags.append(token)
    if open_tags:
        return None
    textTransformFrags(fragments, style)
    return fragments


def _with_text(fragment: Any, text: str) -> Any:
    """Return a copy of a run's fragment holding text, as reportlab's parser copies its own."""
    copy = fragment.clone()
    copy.text = text
    copy.link = []
    copy.us_lines = []
    return copy


@cache
def _run_fragment(style: ParagraphStyle, open_tags: tuple[str, ...]) -> Any:
    """Return the fragment reportlab's parser makes for text inside open_tags, in a style.

    Made once per process and style: the writer's styles are made once and never changed.
    """
    closing = "".join(f"</{tag[1:].split(' ')[0].rstrip('>')}>" for tag in reversed(open_tags))
    parser = ParaParser()
    parser.caseSensitive = 1
    _, fragments, _ = parser.parse("".join(open_tags) + "x" + closing, style)
    (fragment,) = fragments
    return fragment


class TaggedHeading(TaggedParagraph):
    """A heading that bookmarks the spot where it is drawn and knows its outline entry."""

    outline: tuple[str, int, str] | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self.outline is not None:
            canvas.bookmarkPage(self.outline[2], fit="XYZ", left=0, top=y + self.height)
        super().drawOn(canvas, x, y, _sW)


class ListItem(Flowable):  # type: ignore[misc]
    """A list item: its number or bullet right-aligned in a fixed gutter, then its text.

    The label sits on the baseline of the text's first line. An item is kept on one page
    unless it is taller than a page; then its text splits and the label stays with the first
    part.
    """

    def __init__(
        self,
        label: str,
        label_style: ParagraphStyle,
        label_node: StructNode | None,
        body: TaggedParagraph,
        gutter: float,
        page_height: float,
    ) -> None:
        super().__init__()
        self.label = label
        self.label_style = label_style
        self.label_node = label_node
        self.body = body
        self.gutter = gutter
        self.page_height = page_height
        self.spaceAfter = body.style.spaceAfter
        self.spaceBefore = 0
        self._wrapped_width = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._wrapped_width:  # the text's lines depend on the width only
            _, self.height = self.body.wrap(availWidth - self.gutter, availHeight)
            self.width = self._wrapped_width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= self.page_height:
            return []
        parts = self.body.split(availWidth - self.gutter, availHeight)
        if len(parts) < 2:
            return []
        first = ListItem(
            self.label, self.label_style, self.label_node, parts[0], self.gutter, self.page_height
        )
        rest = [
            ListItem("", self.label_style, None, part, self.gutter, self.page_height)
            for part in parts[1:]
        ]
        return [first, *rest]

    def _first_baseline(self) -> float:
        """Return where the text's first baseline is drawn, as reportlab's paragraph finds it."""
        para = self.body.blPara
        return first_baseline(
            self.height, para if para.kind == 0 or not para.lines else para.lines[0]
        )

    def draw(self) -> None:
        canvas = self.canv
        if self.label and self.label_node is not None:
            tagger = _tagger(canvas)
            tagger.begin(canvas, self.label_node)
            canvas.saveState()
            style = self.label_style
            canvas.setFont(style.fontName, style.fontSize)
            canvas.setFillColor(style.textColor)
            canvas.drawRightString(self.gutter - LABEL_GAP, self._first_baseline(), self.label)
            canvas.restoreState()
            tagger.end(canvas)
        self.body.drawOn(canvas, self.gutter, 0)


class ArtifactTable(Table):  # type: ignore[misc]
    """A table whose fills and rules are drawn as artifacts; its cells tag themselves."""

    def _drawBkgrnd(self) -> None:
        Tagger.begin_artifact(self.canv)
        super()._drawBkgrnd()
        Tagger.end(self.canv)

    def _drawLines(self) -> None:
        Tagger.begin_artifact(self.canv)
        super()._drawLines()
        Tagger.end(self.canv)


class KeepIfFits(KeepTogether):  # type: ignore[misc]
    """Keeps its content on one page when it fits on one; a taller content starts right here.

    reportlab's KeepTogether starts a new page even for content no page can hold, which
    strands what precedes it (e.g. the title above a long box).
    """

    def __init__(self, flowables: list[Flowable], page_height: float) -> None:
        super().__init__(flowables)
        self.page_height = page_height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        content_height: float = self._H
        if content_height > self.page_height:
            first, *rest = self._content
            first.wrapOn(self.canv, availWidth, availHeight)
            return [*first.splitOn(self.canv, availWidth, availHeight), *rest]
        parts: list[Flowable] = super().split(availWidth, availHeight)
        return parts
