"""reportlab set up for the writer, once per process: same output, less time.

- Streams stay binary: ASCII85 only costs time and 25 % more bytes.
- Paragraph fragments are compared with reportlab's own pure-Python `sameFrag`: its C version
  looks each attribute up with getattr and pays for an exception per attribute a fragment
  lacks (most lack backColor and nobr), five times slower; it runs for every word of a
  paragraph that mixes fonts.
- Line breaking measures the same few thousand words and spaces again and again (the width
  of a space in each font once per word of a mixed paragraph): their widths are remembered.
  A width depends only on the text, font name and size, and the bundled fonts are
  registered once per process and never replaced.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

SAME_STYLE_ATTRIBUTES = (
    "fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr"
)  # fmt: skip
"""What reportlab compares to tell whether two paragraph fragments can share one text run."""

WIDTHS_REMEMBERED = 1 << 15


def same_fragment_style(first: Any, second: Any) -> bool:
    """Return whether two fragments are drawn alike, as reportlab's `sameFrag` decides."""
    one, other = first.__dict__, second.__dict__
    if "cbDefn" in one or "lineBreak" in one or "cbDefn" in other or "lineBreak" in other:
        return False
    return list(map(one.get, SAME_STYLE_ATTRIBUTES)) == list(map(other.get, SAME_STYLE_ATTRIBUTES))


string_width = lru_cache(maxsize=WIDTHS_REMEMBERED)(pdfmetrics.stringWidth)
"""reportlab's stringWidth(text, font name, size, encoding), remembered."""

ascent_descent = lru_cache(maxsize=256)(pdfmetrics.getAscentDescent)
"""reportlab's getAscentDescent(font name, size), remembered."""


@cache
def tune_reportlab() -> None:
    """Set reportlab up as the module docstring says, once."""
    rl_config.useA85 = 0
    paragraph.sameFrag = same_fragment_style
    paragraph.stringWidth = string_width
    paragraph.getAscentDescent = ascent_descent
