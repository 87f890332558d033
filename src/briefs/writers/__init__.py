"""Output formats behind one small protocol: a writer lays a Document out onto a binary stream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from briefs.document import Document


@dataclass(frozen=True)
class Stamp:
    """What a writer may put into a file besides the document: a fixed time and a producer."""

    moment: dt.datetime
    producer: str = "briefs"


class Writer(Protocol):
    """A format: its name, file suffix, media type, and how to write a Document to a stream."""

    name: str
    suffix: str
    media_type: str

    def prepare(self) -> None:
        """Do the once-per-process work (fonts, base template) now, e.g. before forking."""

    def write(self, document: Document, stream: BinaryIO, stamp: Stamp) -> None:
        """Write document to stream."""


def writer_for(name: str) -> Writer:
    """Return the writer of a format name ('docx', 'pdf' or 'html'); imports it only when needed."""
    if name == "docx":
        from briefs.writers.docx_writer import DocxWriter

        return DocxWriter()
    if name == "pdf":
        from briefs.writers.pdf_import import pdf_writer_class

        return pdf_writer_class()()
    if name == "html":
        from briefs.writers.html_writer import HtmlWriter

        return HtmlWriter()
    raise KeyError(name)


FORMATS: dict[str, tuple[str, str]] = {
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (".pdf", "application/pdf"),
    "html": (".html", "text/html"),
}
"""Every format: its suffix and media type, without importing the writer."""
