"""Read a PDF back with tools that are not the writer: poppler's command-line tools and pypdf."""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject

XHTML = "{http://www.w3.org/1999/xhtml}"


def squeeze(text: str) -> str:
    """Collapse every kind of space (no-break ones included) to single spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _poppler(tool: str, args: list[str], data: bytes, tmp: Path) -> str:
    path = tmp / "read.pdf"
    path.write_bytes(data)
    output = ["-"] if tool == "pdftotext" else []
    done = subprocess.run([tool, *args, str(path), *output], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def page_text(data: bytes, page: int, tmp: Path) -> str:
    """Return what `pdftotext -f N -l N` finds on one page (1-based)."""
    return _poppler("pdftotext", ["-f", str(page), "-l", str(page)], data, tmp)


@dataclass(frozen=True)
class Word:
    """A word poppler found, with its box in points from the page's top left."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Line:
    """A line of words as poppler's layout analysis groups them."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def top(self) -> float:
        return min(word.y_min for word in self.words)


def page_lines(data: bytes, tmp: Path) -> list[list[Line]]:
    """Return each page's lines (from `pdftotext -bbox-layout`), top to bottom."""
    xhtml = _poppler("pdftotext", ["-bbox-layout"], data, tmp)
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = tuple(
                Word(
                    word.text or "",
                    *(float(word.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")),
                )
                for word in line.iter(f"{XHTML}word")
            )
            lines.append(Line(words))
        pages.append(sorted(lines, key=lambda line: line.top))
    return pages


def struct_text(data: bytes, tmp: Path) -> list[tuple[int, str, str]]:
    """Return poppler's structure tree (`pdfinfo -struct-text`) as (depth, type, text) rows.

    Each element is one row; its text is the text of the content it owns directly.
    """
    rows: list[tuple[int, str, str]] = []
    for line in _poppler("pdfinfo", ["-struct-text"], data, tmp).splitlines():
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 2
        if stripped.startswith('"'):
            rows[-1] = (*rows[-1][:2], squeeze(rows[-1][2] + " " + stripped[1:-1]))
        elif stripped.startswith("/"):
            continue  # an attribute
        elif stripped:
            rows.append((depth, stripped.split(" ")[0].rstrip(":"), ""))
    return rows


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """Return every outline entry as (depth, title, 1-based destination page), in order."""
    pdf = reader(data)
    found: list[tuple[int, str, int]] = []

    def walk(entries: list, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                page = pdf.get_destination_page_number(entry)
                found.append((depth, entry.title, page + 1))

    walk(pdf.outline, 0)
    return found


def struct_roles(data: bytes) -> list[tuple[int, str, dict[str, str]]]:
    """Walk the structure tree with pypdf: (depth, /S, attributes) per element, in order."""
    pdf = reader(data)
    root = pdf.trailer["/Root"]["/StructTreeRoot"]
    found: list[tuple[int, str, dict[str, str]]] = []

    def walk(node: DictionaryObject, depth: int) -> None:
        attributes = node.get("/A")
        attrs = {str(k): str(v) for k, v in attributes.items()} if attributes else {}
        found.append((depth, str(node["/S"])[1:], attrs))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if kid is not None else None
            if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/MCR":
                walk(kid, depth + 1)

    walk(root["/K"].get_object(), 0)
    return found


PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"}
PAINTING |= {b"Do", b"sh"}
"""Operators that show text or paint paths, images and shadings."""


def unmarked_content(data: bytes) -> list[tuple[int, str]]:
    """Return (page, operator) for each painting operator neither tagged nor an artifact.

    Tagged means inside a marked-content sequence with an MCID; an artifact is inside an
    /Artifact sequence.
    """
    found = []
    for number, page in enumerate(reader(data).pages, start=1):
        stack: list[bool] = []
        content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
        for operands, operator in content.operations:
            if operator == b"BMC":
                stack.append(operands[0] == "/Artifact")
            elif operator == b"BDC":
                properties = operands[1]
                has_id = isinstance(properties, DictionaryObject) and "/MCID" in properties
                stack.append(operands[0] == "/Artifact" or has_id)
            elif operator == b"EMC":
                stack.pop()
            elif operator in PAINTING and not any(stack):
                found.append((number, operator.decode()))
        assert not stack, f"page {number}: unbalanced marked content"
    return found


def marked_ids(data: bytes) -> list[list[tuple[str, int]]]:
    """Return, per page, the (tag, MCID) of each marked-content sequence with an MCID."""
    pages = []
    for page in reader(data).pages:
        content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
        found = []
        for operands, operator in content.operations:
            if operator == b"BDC" and "/MCID" in operands[1]:
                found.append((str(operands[0])[1:], int(operands[1]["/MCID"])))
        pages.append(found)
    return pages
