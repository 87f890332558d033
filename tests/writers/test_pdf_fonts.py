"""The embedded fonts: only the characters a file shows, subset as reportlab subsets them."""

from __future__ import annotations

import io
import re

import pypdf
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFontFile

from briefs.document import Document
from briefs.resources import fonts_dir
from briefs.writers import Stamp
from briefs.writers.pdf_fonts import EmbeddedFont
from briefs.writers.pdf_subsets import make_subset, read_glyphs
from briefs.writers.pdf_writer import PdfWriter

UNICODE_OF_CODE = re.compile(r"<[0-9A-F]{2}> <([0-9A-F]{4})>")
SERIF_ITALIC = EmbeddedFont("Test-Subsets", fonts_dir() / "NotoSerif-Italic.ttf")
GLYPHS = read_glyphs(SERIF_ITALIC.face)
CODES = sorted(SERIF_ITALIC.face.charToGlyph)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(CODES) | st.integers(min_value=0x4E00, max_value=0x4E10),
        min_size=1,
        max_size=256,
        unique=True,
    )
)
def test_a_subset_is_the_font_reportlab_makes(subset: list[int]) -> None:
    assert make_subset(GLYPHS, subset) == SERIF_ITALIC.face.makeSubset(subset)


def test_composite_glyphs_bring_their_components() -> None:
    composite = next(
        code for code in CODES if SERIF_ITALIC.face.charToGlyph[code] in GLYPHS.components
    )
    subset = [0, 32, composite]
    assert make_subset(GLYPHS, subset) == SERIF_ITALIC.face.makeSubset(subset)
    font = TTFontFile(io.BytesIO(make_subset(GLYPHS, subset)))
    assert font.numGlyphs > len(subset)  # the accented letter's base and accent came along


def test_a_file_embeds_only_the_characters_it_shows(document: Document, stamp: Stamp) -> None:
    stream = io.BytesIO()
    PdfWriter().write(document, stream, stamp)
    pdf = pypdf.PdfReader(io.BytesIO(stream.getvalue()))
    shown = set("".join(page.extract_text() for page in pdf.pages))
    embedded: set[str] = set()
    fonts = {
        ref.idnum: ref.get_object()
        for page in pdf.pages
        for ref in page["/Resources"]["/Font"].values()
    }
    for font in fonts.values():
        cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
        embedded |= {
            chr(int(code, 16)) for code in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4})>", cmap)
        }
    assert "ż" in embedded and "щ" in embedded
    assert embedded - {"\x00", " "} <= shown  # reportlab's default adds all of ASCII
