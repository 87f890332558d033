"""Manage the gettext catalogs: extract (.pot), init, update (fuzzy), compile and status."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from briefs.content import content_messages
from briefs.errors import LeakError, OutputError
from briefs.localization import CONTENT_DOMAIN, SOURCE_LANGUAGE, TEMPLATE_DOMAIN, catalog_path
from briefs.models import ConferenceFile

DOMAINS = (TEMPLATE_DOMAIN, CONTENT_DOMAIN)
PROJECT = "briefs"
HEADER = """\
# Translations for briefs ({domain}).
# Edit with any PO editor (Poedit, Weblate, Lokalize); keep every %(name)s and {{name}} placeholder.
# Source language: English. Regenerate the templates with `briefs i18n extract`."""


def extract_templates(root: Path) -> Catalog:
    """Extract the messages of templates and Python code under root, as babel.cfg maps them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)  # type: ignore[no-untyped-call]
    catalog = _new_catalog(TEMPLATE_DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_content(data: ConferenceFile, source: str) -> Catalog:
    """Return the content template: one entry per translatable text of the data."""
    from briefs.leaks import Guard
    from briefs.loading import format_location

    catalog = _new_catalog(CONTENT_DOMAIN)
    guard = Guard(data.secret_names())
    leaks = [
        f"{source}: {format_location(m.path)}: contains a protected name; "
        "nothing was written to the catalog template"
        for m in content_messages(data)
        if guard.find(m.text)
    ]
    if leaks:
        raise LeakError(leaks)
    for message in content_messages(data):
        existing = catalog.get(message.text, context=message.context)
        comments = [format_location(message.path)]
        if existing is not None:
            existing.auto_comments.extend(comments)
            continue
        catalog.add(
            message.text, None, [(source, 0)], auto_comments=comments, context=message.context
        )
    return catalog


def _new_catalog(domain: str, language: str | None = None) -> Catalog:
    from briefs import __version__

    return Catalog(
        locale=language,
        domain=domain,
        project=PROJECT,
        version=__version__,
        fuzzy=False,
        header_comment=HEADER.format(domain=domain),
        copyright_holder="briefs contributors",
        msgid_bugs_address="translations@example.org",
        language_team=f"{language or 'LANGUAGE'} team",
    )


def template_path(locales: Path, domain: str) -> Path:
    """Return where the committed template (.pot) of a domain lives."""
    return locales / f"{domain}.pot"


def write_catalog(catalog: Catalog, path: Path, template: bool = False) -> None:
    """Write a catalog as a .po/.pot file, stable across runs (no dates, sorted by source order)."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        omit_header=False,
        include_lineno=False,
        ignore_obsolete=template,
        include_previous=not template,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_without_dates(buffer.getvalue()))


def _without_dates(po: bytes) -> bytes:
    """Drop the creation date, which would change the templates on every extraction."""
    lines = [line for line in po.split(b"\n") if not line.startswith(b'"POT-Creation-Date')]
    return b"\n".join(lines)


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    """Read a .po or .pot file."""
    try:
        with path.open("rb") as stream:
            return read_po(stream, locale=language, abort_invalid=True)
    except OSError as exc:
        raise OutputError(f"cannot read catalog {path}: {exc.strerror or exc}") from exc
    except Exception as exc:
        raise OutputError(f"{path}: invalid catalog: {exc}") from exc


def languages(locales: Path) -> list[str]:
    """Return the languages that have catalogs under locales."""
    return (
        sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES").is_dir())
        if locales.is_dir()
        else []
    )


def init_language(locales: Path, language: str) -> list[Path]:
    """Create empty catalogs for a new language from the templates; return the files written."""
    from babel import Locale

    Locale.parse(language)
    written = []
    for domain in DOMAINS:
        template = read_catalog(template_path(locales, domain))
        catalog = _new_catalog(domain, language)
        catalog.update(template, no_fuzzy_matching=True)
        path = catalog_path(language, domain, locales)
        if path.exists():
            raise OutputError(f"{path} exists already; use 'briefs i18n update' instead")
        write_catalog(catalog, path)
        written.append(path)
    return written


def update_languages(locales: Path) -> list[Path]:
    """Merge the templates into every language's catalogs; changed sources become fuzzy."""
    written = []
    for domain in DOMAINS:
        template = read_catalog(template_path(locales, domain))
        for language in languages(locales):
            path = catalog_path(language, domain, locales)
            catalog = (
                read_catalog(path, language)
                if path.exists()
                else Catalog(locale=language, domain=domain)
            )
            catalog.update(template)
            write_catalog(catalog, path)
            written.append(path)
    return written


Needed = tuple[str, str | None]
"""A message a build needs: its source text and its context."""


@dataclass
class CatalogStatus:
    """How complete one language's catalog is against what is needed."""

    language: str
    domain: str
    total: int = 0
    translated: int = 0
    fuzzy: list[Needed] = field(default_factory=list)
    missing: list[Needed] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Return whether nothing is missing or fuzzy."""
        return not self.fuzzy and not self.missing

    @property
    def percent(self) -> float:
        """Return the share of needed messages translated (fuzzy ones do not count)."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_status(
    language: str, domain: str, needed: list[tuple[str, str | None]], locales: Path
) -> CatalogStatus:
    """Compare a language's catalog with the (msgid, context) pairs needed."""
    status = CatalogStatus(language, domain, total=len(needed))
    path = catalog_path(language, domain, locales)
    catalog = read_catalog(path, language) if path.exists() else Catalog(locale=language)
    for msgid, context in needed:
        message = catalog.get(msgid, context=context)
        if message is None or not _has_translation(message):
            status.missing.append((msgid, context))
        elif message.fuzzy:
            status.fuzzy.append((msgid, context))
        else:
            status.translated += 1
    return status


def needed_messages(
    locales: Path, domain: str, data: ConferenceFile | None
) -> list[tuple[str, str | None]]:
    """Return the (msgid, context) pairs a build needs: the committed .pot, or the data's texts."""
    if domain == CONTENT_DOMAIN and data is not None:
        return list(dict.fromkeys((m.text, m.context) for m in content_messages(data)))
    template = read_catalog(template_path(locales, domain))
    return [(_singular(m.id), m.context) for m in template if m.id]


def statuses(
    locales: Path, data: ConferenceFile | None, only: list[str] | None = None
) -> Iterator[CatalogStatus]:
    """Yield the status of every catalog of every non-source language (or only those given)."""
    for language in only or languages(locales):
        if language == SOURCE_LANGUAGE:
            continue
        for domain in DOMAINS:
            yield catalog_status(language, domain, needed_messages(locales, domain, data), locales)


def compile_languages(locales: Path) -> list[Path]:
    """Write .mo files beside every .po for other tools; briefs itself compiles in memory."""
    from babel.messages.mofile import write_mo

    written = []
    for language in languages(locales):
        for domain in DOMAINS:
            path = catalog_path(language, domain, locales)
            if not path.exists():
                continue
            catalog = read_catalog(path, language)
            errors = list(catalog.check())
            if errors:
                message, problems = errors[0]
                raise OutputError(
                    f"{path}: {label(_singular(message.id), message.context)}: {problems[0]}"
                )
            target = path.with_suffix(".mo")
            with target.open("wb") as stream:
                write_mo(stream, catalog, use_fuzzy=False)
            written.append(target)
    return written


def _singular(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _has_translation(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def label(msgid: str, context: str | None) -> str:
    """Return a short, quoted name of a message for reports."""
    short = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    return f"[{context}] {short!r}" if context else repr(short)
