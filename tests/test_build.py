"""The build: what it plans, what it writes, the manifest, reruns and selections."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefs.build import BuildOptions, Job, document_for, plan, render_all
from briefs.cli import main
from briefs.document import body_text
from briefs.errors import SelectionError
from briefs.loading import load_conference
from briefs.models import ConferenceFile
from briefs.workspace import bundled_resources
from extract import (
    docx_blocks,
    docx_text,
    expected_pdf_text,
    heading_texts,
    html_text,
    pdf_body_text,
    squeeze,
    without_repeated_table_headers,
)

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
DATE = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def seed() -> ConferenceFile:
    return load_conference(SEED)


@pytest.fixture(scope="module")
def seed_build(seed: ConferenceFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build everything for the seed once, the way `briefs build` does."""
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(SEED), "--out", str(out), "--date", DATE.isoformat()]) == 0
    return out


def manifest(out: Path, conference: str = "berlin-2024") -> list[dict[str, object]]:
    path = out / conference / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def test_plan_has_a_digest_and_a_brief_per_interest(seed: ConferenceFile) -> None:
    jobs = plan(seed, BuildOptions(build_date=DATE))
    for audience in seed.audiences:
        mine = [job for job in jobs if job.audience == audience.id]
        assert [job.kind for job in mine].count("digest") == 1
        assert {job.theme for job in mine if job.kind == "brief"} == {
            interest.theme for interest in audience.interests
        }


def test_manifest_lists_exactly_the_files_on_disk(seed_build: Path) -> None:
    entries = manifest(seed_build)
    overview = seed_build / "berlin-2024" / "index.html"
    on_disk = {
        p.relative_to(seed_build).as_posix()
        for p in seed_build.rglob("*")
        if p.is_file() and p.name != "manifest.json" and p != overview and ".thumbs" not in p.parts
    }
    assert {entry["path"] for entry in entries} == on_disk
    for entry in entries:
        data = (seed_build / str(entry["path"])).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert set(entry) - {"pages" if entry["format"] == "pdf" else ""} == {
            "path",
            "sha256",
            "bytes",
            "kind",
            "audience",
            "theme",
            "language",
            "format",
            "inputs",
        }


def test_every_seed_brief_has_both_formats_and_a_preview_in_its_audience_folder(
    seed: ConferenceFile, seed_build: Path
) -> None:
    entries = manifest(seed_build)
    expected = len(plan(seed, BuildOptions(build_date=DATE))) * 3
    assert {entry["format"] for entry in entries} == {"docx", "pdf", "html"}
    assert len(entries) == expected
    for entry in entries:
        assert str(entry["path"]).startswith(f"berlin-2024/{entry['audience']}/")
        assert entry["theme"] is None if entry["kind"] == "digest" else entry["theme"]


@pytest.fixture(scope="module")
def seed_documents(seed: ConferenceFile, seed_build: Path) -> list[tuple[Job, object, dict]]:
    """Each seed job with its document tree and its manifest entries by format."""
    options = BuildOptions(build_date=DATE)
    entries = manifest(seed_build)
    found = []
    for job in plan(seed, options):
        document, _ = document_for(seed, job, options)
        files = {
            entry["format"]: seed_build / str(entry["path"])
            for entry in entries
            if entry["audience"] == job.audience and entry["theme"] == job.theme
        }
        found.append((job, document, files))
    return found


def test_docx_and_pdf_say_the_same_word_for_word(seed_documents: list) -> None:
    for job, document, files in seed_documents:
        docx_bytes, pdf_bytes = files["docx"].read_bytes(), files["pdf"].read_bytes()
        expected = body_text(document)
        assert squeeze(docx_text(docx_bytes)) == squeeze(expected), job
        shown = without_repeated_table_headers(
            squeeze(pdf_body_text(pdf_bytes, document)), document
        )
        assert shown == squeeze(expected_pdf_text(document)), job


def test_html_preview_says_what_docx_and_pdf_say_word_for_word(seed_documents: list) -> None:
    for job, document, files in seed_documents:
        shown = html_text(files["html"].read_bytes())
        assert squeeze(shown) == squeeze(body_text(document)), job
        assert squeeze(shown) == squeeze(docx_text(files["docx"].read_bytes())), job
        pdf = pdf_body_text(files["pdf"].read_bytes(), document)
        numbered = squeeze(html_text(files["html"].read_bytes(), markers=True))
        assert numbered == without_repeated_table_headers(squeeze(pdf), document), job


def test_docx_headings_are_real_styles_in_order(seed_documents: list) -> None:
    for job, document, files in seed_documents:
        blocks = docx_blocks(files["docx"].read_bytes())
        styled = [text for style, text in blocks if style in ("Title", "Heading 1", "Heading 2")]
        assert styled == heading_texts(document), job


def test_pdf_contains_title_audience_and_every_ask_addressed_to_it(
    seed: ConferenceFile, seed_documents: list
) -> None:
    from briefs.i18n.content import localize_content

    for job, document, files in seed_documents:
        text = squeeze(pdf_body_text(files["pdf"].read_bytes(), document))
        audience = seed.audience(job.audience)
        localized = localize_content(seed, audience.language, bundled_resources())
        assert squeeze(heading_texts(document)[0]) in text
        assert squeeze(audience.institution) in text
        sessions = [localized.session(job.theme)] if job.theme else localized.sessions
        asks = [r for s in sessions for r in s.recommendations if job.audience in r.audiences]
        assert asks, job
        for ask in asks:
            assert squeeze(ask.text) in text, (job, ask.text)


@pytest.mark.parametrize(
    ("args", "audiences", "formats", "kinds"),
    [
        (["--audience", "pl-msz"], {"pl-msz"}, {"docx", "pdf", "html"}, {"brief", "digest"}),
        (
            ["--format", "pdf"],
            {"de-mfa", "fr-meae", "pl-msz", "eeas"},
            {"pdf", "html"},
            {"brief", "digest"},
        ),
        (
            ["--theme", "anti-gender-agenda", "--audience", "pl-msz", "--audience", "eeas"],
            {"pl-msz", "eeas"},
            {"docx", "pdf", "html"},
            {"brief"},
        ),
    ],
)
def test_selections_build_exactly_what_they_name(
    tmp_path: Path, args: list[str], audiences: set[str], formats: set[str], kinds: set[str]
) -> None:
    assert main(["build", str(SEED), "--out", str(tmp_path), "--date", "2026-11-26", *args]) == 0
    entries = manifest(tmp_path)
    assert {e["audience"] for e in entries} == audiences
    assert {e["format"] for e in entries} == formats
    assert {e["kind"] for e in entries} == kinds
    if "--theme" in args:
        assert {e["theme"] for e in entries} == {"anti-gender-agenda"}


@pytest.mark.parametrize("option", ["--audience", "--theme"])
def test_unknown_selection_is_a_clear_error(
    tmp_path: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["build", str(SEED), "--out", str(tmp_path), option, "nope"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"unknown {option[2:]} 'nope' (known:" in err
    assert "Traceback" not in err
    assert not list(tmp_path.rglob("manifest.json"))


def test_plan_rejects_an_unknown_format(seed: ConferenceFile) -> None:
    with pytest.raises(SelectionError, match="unknown format 'odt'"):
        plan(seed, BuildOptions(formats=("odt",)))


def build_seed(out: Path, *args: str) -> None:
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-11-26", *args]) == 0


def files_on_disk(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file()
        and p.name not in ("manifest.json", "index.html")  # the overview is rewritten each time
        and not any(part.startswith(".") for part in p.parts)
    }


@pytest.mark.parametrize(
    "selection",
    [["--audience", "eeas"], ["--theme", "anti-gender-agenda"], ["--format", "pdf"]],
    ids=["audience", "theme", "format"],
)
def test_a_selective_build_keeps_every_other_output(tmp_path: Path, selection: list[str]) -> None:
    build_seed(tmp_path, "--format", "pdf", "--audience", "pl-msz")
    build_seed(tmp_path)
    notes = tmp_path / "berlin-2024" / "de-mfa" / "my notes.txt"
    notes.write_text("mine", encoding="utf-8")
    before = files_on_disk(tmp_path)
    build_seed(tmp_path, *selection)
    after = files_on_disk(tmp_path)
    assert after.keys() >= before.keys()  # nothing lost
    # same data and date: the selected files are rebuilt identically, the others untouched
    assert {path: after[path] for path in before} == before
    assert notes.read_text(encoding="utf-8") == "mine"
    listed = {str(e["path"]) for e in manifest(tmp_path)}
    assert listed == after.keys() - {"berlin-2024/de-mfa/my notes.txt"}


def test_a_rebuild_removes_only_what_its_selection_no_longer_produces(
    tmp_path: Path, tmp_copy: Callable[..., Path]
) -> None:
    out = tmp_path / "out"
    build_seed(out)
    before = {str(e["path"]) for e in manifest(out)}
    fewer = tmp_copy(("      - theme: anti-gender-agenda\n        priority: 2\n", ""))
    assert main(["build", str(fewer), "--out", str(out), "--date", "2026-11-26"]) == 0
    after = {str(e["path"]) for e in manifest(out)}
    gone = before - after
    assert gone and {path.split("/")[1] for path in gone} == {"fr-meae"}, gone
    for path in gone:
        assert not (out / path).exists()
    assert after == set(files_on_disk(out))


def test_another_conference_in_the_same_folder_is_never_touched(
    tmp_path: Path, tmp_copy: Callable[..., Path]
) -> None:
    out = tmp_path / "out"
    build_seed(out)
    berlin = files_on_disk(out)
    other = tmp_copy(("  id: berlin-2024", "  id: other-2025"), name="other.yaml")
    assert main(["build", str(other), "--out", str(out), "--audience", "eeas"]) == 0
    after = files_on_disk(out)
    assert {k: v for k, v in after.items() if k.startswith("berlin-2024/")} == berlin
    assert any(path.startswith("other-2025/eeas/") for path in after)


def test_parallel_and_serial_builds_are_identical(
    seed: ConferenceFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefs.build.PARALLEL_THRESHOLD", 2)  # 12 documents: use the pool
    options = BuildOptions(build_date=DATE, audiences=("fr-meae", "eeas"))
    jobs = plan(seed, options)
    serial = render_all(seed, jobs, BuildOptions(**{**options.__dict__, "jobs": 1}))
    parallel = render_all(seed, jobs, BuildOptions(**{**options.__dict__, "jobs": 2}))
    assert [(o.path, o.data) for o in serial] == [(o.path, o.data) for o in parallel]


@pytest.mark.parametrize("workers", [2, 1])
def test_fresh_workers_for_a_large_batch_write_what_one_process_writes(
    seed: ConferenceFile, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    import multiprocessing

    from briefs import build
    from briefs.overview.thumbnails import render_first_page

    methods: list[str] = []
    get_context = multiprocessing.get_context

    def spy(method: str | None = None) -> object:
        methods.append(str(method))
        return get_context(method)

    monkeypatch.setattr("briefs.build.PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(build.multiprocessing, "get_context", spy)
    options = BuildOptions(build_date=DATE, audiences=("fr-meae", "eeas"), thumbnails=True)
    jobs = plan(seed, options)
    monkeypatch.setattr("briefs.build.FRESH_WORKERS_FROM", 13)  # 12: rendered in this process
    serial = render_all(seed, jobs, BuildOptions(**{**options.__dict__, "jobs": 1}))
    assert methods == []
    monkeypatch.setattr("briefs.build.FRESH_WORKERS_FROM", 6)  # 12 documents count as large
    fresh = render_all(seed, jobs, BuildOptions(**{**options.__dict__, "jobs": workers}))
    assert methods == ["spawn"]  # not forked: the workers start with nothing of the parent's
    assert [(o.path, o.data, o.beside) for o in serial] == [
        (o.path, o.data, o.beside) for o in fresh
    ]
    pdfs = [o for o in fresh if o.format == "pdf"]
    assert len(pdfs) == 12 and all(len(o.beside) == 1 for o in pdfs)  # page 1, drawn beside it
    for output in pdfs:
        ((path, picture),) = output.beside
        assert path == f"berlin-2024/.thumbs/{hashlib.sha256(output.data).hexdigest()[:20]}.jpg"
        assert picture == render_first_page(output.data).picture


def test_an_output_path_outside_its_conference_folder_is_refused(tmp_path: Path) -> None:
    from briefs.errors import OutputError
    from briefs.outputs import Output, transaction

    evil = Output("berlin-2024/../../escape.pdf", "brief", "eeas", "x", "en", "pdf", b"%PDF")
    with (
        pytest.raises(OutputError, match="is not inside"),
        transaction(tmp_path, "berlin-2024") as tx,
    ):
        tx.add(evil)
    assert not (tmp_path / "escape.pdf").exists()
    assert not (tmp_path / "berlin-2024").exists()


def test_an_unwritable_output_directory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output directory should be", encoding="utf-8")
    code = main(["build", str(SEED), "--out", str(blocker / "sub"), "--audience", "eeas"])
    err = capsys.readouterr().err
    assert code == 3
    assert "cannot write" in err and "Traceback" not in err


@pytest.mark.parametrize("caller_collects", [True, False])
def test_rendering_collects_its_garbage_and_leaves_the_collector_as_it_was(
    seed: ConferenceFile, caller_collects: bool
) -> None:
    """The `briefs` command runs with the collector off; rendering must still free its cycles,
    or a long serial build grows without bound."""
    import gc

    options = BuildOptions(build_date=DATE, audiences=("eeas",), jobs=1)
    jobs = plan(seed, options)
    enabled = gc.isenabled()
    (gc.enable if caller_collects else gc.disable)()
    try:
        before = sum(generation["collections"] for generation in gc.get_stats())
        outputs = render_all(seed, jobs, options)
        collections = sum(generation["collections"] for generation in gc.get_stats()) - before
        assert (gc.isenabled(), gc.get_freeze_count()) == (caller_collects, 0)
    finally:
        (gc.enable if enabled else gc.disable)()
    assert len(outputs) == 3 * len(jobs)
    assert collections > 0  # reportlab's documents are cycles: only the collector frees them


def test_the_command_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    enabled = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            assert main(["validate", str(SEED)]) == 0
            assert gc.isenabled() is state
    finally:
        (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("thumbnails", [False, True])
def test_each_pdf_records_its_page_count_with_or_without_thumbnails(
    seed: ConferenceFile, thumbnails: bool
) -> None:
    import io

    import pypdf

    options = BuildOptions(build_date=DATE, audiences=("eeas",), thumbnails=thumbnails)
    outputs = render_all(seed, plan(seed, options), BuildOptions(**{**options.__dict__, "jobs": 1}))
    pdfs = [output for output in outputs if output.format == "pdf"]
    assert len(pdfs) == 6
    for output in pdfs:
        pages = len(pypdf.PdfReader(io.BytesIO(output.data)).pages)
        assert output.manifest_entry()["pages"] == pages, output.path
        assert len(output.beside) == (1 if thumbnails else 0)
    assert all("pages" not in o.manifest_entry() for o in outputs if o.format != "pdf")
