"""Pagination a reader notices: hanging list numbers, no stranded headings, widows or orphans,
asks and boxes kept on one page, no date or number split over two lines."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from briefs.document import Box, Heading, ListBlock, Paragraph, Span
from pdf_reading import Line, page_lines, squeeze
from pdf_samples import brief, filler, pdf

BODY_TOP, BODY_BOTTOM = 60.0, 790.0
"""Where body text may stand, in points from the top: below the header, above the footer."""


def body_lines(data: bytes, tmp: Path) -> list[list[Line]]:
    return [
        [line for line in lines if BODY_TOP < line.top < BODY_BOTTOM]
        for lines in page_lines(data, tmp)
    ]


def test_list_numbers_are_right_aligned_in_a_hanging_gutter(tmp_path: Path) -> None:
    items = tuple((Span(f"Ask number {n} of twelve."),) for n in range(1, 13))
    data = pdf(brief(Heading(0, "Numbers"), ListBlock(True, items)))
    words = [word for line in page_lines(data, tmp_path)[0] for word in line.words]
    labels = {
        word.text: word for word in words if word.text.endswith(".") and word.text[0].isdigit()
    }
    assert {f"{n}." for n in range(1, 13)} <= set(labels)
    right_edges = {round(labels[f"{n}."].x_max, 1) for n in range(1, 13)}
    assert len(right_edges) == 1, right_edges
    texts = [word.x_min for word in words if word.text == "Ask"]
    assert len(set(texts)) == 1 and texts[0] > right_edges.pop()


def test_a_heading_is_never_the_last_line_of_a_page(tmp_path: Path) -> None:
    stranded = "Stranded heading"
    for count in range(30, 38):  # one of these puts the heading at the foot of page 1
        document = brief(
            Heading(0, "Headings"), *filler(count), Heading(1, stranded), *filler(4, "After")
        )
        for lines in body_lines(pdf(document), tmp_path):
            assert lines[-1].text != stranded, count


def test_no_widow_or_orphan_line(tmp_path: Path) -> None:
    words = " ".join(f"w{n:03}" for n in range(1, 100))  # about seven lines
    for count in range(28, 33):
        for shift in range(4):  # small paragraphs move the break in steps finer than a line
            small = tuple(Paragraph((Span("Small."),), "small") for _ in range(shift))
            document = brief(
                Heading(0, "Widows"), *filler(count), *small, Paragraph((Span(words),))
            )
            for lines in body_lines(pdf(document), tmp_path):
                of_paragraph = [line for line in lines if line.text.startswith("w")]
                assert len(of_paragraph) != 1, (count, shift)


def _pages_of(data: bytes, tmp: Path, texts: tuple[str, ...]) -> list[set[int]]:
    pages = [squeeze(" ".join(line.text for line in lines)) for lines in body_lines(data, tmp)]
    return [{n for n, page in enumerate(pages, start=1) if text in page} for text in texts]


def test_a_list_item_stays_on_one_page(tmp_path: Path) -> None:
    long_ask = "Start of the ask " + "and more words of the same ask " * 12 + "end of the ask."
    items = ((Span("Short ask."),), (Span(long_ask),), (Span("Another short ask."),))
    for count in range(28, 40):
        data = pdf(brief(Heading(0, "Asks"), *filler(count), ListBlock(True, items)))
        start, end = _pages_of(data, tmp_path, ("Start of the ask", "end of the ask."))
        assert start == end and len(start) == 1, count


def test_a_box_stays_on_one_page_when_it_fits(tmp_path: Path) -> None:
    asks = tuple((Span(f"Boxed ask {n}."),) for n in range(1, 6))
    box = Box("Key asks to the ministry", (ListBlock(True, asks),), "asks")
    for count in range(24, 36):
        data = pdf(brief(Heading(0, "Box"), *filler(count), box))
        first, last = _pages_of(data, tmp_path, ("Key asks to the ministry", "Boxed ask 5."))
        assert first == last and len(first) == 1, count


def test_dates_and_numbers_are_not_split_over_two_lines(tmp_path: Path) -> None:
    sentence = "met on 3\u00a0December\u00a02024 with 7\u202f000 people "
    for pad in range(0, 60, 3):
        text = "x" * pad + " " + sentence * 8
        data = pdf(brief(Heading(0, "Spaces"), Paragraph((Span(text),))))
        lines = [squeeze(line.text) for line in body_lines(data, tmp_path)[0]]
        for before, after in pairwise(lines):
            last, first = before.split()[-1], after.split()[0]
            assert (last, first) not in {("3", "December"), ("December", "2024"), ("7", "000")}, (
                pad,
                before,
                after,
            )


def test_a_box_taller_than_a_page_starts_where_it_stands(tmp_path: Path) -> None:
    asks = tuple((Span(f"Boxed ask {n}."),) for n in range(1, 51))
    box = Box("Key asks to the ministry", (ListBlock(True, asks),), "asks")
    data = pdf(brief(Heading(0, "Long box"), *filler(3), box))
    first, last = _pages_of(data, tmp_path, ("Key asks to the ministry", "Boxed ask 50."))
    assert first == {1} and last == {2}
