"""Workers started as a build begins (briefs.early_workers) render what the build loaded."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import multiprocessing
from pathlib import Path

import pypdf
import pytest

from briefs import early_workers
from briefs.build import BuildOptions, plan
from briefs.cli import main
from briefs.loading import load_conference

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
DATE = "2026-11-26"


def files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_workers_render_the_data_they_are_sent_not_the_file() -> None:
    seed = load_conference(SEED)
    title = "A title only this process knows"
    sent = seed.model_copy(
        update={"conference": seed.conference.model_copy(update={"title": title})}
    )
    options = BuildOptions(build_date=dt.date(2026, 11, 26), audiences=("eeas",))
    job = plan(sent, options)[1]
    with early_workers.started(options.written_formats(), None, jobs=2) as workers:
        assert workers is not None and len(multiprocessing.active_children()) == 1
        workers.send(sent)
        outputs = workers.submit(job, options).get(timeout=60)
    assert multiprocessing.active_children() == []  # stopped with the block
    (pdf,) = [output for output in outputs if output.format == "pdf"]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert title in " ".join(text.split())
    assert seed.conference.title not in " ".join(text.split())


def test_a_build_beside_early_workers_writes_what_one_process_writes(tmp_path: Path) -> None:
    one, three = tmp_path / "one", tmp_path / "three"
    assert main(["build", str(SEED), "--out", str(one), "--date", DATE, "--jobs", "1"]) == 0
    assert main(["build", str(SEED), "--out", str(three), "--date", DATE, "--jobs", "3"]) == 0
    assert multiprocessing.active_children() == []
    written = files(one)
    assert len([path for path in written if path.endswith(".pdf")]) == 24
    assert files(three) == written


def test_early_workers_a_build_does_not_need_are_stopped_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["build", str(SEED), "--out", str(out), "--date", DATE, "--jobs", "2"]
    assert main(args) == 0
    before = files(out)
    capsys.readouterr()
    assert main(args) == 0  # nothing changed: nothing to render
    assert "rebuilt 0 documents, kept 24 unchanged" in capsys.readouterr().out
    assert multiprocessing.active_children() == []
    assert files(out) == before


def test_a_leak_found_on_an_early_worker_stops_the_build_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Vorona Solidarity Collective"
    text = SEED.read_text(encoding="utf-8")
    anchor = "  - id: anonymous-activists-russia\n"
    text = text.replace(anchor, f"{anchor}    name: {secret}\n", 1)
    clean = tmp_path / "clean.yaml"
    clean.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(clean), "--out", str(out), "--date", DATE, "--jobs", "2"]) == 0
    before = files(out)
    # in the conference's title: every document has it, the workers' first ones included
    title = 'title: "Cooperation Conference: France, Poland, Germany"'
    assert title in text
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(text.replace(title, f'{title[:-1]} ({secret.upper()})"', 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(leaky), "--out", str(out), "--date", DATE, "--jobs", "2"]) == 4
    err = capsys.readouterr().err
    assert "contains a protected name" in err and "vorona" not in err.casefold()
    assert multiprocessing.active_children() == []
    assert files(out) == before


def test_a_worker_checks_what_it_renders_with_the_leak_guard() -> None:
    from briefs.errors import LeakError

    seed = load_conference(SEED)
    protected = next(o for o in seed.organisations if o.protection == "protected")
    named = protected.model_copy(update={"name": "Vorona Solidarity Collective"})
    leaky = seed.model_copy(
        update={
            "organisations": [named if o.id == protected.id else o for o in seed.organisations],
            "conference": seed.conference.model_copy(
                update={"title": f"{seed.conference.title} (VORONA SOLIDARITY COLLECTIVE)"}
            ),
        }
    )
    options = BuildOptions(build_date=dt.date(2026, 11, 26), audiences=("eeas",))
    with early_workers.started(options.written_formats(), None, jobs=2) as workers:
        assert workers is not None
        workers.send(leaky)
        with pytest.raises(LeakError) as caught:
            workers.submit(plan(leaky, options)[1], options).get(timeout=60)
    assert "vorona" not in str(caught.value).casefold()


def test_workers_are_started_only_when_the_build_will_probably_render(tmp_path: Path) -> None:
    import os

    data = tmp_path / "conference.yaml"
    data.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    catalogs = tmp_path / "locales"
    (catalogs / "de").mkdir(parents=True)
    po = catalogs / "de" / "briefs.po"
    po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    out = tmp_path / "out"
    inputs = [data, catalogs]
    assert early_workers.worth_starting(out, inputs, force=False)  # never built
    manifest = out / "berlin-2024" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{}", encoding="utf-8")
    os.utime(data, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    os.utime(po, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    os.utime(manifest, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    assert not early_workers.worth_starting(out, inputs, force=False)  # nothing newer
    assert early_workers.worth_starting(out, inputs, force=True)
    os.utime(po, ns=(3_000_000_000_000_000_000, 3_000_000_000_000_000_000))
    assert early_workers.worth_starting(out, inputs, force=False)  # a translation changed


@pytest.mark.parametrize(
    ("cores", "jobs", "expected"), [(32, 0, 7), (4, 0, 3), (1, 0, None), (32, 1, None), (2, 5, 4)]
)
def test_how_many_workers_start(
    monkeypatch: pytest.MonkeyPatch, cores: int, jobs: int, expected: int | None
) -> None:
    """One per core but one (this process renders too), at most 7 unless --jobs says more."""
    started_pools: list[int] = []

    class Pool:
        def __init__(self, processes: int, *args: object) -> None:
            started_pools.append(processes)

        def terminate(self) -> None:
            pass

        def join(self) -> None:
            pass

    import types

    monkeypatch.setattr(early_workers.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(
        early_workers.multiprocessing,
        "get_context",
        lambda method: types.SimpleNamespace(Pool=Pool),
    )
    with early_workers.started(("pdf",), None, jobs) as workers:
        assert (workers.count if workers else None) == expected
    assert started_pools == ([expected] if expected else [])
