"""Embed the Noto fonts in a DOCX the way Word does when "Embed fonts in the file" is on.

ECMA-376 Part 1 §17.8.1: each font is stored as an obfuscated part (word/fonts/*.odttf) whose
first 32 bytes are XORed with a key taken from a GUID; the font table names the part and the
GUID (w:embedRegular r:id=… w:fontKey="{…}"). The GUID of each font is derived from the font's
file name, so equal fonts always get equal bytes and the obfuscation runs once per process.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache

from briefs.resources import fonts_dir

FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_KEY_NAMESPACE = uuid.UUID("6f1d6c1e-5b8a-4d0c-9a57-3b1f0e2c7d41")


@dataclass(frozen=True)
class Typeface:
    """A font family as Word names it, the file stem of its TTFs, and Word's family class."""

    name: str
    stem: str
    family: str  # "roman" (serif) or "swiss" (sans serif)


SERIF = Typeface("Noto Serif", "NotoSerif", "roman")
SANS = Typeface("Noto Sans", "NotoSans", "swiss")
TYPEFACES = (SERIF, SANS)

# w:embed* element of the font table -> TTF style suffix, in the schema's order
STYLES = (
    ("embedRegular", "Regular"),
    ("embedBold", "Bold"),
    ("embedItalic", "Italic"),
    ("embedBoldItalic", "BoldItalic"),
)


@dataclass(frozen=True)
class EmbeddedFont:
    """One obfuscated font part: where it goes, its relationship id, key and bytes."""

    typeface: Typeface
    element: str  # embedRegular, embedBold, …
    member: str  # zip member name, e.g. word/fonts/NotoSerif-Regular.odttf
    rel_id: str
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes


def font_key(file_stem: str) -> str:
    """Return the GUID that obfuscates a font, fixed for a font file name."""
    return "{" + str(uuid.uuid5(_KEY_NAMESPACE, file_stem)).upper() + "}"


def obfuscate(font: bytes, key: str) -> bytes:
    """XOR the first 32 bytes of font with the key's 16 bytes, in reverse order (§17.8.1).

    The same call de-obfuscates: XOR is its own inverse.
    """
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key_bytes[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


@cache
def embedded_fonts() -> tuple[EmbeddedFont, ...]:
    """Return every embedded font, read and obfuscated once per process."""
    fonts: list[EmbeddedFont] = []
    for typeface in TYPEFACES:
        for element, style in STYLES:
            stem = f"{typeface.stem}-{style}"
            key = font_key(stem)
            data = (fonts_dir() / f"{stem}.ttf").read_bytes()
            fonts.append(
                EmbeddedFont(
                    typeface,
                    element,
                    f"word/fonts/{stem}.odttf",
                    f"rId{len(fonts) + 1}",
                    key,
                    obfuscate(data, key),
                )
            )
    return tuple(fonts)


def font_table_xml() -> bytes:
    """Return word/fontTable.xml: the two Noto families, each with its four embedded styles."""
    entries = []
    for typeface in TYPEFACES:
        embeds = "".join(
            f'<w:{font.element} r:id="{font.rel_id}" w:fontKey="{font.key}"/>'
            for font in embedded_fonts()
            if font.typeface == typeface
        )
        entries.append(
            f'<w:font w:name="{typeface.name}"><w:charset w:val="00"/>'
            f'<w:family w:val="{typeface.family}"/><w:pitch w:val="variable"/>{embeds}</w:font>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"{''.join(entries)}</w:fonts>"
    ).encode()


def font_table_rels_xml() -> bytes:
    """Return word/_rels/fontTable.xml.rels, linking the font table to the font parts."""
    links = "".join(
        f'<Relationship Id="{font.rel_id}" Type="{FONT_RELATIONSHIP}"'
        f' Target="fonts/{font.member.rsplit("/", 1)[1]}"/>'
        for font in embedded_fonts()
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{links}</Relationships>"
    ).encode()
