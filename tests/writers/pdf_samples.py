"""Small documents for the PDF tests, and writing them to bytes."""

from __future__ import annotations

import datetime as dt
import io

from briefs.document import Block, Document, Paragraph, Span
from briefs.writers import Stamp
from briefs.writers.pdf_writer import PdfWriter

STAMP = Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
HEADER = "Platforma · Running header"
FOOTER = "Konferencja · Running footer"


def brief(*blocks: Block, title: str = "Pagination test") -> Document:
    """Return a document with the given body and a recognisable running header and footer."""
    return Document(
        title=title,
        subject="Brief · Ministry",
        author="Platform for Civic Anti-War and Humanitarian Initiatives",
        language="en-GB",
        header=HEADER,
        footer=FOOTER,
        page_label="Page {page} of {pages}",
        blocks=blocks,
    )


def filler(count: int, prefix: str = "Filler") -> tuple[Paragraph, ...]:
    """Return count one-line paragraphs."""
    return tuple(Paragraph((Span(f"{prefix} line {n}."),)) for n in range(1, count + 1))


def pdf(document: Document) -> bytes:
    """Write document with the PDF writer and return the file's bytes."""
    stream = io.BytesIO()
    PdfWriter().write(document, stream, STAMP)
    return stream.getvalue()
