"""Templates to document tree: data stays text, markup errors are named, spacing is right."""

from __future__ import annotations

import pytest

from briefs.document import Heading, ListBlock, Paragraph, Span
from briefs.errors import OutputError
from briefs.rendering import parse_document


def test_escaped_data_comes_back_as_literal_text() -> None:
    markup = (
        '<document title="t" language="en"><h1>Findings</h1>'
        "<ul><li># not a heading &lt;b&gt;not bold&lt;/b&gt; &amp; co</li></ul></document>"
    )
    document = parse_document(markup, "test")
    assert [type(block) for block in document.blocks] == [Heading, ListBlock]
    [item] = document.blocks[1].items  # type: ignore[union-attr]
    assert item == (Span("# not a heading <b>not bold</b> & co"),)


def test_inline_emphasis_keeps_single_spaces_between_spans() -> None:
    markup = "<document><p>  An <b>ask</b>\n   <i>high · sanctions</i>  </p></document>"
    [paragraph] = parse_document(markup, "test").blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.spans == (
        Span("An "),
        Span("ask", bold=True),
        Span(" "),
        Span("high · sanctions", italic=True),
    )


def test_no_break_spaces_survive() -> None:
    [paragraph] = parse_document(
        "<document><p>7\u202f000 in 2025\u00a0r.</p></document>", "t"
    ).blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.spans[0].text == "7\u202f000 in 2025\u00a0r."


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<document><p>Forschung & Entwicklung</p></document>", "not well-formed at line 1"),
        ("<document><blink>x</blink></document>", "unknown element <blink>"),
        ('<document><p style="shout">x</p></document>', "unknown paragraph style 'shout'"),
        ("<brief></brief>", "root element must be <document>"),
    ],
)
def test_broken_markup_is_a_clear_error(markup: str, message: str) -> None:
    with pytest.raises(OutputError, match=message):
        parse_document(markup, "brief.xml.j2 (de_DE)")
