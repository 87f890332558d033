"""Read a DOCX the way any OOXML consumer does: zip parts, relationships, obfuscated fonts.

Written from ECMA-376 alone, never from the writer's code, so the tests check the file a user
gets rather than the writer's own idea of it.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as etree
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "r": R, "rel": PKG_RELS}

# CT_TcPr is an xsd:sequence (ECMA-376 Part 1, §17.4.70 / wml.xsd): children in this order
TC_PR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
)


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


class Package:
    """A DOCX opened as a zip of parts."""

    def __init__(self, data: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(data))

    def names(self) -> list[str]:
        return self.archive.namelist()

    def raw(self, name: str) -> bytes:
        return self.archive.read(name)

    def xml(self, name: str) -> etree.Element:
        return etree.fromstring(self.archive.read(name))

    def targets(self, part: str) -> dict[str, str]:
        """Return relationship id -> target part name for a part, resolved against its folder."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        return {
            rel.get("Id"): posixpath.normpath(posixpath.join(folder, rel.get("Target")))
            for rel in rels.iterfind("rel:Relationship", NS)
        }

    def section_parts(self, kind: str) -> dict[str, str]:
        """Return header or footer type (default, first, even) -> part name."""
        document = self.xml("word/document.xml")
        targets = self.targets("word/document.xml")
        return {
            ref.get(w("type")): targets[ref.get(f"{{{R}}}id")]
            for ref in document.iterfind(f".//w:sectPr/w:{kind}Reference", NS)
        }

    def text(self, part: str) -> str:
        return "".join(self.xml(part).itertext())


def deobfuscate(data: bytes, font_key: str) -> bytes:
    """Undo ECMA-376 Part 1 §17.8.1 font obfuscation with the w:fontKey GUID."""
    digits = font_key.strip("{}").replace("-", "")
    key = [int(digits[i : i + 2], 16) for i in range(0, 32, 2)][::-1]
    head = bytes(data[i] ^ key[i % 16] for i in range(32))
    return head + data[32:]
