"""Paragraph lines written directly (pdf_lines) are the bytes reportlab's own drawPara writes."""

from __future__ import annotations

import random
import zlib
from typing import Any

import pytest

from briefs.document import (
    Block,
    Box,
    Callout,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Span,
    Table,
)
from briefs.writers import pdf_flowables
from briefs.writers.pdf_lines import paragraph_code
from pdf_samples import brief, pdf

LATIN = "abcdefghijklmnopqrstuvwxyzäöüßéèàçłńśźżąęó"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
EXTENDED = "".join(map(chr, range(0x100, 0x180)))  # Latin Extended-A
SCRIPTS = LATIN + LATIN.upper() + CYRILLIC + CYRILLIC.upper() + GREEK + GREEK.upper() + EXTENDED


def words(rng: random.Random, count: int) -> str:
    """Return count random words: long and short, some joined by no-break spaces."""
    chosen = []
    for _ in range(count):
        word = "".join(rng.choice(SCRIPTS) for _ in range(rng.choice((1, 2, 3, 5, 8, 13, 21))))
        chosen.append(word + rng.choice(("", "", ",", ".", "\u00a0–", "\u202f%")))
    return " ".join(chosen)


def mixed(rng: random.Random) -> tuple[Span, ...]:
    """Return spans in bold, plain and italic (another colour), in random order and lengths."""
    return tuple(
        Span(words(rng, rng.randint(1, 20)), bold=rng.random() < 0.3, italic=rng.random() < 0.3)
        for _ in range(rng.randint(1, 6))
    )


def varied(seed: int) -> Document:
    """A document of one-style paragraphs in every style the writer has, and mixed ones."""
    rng = random.Random(seed)
    blocks: list[Block] = [
        Heading(0, words(rng, 6)),
        Paragraph((Span(words(rng, 40)),), style="lead"),
    ]
    for n in range(30):
        blocks.append(Heading(1 + n % 2, words(rng, rng.randint(1, 12))))
        blocks.append(Paragraph((Span(words(rng, rng.randint(1, 90))),), style="body"))
        blocks.append(Paragraph((Span(words(rng, 12)),), style="small"))
        blocks.append(Paragraph(mixed(rng), style="body"))
    blocks.append(Paragraph((Span(words(rng, 250)),)))  # most of a page: split over two
    blocks.append(ListBlock(True, tuple(mixed(rng) for _ in range(6))))
    blocks.append(ListBlock(False, tuple((Span(words(rng, 25)),) for _ in range(4))))
    rows = tuple(tuple(words(rng, rng.randint(1, 14)) for _ in range(3)) for _ in range(8))
    blocks.append(Table(("Name", "Land", words(rng, 3)), rows, (3.0, 1.0, 2.0)))
    blocks.append(Callout(words(rng, 2), words(rng, 14), words(rng, 9)))
    blocks.append(Box(words(rng, 5), (Paragraph((Span(words(rng, 30)),)),), tone="asks"))
    return brief(*blocks, title=words(rng, 4))


def page_streams(data: bytes) -> list[bytes]:
    """Return every Flate stream of a PDF, decompressed (pages, fonts, maps)."""
    found = []
    for start in (m + 7 for m in _find_all(data, b"stream\n")):
        try:
            found.append(zlib.decompressobj().decompress(data[start:]))
        except zlib.error:
            continue
    return found


def _find_all(data: bytes, needle: bytes) -> list[int]:
    positions, at = [], data.find(needle)
    while at >= 0:
        positions.append(at)
        at = data.find(needle, at + 1)
    return positions


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_direct_lines_are_reportlabs_bytes(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    document = varied(seed)
    kinds: list[int] = []

    def recorded(paragraph: Any) -> list[str] | None:
        code = paragraph_code(paragraph)
        if code:
            kinds.append(paragraph.blPara.kind)
        return code

    monkeypatch.setattr(pdf_flowables, "paragraph_code", recorded)
    direct = pdf(document)
    assert set(kinds) == {0, 1}  # one-fragment and mixed paragraphs both written directly
    monkeypatch.setattr(pdf_flowables, "paragraph_code", lambda paragraph: None)
    by_reportlab = pdf(document)
    assert direct == by_reportlab
    contents = b"".join(page_streams(by_reportlab))
    assert b" Tw" in contents  # some lines were squeezed and drawn with word spacing
    assert b"+1 " in contents  # some font needed a second subset (more than 255 characters)
