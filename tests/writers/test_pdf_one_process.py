"""Documents written one after another in one process: each as if it were written alone.

The writer keeps what it can per process (fonts, styles, remembered text widths); nothing of
one document may show in the next.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import subprocess
import sys
from pathlib import Path

from briefs.document import Document, Heading, ListBlock, Paragraph, Span, Table
from briefs.writers import Stamp
from briefs.writers.pdf_writer import PdfWriter
from pdf_reading import outline, reader

SHARED = "Zusammenarbeit zivilgesellschaftlicher Organisationen über Grenzen hinweg"

WRITE_ALONE = """
import pickle, sys
from briefs.writers.pdf_writer import PdfWriter
document, stamp = pickle.load(open(sys.argv[1], "rb"))
with open(sys.argv[2], "wb") as stream:
    PdfWriter().write(document, stream, stamp)
"""


def german() -> Document:
    """A German document whose table cells repeat, in a smaller size, the Polish one's lead."""
    rows = tuple((f"{SHARED} {n}", "Deutschland", "NGO") for n in range(12))
    return Document(
        title="Zweites Dokument",
        subject="Themenpapier · Auswärtiges Amt",
        author="Plattform",
        language="de-DE",
        header="Plattform · AA",
        footer="Konferenz · Berlin",
        page_label="Seite {page} von {pages}",
        blocks=(
            Heading(0, "Zweites Dokument"),
            Paragraph((Span(SHARED + ". " + SHARED),), "body"),
            Heading(1, "Empfehlungen"),
            ListBlock(True, ((Span("Visa ", bold=True), Span(SHARED, italic=True)),)),
            Heading(1, "Organisationen"),
            Table(("Organisation", "Land", "Art"), rows, (6.0, 2.0, 2.0)),
        ),
    )


def polish(document: Document) -> Document:
    """The shared Polish test document, with the shared words in its larger lead."""
    lead = Paragraph((Span(SHARED + " " + SHARED),), "lead")
    return dataclasses.replace(document, blocks=(lead, *document.blocks))


def test_a_document_written_after_another_is_the_one_written_alone(
    document: Document, stamp: Stamp, tmp_path: Path
) -> None:
    writer = PdfWriter()
    first, after = io.BytesIO(), io.BytesIO()
    writer.write(polish(document), first, stamp)
    writer.write(german(), after, stamp)

    source, alone = tmp_path / "document.pickle", tmp_path / "alone.pdf"
    source.write_bytes(pickle.dumps((german(), stamp)))
    subprocess.run([sys.executable, "-c", WRITE_ALONE, source, alone], check=True)

    assert after.getvalue() == alone.read_bytes()
    second = reader(after.getvalue())
    assert second.trailer["/Root"]["/Lang"] == "de-DE"
    assert [title for _, title, _ in outline(after.getvalue())] == [
        "Zweites Dokument",
        "Empfehlungen",
        "Organisationen",
    ]
    text = " ".join(page.extract_text() for page in second.pages)
    assert "Zweites Dokument" in text and "Writer test" not in text and "Strona" not in text
