"""Plan, render and write every brief and digest; the only layer that touches the filesystem."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefs.content import localize_content, phrases
from briefs.document import Document
from briefs.errors import LeakError, OutputError, SelectionError
from briefs.leaks import Guard
from briefs.localization import TEMPLATE_DOMAIN, translations_for
from briefs.models import ConferenceFile
from briefs.naming import safe_filename
from briefs.rendering import prepare_templates, render_document
from briefs.views import brief_view, digest_view, themes_of
from briefs.writers import FORMATS, Stamp, writer_for

MANIFEST_NAME = "manifest.json"
PARALLEL_THRESHOLD = 8  # below this many documents, forking costs more than it saves

Kind = Literal["brief", "digest", "email"]


@dataclass(frozen=True)
class BuildOptions:
    """What to build: selections (empty = everything), formats and the date printed on briefs.

    `previews` adds each document's HTML page beside the selected formats: the overview links it
    as the quick look at a brief, so a plain build writes it too (0.1 ms and 11 KB a brief).
    """

    audiences: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("docx", "pdf")
    build_date: dt.date = field(default_factory=dt.date.today)
    jobs: int = 0  # 0: one process per core
    previews: bool = True

    def written_formats(self) -> tuple[str, ...]:
        """Return the formats each document is written in: the selected ones, then the preview."""
        if self.previews and "html" not in self.formats:
            return (*self.formats, "html")
        return self.formats


@dataclass(frozen=True)
class Job:
    """One document (a theme brief or a digest) for one audience, written in every format."""

    kind: Kind
    audience: str
    theme: str | None
    number: int


@dataclass(frozen=True)
class Output:
    """A produced file, in memory until every output of the build has passed the leak guard."""

    path: str
    kind: Kind
    audience: str
    theme: str | None
    language: str
    format: str
    data: bytes

    def manifest_entry(self) -> dict[str, Any]:
        """Return this output's manifest record."""
        return {
            "path": self.path,
            "sha256": hashlib.sha256(self.data).hexdigest(),
            "bytes": len(self.data),
            "kind": self.kind,
            "audience": self.audience,
            "theme": self.theme,
            "language": self.language,
            "format": self.format,
        }


def source_date() -> dt.datetime | None:
    """Return the moment SOURCE_DATE_EPOCH names (for reproducible outputs), or None if unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise SelectionError(f"SOURCE_DATE_EPOCH {epoch!r} is not a Unix timestamp") from exc


def build_date_from_environment(explicit: dt.date | None) -> dt.date:
    """Return --date if given, else the date of SOURCE_DATE_EPOCH if set, else today."""
    if explicit is not None:
        return explicit
    moment = source_date()
    return moment.date() if moment is not None else dt.date.today()


def plan(data: ConferenceFile, options: BuildOptions) -> list[Job]:
    """Return the documents to produce, checking that every selected id exists."""
    _check_selection("audience", options.audiences, [a.id for a in data.audiences])
    _check_selection("theme", options.themes, [s.id for s in data.sessions])
    _check_selection("format", options.formats, list(FORMATS))
    jobs: list[Job] = []
    for audience in data.audiences:
        if options.audiences and audience.id not in options.audiences:
            continue
        if options.themes:
            themes = [data.session(theme) for theme in options.themes]
        else:
            themes = themes_of(data, audience)
            jobs.append(Job("digest", audience.id, None, 0))
        jobs += [Job("brief", audience.id, s.id, n) for n, s in enumerate(themes, start=1)]
    return jobs


def _check_selection(kind: str, selected: Sequence[str], known: list[str]) -> None:
    for value in selected:
        if value not in known:
            raise SelectionError(f"unknown {kind} {value!r} (known: {', '.join(sorted(known))})")


def document_for(data: ConferenceFile, job: Job, options: BuildOptions) -> tuple[Document, str]:
    """Render one job's document in its audience's language; return it and its file stem."""
    audience = data.audience(job.audience)
    localized = localize_content(data, audience.language)
    local_audience = localized.audience(job.audience)
    _ = translations_for(audience.language, TEMPLATE_DOMAIN).gettext
    phrase = phrases(data, audience.language)  # from the English data: their msgids are English
    if job.kind == "digest":
        context = digest_view(localized, local_audience, options.build_date, phrase)
        document = render_document("digest.xml.j2", context, audience.locale)
        return document, "00 " + _("Digest") + " – " + localized.conference.title
    assert job.theme is not None
    session = localized.session(job.theme)
    context = brief_view(localized, local_audience, session, options.build_date, phrase)
    document = render_document("brief.xml.j2", context, audience.locale)
    return document, f"{job.number:02d} " + _("Brief") + " – " + session.title


def produce(data: ConferenceFile, job: Job, options: BuildOptions, guard: Guard) -> list[Output]:
    """Render one job's document and write it in every selected format, in memory."""
    document, stem = document_for(data, job, options)
    audience = data.audience(job.audience)
    stamp = Stamp(dt.datetime.combine(options.build_date, dt.time(0, 0), tzinfo=dt.UTC))
    outputs = []
    for name in options.written_formats():
        writer = writer_for(name)
        buffer = io.BytesIO()
        writer.write(document, buffer, stamp)
        relative = f"{data.conference.id}/{audience.id}/{safe_filename(stem, writer.suffix)}"
        output = Output(
            relative, job.kind, audience.id, job.theme, audience.language, name, buffer.getvalue()
        )
        findings = guard.scan(output.path, output.data)
        if findings:
            raise LeakError(findings)
        outputs.append(output)
    return outputs


# Worker state for forked processes: set in the parent just before the pool forks.
_WORK: tuple[ConferenceFile, list[Job], BuildOptions, Guard] | None = None


def _produce_at(index: int) -> list[Output]:
    assert _WORK is not None
    data, jobs, options, guard = _WORK
    return produce(data, jobs[index], options, guard)


def render_all(
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    progress: Callable[[int], None] | None = None,
) -> list[Output]:
    """Produce every job's outputs, on all cores when there are enough jobs; order is kept."""
    global _WORK
    guard = Guard(data.secret_names())
    workers = options.jobs or os.cpu_count() or 1
    results: list[list[Output]] = [[] for _ in jobs]
    if workers > 1 and len(jobs) >= PARALLEL_THRESHOLD and _can_fork():
        locales = {data.audience(job.audience).locale for job in jobs}
        prepare_templates(locales, ("brief.xml.j2", "digest.xml.j2"))
        for name in options.written_formats():
            writer_for(name).prepare()
        for language in {data.audience(job.audience).language for job in jobs}:
            localize_content(data, language)
        _WORK = (data, jobs, options, guard)
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(min(workers, len(jobs))) as pool:
                indexed = pool.imap(_produce_at, range(len(jobs)), chunksize=1)
                for index, outputs in enumerate(indexed):
                    results[index] = outputs
                    if progress:
                        progress(1)
        finally:
            _WORK = None
    else:
        for index, job in enumerate(jobs):
            results[index] = produce(data, job, options, guard)
            if progress:
                progress(1)
    return [output for outputs in results for output in outputs]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def write_outputs(
    out_dir: Path,
    outputs: list[Output],
    date: dt.date,
    replaces: Callable[[dict[str, Any]], bool] = lambda entry: True,
) -> list[str]:
    """Write outputs atomically, then the manifest, then remove what they replace.

    Earlier manifest entries for which `replaces` is true and that were not produced again are
    deleted (a build replaces everything; drafting emails replaces only those drafts); other
    entries are kept. Files briefs never listed are never touched. Returns the paths removed.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir}: {exc.strerror or exc}") from exc
    root = out_dir.resolve()
    previous = read_manifest(out_dir)
    for output in outputs:
        target = (out_dir / output.path).resolve()
        if not target.is_relative_to(root):
            raise OutputError(f"output path {output.path!r} would leave {out_dir}")
    for output in outputs:
        atomic_write(out_dir / output.path, output.data)
    produced = {output.path for output in outputs}
    kept = [entry for entry in previous if entry["path"] not in produced and not replaces(entry)]
    manifest: dict[str, Any] = {
        "generator": "briefs",
        "date": date.isoformat(),
        "files": sorted([o.manifest_entry() for o in outputs] + kept, key=lambda e: str(e["path"])),
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    atomic_write(out_dir / MANIFEST_NAME, text.encode("utf-8"))
    removed = []
    listed = {entry["path"] for entry in manifest["files"]}
    for entry in previous:
        path = entry["path"]
        if path in listed:
            continue
        stale = (out_dir / path).resolve()
        if stale.is_relative_to(root) and stale.is_file():
            stale.unlink()
            removed.append(path)
            _remove_empty_parents(stale.parent, root)
    return removed


def read_manifest(out_dir: Path) -> list[dict[str, Any]]:
    """Return the file records of the manifest in out_dir, or [] if there is none."""
    path = out_dir / MANIFEST_NAME
    try:
        files = json.loads(path.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [
        entry for entry in files if isinstance(entry, dict) and isinstance(entry.get("path"), str)
    ]


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same directory and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".briefs-", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


def _remove_empty_parents(directory: Path, root: Path) -> None:
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


def summarize_outputs(outputs: list[Output]) -> Iterator[str]:
    """Yield lines counting outputs per audience and format."""
    counts: dict[tuple[str, str], int] = {}
    for output in outputs:
        key = (output.audience, output.format)
        counts[key] = counts.get(key, 0) + 1
    for audience in sorted({a for a, _ in counts}):
        parts = [f"{counts[(audience, f)]} {f.upper()}" for f in FORMATS if (audience, f) in counts]
        yield f"  {audience:<10} {', '.join(parts)}"
