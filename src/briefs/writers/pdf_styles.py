"""The PDF's look: page geometry, colours, the embedded Noto fonts and the paragraph styles."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from briefs.resources import fonts_dir
from briefs.writers.pdf_fonts import EmbeddedFont
from briefs.writers.pdf_tuning import tune_reportlab

INK = colors.HexColor("#1F2933")
ACCENT = colors.HexColor("#1B4F72")
MUTED_HEX = "#5F6B76"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#C9D3DC")
CALLOUT_FILL = colors.HexColor("#EAF1F6")
ASKS_FILL = colors.HexColor("#F3F7FA")
NOTE_FILL = colors.HexColor("#F7F8F9")
ZEBRA = colors.HexColor("#F5F8FA")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

LIST_GUTTER = {True: 20.0, False: 14.0}
"""Width of the column that holds list numbers (ordered) or bullets, right-aligned in it."""
LABEL_GAP = 5.0
"""Space between a list number's right edge and the item's text."""


@cache
def register_fonts() -> None:
    """Register the bundled Noto families and set reportlab up, once per process."""
    tune_reportlab()
    for family in ("NotoSerif", "NotoSans"):
        for style in ("Regular", "Bold", "Italic", "BoldItalic"):
            name = f"{family}-{style}"
            pdfmetrics.registerFont(EmbeddedFont(name, fonts_dir() / f"{name}.ttf"))
        pdfmetrics.registerFontFamily(
            family,
            normal=f"{family}-Regular",
            bold=f"{family}-Bold",
            italic=f"{family}-Italic",
            boldItalic=f"{family}-BoldItalic",
        )


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles by name; body text never leaves a widow or an orphan."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName="NotoSerif-Regular",
        fontSize=10,
        leading=14.5,
        textColor=INK,
        spaceAfter=6,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
    )
    sans = ParagraphStyle("sans", parent=body, fontName="NotoSans-Regular")
    heading = ParagraphStyle(
        "heading", parent=sans, fontName="NotoSans-Bold", textColor=ACCENT, keepWithNext=1
    )
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
        "title": ParagraphStyle("title", parent=heading, fontSize=21, leading=25, spaceAfter=6),
        "h1": ParagraphStyle(
            "h1", parent=heading, fontSize=13.5, leading=17, spaceBefore=14, spaceAfter=5
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=heading,
            fontSize=11,
            leading=14,
            textColor=INK,
            spaceBefore=9,
            spaceAfter=3,
        ),
        "item": ParagraphStyle("item", parent=body, spaceAfter=4),
        "label": ParagraphStyle(
            "label", parent=sans, fontName="NotoSans-Bold", fontSize=9.5, textColor=ACCENT
        ),
        "bullet": ParagraphStyle("bullet", parent=sans, fontSize=10, textColor=ACCENT),
        "cell": ParagraphStyle("cell", parent=sans, fontSize=8.8, leading=11.5, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=8.8,
            leading=11.5,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "callout_value": ParagraphStyle(
            "callout_value",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=16,
            leading=20,
            spaceAfter=0,
            textColor=ACCENT,
        ),
        "callout_label": ParagraphStyle(
            "callout_label",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=10,
            leading=13.5,
            spaceAfter=2,
        ),
        "box_asks": ParagraphStyle(
            "box_asks", parent=heading, fontSize=12, leading=15.5, spaceAfter=6, keepWithNext=0
        ),
        "box_note": ParagraphStyle(
            "box_note",
            parent=heading,
            fontSize=9.5,
            leading=12,
            textColor=INK,
            spaceAfter=3,
            keepWithNext=0,
        ),
    }
