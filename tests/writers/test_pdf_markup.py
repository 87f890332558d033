"""Paragraphs are split into the same styled fragments as reportlab's markup parser makes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.rl_accel import sameFrag as reportlab_same_frag
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from briefs.document import Span
from briefs.writers.pdf_flowables import tagged
from briefs.writers.pdf_styles import styles
from briefs.writers.pdf_tagging import StructNode
from briefs.writers.pdf_tuning import same_fragment_style
from briefs.writers.pdf_writer import _markup
from samples import MARKUP

PIECES = [*"ab Z9.,'\"&<>\u00a0\u202f\n\tłж", "&amp;", "  ", "<b>", "</i>"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
SPANS = st.lists(st.builds(Span, TEXT, bold=st.booleans(), italic=st.booleans()), max_size=6)


def reportlab_fragments(markup: str, style_name: str) -> list[dict[str, Any]]:
    """What reportlab's own parser makes of the markup, as a Paragraph would call it."""
    parser = ParaParser()
    parser.caseSensitive = 1
    _, fragments, _ = parser.parse(cleanBlockQuotedText(markup), styles()[style_name])
    return [vars(fragment) for fragment in fragments]


@settings(max_examples=150, deadline=None)
@given(SPANS, st.sampled_from(["body", "item", "cell", "lead", "h1"]))
def test_fragments_are_those_of_reportlabs_parser(spans: list[Span], style_name: str) -> None:
    markup = _markup(tuple(spans))
    paragraph = tagged(markup, styles()[style_name], StructNode("P"))
    assert [vars(fragment) for fragment in paragraph.frags] == reportlab_fragments(
        markup, style_name
    )


def test_bold_italic_and_escaped_markup_keep_their_fonts_colours_and_text() -> None:
    spans = (Span("Plain "), Span("bold", bold=True), Span(" and "), Span(MARKUP, italic=True))
    paragraph = tagged(_markup(spans), styles()["body"], StructNode("P"))
    fragments = [(f.fontName, f.textColor.hexval(), f.text) for f in paragraph.frags]
    assert fragments[:3] == [
        ("NotoSerif-Regular", "0x1f2933", "Plain "),
        ("NotoSerif-Bold", "0x1f2933", "bold"),
        ("NotoSerif-Regular", "0x1f2933", " and "),
    ]
    assert {font for font, _, _ in fragments[3:]} == {"NotoSerif-Italic"}
    assert {colour for _, colour, _ in fragments[3:]} == {"0x5f6b76"}
    assert "".join(text for _, _, text in fragments[3:]) == MARKUP


@settings(max_examples=40, deadline=None)
@given(SPANS, SPANS, st.sampled_from(["body", "item", "cell"]))
def test_fragments_are_compared_as_reportlabs_accelerator_compares_them(
    first: list[Span], second: list[Span], style_name: str
) -> None:
    fragments = [
        fragment
        for spans in (first, second)
        for fragment in tagged(_markup(tuple(spans)), styles()[style_name], StructNode("P")).frags
    ]
    for one in fragments:
        for other in fragments:
            assert same_fragment_style(one, other) == bool(reportlab_same_frag(one, other))
