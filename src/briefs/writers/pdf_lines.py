"""One-style paragraphs written into the page directly, as reportlab's drawPara writes them.

reportlab draws a paragraph through a canvas state push, a text object, a font object look-up
and a formatting routine per line, about 40 µs for a two-line paragraph. Most paragraphs of a
brief (headings, plain paragraphs, table cells) are one style, left-aligned, without links,
underlines, backgrounds, bullets or indents: for those, `plain_paragraph_code` returns the very
operators reportlab writes (`q`, the fill colour, one `BT … ET` with a `Tj … T*` per line and
word spacing where a line was squeezed, `Q`). Anything else returns None and is left to
reportlab.
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


def plain_paragraph_code(paragraph: Any) -> list[str] | None:
    """Return the page operators that draw a broken one-style paragraph, or None if it is not one.

    The paragraph's lines are those of its `blPara` (reportlab's kind 0: one fragment).
    """
    para = paragraph.blPara
    style = paragraph.style
    if (
        para.kind != 0
        or style.alignment != TA_LEFT
        or style.backColor
        or (style.borderColor and style.borderWidth)
        or style.firstLineIndent
        or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min")
        or style.wordWrap
        or paragraph.bulletText
        or hasattr(paragraph, "_offsets")
        or getattr(para, "us_lines", None)
        or getattr(para, "link", None)
    ):
        return None
    lines = para.lines
    if not lines:
        return []
    canvas = paragraph.canv
    font = pdfmetrics.getFont(para.fontName)
    colour = para.textColor
    if (
        not font._dynamicFont
        or font.shapable
        or type(colour) is not Color
        or isinstance(colour, CMYKColor)
        or getattr(colour, "alpha", 1) != 1
        or canvas._extgstate._d.get("ca", 1) != 1
        or getattr(canvas, "_enforceColorSpace", None) is not None
        or not canvas.bottomup
    ):
        return None
    doc = canvas._doc
    escape = canvas._escape
    top = paragraph.height - (
        para.fontSize if paraFontSizeHeightOffset else getattr(para, "ascent", para.fontSize)
    )
    setting = f"{fp_str(para.fontSize)} Tf {fp_str(style.leading)} TL"
    ops = ["BT", f"1 0 0 1 {fp_str(style.leftIndent, top)} Tm"]
    current = -1
    for spare, words in lines:
        text = " ".join(words)
        spacing = None
        if not spare > SQUEEZED:
            spaces = len(words) + text.count(NBSP) - 1
            if spaces > 0:
                spacing = spare / float(spaces)
                ops.append(f"{fp_str(spacing)} Tw")
        shows = []
        for subset, chunk in font.splitString(text, doc):
            if subset != current:
                shows.append(f"{font.getSubsetInternalName(subset, doc)} {setting}")
                current = subset
            shows.append(f"({escape(chunk)}) Tj")
        ops.append(" ".join(shows) + " T*")
        if spacing is not None:
            ops.append("0 Tw")
    ops.append("ET")
    return ["q", f"{fp_str(colour.red, colour.green, colour.blue)} rg", " ".join(ops), "Q"]
