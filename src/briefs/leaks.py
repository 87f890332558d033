"""The leak guard: extract all text and metadata from outputs and look for protected names."""

from __future__ import annotations

import email
import email.policy
import io
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Where = str


def normalize(text: str) -> str:
    """Return text folded for searching: NFKC, case-folded, whitespace collapsed to one space.

    Quotation marks and apostrophes fold to one mark, since the typography pass turns a name's
    ' into ’ and "…" into „…“ or « … ».
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTE_MARKS)
    return " ".join(folded.split())


_QUOTE_MARKS = str.maketrans(dict.fromkeys("'\"‘’‚‛“”„‟«»‹›", "'"))


class Guard:
    """Searches texts for a fixed set of protected names and aliases."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = [(secret, normalize(secret)) for secret in secrets if normalize(secret)]

    def __bool__(self) -> bool:
        return bool(self.secrets)

    def find(self, text: str) -> str | None:
        """Return the first secret in text, whatever its case, spacing or Unicode form."""
        if not self.secrets:
            return None
        folded = normalize(text)
        squeezed = folded.replace(" ", "")
        for secret, needle in self.secrets:
            if needle in folded or needle.replace(" ", "") in squeezed:
                return secret
        return None

    def scan(self, name: str, data: bytes) -> list[str]:
        """Return one line per leak found in an output file's name, text or metadata."""
        if not self.secrets:
            return []
        findings = []
        for where, text in [("file name", name), *extract_texts(name, data)]:
            secret = self.find(text)
            if secret is not None:
                findings.append(f"{name}: {where}: contains a protected name")
        return findings

    def scan_directory(self, directory: Path) -> list[str]:
        """Scan every file under directory; return one line per leak."""
        findings = []
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            findings += self.scan(path.relative_to(directory).as_posix(), path.read_bytes())
        return findings


def extract_texts(name: str, data: bytes) -> Iterator[tuple[Where, str]]:
    """Yield (where, text) for everything a reader or a tool could see in a file."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        yield from _docx_texts(data)
    elif suffix == ".pdf":
        yield from _pdf_texts(data)
    elif suffix == ".eml":
        yield from _email_texts(data)
    else:
        yield "content", data.decode("utf-8", errors="replace")


def _docx_texts(data: bytes) -> Iterator[tuple[Where, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield "content", data.decode("latin-1")
        return
    for member in archive.namelist():
        content = archive.read(member)
        yield f"part {member} (name)", member
        if not member.endswith((".xml", ".rels")):
            yield f"part {member}", content.decode("latin-1")
            continue
        try:
            root = ET.fromstring(content)
        except ET.ParseError:
            yield f"part {member}", content.decode("utf-8", errors="replace")
            continue
        # joined without separators: a name split over runs or paragraphs is still found,
        # since the guard also matches with all spaces removed
        yield f"part {member}", "".join(root.itertext())
        attributes = [value for node in root.iter() for value in node.attrib.values()]
        yield f"part {member} (attributes)", "\n".join(attributes)


def _pdf_texts(data: bytes) -> Iterator[tuple[Where, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    yield "raw bytes", data.decode("latin-1")
    try:
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages, start=1):
            yield f"page {number}", page.extract_text()
        info: dict[str, object] = dict(reader.metadata or {})
        for key, value in info.items():
            yield f"info {key}", str(value)
        root: Any = reader.trailer["/Root"]
        if "/Metadata" in root:
            yield (
                "XMP metadata",
                root["/Metadata"].get_object().get_data().decode("utf-8", "replace"),
            )
        yield "bookmarks", "\n".join(_outline_titles(reader.outline))
    except (PyPdfError, ValueError, KeyError) as exc:
        yield "unreadable PDF", f"{exc}"


def _outline_titles(outline: Iterable[Any]) -> Iterator[str]:
    for entry in outline:
        if isinstance(entry, list):
            yield from _outline_titles(entry)
        else:
            yield str(getattr(entry, "title", ""))


def _email_texts(data: bytes) -> Iterator[tuple[Where, str]]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    for key, value in message.items():
        yield f"header {key}", str(value)
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename:
            yield "attachment name", filename
            yield from (
                (f"attachment {filename}: {w}", t) for w, t in extract_texts(filename, payload)
            )
        else:
            charset = part.get_content_charset() or "utf-8"
            yield f"body {part.get_content_type()}", payload.decode(charset, errors="replace")
