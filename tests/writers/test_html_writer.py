"""The HTML writer, read back with lxml's HTML parser: structure, accessibility, escaping."""

from __future__ import annotations

import io
from dataclasses import replace

import lxml.html
import pytest

from briefs.document import Box, Document, ListBlock, Paragraph, Span, Table, body_text
from briefs.writers import FORMATS, Stamp, writer_for
from extract import html_text, squeeze
from samples import CYRILLIC, MARKUP, POLISH

HOSTILE = '</main><script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"'


def written(document: Document, stamp: Stamp) -> bytes:
    stream = io.BytesIO()
    writer_for("html").write(document, stream, stamp)
    return stream.getvalue()


def parsed(document: Document, stamp: Stamp) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(written(document, stamp))


@pytest.fixture
def boxed(document: Document) -> Document:
    asks = Box(
        "What we ask of you",
        (ListBlock(True, ((Span("Release them"),), (Span("Fund shelters"),))),),
        tone="asks",
    )
    note = Box("About the conference", (Paragraph((Span("130 participants"),), "small"),))
    return replace(document, blocks=(document.blocks[0], asks, *document.blocks[1:], note))


def test_registered_as_the_third_format() -> None:
    writer = writer_for("html")
    assert (writer.name, writer.suffix, writer.media_type) == ("html", ".html", "text/html")
    assert FORMATS["html"] == (".html", "text/html")


def test_text_is_the_document_body_word_for_word(boxed: Document, stamp: Stamp) -> None:
    text = html_text(written(boxed, stamp))
    assert squeeze(text) == squeeze(body_text(boxed))
    for sample in (POLISH, CYRILLIC, MARKUP):
        assert squeeze(sample) in squeeze(text)


def test_page_has_language_title_and_semantic_headings(document: Document, stamp: Stamp) -> None:
    page = parsed(document, stamp)
    assert page.get("lang") == "pl-PL"
    assert page.findtext(".//title") == "Writer test"
    assert [h.text_content() for h in page.xpath("//main//h1")] == ["Writer test"]
    assert [h.text_content() for h in page.xpath("//main/h2")] == [
        "Ustalenia",
        "Rekomendacje",
        "Organizacje",
    ]
    assert [h.text_content() for h in page.xpath("//main/h3")] == ["Dalsze"]
    assert page.xpath("//meta[@name='author']/@content") == [document.author]
    assert page.xpath("//header")[0].text_content() == document.header
    assert page.xpath("//footer")[0].text_content() == document.footer


def test_lists_tables_and_callout_are_real_elements(document: Document, stamp: Stamp) -> None:
    page = parsed(document, stamp)
    assert len(page.xpath("//main/ol")) == 2 and len(page.xpath("//main/ul")) == 1
    assert [li.text_content() for li in page.xpath("//main/ol[1]/li")] == [
        "first ask",
        "second ask",
    ]
    table = document.blocks[-1]
    assert isinstance(table, Table)
    headers = page.xpath("//table/thead/tr/th")
    assert [th.text_content() for th in headers] == list(table.header)
    assert {th.get("scope") for th in headers} == {"col"}
    assert len(page.xpath("//table/tbody/tr")) == len(table.rows)
    figure = page.xpath("//main/figure[@class='callout']")[0]
    assert figure.xpath("string(p)") == "prawie 7 000"
    assert CYRILLIC in figure.xpath("string(figcaption)")
    bold = page.xpath("//main/ul/li[2]/strong")
    assert [b.text_content() for b in bold] == [" bold"]


def test_boxes_are_titled_regions(boxed: Document, stamp: Stamp) -> None:
    page = parsed(boxed, stamp)
    asks = page.xpath("//main/section[contains(@class, 'asks')]")
    notes = page.xpath("//main/aside[contains(@class, 'note')]")
    assert len(asks) == 1 and len(notes) == 1
    for region, title in ((asks[0], "What we ask of you"), (notes[0], "About the conference")):
        heading = region.xpath("h2")[0]
        assert heading.text_content() == title
        assert region.get("aria-labelledby") == heading.get("id")
    assert [li.text_content() for li in asks[0].xpath("ol/li")] == ["Release them", "Fund shelters"]
    assert len({e.get("id") for e in page.xpath("//*[@id]")}) == len(page.xpath("//*[@id]"))


def test_data_is_always_text_never_markup(document: Document, stamp: Stamp) -> None:
    hostile = replace(
        document,
        title=HOSTILE,
        header=HOSTILE,
        language='en" onload="x',
        blocks=(
            Paragraph((Span(HOSTILE, bold=True),)),
            Table((HOSTILE,), ((HOSTILE,),), (1.0,)),
            Box(HOSTILE, (Paragraph((Span(HOSTILE),)),), tone="asks"),
        ),
    )
    page = parsed(hostile, stamp)
    assert not page.xpath("//script") and not page.xpath("//img")
    assert page.findtext(".//title") == HOSTILE
    assert page.get("lang") == 'en" onload="x'
    assert len(page.xpath("//main")) == 1
    assert page.xpath("//main//strong")[0].text_content() == HOSTILE
    assert squeeze(html_text(written(hostile, stamp))) == squeeze(body_text(hostile))


def test_an_unknown_block_fails_loudly(document: Document, stamp: Stamp) -> None:
    strange = replace(document, blocks=(*document.blocks, "not a block"))  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        written(strange, stamp)


def test_colours_are_the_pdf_writers(document: Document, stamp: Stamp) -> None:
    from briefs.writers import html_writer
    from briefs.writers import pdf_styles as pdf_writer

    pdf_colours = {
        "ink": pdf_writer.INK,
        "accent": pdf_writer.ACCENT,
        "muted": pdf_writer.MUTED,
        "rule": pdf_writer.RULE,
        "callout-fill": pdf_writer.CALLOUT_FILL,
        "zebra": pdf_writer.ZEBRA,
    }
    assert {k: v.hexval()[2:].upper() for k, v in pdf_colours.items()} == {
        k: v.lstrip("#").upper() for k, v in html_writer.PALETTE.items()
    }
    style = parsed(document, stamp).findtext(".//style")
    assert "--accent:#1B4F72" in style and "Noto Serif" in style and "Noto Sans" in style


def test_output_is_reproducible(document: Document, stamp: Stamp) -> None:
    assert written(document, stamp) == written(document, stamp)
