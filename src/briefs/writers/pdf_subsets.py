"""Font subsets to embed: reportlab's TrueType subsetter, with the font read once, not per subset.

`make_subset` returns the same bytes as reportlab's `TTFontFile.makeSubset`. reportlab walks
the font file for every subset of every document (composite glyphs' components read field by
field, whole tables copied); `FontGlyphs` reads each glyph and its components once per font.
"""

from __future__ import annotations

from dataclasses import dataclass
from struct import pack, unpack
from typing import Any

from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFontMaker,
)

COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")
"""Tables a subset takes over unchanged, those the font has."""


@dataclass(frozen=True)
class FontGlyphs:
    """What subsetting needs of a font, read once."""

    glyphs: tuple[bytes, ...]
    components: dict[int, tuple[tuple[int, int], ...]]
    """Per composite glyph: where in its data each component's glyph index is, and the index."""
    char_to_glyph: dict[int, int]
    metrics: tuple[tuple[int, int], ...]
    tables: dict[str, bytes]


def read_glyphs(face: Any) -> FontGlyphs:
    """Read a reportlab TrueType face's glyphs, composite glyphs' components and tables."""
    data = face.get_table("glyf")
    positions = face.glyphPos
    glyphs = tuple(data[positions[n] : positions[n + 1]] for n in range(len(positions) - 1))
    components = {
        number: _components(glyph)
        for number, glyph in enumerate(glyphs)
        if len(glyph) > 2 and unpack(">h", glyph[:2])[0] < 0
    }
    names = [tag for tag in COPIED if tag in face.table] + ["post", "hhea", "maxp", "head"]
    return FontGlyphs(
        glyphs,
        components,
        dict(face.charToGlyph),
        tuple((int(width), int(bearing)) for width, bearing in face.hmetrics),
        {tag: face.get_table(tag) for tag in names},
    )


def _components(glyph: bytes) -> tuple[tuple[int, int], ...]:
    found = []
    position = 10
    flags = GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        flags, index = unpack(">HH", glyph[position : position + 4])
        found.append((position + 2, index))
        position += 8 if flags & GF_ARG_1_AND_2_ARE_WORDS else 6
        if flags & GF_WE_HAVE_A_SCALE:
            position += 2
        elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
            position += 4
        elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
            position += 8
    return tuple(found)


def _with_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2 :]


def make_subset(font: FontGlyphs, subset: list[int]) -> bytes:
    """Return the TrueType font of a subset's characters, byte for byte as reportlab makes it."""
    glyph_map = [0]  # new glyph index -> old glyph index
    glyph_set = {0: 0}  # old glyph index -> new glyph index
    code_to_glyph = {}
    for code in subset:
        original = font.char_to_glyph.get(code, 0)
        if original not in glyph_set:
            glyph_set[original] = len(glyph_map)
            glyph_map.append(original)
        code_to_glyph[code] = glyph_set[original]
    components = font.components
    number = 0
    while number < len(glyph_map):
        for _, part in components.get(glyph_map[number], ()):
            if part not in glyph_set:
                glyph_set[part] = len(glyph_map)
                glyph_map.append(part)
        number += 1

    tables = font.tables
    output = TTFontMaker()
    for tag in COPIED:
        if tag in tables:
            output.add(tag, tables[tag])
    output.add("post", b"\x00\x03\x00\x00" + tables["post"][4:16] + b"\x00" * 16)

    count = len(glyph_map)
    metrics = [value for glyph in glyph_map for value in font.metrics[glyph]]
    n = len(metrics) - 2
    while n and metrics[n] == metrics[n - 2]:
        n -= 2
    n += 2
    metrics = metrics[:n] + metrics[n + 1 :: 2]  # full pairs, then the trailing bearings
    output.add("hmtx", pack(f">{len(metrics)}H", *metrics))
    output.add("hhea", _with_ushort(tables["hhea"], 34, n >> 1))
    output.add("maxp", _with_ushort(tables["maxp"], 4, count))

    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)]
    cmap += [code_to_glyph[code] for code in subset]
    output.add("cmap", pack(f">{len(cmap)}H", *cmap))

    glyphs = font.glyphs
    offsets = []
    parts = []
    position = 0
    for original in glyph_map:
        offsets.append(position)
        glyph = glyphs[original]
        for offset, part in components.get(original, ()):
            glyph = _with_ushort(glyph, offset, glyph_set[part])
        parts.append(glyph)
        position += len(glyph)
        if position % 4:
            padding = 4 - position % 4
            parts.append(b"\0" * padding)
            position += padding
    offsets.append(position)
    output.add("glyf", b"".join(parts))

    if (position + 1) >> 1 > 0xFFFF:
        location_format = 1
        output.add("loca", pack(f">{len(offsets)}L", *offsets))
    else:
        location_format = 0
        output.add("loca", pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets)))
    output.add("head", _with_ushort(tables["head"], 50, location_format))
    stream: bytes = output.makeStream()
    return stream
