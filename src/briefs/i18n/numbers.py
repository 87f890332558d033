"""Numbers the CLDR way, through ICU: grouping as each locale wants it, small counts in words.

Babel groups every number of four digits or more, but CLDR also says from how many digits a
locale starts grouping (`minimumGroupingDigits`): Polish, Spanish and European Portuguese write
7000 yet 12 500. ICU's number formatter with the `group-auto` strategy applies that rule from
CLDR for every locale, so no table of locales is kept here.

Small counts in running text are spelled out with ICU's rule-based number format (RBNF), up to a
limit each language's style guides set (see `SPELL_OUT_UP_TO`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from briefs.errors import OutputError

SPELL_OUT_UP_TO = {
    "en": 9,  # UK government and Guardian style: one to nine in words, 10 and above in figures
    "de": 12,  # Duden: in running text, the numbers up to twelve are written in words
    "fr": 9,  # French administrative writing guides: un à neuf en lettres, puis en chiffres
    "pl": 10,  # PWN language advice: small (one-word) numerals in words, here up to ten
}
"""Counts up to this value are spelled out in running text; languages not listed never are."""

_FORM = re.compile(r"(cardinal)(-[a-z]+)*")


def format_number(value: float, locale: str) -> str:
    """Return value grouped and punctuated per CLDR: 7000 and 12 500 in Polish, 7.000 in German."""
    formatter = _message_format("{n, number, ::group-auto}", _icu_locale(locale))
    return str(formatter.format({"n": value}))


def spell_count(value: int, locale: str, form: str = "cardinal", *, always: bool = False) -> str:
    """Return a small count in words ('fünf', 'huit', 'pięciu'), a larger one as format_number.

    `form` names an ICU spell-out rule set without its prefix: "cardinal" (the default),
    "cardinal-feminine", "cardinal-feminine-genitive" (Polish)... Translators choose it, since
    only the target language knows the gender and case of the counted noun.
    """
    if not _FORM.fullmatch(form):
        raise OutputError(f"unknown spell-out form {form!r} for {locale}, e.g. cardinal-feminine")
    limit = SPELL_OUT_UP_TO.get(_language(locale), 0)
    if value != int(value) or value < 0 or not (always or 0 < value <= limit):
        return format_number(value, locale)
    pattern = "{n, spellout,%spellout-" + form + "}"  # no space: ICU would ignore it
    words = _message_format(pattern, _icu_locale(locale)).format({"n": int(value)})
    return str(words).replace("\u00ad", "")  # ICU's soft hyphens in long German compounds


def count_opening_sentence(value: int, locale: str, form: str = "cardinal") -> str:
    """Return a count that opens a sentence: in words whatever its size, capitalised.

    A sentence never starts with a figure: "Twenty-three organisations took part", not "23…".
    """
    words = spell_count(value, locale, form, always=True)
    return words[:1].upper() + words[1:]


@lru_cache(maxsize=256)
def _message_format(pattern: str, icu_locale: str) -> Any:
    """Return ICU's formatter of a pattern in a locale, built once per process.

    Building one parses the pattern and loads the locale's rules (a quarter of a millisecond
    for a spell-out rule set); formatting with it is a thousand times cheaper.
    """
    from icu4py.messageformat import MessageFormat

    return MessageFormat(pattern, icu_locale)


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0]


def _icu_locale(locale: str) -> str:
    return locale.replace("-", "_")
