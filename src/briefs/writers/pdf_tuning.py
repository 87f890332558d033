"""reportlab set up for the writer, once per process: same output, less time.

- Streams stay binary: ASCII85 only costs time and 25 % more bytes; reportlab's Flate filter is
  briefs' (`pdf_streams.DEFLATE`: libdeflate), for every stream reportlab compresses.
- Paragraph fragments are compared with reportlab's own pure-Python `sameFrag`: its C version
  looks each attribute up with getattr and pays for an exception per attribute a fragment
  lacks (most lack backColor and nobr), five times slower; it runs for every word of a
  paragraph that mixes fonts.
- Line breaking measures the same few thousand words and spaces again and again (the width
  of a space in each font once per word of a mixed paragraph): their widths are remembered.
  A width depends only on the text, font name and size, and the bundled fonts are
  registered once per process and never replaced.
- PDF objects are written by reportlab's generic `format`, which sends every name, number and
  reference through its own text codec: plain ASCII text and numbers are written directly, the
  names of dictionary keys are made once, references are written as bytes (the same bytes).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.platypus import paragraph

from briefs.writers.pdf_streams import DEFLATE

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


PDF_NAMES_REMEMBERED = 1024

generic_format = pdfdoc.format
pdf_name = lru_cache(maxsize=PDF_NAMES_REMEMBERED)(pdfdoc.PDFName)
"""reportlab's PDFName(text), remembered: dictionaries ask for the same few keys again and again."""


def pdf_array(items: list[bytes]) -> bytes:
    """Return already written PDF values as an array, as reportlab's PDFArray writes one: a line
    break before every tenth value."""
    items = list(items)
    for index in reversed(range(10, len(items), 10)):
        items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


def pdf_format(element: Any, document: Any, toplevel: int = 0) -> bytes:
    """Return element written as a PDF value, as reportlab's `format` writes it.

    Printable ASCII text, bytes and numbers are written here; everything else (objects,
    text needing reportlab's PDFDocEncoding) by reportlab.
    """
    kind = type(element)
    if kind is str and element.isascii() and element.isprintable():
        return element.encode("ascii")  # type: ignore[no-any-return]
    if kind is bytes:
        return element  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")  # type: ignore[no-any-return]
    return generic_format(element, document, toplevel)  # type: ignore[no-any-return]


def reference_format(reference: Any, document: Any) -> bytes:
    """Return an indirect reference as reportlab's PDFObjectReference writes it."""
    try:
        number, version = document.idToObjectNumberAndVersion[reference.name]
    except KeyError:
        raise KeyError(
            f"forward reference to {reference.name!r} not resolved upon final formatting"
        ) from None
    return b"%d %d R" % (number, version)


@cache
def tune_reportlab() -> None:
    """Set reportlab up as the module docstring says, once."""
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress = DEFLATE
    paragraph.sameFrag = same_fragment_style
    paragraph.stringWidth = string_width
    paragraph.getAscentDescent = ascent_descent
    pdfdoc.format = pdf_format
    pdfdoc.PDFName = pdf_name
    pdfdoc.PDFObjectReference.format = reference_format
