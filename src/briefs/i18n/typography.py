"""The typography pass: quotation marks, apostrophes and spaces as each language sets them.

`apply(text, language)` is a pure function run over every text a reader sees (document
metadata, every span, email subjects and bodies, file names). Translators and data authors can
type straight quotes and ordinary spaces; the output reads:

- English: “double quotes” for quotations and ’ for apostrophes;
- German: „Anführungszeichen“, Polish: „cudzysłów”, both with ’ for an apostrophe;
- French: « guillemets » with narrow no-break spaces (U+202F) inside, l’apostrophe, and a
  narrow no-break space before ; : ! ?

In every language, numbers written with spaces between digit groups are grouped again per CLDR
(Polish 7000 but 12 500), dates such as "3 grudnia 2024 r." get no-break spaces so they never
break across lines, and a number is tied to its unit ("5 %", "2024 r."). URLs, e-mail addresses
and times ("10:30") are left exactly as they are.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from briefs.i18n.numbers import format_number

NNBSP = "\u202f"
NBSP = "\u00a0"

_QUOTES = {  # (opening, closing) for a quotation
    "en": ("“", "”"),
    "de": ("„", "“"),
    "pl": ("„", "”"),
    "fr": ("«" + NNBSP, NNBSP + "»"),
}
_PROTECTED = re.compile(
    r"(?:https?://|mailto:|www\.)[^\s<>]+"  # a URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|\b\d{1,2}:\d{2}\b"  # a time
)
_LETTER = r"[^\W\d_]"
_SPACES = f" {NBSP}{NNBSP}"
_UNITS = r"%|‰|€|\$|£|km|kg|r\.|Mio\.|Mrd\.|mln|mld|tys\.|millions?|milliards?|Millionen|Milliarden"
_GROUPED = re.compile(
    rf"(?<![\d.,])(?<!\d[{_SPACES}])(?!0)\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d.,]\d)"
)
_UNIT = re.compile(rf"(\d)[ {NBSP}]({_UNITS})(?!{_LETTER})")
_COLON_SEPARATOR = re.compile(rf"[ {NBSP}{NNBSP}]?:(?=[ {NBSP}])")
_DIGIT = re.compile(r"\d")
_RUN_OF_SPACES = re.compile(r"[ ]+")
_APOSTROPHE = re.compile(rf"(?<={_LETTER})'(?={_LETTER})")
_AFTER_GUILLEMET = re.compile(rf"«[ {NBSP}{NNBSP}]*")
_BEFORE_GUILLEMET = re.compile(rf"[ {NBSP}{NNBSP}]*»")
_FRENCH_PUNCTUATION = re.compile(rf"(?<![;:!?])[ {NBSP}{NNBSP}]?([;:!?])")
_GROUP_SPACE = re.compile(rf"[{_SPACES}]")


@lru_cache(maxsize=8192)
def apply(text: str, language: str) -> str:
    """Return text with the typography of language (en, de, fr, pl; others get the English).

    A pure function of its two strings, so results are kept per process (the same heading,
    finding or label is set in every document of a language). Idempotent: the pass is
    repeated until nothing changes, since marks it sets can pair with stray ones typed next
    to them ('"“ "”' in German), so text set twice, or set text quoted in new text, reads
    the same.
    """
    result = text
    for _ in range(_MAX_PASSES):
        again = _once(result, language)
        if again == result:  # a pass changed nothing, so another would not either
            break
        result = again
    return result


_MAX_PASSES = 5


def _once(text: str, language: str) -> str:
    if "@" not in text and ":" not in text and "www." not in text:  # nothing _PROTECTED matches
        return _prose(text, language)
    pieces = []
    position = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_prose(text[position : match.start()], language))
        pieces.append(match.group())
        position = match.end()
    pieces.append(_prose(text[position:], language))
    return "".join(pieces)


_TAG = re.compile(r"(<[^>]*>)")
_CODE_TAG = re.compile(r"<(style|script)\b", re.IGNORECASE)


def apply_html(markup: str, language: str) -> str:
    """Return HTML with the typography applied to its text only, never to tags or attributes."""
    import html

    parts = _TAG.split(markup)
    in_code = False
    for index, part in enumerate(parts):
        if index % 2:
            in_code = _CODE_TAG.match(part) is not None
        elif part and not in_code:
            parts[index] = html.escape(apply(html.unescape(part), language), quote=False)
    return "".join(parts)


def title(text: str, language: str) -> str:
    """Return a title or subject with typography and no doubled colon.

    "Konferenzüberblick: Kooperationskonferenz: Frankreich" reads as a stutter; every colon
    but the last becomes an en dash: "Konferenzüberblick – Kooperationskonferenz: Frankreich".
    """
    separators = list(_COLON_SEPARATOR.finditer(text))
    for match in reversed(separators[:-1]):
        text = text[: match.start()] + " –" + text[match.end() :]
    return apply(text, language)


def file_stem(text: str, language: str) -> str:
    """Return a file name stem with typography; colons, which file systems refuse, become dashes.

    The stem keeps its meaning ("Konferenz – Frankreich, Polen" rather than "Konferenz
    Frankreich, Polen") and its typographic apostrophes and quotes.
    """
    text = _COLON_SEPARATOR.sub(" –", title(text, language))
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def _prose(text: str, language: str) -> str:
    if not text:
        return text
    text = _quotes(text, language)
    if language == "fr":
        text = _french_spaces(text)
    if _DIGIT.search(text) is None:  # groups, units and dates all need a digit
        return text
    text = _GROUPED.sub(lambda m: _regroup(m.group(), language), text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return _dates(language).sub(lambda m: _RUN_OF_SPACES.sub(NBSP, m.group()), text)


def _quotes(text: str, language: str) -> str:
    opening, closing = _QUOTES.get(language, _QUOTES["en"])
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)  # l'attention, women's
    text = _pair(text, '"', opening, closing)
    text = _pair(text, "'", opening, closing)
    text = text.replace("'", "’")  # what is left is an apostrophe: activists' rights
    if language != "en" and "“" in text:  # English quotation marks typed into another language
        text = _english_quotation(opening, closing).sub(
            lambda m: m.group(1) or opening + m.group(2).strip() + closing, text
        )
    if language == "fr":
        text = _AFTER_GUILLEMET.sub("«" + NNBSP, text)
        text = _BEFORE_GUILLEMET.sub(NNBSP + "»", text)
    return text


def _pair(text: str, mark: str, opening: str, closing: str) -> str:
    """Replace straight quotes used as quotation marks: opening after a space, closing before."""
    index = text.find(mark)
    if index < 0:
        return text
    pieces: list[str] = []
    start = 0
    is_open = False
    while index >= 0:
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if not is_open and (before.isspace() or before in "([{–—/") and not after.isspace():
            pieces += (text[start:index], opening)
            start, is_open = index + 1, True
        elif is_open and not before.isspace():
            pieces += (text[start:index], closing)
            start, is_open = index + 1, False
        index = text.find(mark, index + 1)
    if is_open:  # unbalanced: leave this text's marks as they were typed
        return text
    pieces.append(text[start:])
    return "".join(pieces)


def _french_spaces(text: str) -> str:
    """Put a narrow no-break space before ; : ! ? in place of any space there."""
    return _FRENCH_PUNCTUATION.sub(NNBSP + r"\1", text)


def _regroup(digits: str, language: str) -> str:
    """Group a number written with spaces again per CLDR: 7 000 is 7000 in Polish."""
    return format_number(int(_GROUP_SPACE.sub("", digits)), language)


@cache
def _english_quotation(opening: str, closing: str) -> re.Pattern[str]:
    """Match “an English quotation”, or (group 1, kept) one already in the language's marks.

    Only where the language closes with “, the English opening mark (German): „so“ must not
    be read as the start of an English quotation, or setting a text twice would change it.
    """
    inner = "[^“”„«»]*"
    kept = f"{re.escape(opening)}{inner}“" if closing == "“" else ""
    return re.compile(f"({kept})“({inner})”" if not kept else f"({kept})|“({inner})”")


@cache
def _dates(language: str) -> re.Pattern[str]:
    """Match a day, month name and year ("3 décembre 2024", "3. Dezember 2024", "… r.")."""
    from babel import Locale

    try:
        locale = Locale.parse(language)
    except ValueError:
        locale = Locale.parse("en")
    names = {
        name
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in locale.months[context][width].values()
    }
    months = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    return re.compile(rf"\b\d{{1,2}}\.? +(?:{months}) +\d{{4}}(?: +r\.)?(?!\w)")
