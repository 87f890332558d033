"""WordprocessingML written as text: escaping, runs and paragraphs, serialized as lxml does.

The writer builds the body as strings rather than through python-docx's object layer, which
spent most of the writer's time locating and inserting elements. What comes out is what
python-docx would have serialized: characters escaped as libxml2 escapes them, empty text as
`<w:t></w:t>`, `xml:space="preserve"` where python-docx puts it, paragraph properties in the
schema's order, attributes in the order they were set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
     "\t": "&#9;"}
)  # fmt: skip
_NEEDS_ESCAPE = re.compile("[&<>\r]")


def _check(value: str) -> None:
    match = _INVALID.search(value)
    if match is not None:
        raise ValueError(
            f"text holds a character XML cannot carry ({match.group()!r}): {value[:80]!r}"
        )


def text(value: str) -> str:
    """Return value escaped as element text; raise ValueError on characters XML forbids."""
    _check(value)
    return value.translate(_TEXT_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def attribute(value: str) -> str:
    """Return value escaped for a double-quoted attribute; raise ValueError as `text` does."""
    _check(value)
    return value.translate(_ATTRIBUTE_ESCAPES)


def twips(points: float) -> int:
    """Return points in twentieths of a point, rounded as python-docx's `Pt(points).twips`."""
    return round(int(points * 12700) / 635)


def run(value: str, *, bold: bool = False, style: str | None = None) -> str:
    """Return a w:r holding value in one w:t (text reaching the writer has no tabs or breaks)."""
    properties = ""
    if style is not None or bold:
        character_style = f'<w:rStyle w:val="{style}"/>' if style is not None else ""
        properties = f"<w:rPr>{character_style}{'<w:b/>' if bold else ''}</w:rPr>"
    space = ' xml:space="preserve"' if len(value.strip()) < len(value) else ""
    return f"<w:r>{properties}<w:t{space}>{text(value)}</w:t></w:r>"


@dataclass
class ParagraphXml:
    """A w:p being laid out: its style, the direct formatting the writer sets, and its runs."""

    style: str
    runs: list[str] = field(default_factory=list)
    keep_next: bool = False
    keep_lines: bool = False
    num_id: int | None = None
    spacing: dict[str, str] = field(default_factory=dict)  # w:spacing attributes, in set order

    def space(self, name: str, points: float) -> None:
        """Set w:spacing's before or after to points (an existing value keeps its place)."""
        self.spacing[name] = str(twips(points))

    def exact_line(self, points: float) -> None:
        """Make the line exactly points high, as python-docx's `line_spacing = Pt(points)`."""
        self.spacing["line"] = str(twips(points))
        self.spacing["lineRule"] = "exact"

    def xml(self) -> str:
        parts = [f'<w:p><w:pPr><w:pStyle w:val="{self.style}"/>']
        if self.keep_next:
            parts.append("<w:keepNext/>")
        if self.keep_lines:
            parts.append("<w:keepLines/>")
        if self.num_id is not None:
            parts.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self.num_id}"/></w:numPr>')
        if self.spacing:
            values = "".join(f' w:{name}="{value}"' for name, value in self.spacing.items())
            parts.append(f"<w:spacing{values}/>")
        parts.append("</w:pPr>")
        parts += self.runs
        parts.append("</w:p>")
        return "".join(parts)
