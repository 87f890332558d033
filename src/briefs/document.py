"""The format-neutral document tree that templates produce and every writer lays out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, assert_never

ParagraphStyle = Literal["body", "lead", "meta", "letterhead", "small", "salutation", "closing"]


@dataclass(frozen=True)
class Span:
    """A run of text with simple emphasis; its text is always literal, never markup."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading; level 0 is the document title, 1 and 2 are sections."""

    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline spans in one of a few named styles."""

    spans: Inline
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class ListBlock:
    """A numbered or bulleted list; each item is a run of spans."""

    ordered: bool
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header repeated on every page."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Callout:
    """A key figure set apart from the text: the number, what it counts, and its source."""

    value: str
    label: str
    source: str


@dataclass(frozen=True)
class Box:
    """A framed group of blocks with a title, kept on one page: the key asks, a note.

    `tone` says what the box is for, so writers can give each its look: "asks" for what the
    reader is asked to do (the most prominent element of page 1), "note" for context.
    """

    title: str
    blocks: tuple[Block, ...]
    tone: Literal["asks", "note"] = "note"


Block = Heading | Paragraph | ListBlock | Table | Callout | Box


@dataclass(frozen=True)
class Document:
    """A whole brief: metadata for the file, running header and footer, and the body."""

    title: str
    subject: str
    author: str
    language: str  # BCP 47 tag, e.g. "pl-PL": Word's spell checker and PDF /Lang use it
    header: str
    footer: str
    page_label: str  # e.g. "Page {page} of {pages}", already translated
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    keywords: str = ""


def inline_text(spans: Inline) -> str:
    """Return the plain text of a run of spans."""
    return "".join(span.text for span in spans)


def block_texts(block: Block) -> Iterator[str]:
    """Yield the text of a block, one string per paragraph a writer produces."""
    if isinstance(block, Heading):
        yield block.text
    elif isinstance(block, Paragraph):
        yield inline_text(block.spans)
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield inline_text(item)
    elif isinstance(block, Table):
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, Callout):
        yield from (block.value, block.label, block.source)
    elif isinstance(block, Box):
        yield block.title
        for inner in block.blocks:
            yield from block_texts(inner)
    else:
        assert_never(block)


def body_text(document: Document) -> str:
    """Return the body's words separated by single spaces: what both writers must show."""
    return " ".join(text for block in document.blocks for text in block_texts(block))


def headings(document: Document, max_level: int = 2) -> list[Heading]:
    """Return the document's headings in order, down to max_level."""
    return [b for b in document.blocks if isinstance(b, Heading) and b.level <= max_level]
