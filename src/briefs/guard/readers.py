"""Read every text a person or a tool could see in a file, whatever its type.

`extract_texts(name, data)` yields (where, text) pairs and raises `Unreadable` for a file it
cannot read, so that the guard never reports a file as clean that it did not check. Containers
(zip files such as DOCX, ODT and XLSX, gzip, emails, PDF attachments) are read recursively.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import gzip
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import PurePosixPath
from typing import Any

Where = str
MAX_DEPTH = 8
MAX_EXPANDED_BYTES = 512 * 1024 * 1024

_XML_SUFFIXES = (".xml", ".rels", ".xhtml", ".svg", ".opf", ".ncx", ".vml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_BLOCK_TAGS = frozenset(
    {"p", "br", "tab", "cr", "tr", "tc", "td", "th", "li", "div", "h", "h1", "h2", "h3", "title"}
    | {"si", "row", "c", "list-item", "table-cell", "line-break", "title", "description"}
)
_BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".bin")
_FONT_SUFFIXES = (".ttf", ".otf", ".odttf")


class Unreadable(Exception):
    """Raised for a file whose text cannot be read: the guard lists it as not checked."""


class NotChecked(str):
    """Yielded as the text of a part of a container that could not be read (the reason)."""


def _inner(prefix: str, name: str, data: bytes, depth: int) -> Iterator[tuple[Where, str]]:
    """Yield the texts of a file inside a container; an unreadable one yields a NotChecked."""
    try:
        for where, text in extract_texts(name, data, depth + 1):
            yield f"{prefix}: {where}", text
    except Unreadable as exc:
        yield prefix, NotChecked(str(exc))


def extract_texts(name: str, data: bytes, depth: int = 0) -> Iterator[tuple[Where, str]]:
    """Yield (where, text) for everything a reader or a tool could see in a file."""
    if depth > MAX_DEPTH:
        raise Unreadable("containers nested too deeply")
    suffix = PurePosixPath(name).suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        yield from _pdf_texts(data, depth)
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        yield from _zip_texts(data, depth)
    elif data.startswith(b"\x1f\x8b"):
        yield from _gzip_texts(name, data, depth)
    elif suffix in (".eml", ".mbox", ".msg") or _looks_like_email(data):
        yield from _email_texts(data, depth)
    elif suffix in _FONT_SUFFIXES:
        yield "font names", _font_names(data)
    elif suffix in _BINARY_SUFFIXES:
        raise Unreadable(f"{suffix} files are not read")
    else:
        yield from _text_texts(suffix, data)


def _text_texts(suffix: str, data: bytes) -> Iterator[tuple[Where, str]]:
    decoded = list(_decodings(data))
    for encoding, text in decoded:
        where = "content" if len(decoded) == 1 else f"content ({encoding})"
        yield where, text
        if suffix in _HTML_SUFFIXES or ("&" in text and ";" in text):
            yield f"{where}, entities decoded", html.unescape(text)
        if suffix == ".json" or text.lstrip().startswith(("{", "[")):
            yield from _json_texts(where, text)
        if suffix in _XML_SUFFIXES or text.lstrip().startswith("<"):
            yield from _xml_texts(where, text.encode("utf-8"))


def _decodings(data: bytes) -> Iterator[tuple[str, str]]:
    """Yield the decodings of a text file: its own if it is sure, else every likely one."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            yield encoding, data.decode(encoding, errors="replace")
            return
    try:
        text = data.decode("utf-8")
        if _controls(text) * 20 <= len(text):
            yield "utf-8", text
            return
    except UnicodeDecodeError:
        pass
    found = False
    for encoding in ("utf-16-le", "utf-16-be"):  # UTF-16 without a byte order mark
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _controls(text) * 20 <= len(text):
            found = True
            yield encoding, text
    if _controls(data.decode("latin-1")) * 20 <= len(data):
        found = True
        for encoding in ("cp1250", "cp1251", "latin-1", "koi8-r"):
            yield encoding, data.decode(encoding, errors="replace")
    if not found:
        raise Unreadable("binary data of an unknown type")


def _controls(text: str) -> int:
    """Return how many characters of text are control or unassigned characters."""
    return sum(
        1 for c in text if c not in "\t\n\r\f" and unicodedata.category(c) in ("Cc", "Cn", "Cs")
    )


def _json_texts(where: str, text: str) -> Iterator[tuple[Where, str]]:
    try:
        value = json.loads(text)
    except ValueError:
        return
    yield f"{where}, JSON strings", "\n".join(_json_strings(value))


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _xml_texts(where: str, data: bytes) -> Iterator[tuple[Where, str]]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return
    parts: list[str] = []
    _walk_xml(root, parts)
    yield f"{where}, XML text", "".join(parts)
    attributes = [value for node in root.iter() for value in node.attrib.values()]
    yield f"{where}, XML attributes", "\n".join(attributes)


def _walk_xml(element: ET.Element, parts: list[str]) -> None:
    """Collect text: runs of one paragraph joined as they show, paragraphs on their own lines."""
    if element.text:
        parts.append(element.text)
    for child in element:
        _walk_xml(child, parts)
        if child.tail:
            parts.append(child.tail)
    if str(element.tag).rsplit("}", 1)[-1] in _BLOCK_TAGS:
        parts.append("\n")


def _zip_texts(data: bytes, depth: int) -> Iterator[tuple[Where, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_EXPANDED_BYTES:
            raise Unreadable("zip archive expands too far")
        yield "zip comment", archive.comment.decode("utf-8", errors="replace")
        font_keys = _embedded_font_keys(archive)
        for member in members:
            yield f"part {member.filename} (name)", member.filename
            yield f"part {member.filename} (comment)", member.comment.decode("utf-8", "replace")
            if member.is_dir():
                continue
            content = archive.read(member)
            if member.filename.lower().endswith(".odttf"):
                key = font_keys.get(member.filename)
                if key is None:
                    yield f"part {member.filename}", NotChecked("embedded font without its key")
                    continue
                content = _deobfuscate(content, key)
            yield from _inner(f"part {member.filename}", member.filename, content, depth)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError) as exc:
        raise Unreadable(f"unreadable zip archive ({exc})") from None


def _gzip_texts(name: str, data: bytes, depth: int) -> Iterator[tuple[Where, str]]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(MAX_EXPANDED_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise Unreadable(f"unreadable gzip data ({exc})") from None
    if len(content) > MAX_EXPANDED_BYTES:
        raise Unreadable("gzip data expands too far")
    inner = name[: -len(".gz")] if name.lower().endswith(".gz") else name + ".unpacked"
    yield from _inner("gzip", inner, content, depth)


def _pdf_texts(data: bytes, depth: int) -> Iterator[tuple[Where, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    yield "raw bytes", data.decode("latin-1")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable("encrypted PDF")
        for number, page in enumerate(reader.pages, start=1):
            yield f"page {number}", page.extract_text()
        yield "outline", "\n".join(_outline_titles(reader.outline))
        yield (
            "PDF strings (metadata, annotations, names)",
            "\n".join(_pdf_strings(reader.trailer, set())),
        )
        root: Any = reader.trailer["/Root"]
        if "/Metadata" in root:
            xmp = root["/Metadata"].get_object().get_data()
            yield "XMP metadata", xmp.decode("utf-8", "replace")
            yield from _xml_texts("XMP metadata", xmp)
        for name, contents in reader.attachments.items():
            yield "attached file name", name
            for content in contents:
                yield from _inner(f"attached file {name}", name, content, depth)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"unreadable PDF ({type(exc).__name__})") from None


def _pdf_strings(node: Any, seen: set[tuple[int, int]]) -> Iterator[str]:
    """Yield every string object reachable from node: Info, annotations, names, forms."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        TextStringObject,
    )

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionaries
            stack.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, TextStringObject):
            yield str(item)
        elif isinstance(item, NameObject):
            yield str(item)[1:]
        elif isinstance(item, bytes):
            yield item.decode("latin-1")


def _outline_titles(outline: Any) -> Iterator[str]:
    for entry in outline:
        if isinstance(entry, list):
            yield from _outline_titles(entry)
        else:
            yield str(getattr(entry, "title", ""))


def _looks_like_email(data: bytes) -> bool:
    head = data[:2048].lower()
    return head.startswith((b"from:", b"return-path:", b"received:", b"mime-version:")) or (
        b"\nmime-version:" in head and b"\ncontent-type:" in head
    )


def _email_texts(data: bytes, depth: int) -> Iterator[tuple[Where, str]]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    yield "raw headers", re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0].decode("latin-1")
    for part in message.walk():
        for key, value in part.items():
            yield f"header {key}", str(value)
        if part.is_multipart():
            continue
        filename = part.get_filename()
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename:
            yield "attachment name", filename
            yield from _inner(f"attachment {filename}", filename, payload, depth)
        elif part.get_content_maintype() == "text":
            charset = part.get_content_charset() or "utf-8"
            try:
                body = payload.decode(charset, errors="replace")
            except LookupError:
                body = payload.decode("latin-1")
            yield f"body {part.get_content_type()}", body
            if part.get_content_subtype() == "html":
                yield f"body {part.get_content_type()}, entities decoded", html.unescape(body)
        else:
            inner = f"part.{part.get_content_subtype()}"
            yield from _inner(f"part {part.get_content_type()}", inner, payload, depth)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _embedded_font_keys(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return each embedded font part of a DOCX with the key that obfuscates it (§17.8.1)."""
    names = set(archive.namelist())
    if "word/fontTable.xml" not in names or "word/_rels/fontTable.xml.rels" not in names:
        return {}
    try:
        table = ET.fromstring(archive.read("word/fontTable.xml"))
        rels = ET.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
    except ET.ParseError:
        return {}
    targets = {
        rel.get("Id"): "word/" + str(rel.get("Target", "")).lstrip("/").removeprefix("word/")
        for rel in rels.iter(f"{_RELS}Relationship")
    }
    keys = {}
    for element in table.iter():
        key, rel_id = element.get(f"{_W}fontKey"), element.get(f"{_R}id")
        if key and rel_id in targets:
            keys[targets[rel_id]] = key
    return keys


def _deobfuscate(font: bytes, key: str) -> bytes:
    try:
        key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    except ValueError:
        raise Unreadable(f"embedded font with an invalid key {key[:40]!r}") from None
    if len(key_bytes) != 16:
        raise Unreadable("embedded font with an invalid key")
    head = bytes(byte ^ key_bytes[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


def _font_names(font: bytes) -> str:
    """Return the strings of a TrueType/OpenType font's name table (family, copyright...)."""
    import struct

    try:
        count = struct.unpack_from(">H", font, 4)[0]
        for index in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", font, 12 + 16 * index)
            if tag == b"name":
                break
        else:
            raise Unreadable("font without a name table")
        _, records, strings = struct.unpack_from(">HHH", font, offset)
        found = []
        for index in range(records):
            platform, _, _, _, length, start = struct.unpack_from(
                ">HHHHHH", font, offset + 6 + 12 * index
            )
            raw = font[offset + strings + start : offset + strings + start + length]
            found.append(raw.decode("utf-16-be" if platform in (0, 3) else "latin-1", "replace"))
    except struct.error:
        raise Unreadable("unreadable font") from None
    return "\n".join(found)
