"""Locale-aware formatting (dates, numbers, lists) and gettext catalogs compiled in memory."""

from __future__ import annotations

import datetime as dt
import gettext
import hashlib
import io
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.i18n.numbers import count_opening_sentence, format_number, spell_count
from briefs.workspace import Resources

if TYPE_CHECKING:
    from babel import Locale

TEMPLATE_DOMAIN = "briefs"
"""The catalog of template and code strings, shared by every conference."""
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Formatter:
    """Formats values for one locale with Babel's CLDR data."""

    locale: str

    def date(self, value: dt.date) -> str:
        """Return a long date that never breaks across lines: 3. Dezember 2024, 3 grudnia 2024 r.

        Its spaces are no-break spaces. Polish running text writes the year with "r." (rok),
        so Polish dates carry it everywhere: one Polish date style, in the letterhead too.
        """
        return _long_date(self.locale, value)

    def month(self, year_month: str) -> str:
        """Return a month and year such as 'März 2025' from '2025-03'."""
        return _month(self.locale, year_month)

    def number(self, value: float) -> str:
        """Return a number grouped per CLDR: 7.000 in German, 7000 but 12\u00a0500 in Polish."""
        return format_number(value, self.locale)

    def spell_count(self, value: int, form: str = "cardinal") -> str:
        """Return a small count in words for running text ('fünf'), a larger one in figures."""
        return spell_count(value, self.locale, form)

    def count_opening_sentence(self, value: int, form: str = "cardinal") -> str:
        """Return a count that starts a sentence: in words whatever its size, capitalised."""
        return count_opening_sentence(value, self.locale, form)

    def items(self, values: list[str]) -> str:
        """Return a list joined the locale's way: A, B und C."""
        return _joined(self.locale, tuple(values)) if values else ""

    def territory(self, code: str) -> str:
        """Return a country's name in this locale, e.g. 'Pologne' for PL in French."""
        return _territory(self.locale, code)

    @property
    def language(self) -> str:
        """Return the language part of the locale."""
        return language_of(self.locale)


# Babel's formatting functions look their CLDR data up on every call; the results below are pure
# functions of the locale and the value (the CLDR data is fixed), so each is worked out once per
# process: every document of an audience shows the same dates, country names and lists.


@lru_cache(maxsize=1024)
def _long_date(locale: str, value: dt.date) -> str:
    from babel.dates import format_date

    text = str(format_date(value, format="long", locale=babel_locale(locale)))
    if language_of(locale) == "pl":
        text += " r."
    return no_break(text)


@lru_cache(maxsize=1024)
def _month(locale: str, year_month: str) -> str:
    from babel.dates import format_skeleton

    year, month = (int(part) for part in year_month.split("-"))
    first = dt.date(year, month, 1)
    return str(format_skeleton("yMMMM", first, locale=babel_locale(locale)))


@lru_cache(maxsize=8192)
def _joined(locale: str, values: tuple[str, ...]) -> str:
    from babel.lists import format_list

    return str(format_list(list(values), locale=babel_locale(locale)))


@lru_cache(maxsize=8192)
def _territory(locale: str, code: str) -> str:
    return str(babel_locale(locale).territories.get(code, code))


@cache
def babel_locale(locale: str) -> Locale:
    """Return Babel's Locale of an identifier, parsed once per process (its CLDR data is fixed)."""
    from babel import Locale

    return Locale.parse(locale)


def no_break(text: str) -> str:
    """Return text with its ordinary spaces made no-break, so a line never breaks inside it."""
    return text.replace(" ", "\u00a0")


def language_of(locale: str) -> str:
    """Return 'de' for 'de_DE' or 'de-DE'."""
    return locale.replace("-", "_").split("_")[0]


def content_domain(conference_id: str) -> str:
    """Return the catalog domain of one conference's content: its id (berlin-2024.po)."""
    return conference_id


@cache
def translations_for(language: str, domain: str, resources: Resources) -> gettext.NullTranslations:
    """Return gettext translations compiled from the .po file, or English if there is none.

    With `resources.cache_dir` set, the compiled catalog is kept there by the .po's content hash
    (see `compiled_catalog`), so an unchanged catalog is not parsed again by the next run.
    """
    path = resources.catalog(language, domain)
    if language == SOURCE_LANGUAGE or path is None:
        return gettext.NullTranslations()
    if resources.cache_dir is None:
        return compile_catalog(path, language)
    return gettext.GNUTranslations(
        io.BytesIO(compiled_catalog(path, language, resources.cache_dir))
    )


def compile_catalog(path: Path, language: str) -> gettext.GNUTranslations:
    """Compile a .po file to translations in memory (no .mo file); fuzzy entries are skipped."""
    return gettext.GNUTranslations(io.BytesIO(_mo_bytes(path.read_bytes(), language)))


def _mo_bytes(po: bytes, language: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


CATALOG_CACHE = "catalogs"
_CACHE_FORMAT = b"briefs-mo-1\0"


def compiled_catalog(path: Path, language: str, cache_dir: Path) -> bytes:
    """Return the .mo bytes of a .po file, from `cache_dir/catalogs/` when compiled before.

    The cache file is named by the SHA-256 of the language and the .po's bytes, so an edited
    catalog never meets a stale entry; each file starts with the SHA-256 of the .mo it holds, so
    a damaged or truncated file is noticed, ignored and written again. Failing to write the
    cache (a read-only folder) only costs the next run the compilation.
    """
    po = path.read_bytes()
    key = hashlib.sha256(_CACHE_FORMAT + language.encode() + b"\0" + po).hexdigest()
    target = cache_dir / CATALOG_CACHE / f"{key}.mo"
    try:
        stored = target.read_bytes()
    except OSError:
        stored = b""
    mo = stored[32:]
    if len(stored) > 32 and hashlib.sha256(mo).digest() == stored[:32]:
        return mo
    mo = _mo_bytes(po, language)
    write_cache_file(target, hashlib.sha256(mo).digest() + mo)
    return mo


def write_cache_file(target: Path, data: bytes) -> None:
    """Write a file of the cache folder whole or not at all (a temporary file renamed); a
    folder that cannot be written only means no cache."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
