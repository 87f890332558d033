"""Plan and render every brief and digest, and hand them to the conference's output folder."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import gc
import hashlib
import io
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs.allocator import keep_freed_memory
from briefs.document import Document
from briefs.errors import LeakError, SelectionError
from briefs.fingerprints import Fingerprints
from briefs.guard import Guard
from briefs.i18n import typography
from briefs.i18n.catalogs import Needed
from briefs.i18n.content import content_messages, localize_content, phrases
from briefs.i18n.localization import SOURCE_LANGUAGE, TEMPLATE_DOMAIN, translations_for
from briefs.models import Audience, ConferenceFile
from briefs.naming import safe_filename
from briefs.outputs import Entry, Kind, Output, Transaction, read_manifest, transaction
from briefs.rendering import prepare_templates, render_document
from briefs.views import brief_view, digest_view, themes_of
from briefs.workspace import Resources, bundled_resources
from briefs.writer_setup import writers_for
from briefs.writers import FORMATS, Stamp, Writer

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from briefs.early_workers import EarlyWorkers

# Below this many documents to render, one process is faster: on the 2-core development
# machine under load (seed documents, fastest of 3-4 tries, two runs), two forked workers
# took 1.25-1.36x the time of one for 8 documents, 0.91-1.23x for 16 and 0.83-0.84x for 24;
# starting and stopping the pool alone costs about 20 ms (benchmarks/fork_threshold.py).
# Checked again with thumbnails drawn by the workers (27 Nov): at load average 1.0, two took
# 0.83x the time of one for 4 documents, 0.67x for 8 and 0.63x for 24; at 3.3, 1.3x for 8
# and 1.55x for 24. So 20 stays: it holds under load, and costs little when the machine is quiet.
PARALLEL_THRESHOLD = 20
# From this many documents to render, workers are started fresh (spawn) and sent the data
# pickled, instead of forked: a forked worker starts with the parent's whole resident set (the
# loaded conference, its parsed catalogs and translated copies, and what loading left behind),
# which grows with the data. Peak of the largest process, generated batches, 2 workers, same
# CPU time either way within the noise (a fresh worker pays about 0.5 s of imports): forked /
# fresh 107 / 106 MiB at 480 documents, 130 / 119 MiB at 1,008, at 2,016 163 (forked, with
# the thumbnails still drawn by the overview) / 139 MiB.
# A script that builds this many documents through the API needs the usual
# `if __name__ == "__main__":` guard, as with any spawned worker; `briefs` itself has it.
FRESH_WORKERS_FROM = 500
IN_FLIGHT_PER_WORKER = 2  # jobs handed to a worker ahead: keeps it busy, bounds memory
LOCAL_AHEAD = 4  # documents this process renders ahead of the workers' (see _rendered_beside)
TEMPLATES = {"brief": "brief.xml.j2", "digest": "digest.xml.j2"}
FALLBACK_LOCALE = "en_GB"
FALLBACK_SALUTATION = "Dear Sir or Madam,"


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
    resources: Resources = field(default_factory=bundled_resources)
    gaps: Mapping[str, frozenset[Needed]] | None = None
    """Per language, the texts whose translation is missing or fuzzy (None: not checked)."""
    previews: bool = True
    force: bool = False  # rebuild every document, even those whose inputs did not change
    thumbnails: bool = False
    """Draw page 1 of each PDF for the overview as the PDF is made (on the workers), written
    beside it into `.thumbs/`: the overview then finds its pictures drawn."""
    keep_freed_memory: bool = False
    """Let the C allocator keep what rendering frees, in this process too if it renders (see
    `briefs.allocator`); a build's workers always do. The `briefs` command sets it; a program
    rendering through the API keeps its own allocator settings."""

    def written_formats(self) -> tuple[str, ...]:
        """Return the formats each document is written in: the selected ones, then the preview."""
        if self.previews and "html" not in self.formats:
            return (*self.formats, "html")
        return self.formats


@dataclass(frozen=True)
class Job:
    """One document (a theme brief or a digest) for one audience, written in every format.

    `inputs` is the digest of everything the document depends on (see `briefs.fingerprints`),
    recorded in its manifest entries; empty until `with_inputs` computes it.
    """

    kind: Kind
    audience: str
    theme: str | None
    number: int
    inputs: str = ""


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
        followed = [session.id for session in themes_of(data, audience)]
        # a brief keeps its number whatever the selection: its place among the audience's
        # interests, or after them for a theme the audience does not follow
        others = [session.id for session in data.sessions if session.id not in followed]
        numbers = {theme: n for n, theme in enumerate(followed + others, start=1)}
        if not options.themes:
            jobs.append(Job("digest", audience.id, None, 0))
        selected = options.themes or followed
        jobs += [Job("brief", audience.id, theme, numbers[theme]) for theme in selected]
    return jobs


def _check_selection(kind: str, selected: Sequence[str], known: list[str]) -> None:
    for value in selected:
        if value not in known:
            raise SelectionError(f"unknown {kind} {value!r} (known: {', '.join(sorted(known))})")


def document_for(data: ConferenceFile, job: Job, options: BuildOptions) -> tuple[Document, str]:
    """Render one job's document in its audience's language; return it and its file stem.

    If a text this document needs has no translation there (options.gaps), the whole document
    is written in English instead, so that no sentence mixes two languages.
    """
    audience = written_for(data, job, options.gaps)
    resources = options.resources
    localized = localize_content(data, audience.language, resources)
    local_audience = (
        audience if audience.language == SOURCE_LANGUAGE else localized.audience(job.audience)
    )
    _ = translations_for(audience.language, TEMPLATE_DOMAIN, resources).gettext
    phrase = phrases(data, audience.language, resources)  # their msgids are the English data
    if job.kind == "digest":
        context = digest_view(localized, local_audience, options.build_date, phrase)
        document = render_document(TEMPLATES["digest"], context, audience.locale, resources)
        return document, "00 " + _("Digest") + " – " + localized.conference.title
    assert job.theme is not None
    session = localized.session(job.theme)
    context = brief_view(localized, local_audience, session, options.build_date, phrase)
    document = render_document(TEMPLATES["brief"], context, audience.locale, resources)
    return document, f"{job.number:02d} " + _("Brief") + " – " + session.title


def needed_texts(data: ConferenceFile, job: Job) -> set[Needed]:
    """Return the content texts a job's document shows: the conference's and its sessions'."""
    sessions = set(shown_sessions(data, job))
    return {
        (message.text, message.context)
        for message in content_messages(data)
        if message.path[0] != "sessions" or data.sessions[int(message.path[1])].id in sessions
    }


def written_for(
    data: ConferenceFile, job: Job, gaps: Mapping[str, frozenset[Needed]] | None
) -> Audience:
    """Return the audience as the job's document addresses it: in English if it must be.

    That is when its language's template strings have a gap, or a content text the document
    shows does.
    """
    audience = data.audience(job.audience)
    missing = gaps.get(audience.language, frozenset()) if gaps is not None else frozenset()
    if not missing or audience.language == SOURCE_LANGUAGE:
        return audience
    template_gap = any(context is None or "|" not in context for _, context in missing)
    if not template_gap and not missing & needed_texts(data, job):
        return audience
    return in_english(audience)


def in_english(audience: Audience) -> Audience:
    """Return the audience as an English document addresses it (its language not ready)."""
    return audience.model_copy(
        update={
            "locale": FALLBACK_LOCALE,
            "institution": audience.institution_en,
            "salutation": FALLBACK_SALUTATION,
        }
    )


def produce(
    data: ConferenceFile,
    job: Job,
    options: BuildOptions,
    guard: Guard,
    writers: Mapping[str, Writer],
) -> list[Output]:
    """Render one job's document and write it in every selected format, in memory."""
    document, stem = document_for(data, job, options)
    audience = written_for(data, job, options.gaps)
    requested = data.audience(job.audience).language
    stem = typography.file_stem(stem, audience.language)
    stamp = Stamp(dt.datetime.combine(options.build_date, dt.time(0, 0), tzinfo=dt.UTC))
    outputs = []
    for name in options.written_formats():
        writer = writers[name]
        buffer = io.BytesIO()
        writer.write(document, buffer, stamp)
        relative = f"{data.conference.id}/{audience.id}/{safe_filename(stem, writer.suffix)}"
        details: tuple[tuple[str, str], ...] = ()
        if requested != audience.language:
            details += (("requested_language", requested),)
        if job.inputs:
            details += (("inputs", job.inputs),)
        output = Output(
            relative,
            job.kind,
            audience.id,
            job.theme,
            audience.language,
            name,
            buffer.getvalue(),
            details,
        )
        findings = guard.scan(output.path, output.data)
        if findings:
            raise LeakError(findings)
        if name == "pdf":
            output = _with_pdf_facts(output, options.thumbnails)
        outputs.append(output)
    return outputs


def _with_pdf_facts(output: Output, thumbnail: bool) -> Output:
    """Return a PDF's output with its page count as a detail of its manifest entry (`pages`),
    where the overview reads it, and, if `thumbnail`, the overview's picture of its page 1, to
    write beside it (drawing it gives the count).

    As it was if PDFium cannot read it: the overview tries again and says why.
    """
    from briefs.overview.thumbnails import (
        PAGES_DETAIL,
        page_count,
        render_first_page,
        thumbnail_name,
    )

    try:
        if not thumbnail:
            pages = page_count(output.data)
            return replace(output, details=(*output.details, (PAGES_DETAIL, pages)))
        rendered = render_first_page(output.data)
    except Exception:  # PDFium's and Pillow's errors share no base but Exception
        return output
    digest = hashlib.sha256(output.data).hexdigest()
    conference = output.path.split("/", 1)[0]
    return replace(
        output,
        details=(*output.details, (PAGES_DETAIL, rendered.pages)),
        beside=((f"{conference}/{thumbnail_name(digest)}", rendered.picture),),
    )


# State of a worker process, set once by the pool's initializer in the child.
_WORKER: tuple[ConferenceFile, list[Job], BuildOptions, Guard, Mapping[str, Writer]] | None = None


def _start_worker(
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    guard: Guard,
    writers: Mapping[str, Writer],
) -> None:
    global _WORKER
    _WORKER = (data, jobs, options, guard, writers)
    keep_freed_memory()
    gc.freeze()  # what it starts with lives as long as it does (see _collecting)


@contextlib.contextmanager
def _collecting() -> Iterator[None]:
    """Collect the garbage of rendering, and only that, while in this block.

    Everything alive when rendering starts (modules, the loaded data, catalogs, writers) lives
    until the build ends: it is frozen, so the collector never scans it again, and a forked
    worker's collector never writes to the pages it shares with this process (which would copy
    them). The collector is enabled inside the block even if the caller disabled it (the
    `briefs` command does, for its start-up: see `briefs.cli.main`), and left as it was after.
    On the seed, a tenth of the build's time went to collections that found nothing to free.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
        gc.unfreeze()


def _produce_at(index: int) -> list[Output]:
    assert _WORKER is not None
    data, jobs, options, guard, writers = _WORKER
    return produce(data, jobs[index], options, guard, writers)


def iter_outputs(
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    progress: Callable[[int], None] | None = None,
    early: EarlyWorkers | None = None,
) -> Iterator[Output]:
    """Yield every job's outputs in job order as they are produced, on all cores when it pays.

    Each output has passed the leak guard; the caller writes it away at once, so memory does
    not grow with the number of documents. With `early` workers (started as the build began,
    see `briefs.early_workers`), they and this process render together. A large batch is
    rendered by fresh worker processes even with one job (`--jobs 1`): what the renderer
    holds (translated copies of the data, fonts, writers) and what the loading left in this
    process then never add up in one process (at 2,016 documents, 204 MiB in one process
    against 139 MiB at most).
    """
    beside = early is not None and 2 <= len(jobs) < FRESH_WORKERS_FROM
    if early is not None and not beside:
        early.release()  # not needed: they would only hold their memory
    if not jobs:  # an unchanged rebuild: no writer to prepare (reportlab alone is 60 ms)
        return
    with _collecting():
        if early is not None and beside:
            yield from _rendered_beside(early, data, jobs, options, progress)
            early.release()
        else:
            yield from _rendered(data, jobs, options, progress)


def _rendered_beside(
    early: EarlyWorkers,
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    progress: Callable[[int], None] | None,
) -> Iterator[Output]:
    """Render on the early workers and in this process at once, yielding in job order.

    The workers are kept fed first (IN_FLIGHT_PER_WORKER jobs each, queued or running); while
    they are, this process renders the next job itself, holding at most LOCAL_AHEAD of its
    own finished documents behind the first unfinished one.
    """
    early.send(data)
    guard = Guard(data.secret_names())
    writers: Mapping[str, Writer] | None = None
    slots: collections.deque[AsyncResult[list[Output]] | list[Output]] = collections.deque()
    queued = IN_FLIGHT_PER_WORKER * early.count
    following = 0
    while following < len(jobs) or slots:
        while following < len(jobs) and sum(not isinstance(s, list) for s in slots) < queued:
            slots.append(early.submit(jobs[following], options))
            following += 1
        front = slots[0] if slots else None
        if front is not None and (isinstance(front, list) or front.ready()):
            slots.popleft()
            yield from front if isinstance(front, list) else front.get()
            if progress:
                progress(1)
        elif following < len(jobs) and sum(isinstance(s, list) for s in slots) < LOCAL_AHEAD:
            if writers is None:
                writers = writers_for(options.written_formats(), options.resources.cache_dir)
                if options.keep_freed_memory:
                    keep_freed_memory()
            slots.append(produce(data, jobs[following], options, guard, writers))
            following += 1
        elif front is not None:
            assert not isinstance(front, list)
            front.wait()


def _rendered(
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    progress: Callable[[int], None] | None,
) -> Iterator[Output]:
    guard = Guard(data.secret_names())
    writers = writers_for(options.written_formats(), options.resources.cache_dir)
    workers = options.jobs or os.cpu_count() or 1
    parallel = workers > 1 and len(jobs) >= PARALLEL_THRESHOLD
    if (parallel or len(jobs) >= FRESH_WORKERS_FROM) and _can_fork():
        method = start_method(len(jobs))
        if method == "fork":  # what the parent prepares, forked workers share
            prepare_templates(options.resources, tuple(TEMPLATES.values()))
            if options.thumbnails:
                from briefs.overview import thumbnails

                thumbnails.prepare()
            for language in {data.audience(job.audience).language for job in jobs}:
                localize_content(data, language, options.resources)
                translations_for(language, TEMPLATE_DOMAIN, options.resources)
            gc.freeze()  # and what was prepared for them (see _collecting)
        context = multiprocessing.get_context(method)
        initargs = (data, jobs, options, guard, writers)  # inherited by fork; pickled by spawn
        processes = min(workers, len(jobs))
        with context.Pool(processes, _start_worker, initargs) as pool:
            # at most IN_FLIGHT_PER_WORKER jobs per worker are queued or done but unwritten,
            # so finished outputs never pile up in memory while the caller writes them away
            window: collections.deque[AsyncResult[list[Output]]] = collections.deque()
            submitted = 0
            while submitted < len(jobs) or window:
                while submitted < len(jobs) and len(window) < processes * IN_FLIGHT_PER_WORKER:
                    window.append(pool.apply_async(_produce_at, (submitted,)))
                    submitted += 1
                yield from window.popleft().get()
                if progress:
                    progress(1)
    else:
        if options.keep_freed_memory:
            keep_freed_memory()
        for job in jobs:
            yield from produce(data, job, options, guard, writers)
            if progress:
                progress(1)


def render_all(
    data: ConferenceFile,
    jobs: list[Job],
    options: BuildOptions,
    progress: Callable[[int], None] | None = None,
) -> list[Output]:
    """Return every job's outputs in job order (in memory: for tests and small selections)."""
    return list(iter_outputs(data, jobs, options, progress))


def replaced_by(data: ConferenceFile, options: BuildOptions) -> Callable[[Entry], bool]:
    """Return whether an earlier manifest entry falls within this build's selection.

    Such entries are replaced (or removed, when no longer produced); everything else — other
    audiences, themes and formats, email drafts, other conferences — is kept as it is.
    """
    audiences = set(options.audiences or [audience.id for audience in data.audiences])
    formats = set(options.written_formats())

    def replaces(entry: Entry) -> bool:
        if entry.get("kind") not in ("brief", "digest"):
            return False
        if entry.get("audience") not in audiences or entry.get("format") not in formats:
            return False
        return not options.themes or entry.get("theme") in options.themes

    return replaces


def with_inputs(data: ConferenceFile, jobs: list[Job], options: BuildOptions) -> list[Job]:
    """Return the jobs with the digest of everything each document depends on."""
    written = [written_for(data, job, options.gaps) for job in jobs]
    fingerprints = Fingerprints.of(
        data,
        options.resources,
        {TEMPLATES[job.kind] for job in jobs},
        {audience.language for audience in written},
        options.build_date.isoformat(),
    )
    result = []
    for job, audience in zip(jobs, written, strict=True):
        inputs = fingerprints.document(
            job.kind,
            job.audience,
            job.theme,
            job.number,
            TEMPLATES[job.kind],
            audience.language,
            audience.language == data.audience(job.audience).language,
            shown_sessions(data, job),
        )
        result.append(replace(job, inputs=inputs))
    return result


def shown_sessions(data: ConferenceFile, job: Job) -> list[str]:
    """Return the ids of the sessions a document shows, in data order.

    A brief shows its theme; a digest the themes its audience follows and every session with
    an ask addressed to it.
    """
    if job.kind == "brief":
        return [str(job.theme)]
    followed = {session.id for session in themes_of(data, data.audience(job.audience))}
    return [
        session.id
        for session in data.sessions
        if session.id in followed
        or any(job.audience in rec.audiences for rec in session.recommendations)
    ]


def unchanged_entries(
    job: Job, previous: dict[tuple[Any, ...], Entry], formats: tuple[str, ...], tx: Transaction
) -> list[Entry] | None:
    """Return the earlier entries of a job's files if all can be kept as they are, else None.

    Kept only if every format was written from the same inputs and its file is still on disk
    with the bytes the manifest records.
    """
    found = []
    for name in formats:
        entry = previous.get((job.kind, job.audience, job.theme, name))
        if entry is None or entry.get("inputs") != job.inputs or not tx.unchanged(entry):
            return None
        found.append(entry)
    return found


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, removed, and which email drafts it left out of date.

    `rebuilt` counts the documents rendered, `kept` those whose inputs had not changed since
    the last build and whose files were carried over unchanged.
    """

    written: list[Entry]
    removed: list[str]
    stale_drafts: list[str]
    rebuilt: int = 0
    kept: int = 0


def build_outputs(
    data: ConferenceFile,
    options: BuildOptions,
    out_dir: Path,
    progress: Callable[[int], None] | None = None,
    early: EarlyWorkers | None = None,
) -> BuildResult:
    """Render the selected documents and swap them into the conference's output folder.

    All or nothing: an error or a leak anywhere leaves the folder as it was. Documents whose
    inputs did not change since the last build keep their files (unless `options.force`).
    Email drafts whose attachments changed are kept and marked stale in the manifest (run
    `briefs email`).
    """
    jobs = with_inputs(data, plan(data, options), options)
    conference_id = data.conference.id
    with transaction(out_dir, conference_id) as tx:
        previous = {entry["path"]: entry for entry in read_manifest(out_dir, conference_id)}
        documents = {
            (e.get("kind"), e.get("audience"), e.get("theme"), e.get("format")): e
            for e in previous.values()
            if e.get("kind") in TEMPLATES
        }
        formats = options.written_formats()
        rebuild = []
        for job in jobs:
            kept = None if options.force else unchanged_entries(job, documents, formats, tx)
            if kept is None:
                rebuild.append(job)
                continue
            for entry in kept:
                tx.keep(entry)
            if progress:
                progress(1)
        for output in iter_outputs(data, rebuild, options, progress, early):
            tx.add(output)
        changed = {
            entry["audience"]
            for entry in tx.entries
            if previous.get(entry["path"], {}).get("sha256") != entry["sha256"]
        }
        replaces = replaced_by(data, options)
        produced = {entry["path"] for entry in tx.entries}
        changed |= {
            str(entry.get("audience"))
            for entry in previous.values()
            if replaces(entry) and entry["path"] not in produced
        }

        def stale(entry: Entry) -> bool:
            return entry.get("kind") == "email" and entry.get("audience") in changed

        committed = tx.commit(replaces, options.build_date.isoformat(), stale)
    stale_drafts = [e["path"] for e in committed.entries if e.get("stale")]
    return BuildResult(
        tx.entries, committed.removed, stale_drafts, len(rebuild), len(jobs) - len(rebuild)
    )


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def start_method(documents: int) -> str:
    """Return how to start the workers for this many documents: forked, or fresh ("spawn")."""
    return "spawn" if documents >= FRESH_WORKERS_FROM else "fork"


def summarize_outputs(entries: list[Entry]) -> Iterator[str]:
    """Yield lines counting written files per audience and format."""
    counts: dict[tuple[str, str], int] = {}
    for entry in entries:
        key = (str(entry["audience"]), str(entry["format"]))
        counts[key] = counts.get(key, 0) + 1
    for audience in sorted({a for a, _ in counts}):
        parts = [f"{counts[(audience, f)]} {f.upper()}" for f in FORMATS if (audience, f) in counts]
        yield f"  {audience:<10} {', '.join(parts)}"
