"""Bookmarks that open the page of their heading, an outline shaped like the headings, metadata."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pypdf.generic import BooleanObject

from briefs.document import Document, Heading, headings
from pdf_reading import outline, page_text, reader, squeeze
from pdf_samples import STAMP, brief, filler, pdf


def three_pages() -> Document:
    return brief(
        Heading(0, "Navigation test"),
        Heading(1, "First section"),
        *filler(40, "One"),
        Heading(1, "Second section"),
        *filler(40, "Two"),
        Heading(2, "A subsection"),
        *filler(3, "Three"),
    )


def test_each_bookmark_opens_the_page_its_heading_is_drawn_on(tmp_path: Path) -> None:
    data = pdf(three_pages())
    entries = outline(data)
    assert [page for _, _, page in entries] == [1, 1, 2, 3]
    for _, title, page in entries:
        assert title in squeeze(page_text(data, page, tmp_path)), (title, page)


def test_outline_nesting_equals_heading_levels(document: Document) -> None:
    for doc in (document, three_pages()):
        nesting = [(depth, title) for depth, title, _ in outline(pdf(doc))]
        assert nesting == [(h.level, h.text) for h in headings(doc)]


def test_viewer_opens_the_outline_and_shows_the_title(document: Document) -> None:
    catalog = reader(pdf(document)).trailer["/Root"]
    assert catalog["/PageMode"] == "/UseOutlines"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/Lang"] == "pl-PL"


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def test_xmp_metadata_says_what_the_info_dictionary_says(document: Document) -> None:
    pdf_reader = reader(pdf(document))
    stream = pdf_reader.trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Subtype"] == "/XML" and "/Filter" not in stream
    xmp = ET.fromstring(stream.get_data())
    assert xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == document.title
    assert xmp.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == document.author
    assert xmp.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == document.subject
    assert xmp.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=NS) == "pl-PL"
    assert xmp.findtext(".//pdfuaid:part", namespaces=NS) == "1"
    assert xmp.findtext(".//pdf:Producer", namespaces=NS) == STAMP.producer
    assert xmp.findtext(".//xmp:CreateDate", namespaces=NS) == "2026-11-26T00:00:00Z"
    info = pdf_reader.metadata
    assert info is not None and info.title == document.title
    assert info.creation_date is not None and info.creation_date.date().isoformat() == "2026-11-26"
