"""The leak guard: find, mask and report protected names in texts, files and folders."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefs.guard.matching import name_pattern
from briefs.guard.readers import NotChecked, Unreadable, extract_texts
from briefs.guard.skeleton import SEPARATOR, fold_char, skeleton_with_origins

MASK = "[protected]"


class _FoldTable(dict[int, str]):
    """A str.translate table that folds each character to its skeleton on first use."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_SPACES = re.compile(" {2,}")
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[^}]*\})")


def _unescape(match: re.Match[str]) -> str:
    escape = match.group()
    if escape[1] == "N":
        return ""  # a named character: drop it, as an invisible one would be
    code = int(escape[2:], 16)
    return chr(code) if code <= 0x10FFFF else ""


THUMBNAILS = ".thumbs"
"""Where the build overview keeps its page-1 pictures of the PDFs."""


@dataclass
class FolderCheck:
    """What the guard found in a folder: leaks, files it could not read, files it read."""

    findings: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    checked: int = 0


class Guard:
    """Searches texts for a fixed set of protected names and aliases, however disguised."""

    def __init__(self, secrets: Iterable[str]) -> None:
        compiled = [(secret, name_pattern(secret)) for secret in secrets]
        self._patterns = [(secret, pattern) for secret, pattern in compiled if pattern]
        self._table = _FoldTable()

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def _skeleton(self, text: str) -> str:
        folded = _SPACES.sub(SEPARATOR, text.translate(self._table))
        return folded if not folded.startswith(SEPARATOR) else folded[1:]

    def find(self, text: str) -> str | None:
        """Return the first protected name in text, in whatever disguise, or None."""
        if not self._patterns or not text:
            return None
        folded = self._skeleton(text)
        for secret, pattern in self._patterns:
            if pattern.search(folded):
                return secret
        return None

    def mask(self, text: str) -> str:
        """Return text with every protected name in it, however disguised, replaced by MASK.

        A text whose escapes (such as a repr's \\u200b) hide a name is withheld whole.
        """
        if _ESCAPE.search(text) and self.find(_ESCAPE.sub(_unescape, text)) is not None:
            return f"{MASK} (a message was withheld: it contains a protected name)"
        if self.find(text) is None:
            return text
        folded, origins = skeleton_with_origins(text)
        spans: list[tuple[int, int]] = []
        for _, pattern in self._patterns:
            for match in pattern.finditer(folded):
                if match.end() > match.start():
                    spans.append((origins[match.start()], origins[match.end() - 1] + 1))
        pieces, position = [], 0
        for start, end in sorted(spans):
            if end <= position:
                continue
            pieces += [text[position : max(start, position)], MASK]
            position = end
        return "".join([*pieces, text[position:]])

    def scan(self, name: str, data: bytes) -> list[str]:
        """Return one line per leak found in a file's name, text or metadata (names masked).

        What cannot be read is reported too: a guard that cannot read must not pass it.
        """
        if not self._patterns:
            return []
        findings, unchecked = self._leaks(name, data)
        return findings + unchecked

    def _leaks(self, name: str, data: bytes) -> tuple[list[str], list[str]]:
        """Return (leaks, parts not checked) of one file."""
        shown = self.mask(name)
        findings, unchecked = [], []
        if self.find(name) is not None:
            findings.append(f"{shown}: file name: contains a protected name")
        try:
            for where, text in extract_texts(name, data):
                if isinstance(text, NotChecked):
                    unchecked.append(f"{shown}: {self.mask(where)}: not checked ({text})")
                elif self.find(text) is not None:
                    findings.append(f"{shown}: {self.mask(where)}: contains a protected name")
        except Unreadable as exc:
            unchecked.append(f"{shown}: not checked ({exc})")
        return findings, unchecked

    def check_folder(self, directory: Path) -> FolderCheck:
        """Check every file under directory; what cannot be read is listed, not passed.

        A build overview's thumbnail (`.thumbs/<sha256 prefix>.jpg`; `.png` from older builds)
        is a picture of page 1 of a PDF: it counts as checked when a PDF with that digest is in
        the folder and passes.
        """
        result = FolderCheck()
        paths = sorted(p for p in directory.rglob("*") if p.is_file())
        passed_pdfs: set[str] = set()
        thumbnails = []
        for path in paths:
            relative = path.relative_to(directory).as_posix()
            if path.parent.name == THUMBNAILS and path.suffix in (".jpg", ".png"):
                thumbnails.append((path, relative))
                continue
            try:
                data = path.read_bytes()
                findings, unchecked = self._leaks(relative, data)
            except OSError as exc:
                findings, unchecked = [], [f"{self.mask(relative)}: not checked ({exc})"]
            else:
                if path.suffix.lower() == ".pdf" and not findings and not unchecked:
                    passed_pdfs.add(hashlib.sha256(data).hexdigest())
            result.findings += findings
            result.unchecked += unchecked
            result.checked += not unchecked
        for path, relative in thumbnails:
            if any(digest.startswith(path.stem) for digest in passed_pdfs) and path.stem:
                result.checked += 1
            else:
                result.unchecked.append(
                    f"{self.mask(relative)}: not checked (an image that is not the thumbnail "
                    "of a checked PDF here)"
                )
        return result
