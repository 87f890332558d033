"""Paragraphs written into the page directly, as reportlab's drawPara writes them.

reportlab draws a paragraph through a canvas state push, a text object, a font look-up and a
formatting routine per run of text, about 40 µs for a two-line paragraph. A brief's
paragraphs are left-aligned, without links, underlines, backgrounds, bullets, raised text or
indents: for those, `paragraph_code` returns the very operators reportlab writes (`q`, one
`BT … ET` with the font, colour and `Tj` of each run, `T*` after each line and word spacing
where a line was squeezed, `Q`). Anything else returns None and is left to reportlab.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.rl_config import paraFontSizeHeightOffset

NBSP = "\xa0"
SQUEEZED = -1e-8
"""reportlab draws a line with word spacing when its spare width is below this (spaces shrunk)."""


def paragraph_code(paragraph: Any) -> list[str] | None:
    """Return the page operators that draw a broken paragraph, or None if reportlab must.

    The paragraph's lines are those of its `blPara`: one fragment (reportlab's kind 0) or
    lines of fragments (kind 1).
    """
    para = paragraph.blPara
    style = paragraph.style
    if (
        style.alignment != TA_LEFT
        or style.backColor
        or (style.borderColor and style.borderWidth)
        or style.firstLineIndent
        or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min")
        or style.wordWrap
        or paragraph.bulletText
        or hasattr(paragraph, "_offsets")
    ):
        return None
    canvas = paragraph.canv
    if (
        canvas._extgstate._d.get("ca", 1) != 1
        or getattr(canvas, "_enforceColorSpace", None) is not None
        or not canvas.bottomup
    ):
        return None
    if not para.lines:
        return []
    if para.kind == 0:
        return _plain_code(paragraph)
    return _mixed_code(paragraph)


def _plain_code(paragraph: Any) -> list[str] | None:
    """Return a one-fragment paragraph's operators: colour first, one font throughout."""
    para = paragraph.blPara
    style = paragraph.style
    if not _drawable(para) or getattr(para, "us_lines", None) or getattr(para, "link", None):
        return None
    canvas = paragraph.canv
    font = pdfmetrics.getFont(para.fontName)
    doc = canvas._doc
    escape = canvas._escape
    setting = f"{fp_str(para.fontSize)} Tf {fp_str(style.leading)} TL"
    ops = ["BT", f"1 0 0 1 {fp_str(style.leftIndent, first_baseline(paragraph.height, para))} Tm"]
    current = -1
    for spare, words in para.lines:
        text = " ".join(words)
        spacing = _spacing(spare, len(words) + text.count(NBSP) - 1)
        if spacing is not None:
            ops.append(f"{fp_str(spacing)} Tw")
        shows, current = _shows(font, text, doc, escape, setting, current)
        ops.append(shows + " T*")
        if spacing is not None:
            ops.append("0 Tw")
    ops.append("ET")
    colour = para.textColor
    return ["q", f"{fp_str(colour.red, colour.green, colour.blue)} rg", " ".join(ops), "Q"]


def _mixed_code(paragraph: Any) -> list[str] | None:
    """Return the operators of a paragraph of fragments: font and colour set as they change."""
    para = paragraph.blPara
    lines = para.lines
    if not all(_plain_run(word) for line in lines for word in line.words):
        return None
    canvas = paragraph.canv
    doc = canvas._doc
    escape = canvas._escape
    style = paragraph.style
    leading = fp_str(style.leading)
    ops = [
        "BT",
        f"1 0 0 1 {fp_str(style.leftIndent, first_baseline(paragraph.height, lines[0]))} Tm",
    ]
    font: Any = None
    name = size = colour = None
    setting = ""
    current = -1
    for index, line in enumerate(lines):
        words = line.words
        spaces = line.wordCount + sum(word.text.count(NBSP) for word in words) - 1
        spacing = _spacing(line.extraSpace, spaces)
        if spacing is not None:
            ops.append(f"{fp_str(spacing)} Tw")
        if not index:
            ops.append(f"{leading} TL")
        last = len(words) - 1
        for position, word in enumerate(words):
            if (name, size) != (word.fontName, word.fontSize):
                name, size = word.fontName, word.fontSize
                font = pdfmetrics.getFont(name)
                setting = f"{fp_str(size)} Tf {leading} TL"
                current = -1
            if colour is None or colour != word.textColor:
                colour = word.textColor
                ops.append(f"{fp_str(colour.red, colour.green, colour.blue)} rg")
            shows, current = _shows(font, word.text, doc, escape, setting, current)
            ops.append(shows + (" T*" if position == last else ""))
        if spacing is not None:
            ops.append("0 Tw")
    ops.append("ET")
    return ["q", " ".join(ops), "Q"]


def _shows(
    font: Any, text: str, doc: Any, escape: Any, setting: str, current: int
) -> tuple[str, int]:
    """Return the operators that show text in font (its subset selected, with `setting`, when
    it is not the `current` one) and the subset selected after them."""
    shows = []
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            shows.append(f"{font.getSubsetInternalName(subset, doc)} {setting}")
            current = subset
        shows.append(f"({escape(chunk)}) Tj")
    return " ".join(shows), current


def _plain_run(word: Any) -> bool:
    """Return whether a line's run of text is drawn as text alone (no image, link, line...)."""
    decorated: list[Any] = [
        getattr(word, name, None) for name in ("rise", "us_lines", "link", "backColor")
    ]
    return not any(decorated) and not hasattr(word, "cbDefn") and _drawable(word)


def _drawable(fragment: Any) -> bool:
    """Return whether a fragment's font and colour are drawn the plain way this module writes."""
    font = pdfmetrics.getFont(fragment.fontName)
    colour = fragment.textColor
    return bool(
        font._dynamicFont
        and not font.shapable
        and isinstance(colour, Color)
        and not isinstance(colour, CMYKColor)
        and getattr(colour, "alpha", 1) == 1
    )


def first_baseline(height: float, first: Any) -> float:
    """Return where reportlab draws the first baseline of a paragraph this high, whose first
    line (or whole paragraph, for one of a single fragment) is `first`."""
    size = first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", None)
    return float(height - (size if size is not None else first.fontSize))


def _spacing(spare: float, spaces: int) -> float | None:
    """Return the word spacing of a squeezed line (reportlab's), or None for a line that fits."""
    if spare > SQUEEZED or spaces <= 0:
        return None
    return spare / float(spaces)
