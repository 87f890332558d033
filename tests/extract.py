"""Read outputs back as a recipient's tools would: DOCX via python-docx, PDF via pypdf, HTML
via the standard library's parser."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
import pypdf
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefs.document import Block, Box, Document, Heading, ListBlock, block_texts


def docx_blocks(data: bytes) -> list[tuple[str, str]]:
    """Return (style name, text) for every body paragraph, table cells included, in order."""
    word = docx.Document(io.BytesIO(data))
    found: list[tuple[str, str]] = []
    for child in word.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, word)
            found.append((paragraph.style.name if paragraph.style else "", paragraph.text))
        elif child.tag.endswith("}tbl"):
            for row in Table(child, word).rows:
                for cell in row.cells:
                    found += [(p.style.name if p.style else "", p.text) for p in cell.paragraphs]
    return found


def docx_text(data: bytes) -> str:
    """Return the body text of a DOCX file."""
    return " ".join(text for _, text in docx_blocks(data) if text)


def pdf_pages(data: bytes) -> list[str]:
    """Return the extracted text of each PDF page."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_body_text(data: bytes, document: Document) -> str:
    """Return a PDF's text without its running header and footer."""
    page_label = re.escape(document.page_label)
    page_label = page_label.replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
    text = _plain_spaces("\n".join(pdf_pages(data)))
    text = re.sub(_plain_spaces(page_label), " ", text)
    for running in (document.footer, document.header):
        text = text.replace(_plain_spaces(running), " ")
    return text


def _plain_spaces(text: str) -> str:
    """Map no-break spaces to spaces: text extraction does not keep them apart."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def expected_pdf_text(document: Document) -> str:
    """Return the tree's text as the PDF shows it: with list numbers and bullets."""
    return " ".join(_pdf_texts(document.blocks))


def _pdf_texts(blocks: tuple[Block, ...]) -> list[str]:
    parts: list[str] = []
    for block in blocks:
        texts = list(block_texts(block))
        if isinstance(block, ListBlock):
            texts = [
                f"{n}. {t}" if block.ordered else f"• {t}" for n, t in enumerate(texts, start=1)
            ]
        elif isinstance(block, Box):
            texts = [block.title, *_pdf_texts(block.blocks)]
        parts += texts
    return parts


def without_repeated_table_headers(squeezed: str, document: Document) -> str:
    """Drop the table header rows a PDF repeats after a page break (keeping the first)."""
    from briefs.document import Table as TableBlock

    for block in document.blocks:
        if isinstance(block, TableBlock):
            header = squeeze(" ".join(block.header))
            first = squeezed.find(header)
            if first >= 0:
                start = first + len(header)
                squeezed = squeezed[:start] + squeezed[start:].replace(header, "")
    return squeezed


def squeeze(text: str) -> str:
    """Return text without any whitespace and with plain quotes, for exact comparisons.

    The typography pass turns ' into ’ and "…" into „…“ or « … », so data and output are
    compared with every quotation mark and apostrophe folded to one straight mark.
    """
    return re.sub(r"\s+", "", text).translate(_PLAIN_MARKS)


_PLAIN_MARKS = str.maketrans(dict.fromkeys('’‘“”„«»"', "'"))


def heading_texts(document: Document) -> list[str]:
    """Return the document's heading texts, title included."""
    return [block.text for block in document.blocks if isinstance(block, Heading)]


class _MainText(HTMLParser):
    """Collects the text inside <main> with the stdlib parser; with `markers`, list items start
    with the number or bullet a browser draws before them, as the PDF prints them."""

    def __init__(self, markers: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markers = markers
        self.inside = False
        self.lists: list[list[int]] = []  # per open list: [ordered, items so far]
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "main"
        if tag in ("ol", "ul"):
            self.lists.append([tag == "ol", 0])
        elif tag == "li" and self.markers and self.lists:
            self.lists[-1][1] += 1
            ordered, number = self.lists[-1]
            self.parts.append(f"{number}. " if ordered else "• ")

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != "main"
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def html_text(data: bytes, markers: bool = False) -> str:
    """Return the text of an HTML page's <main> element (with list markers if asked)."""
    parser = _MainText(markers)
    parser.feed(data.decode("utf-8"))
    parser.close()
    return " ".join(parser.parts)
