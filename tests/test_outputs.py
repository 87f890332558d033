"""The conference output folder changes all or nothing: kills, locks, leftovers, stale drafts."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefs.cli import main
from briefs.outputs import Output, transaction

SEED = Path(__file__).resolve().parents[1] / "data" / "berlin-2024.yaml"
SELECTION = ["--audience", "eeas", "--format", "pdf"]


def is_overview(path: Path, folder: Path) -> bool:
    """The overview page and its thumbnails: derived from the set, rewritten after each run."""
    relative = path.relative_to(folder)
    return relative.parts[0] in ("index.html", ".thumbs")


def snapshot(out: Path) -> dict[str, str]:
    """Every file of the conference's set (manifest included) with its digest."""
    folder = out / "berlin-2024"
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not is_overview(p, folder)
    }


def assert_manifest_matches_disk(out: Path) -> None:
    folder = out / "berlin-2024"
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    listed = {entry["path"]: entry["sha256"] for entry in files}
    on_disk = {
        f"berlin-2024/{p.relative_to(folder).as_posix()}": hashlib.sha256(
            p.read_bytes()
        ).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json" and not is_overview(p, folder)
    }
    assert listed == on_disk


def build_in_subprocess(out: Path, date: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from briefs.cli import main; sys.exit(main())"]
    args = ["build", str(SEED), "--out", str(out), "--date", date, "--jobs", "1", *SELECTION]
    return subprocess.run(
        [*command, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("point", ["after-first-write", "before-swap", "after-swap"])
@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_build_killed_at_any_point_leaves_the_old_or_the_new_set(
    tmp_path: Path, point: str, exchange: bool
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-01-01", *SELECTION]) == 0
    old = snapshot(out)
    env = {"BRIEFS_TEST_KILL_AT": point}
    if not exchange:
        env["BRIEFS_TEST_NO_EXCHANGE"] = "1"
    killed = build_in_subprocess(out, "2026-02-02", **env)
    assert killed.returncode == -9, killed.stderr
    after_kill = snapshot(out)
    new_expected = tmp_path / "fresh"
    assert build_in_subprocess(new_expected, "2026-02-02").returncode == 0
    assert after_kill in (old, snapshot(new_expected))
    assert after_kill == (snapshot(new_expected) if point == "after-swap" else old)
    assert_manifest_matches_disk(out)
    # the next run cleans what the killed one left and succeeds
    assert build_in_subprocess(out, "2026-03-03").returncode == 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert not list(out.rglob("*.tmp"))
    assert_manifest_matches_disk(out)


def test_killed_between_the_two_renames_the_next_run_restores_the_old_set(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-01-01", *SELECTION]) == 0
    old = snapshot(out)
    killed = build_in_subprocess(
        out, "2026-02-02", BRIEFS_TEST_KILL_AT="between-renames", BRIEFS_TEST_NO_EXCHANGE="1"
    )
    assert killed.returncode == -9
    assert not (out / "berlin-2024").exists()  # the one moment without a folder...
    with transaction(out, "berlin-2024"):
        pass  # ...which the next run (any run) repairs before anything else
    assert snapshot(out) == old


def test_a_second_run_waits_for_the_first_and_keeps_its_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first_inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with transaction(out, "berlin-2024") as tx:
            tx.add(Output("berlin-2024/a/one.txt", "brief", "a", None, "en", "pdf", b"1"))
            first_inside.set()
            release.wait(10)
            tx.commit(lambda entry: False, "2026-01-01")

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(10)
    done = threading.Event()

    def second() -> None:
        with transaction(out, "berlin-2024") as tx:
            tx.add(Output("berlin-2024/b/two.txt", "brief", "b", None, "en", "pdf", b"2"))
            tx.commit(lambda entry: False, "2026-01-01")
        done.set()

    other = threading.Thread(target=second)
    other.start()
    assert not done.wait(0.5)  # blocked by the first run's lock
    release.set()
    thread.join(10)
    other.join(10)
    assert done.is_set()
    assert (out / "berlin-2024" / "a" / "one.txt").read_bytes() == b"1"
    assert (out / "berlin-2024" / "b" / "two.txt").read_bytes() == b"2"
    assert_manifest_matches_disk(out)


def test_a_failing_run_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-01-01", *SELECTION]) == 0
    old = snapshot(out)
    with pytest.raises(RuntimeError), transaction(out, "berlin-2024") as tx:
        tx.add(Output("berlin-2024/eeas/x.pdf", "brief", "eeas", None, "en", "pdf", b"%PDF"))
        raise RuntimeError("a writer failed half-way")
    assert snapshot(out) == old
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_rebuild_marks_drafts_of_changed_briefs_stale_and_send_refuses_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-01-01", *SELECTION]) == 0
    assert main(["email", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    draft = out / "berlin-2024" / "eeas" / "draft-eeas.eml"
    before = draft.read_bytes()
    capsys.readouterr()
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-02-02", *SELECTION]) == 0
    err = capsys.readouterr().err
    assert "stale" in err and "briefs email" in err
    assert draft.read_bytes() == before  # kept, not silently deleted
    files = json.loads((out / "berlin-2024" / "manifest.json").read_text())["files"]
    assert [e.get("stale") for e in files if e["kind"] == "email"] == [True]
    assert main(["send", "--out", str(out)]) == 3
    assert "run 'briefs email' again" in capsys.readouterr().err
    assert main(["email", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    files = json.loads((out / "berlin-2024" / "manifest.json").read_text())["files"]
    assert [e.get("stale") for e in files if e["kind"] == "email"] == [None]


@pytest.mark.parametrize("one_pass", [True, False], ids=["syncfs", "file-by-file"])
def test_every_file_and_folder_of_the_new_set_is_on_disk_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_pass: bool
) -> None:
    """A power cut right after the swap must find the new files whole, not empty or missing."""
    from briefs import outputs

    events: list[tuple[str, object]] = []
    fsync, syncfs, swap_in = os.fsync, outputs._syncfs, outputs._swap_in

    def recorded_fsync(handle: int) -> None:
        events.append(("fsync", os.fstat(handle).st_ino))
        fsync(handle)

    def recorded_syncfs(folder: Path) -> bool:
        done = syncfs(folder)
        events.append(("syncfs", done))
        return done

    def recorded_swap(staging: Path, folder: Path) -> None:
        inodes = {p.stat().st_ino for p in [staging, *staging.rglob("*")]}
        events.append(("swap", inodes))
        swap_in(staging, folder)

    monkeypatch.setattr(os, "fsync", recorded_fsync)
    monkeypatch.setattr(outputs, "_syncfs", recorded_syncfs)
    monkeypatch.setattr(outputs, "_swap_in", recorded_swap)
    if not one_pass:
        monkeypatch.setenv("BRIEFS_TEST_NO_SYNCFS", "1")
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--jobs", "1", *SELECTION]) == 0
    swaps = [i for i, (kind, _) in enumerate(events) if kind == "swap"]
    assert len(swaps) == 1
    before = events[: swaps[0]]
    staged = events[swaps[0]][1]
    assert isinstance(staged, set) and len(staged) > 6  # the folders, 6 PDFs, HTML, manifest...
    if one_pass:
        assert ("syncfs", True) in before
    else:
        assert staged <= {inode for kind, inode in before if kind == "fsync"}
    assert_manifest_matches_disk(out)
