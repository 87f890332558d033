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


@pytest.mark.parametrize(
    ("audience", "asks"),
    [("eeas", "Key asks"), ("de-mfa", "Kernempfehlungen"), ("pl-msz", "Najważniejsze")],
)
def test_values_put_into_translated_sentences_stay_text(audience: str, asks: str) -> None:
    """A translated sentence's values are escaped ('&', '<'), its own markup-free text is not."""
    import datetime as dt
    from pathlib import Path

    from briefs.document import Box
    from briefs.i18n.content import localize_content, phrases
    from briefs.loading import load_conference
    from briefs.rendering import render_document
    from briefs.views import brief_view
    from briefs.workspace import bundled_resources

    resources = bundled_resources()
    seed = load_conference(Path(__file__).parents[1] / "data" / "berlin-2024.yaml")
    reader = seed.audience(audience)
    data = localize_content(seed, reader.language, resources)
    session = data.session("detained-civilians")
    phrase = phrases(seed, reader.language, resources)
    context = brief_view(data, data.audience(audience), session, dt.date(2026, 11, 26), phrase)
    name = "Trade & <Industry> 100%"
    context["audience"]["institution"] = name
    document = render_document("brief.xml.j2", context, reader.locale, resources)
    assert document.subject.endswith(" · " + name)
    [box] = [block for block in document.blocks if isinstance(block, Box) and block.tone == "asks"]
    assert box.title.startswith(asks) and box.title.endswith(name)


class _MarkedUp:
    """A catalog whose every translation holds markup, a '%' and the values' places."""

    def gettext(self, message: str) -> str:
        return f"R&amp;D <b>{message}</b> 100%% %(x)s"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural) + " %(num)s"

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message) + " %(context)s"

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n) + " %(context)s"


@pytest.mark.parametrize("autoescape", [True, False])
def test_gettext_functions_render_as_jinjas_own(autoescape: bool) -> None:
    """The gettext functions bound per render give what Jinja's newstyle ones give."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from briefs.rendering import _gettext_callables

    source = (
        '{{ _("a", x="<i>&") }}|{{ gettext("b", x=1) }}|{{ pgettext("c", "d", x="<") }}|'
        '{{ ngettext("e", "f", 2, x="&") }}|{{ npgettext("g", "h", "i", 1, x=">") }}|'
        '{% trans x="<u>" %}j {{ x }}{% endtrans %}|'
        "{% trans x=2, count=3 %}k {{ x }}{% pluralize %}l {{ x }}{% endtrans %}"
    )
    rendered = []
    for own in (True, False):
        env = ImmutableSandboxedEnvironment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(_MarkedUp(), newstyle=True)  # type: ignore[attr-defined]
        if own:
            env.globals.update(_gettext_callables(_MarkedUp()))  # type: ignore[arg-type]
        rendered.append(env.from_string(source).render())
    assert rendered[0] == rendered[1]
    assert "R&amp;D <b>a</b> 100% " in rendered[0]
    assert ("&lt;i&gt;&amp;" in rendered[0]) == autoescape
