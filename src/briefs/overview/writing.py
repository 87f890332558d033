"""Write `out/<conference>/index.html` and its page-1 thumbnails from what a build left behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from briefs.errors import LeakError, OutputError
from briefs.guard import Guard
from briefs.i18n.catalogs import label, statuses
from briefs.i18n.localization import TEMPLATE_DOMAIN, content_domain, language_of
from briefs.models import ConferenceFile
from briefs.outputs import atomic_write
from briefs.overview.page import LeakCheck, Notice, Thumbnail, Translator, assemble
from briefs.overview.sources import manifest_entries, recorded_pages, sent_records
from briefs.overview.thumbnails import (
    THUMBS_DIR,
    page_count,
    picture_size,
    render_first_page,
    thumbnail_name,
)
from briefs.rendering import render_html_pieces
from briefs.resources import display_path
from briefs.workspace import Resources
from briefs.writers.html_writer import PALETTE, SANS, SERIF

INDEX_NAME = "index.html"
TEMPLATE = "overview.html.j2"
INTERFACE_LOCALE = "en_GB"


def overview_path(out_dir: Path, conference_id: str) -> Path:
    """Return where the overview of a conference's build is written."""
    return out_dir / conference_id / INDEX_NAME


def write_overview(
    out_dir: Path,
    data: ConferenceFile,
    date: dt.date,
    resources: Resources,
    notices: Sequence[Notice] = (),
    locale: str = INTERFACE_LOCALE,
    verified: Collection[str] = (),
) -> Path:
    """Write the overview page of data's build in out_dir, with thumbnails; return its path.

    The page passes the leak guard before it replaces the old one; thumbnails no longer shown
    are removed, missing ones drawn and written one at a time. Every file in the manifest
    passed the guard when briefs wrote it: only files whose bytes changed since (their SHA-256
    differs) are searched again, and `verified` names the manifest paths whose bytes the
    caller has just written or checked (a build's), which are not read again. `notices` are
    the command's warnings; missing and fuzzy translations are added from the catalogs
    themselves, so `briefs email` shows them as `briefs build` did.

    Memory does not grow with the page: it is rendered, checked and written piece by piece.
    """
    conference_id = data.conference.id
    page_dir = out_dir / conference_id
    entries = manifest_entries(out_dir, conference_id)
    guard = Guard(data.secret_names())
    notices = list(notices)
    files = _read_files(out_dir, page_dir, entries, guard, frozenset(verified))
    notices += files.notices
    sent, problem = sent_records(out_dir, conference_id)
    if problem:
        notices.append(Notice("Send log", problem))
    languages = sorted(
        {str(e.get("requested_language") or e["language"]) for e in entries if e.get("language")}
    )
    catalog_statuses = list(statuses(data, resources, only=languages)) if languages else []
    overview = assemble(
        data,
        date.isoformat(),
        entries,
        files.thumbnails,
        catalog_statuses,
        _translators(resources, conference_id, {s.language for s in catalog_statuses}),
        sent,
        LeakCheck(len(entries), len(data.secret_names()), tuple(files.findings)),
        notices,
        _labeller(guard),
    )
    context = {
        "overview": overview,
        "language": language_of(locale),
        "palette": PALETTE,
        "serif": SERIF,
        "sans": SANS,
    }
    pieces = render_html_pieces(TEMPLATE, context, locale, resources)
    index = overview_path(out_dir, conference_id)
    _write_page(index, _checked(pieces, guard, f"{conference_id}/{INDEX_NAME}"))
    _remove_stale_thumbnails(page_dir / THUMBS_DIR, files.shown)
    return index


OVERLAP = 4096
"""Characters of a piece searched again with the next one: no protected name is that long."""


def _checked(pieces: Iterable[str], guard: Guard, name: str) -> Iterator[bytes]:
    """Yield each piece of a page encoded once it and its neighbours passed the leak guard.

    A piece is searched together with the end of the one before, so a name across two pieces
    is found; each piece is handed on only after the next one was searched, so nothing of a
    page that leaks reaches the disk, even in part.
    """
    tail = ""
    held: str | None = None
    for piece in pieces:
        if guard:
            findings = list(dict.fromkeys(guard.scan(name, (tail + piece).encode())))
            if findings:
                raise LeakError(findings)
            tail = piece[-OVERLAP:]
        if held is not None:
            yield held.encode("utf-8")
        held = piece
    if held is not None:
        yield held.encode("utf-8")


def _write_page(index: Path, pieces: Iterable[bytes]) -> None:
    """Replace the page with pieces (synced, renamed), unless it holds those bytes already."""
    temporary = index.with_name(f".{index.name}.briefs-tmp")
    digest = hashlib.sha256()
    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            for piece in pieces:
                digest.update(piece)
                stream.write(piece)
            changed = _sha256(index) != digest.hexdigest()
            if changed:
                stream.flush()
                os.fsync(stream.fileno())
        if changed:
            os.replace(temporary, index)
    except OSError as exc:
        raise OutputError(f"cannot write {index}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class _Files:
    """What reading a build's files gave: thumbnails (by PDF path), their names, leaks, notices."""

    thumbnails: dict[str, tuple[Thumbnail, int]] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)  # the thumbnails' names
    findings: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def _read_files(
    out_dir: Path,
    page_dir: Path,
    entries: Sequence[Mapping[str, Any]],
    guard: Guard,
    verified: frozenset[str],
) -> _Files:
    """Read the listed files: search each again if it changed, draw page 1 of each PDF.

    One file at a time: a missing thumbnail is drawn and written at once, none is held. A
    PDF's page count is read from its manifest entry (the build records it as it draws the
    thumbnail), so a PDF whose thumbnail is drawn is not opened again; a PDF changed since
    the build, or whose entry records no count, is counted with PDFium.
    """
    found = _Files()
    for entry in entries:
        path = str(entry["path"])
        is_pdf = entry.get("format") == "pdf"
        content: bytes | None = None
        if path in verified and isinstance(entry.get("sha256"), str):
            digest = str(entry["sha256"])
        else:
            try:
                content = (out_dir / path).read_bytes()
            except OSError as exc:
                found.notices.append(
                    Notice("Files", f"{path}: cannot read ({exc.strerror or exc})")
                )
                continue
            digest = hashlib.sha256(content).hexdigest()
            if digest != entry.get("sha256"):  # the same bytes passed the guard when written
                found.notices.append(Notice("Files", f"{path}: changed since briefs wrote it"))
                found.findings += guard.scan(path, content)
        if not is_pdf:
            continue
        name = thumbnail_name(digest)  # named by the PDF's hash: same PDF, same picture
        pages = recorded_pages(entry) if digest == entry.get("sha256") else None
        try:
            size = picture_size(page_dir / name)
            if size is None or pages is None:
                if content is None:
                    content = (out_dir / path).read_bytes()
                if size is None:
                    rendered = render_first_page(content)
                    atomic_write(page_dir / name, rendered.picture)
                    size, pages = (rendered.width, rendered.height), rendered.pages
                else:
                    pages = page_count(content)
        except OutputError:
            raise
        except Exception as exc:  # PDFium's and Pillow's errors share no base but Exception
            found.notices.append(Notice("Files", f"{path}: no thumbnail ({exc})"))
            continue
        found.shown.add(name)
        found.thumbnails[path] = (Thumbnail(name, *size), pages)
    return found


def _translators(
    resources: Resources, conference_id: str, languages: set[str]
) -> dict[tuple[str, str], Translator]:
    """Return, per (language, domain), the catalog file and its team or last translator."""
    found = {}
    for language in sorted(languages):
        for domain in (TEMPLATE_DOMAIN, content_domain(conference_id)):
            path = resources.catalog(language, domain)
            if path is None:  # where `briefs i18n init` would create it
                path = resources.catalog_dirs[0] / language / "LC_MESSAGES" / f"{domain}.po"
            who = _who(*_team_and_translator(path)) if path.is_file() else ""
            found[(language, domain)] = Translator(display_path(path), who)
    return found


def _team_and_translator(path: Path) -> tuple[str, str]:
    """Return a catalog's Language-Team and Last-Translator, parsing only its header entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise OutputError(f"{path}: unreadable catalog ({exc})") from None
    header = text.split("\n\n", 1)[0]  # the header entry ends at the first blank line
    catalog = read_po(io.StringIO(header))
    return str(catalog.language_team or ""), str(catalog.last_translator or "")


def _who(team: str, translator: str) -> str:
    placeholders = ("", "LANGUAGE <LL@li.org>", "FULL NAME <EMAIL@ADDRESS>")
    names = [str(value) for value in (team, translator) if str(value or "") not in placeholders]
    return " · ".join(names)


def _labeller(guard: Guard) -> Callable[[str, str | None], str]:
    def shown(msgid: str, context: str | None) -> str:
        if guard.find(msgid):  # the whole text: a shortened label could cut a name in half
            return f"[{context}] (text withheld: it contains a protected name)"
        return label(msgid, context)

    return shown


def _remove_stale_thumbnails(directory: Path, shown: set[str]) -> None:
    if not directory.is_dir():
        return
    for picture in [*directory.glob("*.png"), *directory.glob("*.jpg")]:  # PNG: older builds
        if f"{THUMBS_DIR}/{picture.name}" not in shown:
            picture.unlink(missing_ok=True)
