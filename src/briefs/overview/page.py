"""The overview's typed model: what the page shows, assembled from a build's records.

Nothing here touches the filesystem: `assemble` takes the manifest's records, the send log's,
the catalog statuses, the thumbnails already drawn and the command's notices, and returns an
`Overview` that the template renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from briefs.i18n.catalogs import CatalogStatus
from briefs.models import ConferenceFile


@dataclass(frozen=True)
class Notice:
    """A warning of a command, under the topic it is grouped by."""

    topic: str
    text: str


@dataclass(frozen=True)
class Link:
    """A file of the build as the page links it: a URL relative to the page, and its format."""

    href: str
    format: str
    name: str
    bytes: int


@dataclass(frozen=True)
class Thumbnail:
    """Page 1 of a PDF as a picture beside the page, with its pixel size."""

    src: str
    width: int
    height: int


@dataclass(frozen=True)
class Cell:
    """One document (a digest or a theme brief for one audience) in all its formats."""

    title: str
    language: str
    pdf: Link | None
    docx: Link | None
    html: Link | None
    thumbnail: Thumbnail | None
    pages: int | None


@dataclass(frozen=True)
class Row:
    """One audience: its digest, its theme briefs in the order of the columns, its email draft."""

    audience: str
    institution: str
    institution_en: str
    language: str
    digest: Cell | None
    briefs: tuple[Cell | None, ...]
    email: Link | None
    sent: tuple[Sent, ...]


@dataclass(frozen=True)
class Column:
    """A theme of the conference that at least one built brief covers."""

    theme: str
    title: str


@dataclass(frozen=True)
class Coverage:
    """How far one language's catalog is translated, and who translates that file."""

    language: str
    domain: str
    translated: int
    fuzzy: int
    missing: int
    total: int
    percent: str
    file: str
    translator: str


@dataclass(frozen=True)
class Sent:
    """A draft that went out: to whom and when (UTC)."""

    audience: str
    draft: Link | None
    to: tuple[str, ...]
    when: str


@dataclass(frozen=True)
class LeakCheck:
    """The leak guard's result over the build's files."""

    files: int
    names: int
    findings: tuple[str, ...]


@dataclass(frozen=True)
class WarningGroup:
    """Warnings on one topic."""

    topic: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    conference_id: str
    title: str
    date: str
    file_count: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    languages: tuple[str, ...]
    coverage: tuple[Coverage, ...]
    leaks: LeakCheck
    sent: tuple[Sent, ...]
    warnings: tuple[WarningGroup, ...]


@dataclass(frozen=True)
class Translator:
    """Who a catalog file goes to: the file as shown to the user and its team or translator."""

    file: str
    translator: str


def href(path: str, conference_id: str) -> str:
    """Return the URL of a manifest path relative to out/<conference>/index.html."""
    relative = path.removeprefix(f"{conference_id}/")
    return quote(relative)


def assemble(
    data: ConferenceFile,
    date: str,
    entries: Sequence[Mapping[str, Any]],
    thumbnails: Mapping[str, tuple[Thumbnail, int]],
    statuses: Iterable[CatalogStatus],
    translators: Mapping[tuple[str, str], Translator],
    sent_log: Sequence[Mapping[str, Any]],
    leaks: LeakCheck,
    notices: Sequence[Notice],
    label: Callable[[str, str | None], str],
) -> Overview:
    """Return the overview of one conference's build.

    `thumbnails` maps a PDF's manifest path to its thumbnail and page count; `translators`
    maps (language, domain) to its catalog file; `label` names a catalog message in warnings
    (withholding texts with protected names).
    """
    conference = data.conference
    links = {str(e["path"]): _link(e, conference.id) for e in entries}
    themes_built = {e.get("theme") for e in entries if e.get("kind") == "brief"}
    columns = tuple(Column(s.id, s.title) for s in data.sessions if s.id in themes_built)
    by_audience: dict[Any, list[Mapping[str, Any]]] = {}
    for entry in entries:
        by_audience.setdefault(entry.get("audience"), []).append(entry)
    rows = []
    all_sent: list[Sent] = []
    for audience in data.audiences:
        if audience.id not in by_audience:
            continue
        mine = by_audience[audience.id]
        drafts = [links[str(e["path"])] for e in mine if e.get("kind") == "email"]
        sent = tuple(
            _sent(record, audience.id, links.get(str(record.get("path"))))
            for record in sent_log
            if record.get("audience") == audience.id
        )
        all_sent += sent
        rows.append(
            Row(
                audience=audience.id,
                institution=audience.institution,
                institution_en=audience.institution_en,
                language=audience.language,
                digest=_cell(mine, "digest", None, links, thumbnails),
                briefs=tuple(_cell(mine, "brief", c.theme, links, thumbnails) for c in columns),
                email=drafts[0] if drafts else None,
                sent=sent,
            )
        )
    languages = tuple(dict.fromkeys(str(e.get("language")) for e in entries if e.get("language")))
    coverage = []
    warnings: dict[str, list[str]] = {}
    for status in statuses:
        where = translators.get((status.language, status.domain), Translator("", ""))
        coverage.append(
            Coverage(
                language=status.language,
                domain=status.domain,
                translated=status.translated,
                fuzzy=len(status.fuzzy),
                missing=len(status.missing),
                total=status.total,
                percent=f"{status.percent:.0f}",
                file=where.file,
                translator=where.translator,
            )
        )
        topic = f"{status.language}: {status.domain}.po"
        for kind, needed in (("missing", status.missing), ("fuzzy", status.fuzzy)):
            warnings.setdefault(topic, []).extend(
                f"{kind} translation {label(*message)}: documents in {status.language!r} are "
                "written wholly in English until it is done"
                for message in needed
            )
    for notice in notices:
        warnings.setdefault(notice.topic, []).append(notice.text)
    return Overview(
        conference_id=conference.id,
        title=conference.title,
        date=date,
        file_count=len(entries),
        columns=columns,
        rows=tuple(rows),
        languages=languages,
        coverage=tuple(coverage),
        leaks=leaks,
        sent=tuple(sorted(all_sent, key=lambda s: (s.when, s.audience))),
        warnings=tuple(WarningGroup(t, tuple(m)) for t, m in warnings.items() if m),
    )


def _link(entry: Mapping[str, Any], conference_id: str) -> Link:
    path = str(entry["path"])
    return Link(
        href(path, conference_id),
        str(entry.get("format", "")),
        path.rsplit("/", 1)[-1],
        int(entry.get("bytes", 0)),
    )


def _cell(
    entries: Sequence[Mapping[str, Any]],
    kind: str,
    theme: str | None,
    links: Mapping[str, Link],
    thumbnails: Mapping[str, tuple[Thumbnail, int]],
) -> Cell | None:
    mine = [e for e in entries if e.get("kind") == kind and e.get("theme") == theme]
    if not mine:
        return None
    by_format = {str(e.get("format")): str(e["path"]) for e in mine}
    pdf = by_format.get("pdf")
    thumbnail, pages = thumbnails.get(pdf, (None, None)) if pdf else (None, None)
    name = links[next(iter(by_format.values()))].name
    return Cell(
        title=name.rsplit(".", 1)[0],
        language=str(mine[0].get("language", "")),
        pdf=links[pdf] if pdf else None,
        docx=links[by_format["docx"]] if "docx" in by_format else None,
        html=links[by_format["html"]] if "html" in by_format else None,
        thumbnail=thumbnail,
        pages=pages,
    )


def _sent(record: Mapping[str, Any], audience: str, draft: Link | None) -> Sent:
    to = record.get("to", [])
    return Sent(
        audience=audience,
        draft=draft,
        to=tuple(str(address) for address in to) if isinstance(to, list) else (str(to),),
        when=str(record.get("sent", "")).replace("T", " ").replace("+00:00", " UTC"),
    )
