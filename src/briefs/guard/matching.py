"""Patterns that find a protected name in a skeleton, inflected or transliterated.

Each listed name becomes one regular expression over skeletons (see `skeleton.py`):

- its words must appear in order, as whole words (a word boundary before the first and after
  the last), with any spacing or punctuation between letters and words, or none;
- each word of five or more letters loses one common case ending (Polish, Russian, Ukrainian,
  German; the stem keeps at least four letters), and every word of three or more letters may
  then carry any one of those endings;
- each Cyrillic letter also matches its Latin transliterations in every scheme `iuliia` knows
  (ISO 9, GOST, BGN/PCGN, ICAO passports, Wikipedia, …) and in the Polish, German and
  Ukrainian conventions listed below, so "Ворона" matches "Vorona", "Worona" and "Wörona".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

import iuliia

from briefs.guard.skeleton import SEPARATOR, fold_char, skeleton

MIN_STEM_LETTERS = 4
MIN_INFLECTED_LETTERS = 3

LATIN_ENDINGS = (
    # Polish nouns and adjectives
    "a", "e", "i", "o", "u", "y", "ą", "ę", "ie", "em", "om", "ów", "ach", "ami", "owi", "iem",
    "ego", "emu", "ej", "ym", "ymi", "ych", "im", "imi", "ich", "iego", "iemu", "ia", "iu", "ii",
    "owie", "ową", "owa", "owej",
    # German
    "s", "es", "n", "en", "er", "ns", "ens",
)  # fmt: skip
CYRILLIC_ENDINGS = (
    # Russian and Ukrainian nouns and adjectives
    "а", "я", "у", "ю", "е", "и", "ы", "о", "і", "ї", "ой", "ей", "ою", "ею", "ом", "ем", "ём",
    "ам", "ям", "ах", "ях", "ами", "ями", "ого", "его", "ому", "ему", "ый", "ий", "ая", "яя",
    "ое", "ее", "ые", "ие", "ым", "им", "ых", "их", "ыми", "ими", "ую", "юю", "ов", "ев", "ів",
    "ові", "еві", "ой", "ій",
)  # fmt: skip
ENDINGS = tuple(sorted({*LATIN_ENDINGS, *CYRILLIC_ENDINGS}, key=lambda e: (-len(e), e)))

# Transliterations that iuliia's (Russian) schemes lack: Polish, German and Ukrainian habits.
EXTRA_TRANSLITERATIONS = {
    "в": ("w",), "г": ("h",), "е": ("je",), "ё": ("jo", "io"), "ж": ("ż", "sch", "sh"),
    "з": ("s",), "и": ("y",), "й": ("j",), "х": ("ch",), "ц": ("c", "z", "tz"),
    "ч": ("cz", "tsch"), "ш": ("sz", "sch"), "щ": ("szcz", "schtsch"), "ю": ("ju",),
    "я": ("ja",), "є": ("ie", "ye", "je"), "ї": ("i", "yi", "ji"), "ґ": ("g",), "і": ("i",),
}  # fmt: skip

_CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў"


@functools.cache
def spelling_counts(letter: str) -> Counter[str]:
    """Return the Latin spellings of a lower-case Cyrillic letter, counted over all schemes."""
    if letter not in _CYRILLIC_LETTERS:
        return Counter()
    found = Counter(EXTRA_TRANSLITERATIONS.get(letter, ()))
    for schema in _schemas():
        at_start = schema.translate(letter)
        inside = schema.translate("к" + letter)[len(schema.translate("к")) :]
        found.update({at_start.casefold(), inside.casefold()})
    return found


def transliterations(letter: str) -> frozenset[str]:
    """Return the Latin spellings of a lower-case Cyrillic letter (empty for other letters)."""
    return frozenset(spelling_counts(letter))


@functools.cache
def _cyrillic_for_latin() -> dict[str, str]:
    """Return, per Latin spelling, the Cyrillic letter most schemes spell so."""
    best: dict[str, tuple[int, str]] = {}
    for letter in _CYRILLIC_LETTERS:
        for spelling, count in spelling_counts(letter).items():
            if spelling.isascii() and spelling.isalpha() and count > best.get(spelling, (0, ""))[0]:
                best[spelling] = (count, letter)
    return {spelling: letter for spelling, (_, letter) in best.items()}


def cyrillic_form(word: str) -> str:
    """Return a Cyrillic spelling of a Latin word, longest known spellings first ("jan": "ян")."""
    table = _cyrillic_for_latin()
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii())
    result, index = [], 0
    while index < len(plain):
        for size in (4, 3, 2, 1):
            piece = plain[index : index + size]
            if len(piece) == size and piece in table:
                result.append(table[piece])
                index += size
                break
        else:
            result.append(plain[index])
            index += 1
    return "".join(result)


def _schemas() -> list[iuliia.repo.FileSchema]:
    return [value for value in vars(iuliia).values() if isinstance(value, iuliia.repo.FileSchema)]


def _spelled(text: str) -> str:
    """Return a regex for a skeleton string with any spacing allowed between its letters."""
    return " ?".join(re.escape(char) for char in text.replace(SEPARATOR, ""))


@functools.cache
def letter_pattern(letter: str) -> str:
    """Return a regex matching one letter of a listed name in a skeleton, in any spelling."""
    spellings = {fold_char(letter).replace(SEPARATOR, "")}
    spellings |= {skeleton(latin).replace(SEPARATOR, "") for latin in transliterations(letter)}
    options = sorted((_spelled(s) for s in spellings if s), key=lambda p: (-len(p), p))
    optional = "" in spellings
    if not options:
        return ""
    group = "(?:" + "|".join(options) + ")"
    return group + "?" if optional else group


def _letters(text: str, soft_signs: bool = False) -> str:
    """Return the regex of a sequence of letters; soft_signs allows a "ь" between any two."""
    joint = f" ?(?:{_spelled(fold_char('ь'))} ?)?" if soft_signs else " ?"
    return joint.join(p for p in (letter_pattern(letter) for letter in text) if p)


@functools.cache
def ending_pattern() -> str:
    """Return a regex matching any one listed case ending, in any spelling."""
    return "(?:" + "|".join(_letters(ending) for ending in ENDINGS) + ")"


def words_of(name: str) -> list[str]:
    """Return the lower-case words of a name as written (letters and digits only)."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.findall(r"[^\W_]+", text)


def stem(word: str) -> str:
    """Return word without its longest listed case ending, if at least four letters remain."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LETTERS:
            return word[: -len(ending)]
    return word


def word_pattern(word: str) -> str:
    """Return a regex for one word of a listed name, with an optional case ending.

    A Latin-script word also matches its Cyrillic spelling ("Kowalski": "Ковальский").
    """
    if len(word) < MIN_INFLECTED_LETTERS:
        return _letters(word)
    pattern = _letters(stem(word)) + f"(?: ?{ending_pattern()})?"
    if not word.isascii():
        return pattern
    cyrillic = cyrillic_form(word)
    return f"(?:{pattern}|{_letters(stem(cyrillic), soft_signs=True)}(?: ?{ending_pattern()})?)"


def name_pattern(name: str) -> re.Pattern[str] | None:
    """Return the regex finding a listed name in a skeleton, or None for a name without words."""
    words = words_of(name)
    if not words:
        return None
    body = " ?".join(word_pattern(word) for word in words)
    return re.compile(f"(?<![^ ])(?:{body})(?![^ ])")
