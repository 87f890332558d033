"""Regenerate src/briefs/charset.py: the characters every bundled PDF font can show."""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFile

FONTS = Path(__file__).parents[1] / "src" / "briefs" / "fonts"


def covered_ranges() -> list[tuple[int, int]]:
    """Return sorted, merged code point ranges present in every bundled font."""
    sets = [set(TTFontFile(str(path)).charToGlyph) for path in sorted(FONTS.glob("*.ttf"))]
    common = sorted(
        c for c in set.intersection(*sets) if c >= 0x20 and not 0x7F <= c < 0xA0 and c < 0xFFFE
    )
    ranges: list[tuple[int, int]] = []
    for code in common:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def main() -> None:
    lines = [
        '"""Characters every bundled PDF font shows (made by tools/charset.py; do not edit)."""',
        "",
        "SUPPORTED_RANGES: tuple[tuple[int, int], ...] = (",
        *(f"    (0x{a:04X}, 0x{b:04X})," for a, b in covered_ranges()),
        ")",
        "",
    ]
    target = FONTS.parent / "charset.py"
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target} ({len(covered_ranges())} ranges)", file=sys.stderr)


if __name__ == "__main__":
    main()
