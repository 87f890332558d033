"""The embedded fonts encode text exactly as reportlab's own TrueType font does."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from briefs.resources import fonts_dir
from briefs.writers.pdf_fonts import EmbeddedFont
from briefs.writers.pdf_subsets import make_subset, read_glyphs

FONT = fonts_dir() / "NotoSans-Regular.ttf"
# ASCII, no-break spaces, Polish, German, Cyrillic, a run of Latin Extended letters (over 256
# characters in all, so later subsets fill up too) and CJK, which the font lacks
ALPHABET = (
    "aAzZ09 .,;-\u00a0\u202f"
    + "ąęłńóśźżĄĘŁŃÓŚŹŻäöüßÄÖÜ"
    + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЖЯ"
    + "".join(map(chr, range(0x100, 0x250)))
    + "中文"
)


class _Doc:
    """Stands for a PDF document: fonts keep their subsets per document object."""


ours = EmbeddedFont("Test-Embedded", FONT)
reportlabs = TTFont("Test-Reference", str(FONT), asciiReadable=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=60), min_size=1, max_size=40))
def test_strings_drawn_in_turn_are_encoded_as_reportlab_encodes_them(texts: list[str]) -> None:
    mine, theirs = _Doc(), _Doc()
    for text in texts:
        assert ours.splitString(text, mine) == reportlabs.splitString(text, theirs)
    assert ours.state[mine].subsets == reportlabs.state[theirs].subsets


def test_once_the_first_subset_is_full_later_characters_go_to_the_next() -> None:
    chunks = [ALPHABET[start : start + 50] for start in range(0, len(ALPHABET), 50)]
    mine, theirs = _Doc(), _Doc()
    for text in chunks + chunks[::-1]:
        assert ours.splitString(text, mine) == reportlabs.splitString(text, theirs)
    assert len(ours.state[mine].subsets) > 1


def test_a_string_seen_before_is_encoded_the_same_way_again() -> None:
    doc = _Doc()
    first = ours.splitString("Łódź – Берлин\u00a02024", doc)
    again = ours.splitString("Łódź – Берлин\u00a02024", doc)
    assert again == first
    assert [subset for subset, _ in first] == [0]
    assert ours.splitString("a\u00a0b", doc) == ours.splitString("a b", doc)  # drawn as a space


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
