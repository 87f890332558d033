"""One PO file per language for a translator: export what a conference still needs, merge it back.

The exported file holds both kinds of text a conference's documents need — template strings
(briefs.po) and the conference's content (<conference-id>.po) — but only those missing or fuzzy,
each with its English source, its context and where it comes from. Merging writes each
translated entry into the catalog it belongs to, in the workspace, after checking it as strictly
as msgfmt; a file that would break a catalog is refused whole.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from briefs.errors import OutputError
from briefs.i18n.catalogs import (
    catalog_path,
    check_catalog,
    needed_messages,
    new_catalog,
    read_catalog,
    template_catalog,
    write_catalog,
)
from briefs.i18n.localization import TEMPLATE_DOMAIN, content_domain
from briefs.models import ConferenceFile
from briefs.workspace import Resources


def _domains(data: ConferenceFile) -> tuple[str, str]:
    return TEMPLATE_DOMAIN, content_domain(data.conference.id)


def _current(language: str, domain: str, resources: Resources) -> Catalog:
    path = resources.catalog(language, domain)
    return read_catalog(path, language) if path else Catalog(locale=language, domain=domain)


def export_for_translator(
    target: Path, language: str, data: ConferenceFile, resources: Resources
) -> int:
    """Write the missing and fuzzy texts of a language to target; return how many."""
    from briefs.guard import Guard

    guard = Guard(data.secret_names())
    export = new_catalog(f"{data.conference.id}-{language}", language)
    count = 0
    for domain in _domains(data):
        current = _current(language, domain, resources)
        try:
            template = template_catalog(domain, resources.catalog_dirs[0], resources)
        except OutputError:
            template = Catalog()
        for msgid, context in needed_messages(domain, data, resources):
            if guard.find(msgid):
                continue  # never hand a protected name to a translator
            existing = current.get(msgid, context=context)
            if existing is not None and _complete(existing):
                continue
            source = template.get(msgid, context=context) or existing
            message = Message(
                source.id if source is not None else msgid,
                copy.copy(existing.string) if existing is not None else "",
                context=context,
                auto_comments=list(source.auto_comments) if source is not None else [],
                flags={"fuzzy"} if existing is not None and existing.fuzzy else set(),
            )
            if existing is not None and existing.previous_id:
                message.previous_id = existing.previous_id
            export[message.id] = message
            count += 1
    write_catalog(export, target)
    return count


@dataclass
class MergeReport:
    """What a merge changed, per catalog."""

    added: dict[Path, int] = field(default_factory=dict)
    changed: dict[Path, int] = field(default_factory=dict)
    unchanged: int = 0
    untranslated: int = 0
    unknown: int = 0

    def lines(self) -> list[str]:
        """Return a short report for the terminal."""
        lines = []
        for path in sorted(set(self.added) | set(self.changed)):
            lines.append(
                f"{path}: {self.added.get(path, 0)} new, {self.changed.get(path, 0)} changed"
            )
        lines.append(
            f"{self.unchanged} unchanged, {self.untranslated} still untranslated or fuzzy, "
            f"{self.unknown} not needed by this conference (ignored)"
        )
        return lines


def merge_translator_file(
    source: Path, data: ConferenceFile, locales: Path, resources: Resources
) -> MergeReport:
    """Merge a translator's file into the workspace's catalogs of its language."""
    language = _language_of(source)
    incoming = read_catalog(source, language)
    report = MergeReport()
    targets: dict[str, tuple[Path, Catalog]] = {}
    needed = {domain: set(needed_messages(domain, data, resources)) for domain in _domains(data)}
    for message in incoming:
        if not message.id:
            continue
        key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
        domain = next((d for d, keys in needed.items() if key in keys), None)
        if domain is None:
            report.unknown += 1
            continue
        if not _complete(message):
            report.untranslated += 1
            continue
        if domain not in targets:
            path = catalog_path(locales, language, domain)
            if path.is_file():
                catalog = read_catalog(path, language)
            else:
                catalog = copy.deepcopy(_current(language, domain, resources))
                if not len(catalog):
                    catalog = new_catalog(domain, language)
                    catalog.update(template_catalog(domain, locales, resources))
            targets[domain] = (path, catalog)
        path, catalog = targets[domain]
        existing = catalog.get(message.id, context=message.context)
        if existing is None:
            catalog[message.id] = Message(message.id, message.string, context=message.context)
            report.added[path] = report.added.get(path, 0) + 1
        elif existing.string == message.string and not existing.fuzzy:
            report.unchanged += 1
        else:
            was_translated = bool(existing.string) and not existing.fuzzy
            existing.string = message.string
            existing.flags.discard("fuzzy")
            existing.previous_id = []
            counts = report.changed if was_translated else report.added
            counts[path] = counts.get(path, 0) + 1
    staged = []
    for path, catalog in targets.values():
        candidate = path.with_name(f".{path.name}.merging")
        write_catalog(catalog, candidate)
        staged.append((candidate, path))
    problems = [problem for candidate, _ in staged for problem in check_catalog(candidate)]
    if problems:
        for candidate, _ in staged:
            candidate.unlink(missing_ok=True)
        raise OutputError(
            f"{source}: not merged, it would break a catalog: "
            + "; ".join(p.replace(".merging", "") for p in problems)
        )
    for candidate, path in staged:
        candidate.replace(path)
    return report


def _complete(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not message.fuzzy and all(strings)


def _language_of(source: Path) -> str:
    from babel.messages.pofile import read_po

    with source.open("rb") as stream:
        catalog = read_po(stream)
    if catalog.locale is None:
        raise OutputError(f"{source}: the file names no language (its 'Language:' header is empty)")
    return str(catalog.locale)
