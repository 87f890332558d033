"""How ready each language of a conference is, and what to tell the user about it.

A document is written in its audience's language only when every text it needs is translated
(template strings and the conference's content); otherwise it is written wholly in English, so
no sentence ever mixes two languages and the document's language tag matches its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefs.i18n.catalogs import CatalogStatus, statuses
from briefs.models import ConferenceFile
from briefs.workspace import Resources


@dataclass(frozen=True)
class LanguageCoverage:
    """Both catalogs of one language, against what one conference needs."""

    language: str
    catalogs: tuple[CatalogStatus, ...]

    @property
    def complete(self) -> bool:
        """Return whether every needed text is translated and none is fuzzy."""
        return all(status.complete for status in self.catalogs)

    @property
    def total(self) -> int:
        """Return how many texts the conference needs in this language."""
        return sum(status.total for status in self.catalogs)

    @property
    def translated(self) -> int:
        """Return how many of them are translated (fuzzy ones do not count)."""
        return sum(status.translated for status in self.catalogs)

    @property
    def fuzzy(self) -> int:
        """Return how many translations are fuzzy (their source changed)."""
        return sum(len(status.fuzzy) for status in self.catalogs)

    @property
    def missing(self) -> int:
        """Return how many texts have no translation at all."""
        return sum(len(status.missing) for status in self.catalogs)

    def summary(self) -> str:
        """Return e.g. 'de: 170 of 170 texts translated (briefs 95/95, berlin-2024 75/75)'."""
        parts = ", ".join(f"{s.domain} {s.translated}/{s.total}" for s in self.catalogs)
        extra = f", {self.fuzzy} fuzzy" if self.fuzzy else ""
        counts = f"{self.translated} of {self.total} texts translated{extra}"
        return f"{self.language}: {counts} ({parts})"


def coverage(
    data: ConferenceFile, resources: Resources, languages: list[str] | None = None
) -> list[LanguageCoverage]:
    """Return the coverage of each language the conference uses (or of those given)."""
    by_language: dict[str, list[CatalogStatus]] = {}
    for status in statuses(data, resources, languages):
        by_language.setdefault(status.language, []).append(status)
    return [LanguageCoverage(language, tuple(found)) for language, found in by_language.items()]


def fix_commands(language: str, data_argument: str, has_catalog: bool) -> list[str]:
    """Return the commands that get a language's translations done, in order."""
    commands = (
        []
        if has_catalog
        else [
            f"briefs i18n extract {data_argument}",
            f"briefs i18n init {language} {data_argument}",
        ]
    )
    return [
        *commands,
        f"briefs i18n export {language} {data_argument} -o {language}-to-translate.po",
        f"(translate {language}-to-translate.po in Poedit or Weblate, then) "
        f"briefs i18n merge {language}-to-translate.po {data_argument}",
    ]


def incomplete_message(found: LanguageCoverage, data_argument: str, strict: bool) -> str:
    """Return the one grouped message for a language whose translations have gaps."""
    has_catalog = any(status.path is not None for status in found.catalogs)
    consequence = (
        "refusing to build it (--strict)"
        if strict
        else "documents that need a missing text are written wholly in English until it is done"
    )
    steps = "; ".join(fix_commands(found.language, data_argument, has_catalog))
    return f"{found.summary()}: {consequence}. To complete it: {steps}"
