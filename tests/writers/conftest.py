"""A small document that exercises every block type, scripts and page breaks."""

from __future__ import annotations

import datetime as dt

import pytest

from briefs.document import Callout, Document, Heading, ListBlock, Paragraph, Span, Table
from briefs.writers import Stamp
from samples import CYRILLIC, MARKUP, POLISH


@pytest.fixture
def stamp() -> Stamp:
    return Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))


@pytest.fixture
def document() -> Document:
    rows = tuple((f"Organisation {n}", "Polska", "NGO") for n in range(70))
    return Document(
        title="Writer test",
        subject="Brief · Ministerstwo Spraw Zagranicznych",
        author="Platform for Civic Anti-War and Humanitarian Initiatives",
        language="pl-PL",
        header="Platforma · MSZ",
        footer="Konferencja · Berlin",
        page_label="Strona {page} z {pages}",
        blocks=(
            Heading(0, "Writer test"),
            Paragraph((Span(POLISH),), "lead"),
            Callout("prawie 7 000", CYRILLIC, "Źródło: Center for Civil Liberties"),
            Heading(1, "Ustalenia"),
            ListBlock(False, ((Span(MARKUP),), (Span("second"), Span(" bold", bold=True)))),
            Heading(1, "Rekomendacje"),
            ListBlock(True, ((Span("first ask"),), (Span("second ask"),))),
            Heading(2, "Dalsze"),
            ListBlock(True, ((Span("again one"),), (Span("again two"),))),
            Heading(1, "Organizacje"),
            Table(("Organizacja", "Kraj", "Rodzaj"), rows, (6.0, 2.0, 2.0)),
        ),
    )
