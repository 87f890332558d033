"""Manage the gettext catalogs: extract (.pot), init, update (fuzzy), compile and status."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.errors import LeakError, OutputError
from briefs.i18n.content import content_messages
from briefs.i18n.localization import (
    CATALOG_CACHE,
    SOURCE_LANGUAGE,
    TEMPLATE_DOMAIN,
    content_domain,
    write_cache_file,
)
from briefs.models import ConferenceFile
from briefs.workspace import Resources

if TYPE_CHECKING:  # Babel's catalog classes load only for work on catalogs (a status is cached)
    from babel.messages.catalog import Catalog, Message

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
    catalog = new_catalog(TEMPLATE_DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_content(data: ConferenceFile, source: str) -> Catalog:
    """Return the content template: one entry per translatable text of the data."""
    from briefs.guard import Guard
    from briefs.loading import format_location

    catalog = new_catalog(content_domain(data.conference.id))
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


def new_catalog(domain: str, language: str | None = None) -> Catalog:
    from babel.messages.catalog import Catalog

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


def catalog_path(locales: Path, language: str, domain: str) -> Path:
    """Return where the .po catalog of a language and domain lives under a locales folder."""
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def write_catalog(catalog: Catalog, path: Path, template: bool = False) -> None:
    """Write a catalog as a .po/.pot file, stable across runs (no dates, sorted by source order).

    Babel wraps a long previous msgid (`#| msgid ...`) in the middle of its string, which
    GNU msgfmt rejects; those lines are written here the way msgmerge writes them.
    """
    from babel.messages.pofile import write_po

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
    text = _with_previous_msgids(buffer.getvalue().decode("utf-8"), catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write_text(path, _without_dates(text))


def _with_previous_msgids(po: str, catalog: Catalog) -> str:
    """Replace Babel's `#|` lines of each entry with correctly quoted ones."""
    from babel.messages.pofile import normalize

    blocks = po.split("\n\n")
    messages = list(catalog)  # the header first, then entries in the order written
    fixed = []
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        if index < len(messages) and any(line.startswith("#|") for line in lines):
            message = messages[index]
            previous: list[str] = []
            for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id, strict=False):
                quoted = normalize(text, width=100).split("\n")
                previous += [f"#| {keyword} {quoted[0]}", *(f"#| {line}" for line in quoted[1:])]
            first = next(i for i, line in enumerate(lines) if line.startswith("#|"))
            lines = [
                *lines[:first],
                *previous,
                *(line for line in lines[first:] if not line.startswith("#|")),
            ]
        fixed.append("\n".join(lines))
    return "\n\n".join(fixed)


def _atomic_write_text(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _without_dates(po: str) -> str:
    """Drop the creation date, which would change the templates on every extraction."""
    lines = [line for line in po.split("\n") if not line.startswith('"POT-Creation-Date')]
    return "\n".join(lines)


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    """Read a .po or .pot file, with the previous msgids (`#| msgid`) of fuzzy entries.

    Babel's reader does not know `#|` lines and would keep them as stray translator comments,
    which each later write would mangle further; they are read here instead.
    """
    from babel.messages.pofile import read_po

    try:
        text = path.read_bytes().decode("utf-8")
        previous, cleaned = _previous_msgids(text)
        with io.BytesIO(cleaned.encode("utf-8")) as stream:
            catalog = read_po(stream, locale=language, abort_invalid=True)
    except OSError as exc:
        raise OutputError(f"cannot read catalog {path}: {exc.strerror or exc}") from exc
    except Exception as exc:
        raise OutputError(f"{path}: invalid catalog: {exc}") from exc
    for (context, msgid), earlier in previous.items():
        message = catalog.get(msgid, context=context)
        if message is not None and message.fuzzy:
            message.previous_id = [earlier]
    return catalog


def _previous_msgids(text: str) -> tuple[dict[tuple[str | None, str], str], str]:
    """Return {(msgctxt, msgid): previous msgid} and the text without `#|` lines.

    Also drops `# | …` comments that earlier versions left when they misread `#|` lines.
    """
    from babel.messages.pofile import denormalize

    found: dict[tuple[str | None, str], str] = {}
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        kept = [line for line in lines if not line.startswith(("#|", "# |"))]
        previous = [line[3:] for line in lines if line.startswith("#| ")]
        if previous and previous[0].startswith("msgid "):
            strings = [previous[0][len("msgid ") :]]
            strings += [line for line in previous[1:] if line.startswith('"')]
            fields: dict[str, list[str]] = {}
            key = ""
            for line in kept:
                if line.startswith(("msgctxt ", "msgid ", "msgstr", "msgid_plural ")):
                    key, _, rest = line.partition(" ")
                    fields.setdefault(key, []).append(rest)
                elif line.startswith('"') and key:
                    fields[key].append(line)
            if "msgid" in fields:
                msgid = denormalize("\n".join(fields["msgid"]))
                context = denormalize("\n".join(fields["msgctxt"])) if "msgctxt" in fields else None
                found[(context, msgid)] = denormalize("\n".join(strings))
        blocks.append("\n".join(kept))
    return found, "\n\n".join(blocks)


@lru_cache(maxsize=32)
def _parsed_catalog(path: Path, language: str | None, content: bytes) -> Catalog:
    from babel.messages.pofile import read_po

    try:
        return read_po(io.BytesIO(content), locale=language, abort_invalid=True)
    except Exception as exc:
        raise OutputError(f"{path}: invalid catalog: {exc}") from exc


def language_of_catalog(path: Path) -> str:
    """Return the language of a catalog from its place: <lang>/LC_MESSAGES/<domain>.po."""
    return path.parent.parent.name


def languages(locales: Path) -> list[str]:
    """Return the languages that have catalogs under locales."""
    return (
        sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES").is_dir())
        if locales.is_dir()
        else []
    )


def template_catalog(domain: str, locales: Path, resources: Resources) -> Catalog:
    """Return the .pot of a domain: the workspace's own, else the bundled one."""
    for directory in (locales, *resources.catalog_dirs):
        path = template_path(directory, domain)
        if path.is_file():
            return read_catalog(path)
    raise OutputError(
        f"no {domain}.pot in {locales}: run 'briefs i18n extract' for this conference first"
    )


def init_language(
    locales: Path, language: str, data: ConferenceFile, resources: Resources
) -> list[Path]:
    """Start a language's catalogs: this conference's content and, if none exists, briefs.po."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError) as exc:
        raise OutputError(f"unknown language {language!r} (expected e.g. 'uk', 'lt')") from exc
    written = []
    for domain in (TEMPLATE_DOMAIN, content_domain(data.conference.id)):
        path = catalog_path(locales, language, domain)
        if path.exists() or (domain == TEMPLATE_DOMAIN and resources.catalog(language, domain)):
            continue  # exists here, or bundled: 'update' keeps it current
        catalog = new_catalog(domain, language)
        catalog.update(template_catalog(domain, locales, resources), no_fuzzy_matching=True)
        write_catalog(catalog, path)
        written.append(path)
    return written


def update_languages(locales: Path, data: ConferenceFile, resources: Resources) -> list[Path]:
    """Merge the templates into this workspace's catalogs; changed sources become fuzzy.

    Only this conference's content catalogs and the shared briefs.po files are touched; other
    conferences' catalogs are never read or written.
    """
    written = []
    for domain in (TEMPLATE_DOMAIN, content_domain(data.conference.id)):
        present = sorted(locales.glob(f"*/LC_MESSAGES/{domain}.po"))
        if not present:
            continue
        template = template_catalog(domain, locales, resources)
        for path in present:
            language = language_of_catalog(path)
            catalog = read_catalog(path, language)
            earlier = {(m.context, m.id): m.previous_id for m in catalog if m.previous_id}
            catalog.update(template)
            for message in catalog:  # a still-fuzzy entry keeps the source it was made for
                kept = earlier.get((message.context, message.id))
                if message.fuzzy and kept and not message.previous_id:
                    message.previous_id = kept
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
    path: Path | None = None

    @property
    def complete(self) -> bool:
        """Return whether nothing is missing or fuzzy."""
        return not self.fuzzy and not self.missing

    @property
    def percent(self) -> float:
        """Return the share of needed messages translated (fuzzy ones do not count)."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_status(
    language: str, domain: str, needed: list[Needed], resources: Resources
) -> CatalogStatus:
    """Compare a language's catalog (first along the catalog path) with the messages needed."""
    status = CatalogStatus(language, domain, total=len(needed))
    path = resources.catalog(language, domain)
    states = (
        {(msgid, context): state for msgid, context, state in _entries(path, language, resources)}
        if path
        else {}
    )
    for msgid, context in needed:
        state = states.get((msgid, context), MISSING)
        if state == MISSING:
            status.missing.append((msgid, context))
        elif state == FUZZY:
            status.fuzzy.append((msgid, context))
        else:
            status.translated += 1
    status.path = path
    return status


def needed_messages(domain: str, data: ConferenceFile, resources: Resources) -> list[Needed]:
    """Return the (msgid, context) pairs a build needs: the data's texts, or the bundled .pot."""
    if domain == content_domain(data.conference.id):
        return list(dict.fromkeys((m.text, m.context) for m in content_messages(data)))
    for directory in resources.catalog_dirs:
        path = template_path(directory, domain)
        if path.is_file():
            return [(msgid, context) for msgid, context, _ in _entries(path, None, resources)]
    return []


TRANSLATED, FUZZY, MISSING = "translated", "fuzzy", "missing"
"""The state of a catalog entry, as a status counts it."""
_INDEX_FORMAT = b"briefs-po-index-1\0"

Entry = tuple[str, str | None, str]
"""A catalog entry as statuses see it: its (singular) msgid, its context and its state."""


def _entries(path: Path, language: str | None, resources: Resources) -> list[Entry]:
    """Return every entry of a catalog with its state, in catalog order.

    With `resources.cache_dir` set, the list is kept in `cache_dir/catalogs/`, named by the
    SHA-256 of the language and the file's bytes (like the compiled catalogs): the check a
    build starts with and the overview it ends with then read an unchanged catalog without
    parsing it. A cache file that does not hold what it says is ignored and written again.
    """
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read catalog {path}: {exc.strerror or exc}") from exc
    if resources.cache_dir is None:
        return _index(_parsed_catalog(path, language, content))
    key = hashlib.sha256(_INDEX_FORMAT + (language or "").encode() + b"\0" + content).hexdigest()
    target = resources.cache_dir / CATALOG_CACHE / f"{key}.index.json"
    with contextlib.suppress(OSError, ValueError):
        stored = target.read_bytes()
        digest, _, payload = stored.partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() == digest:
            entries = json.loads(payload)
            if isinstance(entries, list) and all(_is_entry(entry) for entry in entries):
                return [(msgid, context, state) for msgid, context, state in entries]
    entries = _index(_parsed_catalog(path, language, content))
    payload = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    write_cache_file(target, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    return entries


def _is_entry(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], str)
        and (entry[1] is None or isinstance(entry[1], str))
        and entry[2] in (TRANSLATED, FUZZY, MISSING)
    )


def _index(catalog: Catalog) -> list[Entry]:
    return [
        (
            _singular(message.id),
            message.context,
            MISSING if not _has_translation(message) else FUZZY if message.fuzzy else TRANSLATED,
        )
        for message in catalog
        if message.id
    ]


def conference_languages(data: ConferenceFile) -> list[str]:
    """Return the languages a conference's audiences read, the source language excepted."""
    return sorted({a.language for a in data.audiences} - {SOURCE_LANGUAGE})


def statuses(
    data: ConferenceFile, resources: Resources, only: list[str] | None = None
) -> Iterator[CatalogStatus]:
    """Yield the status of both catalogs of each language the conference uses (or those given)."""
    needed: dict[str, list[Needed]] = {}  # the same in every language: worked out once
    for language in only if only is not None else conference_languages(data):
        if language == SOURCE_LANGUAGE:
            continue
        for domain in (TEMPLATE_DOMAIN, content_domain(data.conference.id)):
            if domain not in needed:
                needed[domain] = needed_messages(domain, data, resources)
            yield catalog_status(language, domain, needed[domain], resources)


def check_catalog(path: Path) -> list[str]:
    """Return what GNU msgfmt --check would refuse in a catalog: plural forms, placeholders.

    Checked: the header's plural forms match the language's (CLDR), every plural entry has as
    many forms, and every translation keeps the source's %(name)s / %s placeholders.
    """
    from babel.messages.plurals import get_plural

    language = language_of_catalog(path)
    catalog = read_catalog(path, language)
    problems = []
    expected = get_plural(language).num_plurals
    if catalog.num_plurals != expected:
        problems.append(
            f"{path}: the header declares {catalog.num_plurals} plural forms, "
            f"{language!r} has {expected}"
        )
    for message in catalog:
        if not message.id:
            continue
        for error in message.check(catalog):
            problems.append(f"{path}: {label(_singular(message.id), message.context)}: {error}")
        name = label(_singular(message.id), message.context)
        strings = _strings(message)
        if not isinstance(message.id, str) and any(strings) and len(strings) != expected:
            problems.append(
                f"{path}: {name}: {len(strings)} plural forms, {language!r} needs {expected}"
            )
        problems += [f"{path}: {name}: {problem}" for problem in _placeholder_problems(message)]
    return problems


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, str):
        return [message.string]
    return [text or "" for text in message.string or ()]


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def _placeholder_problems(message: Message) -> list[str]:
    """Return placeholders a translation adds or drops (a plural form may drop the count)."""
    sources = [message.id] if isinstance(message.id, str) else list(message.id)
    allowed = set().union(*(_placeholders(source) for source in sources))
    required = allowed if isinstance(message.id, str) else allowed - {"count", "num"}
    problems = []
    for translated in filter(None, _strings(message)):
        found = _placeholders(translated)
        if found - allowed:
            problems.append(f"unknown placeholder(s) {', '.join(sorted(found - allowed))}")
        if required - found and isinstance(message.id, str):
            problems.append(f"placeholder(s) {', '.join(sorted(required - found))} dropped")
    return problems


def compile_languages(locales: Path) -> list[Path]:
    """Check every catalog of the workspace and write .mo files beside them for other tools."""
    from babel.messages.mofile import write_mo

    paths = sorted(locales.glob("*/LC_MESSAGES/*.po"))
    problems = [problem for path in paths for problem in check_catalog(path)]
    if problems:
        raise OutputError("; ".join(problems))
    written = []
    for path in paths:
        catalog = read_catalog(path, language_of_catalog(path))
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
