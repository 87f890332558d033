"""The embedded TrueType fonts: reportlab's TTFont, with smaller subsets and faster encoding.

Each document embeds, per font, only the glyphs it uses. reportlab's default also puts all of
ASCII into the first subset, so that the content stream shows ASCII text as ASCII: that costs
about a third of every file's bytes and the time to subset and compress them, and is not how
text is read (extractors and screen readers go through each subset's ToUnicode map).

reportlab encodes every string it draws character by character in Python, handing out codes in
the font's per-document subsets as new characters appear. Most strings a brief draws use only
characters that already have a code in the first subset; for those, `EmbeddedFont` encodes
the whole string with one `str.translate`, which gives the same bytes. Everything else (a new
character, one of a later subset, one the font lacks) goes through reportlab's own loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

NBSP, SPACE = 0xA0, 0x20


class EmbeddedFont(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """A TrueType font embedded as subsets of the characters used, known text encoded at once."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path), asciiReadable=False)

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """Return text as (subset, bytes) runs, exactly as reportlab's TTFont does."""
        state = self.state.get(doc)
        known: set[str] | None = getattr(state, "first_subset_chars", None)
        if known is not None and text and known.issuperset(text):
            return [(0, text.translate(state.first_subset_codes).encode("latin-1"))]
        runs: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        state = self.state[doc]
        assignments: dict[int, int] = state.assignments
        if known is None:  # a new state: start with the codes it was born with (the space)
            known = state.first_subset_chars = set()
            state.first_subset_codes = {}
            text = "".join(map(chr, assignments)) + text
        codes: dict[int, int] = state.first_subset_codes
        for char in set(text) if isinstance(text, str) else ():
            code = ord(char)
            number = assignments.get(SPACE if code == NBSP else code)
            if number is not None and number < 256:
                codes[code] = number
                known.add(char)
        return runs
