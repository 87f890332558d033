"""The PDF writer: A4, embedded fonts for every script, bookmarks, metadata, literal text."""

from __future__ import annotations

import io

import pypdf

from briefs.document import Document
from briefs.writers import Stamp
from briefs.writers.pdf_writer import PdfWriter
from samples import CYRILLIC, MARKUP, POLISH


def write(document: Document, stamp: Stamp) -> pypdf.PdfReader:
    stream = io.BytesIO()
    PdfWriter().write(document, stream, stamp)
    return pypdf.PdfReader(io.BytesIO(stream.getvalue()))


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_polish_cyrillic_and_markup_characters_survive(document: Document, stamp: Stamp) -> None:
    text = " ".join(text_of(write(document, stamp)).split())
    assert POLISH in text
    assert CYRILLIC in text
    assert MARKUP in text


def test_every_font_is_embedded_and_none_is_a_standard_font(
    document: Document, stamp: Stamp
) -> None:
    reader = write(document, stamp)
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        assert "Noto" in str(font["/BaseFont"])
        assert "/FontFile2" in font["/FontDescriptor"]


def test_a4_pages_numbered_x_of_y_with_the_header_repeated(
    document: Document, stamp: Stamp
) -> None:
    reader = write(document, stamp)
    pages = len(reader.pages)
    assert pages >= 2  # the 70-row table splits
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        text = page.extract_text()
        assert f"Strona {number} z {pages}" in text
        if number > 1:
            assert "Organizacja" in text  # the table's header row repeats


def test_bookmarks_follow_the_headings(document: Document, stamp: Stamp) -> None:
    reader = write(document, stamp)

    def titles(outline: list) -> list[str]:
        found: list[str] = []
        for entry in outline:
            found += titles(entry) if isinstance(entry, list) else [entry.title]
        return found

    assert titles(reader.outline) == [
        "Writer test",
        "Ustalenia",
        "Rekomendacje",
        "Dalsze",
        "Organizacje",
    ]


def test_metadata_is_what_the_document_says(document: Document, stamp: Stamp) -> None:
    reader = write(document, stamp)
    info = reader.metadata
    assert info is not None
    assert info.title == "Writer test"
    assert info.author == document.author
    assert info.subject == document.subject
    assert reader.trailer["/Root"]["/Lang"] == "pl-PL"


def test_output_is_reproducible(document: Document, stamp: Stamp) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    PdfWriter().write(document, first, stamp)
    PdfWriter().write(document, second, stamp)
    assert first.getvalue() == second.getvalue()
