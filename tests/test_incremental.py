"""Incremental builds: a rebuild renders only what changed, and its outputs equal a full build's.

Which files a build rewrote is read from the file system, not from the build's own report: a
kept file is linked into the new folder (same inode), a rebuilt one is a new file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from briefs.build import BuildOptions, BuildResult, build_outputs
from briefs.loading import load_conference
from briefs.models import ConferenceFile
from briefs.workspace import Resources
from extract import pdf_pages, squeeze

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
DATE = dt.date(2026, 11, 26)
CONFERENCE = "berlin-2024"


@dataclasses.dataclass(frozen=True)
class Inputs:
    """A private copy of the templates and catalogs a build reads, which a test may edit."""

    root: Path

    @property
    def resources(self) -> Resources:
        return Resources(
            (self.root / "templates",), (self.root / "locales",), cache_dir=self.root / "cache"
        )

    def build(
        self, out: Path, data: ConferenceFile | None = None, force: bool = False
    ) -> BuildResult:
        options = BuildOptions(build_date=DATE, resources=self.resources, jobs=1, force=force)
        return build_outputs(data or load_conference(SEED), options, out)


def copy_inputs(root: Path) -> Inputs:
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "locales", root / "locales")
    return Inputs(root)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the seed (on all cores) with the bundled templates and catalogs."""
    root = tmp_path_factory.mktemp("first")
    inputs = copy_inputs(root / "inputs")
    options = BuildOptions(build_date=DATE, resources=inputs.resources)
    build_outputs(load_conference(SEED), options, root / "out")
    return root / "out"


@pytest.fixture
def earlier(first_build: Path, tmp_path: Path) -> Path:
    """A private copy of the first build's output folder (files copied, not linked)."""
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    return out


@pytest.fixture
def inputs(tmp_path: Path) -> Inputs:
    return copy_inputs(tmp_path / "inputs")


def inodes(out: Path) -> dict[str, int]:
    """Return the inode of every brief and digest file, by its path in the manifest."""
    folder = out / CONFERENCE
    return {
        f"{CONFERENCE}/{path.relative_to(folder).as_posix()}": path.stat().st_ino
        for path in folder.glob("*/*")
        if path.is_file() and not path.parent.name.startswith(".")
    }


def contents(out: Path) -> dict[str, bytes]:
    folder = out / CONFERENCE
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def rewritten(before: dict[str, int], out: Path) -> set[str]:
    """Return the paths the last build wrote anew (a new inode, or a file that was not there)."""
    return {path for path, inode in inodes(out).items() if before.get(path) != inode}


def assert_same_as_full_build(out: Path, inputs: Inputs, data: ConferenceFile | None) -> None:
    full = out.parent / "full"
    inputs.build(full, data)
    assert contents(out) == contents(full)


def test_an_unchanged_rebuild_keeps_every_file_and_the_same_bytes(
    earlier: Path, inputs: Inputs
) -> None:
    before, old = inodes(earlier), contents(earlier)
    folder = (earlier / CONFERENCE).stat().st_ino
    result = inputs.build(earlier)
    assert (earlier / CONFERENCE).stat().st_ino == folder  # not even swapped
    assert rewritten(before, earlier) == set()
    assert contents(earlier) == old
    assert (result.rebuilt, result.kept) == (0, 24)


def test_a_changed_german_translation_rebuilds_exactly_the_german_documents(
    earlier: Path, inputs: Inputs
) -> None:
    po = inputs.root / "locales" / "de" / "LC_MESSAGES" / f"{CONFERENCE}.po"
    catalog = read_po(io.BytesIO(po.read_bytes()), locale="de")
    message = next(m for m in catalog if m.id and m.context and m.context.endswith("|summary"))
    message.string = "Eine geänderte Zusammenfassung dieser Sitzung."
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())
    before = inodes(earlier)

    result = inputs.build(earlier)

    german = {path for path in before if path.startswith(f"{CONFERENCE}/de-mfa/")}
    assert len(german) == 18
    assert rewritten(before, earlier) == german
    assert (result.rebuilt, result.kept) == (6, 18)
    theme = str(message.context).split("|")[0]
    shown = [
        squeeze(" ".join(pdf_pages(path.read_bytes())))
        for path in (earlier / CONFERENCE / "de-mfa").glob("*.pdf")
    ]
    assert any(squeeze("Eine geänderte") in text for text in shown), theme
    assert_same_as_full_build(earlier, inputs, None)


def test_a_changed_theme_rebuilds_its_briefs_and_the_digests_showing_it(
    earlier: Path, inputs: Inputs
) -> None:
    seed = load_conference(SEED)
    theme = seed.sessions[0]
    changed_theme = theme.model_copy(update={"summary": "A changed summary of this session."})
    data = seed.model_copy(update={"sessions": [changed_theme, *seed.sessions[1:]]})
    before, old = inodes(earlier), contents(earlier)

    result = inputs.build(earlier, data)

    new = contents(earlier)
    changed = {f"{CONFERENCE}/{path}" for path in new if new[path] != old.get(path)}
    again = rewritten(before, earlier)
    assert changed - {f"{CONFERENCE}/manifest.json"} <= again
    other_briefs = {
        entry_path
        for entry_path in before
        if "/00 " not in entry_path and not _is_brief_of(entry_path, theme.title, seed)
    }
    assert again.isdisjoint(other_briefs)
    assert result.kept > 0 and result.rebuilt > 0
    assert_same_as_full_build(earlier, inputs, data)


def _is_brief_of(path: str, english_title: str, seed: ConferenceFile) -> bool:
    """Return whether a file is the brief of a theme, whatever language its name is in."""
    number = path.rsplit("/", 1)[1][:2]
    audience = seed.audience(path.split("/")[1])
    followed = sorted(audience.interests, key=lambda interest: interest.priority)
    themes = [interest.theme for interest in followed]
    index = int(number) - 1
    return 0 <= index < len(themes) and seed.session(themes[index]).title == english_title


@pytest.mark.parametrize(("template", "rebuilt"), [("digest.xml.j2", 4), ("_common.xml.j2", 24)])
def test_a_changed_template_rebuilds_every_document_that_uses_it(
    earlier: Path, inputs: Inputs, template: str, rebuilt: int
) -> None:
    inputs.build(earlier)  # fills the caches of compiled templates and their references
    path = inputs.root / "templates" / template
    path.write_text(path.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    before = inodes(earlier)

    result = inputs.build(earlier)

    again = rewritten(before, earlier)
    digests = {path for path in before if path.rsplit("/", 1)[1].startswith("00 ")}
    assert again == (digests if template == "digest.xml.j2" else set(before))
    assert result.rebuilt == rebuilt


def test_a_deleted_output_is_rebuilt_with_its_bytes(earlier: Path, inputs: Inputs) -> None:
    before, old = inodes(earlier), contents(earlier)
    victim = sorted(path for path in before if path.endswith(".pdf"))[3]
    (earlier / victim).unlink()

    result = inputs.build(earlier)

    stem = victim.rsplit(".", 1)[0]
    assert rewritten(before, earlier) == {path for path in before if path.startswith(stem + ".")}
    assert contents(earlier) == old
    assert result.rebuilt == 1


def test_an_output_edited_by_hand_is_rebuilt(earlier: Path, inputs: Inputs) -> None:
    old = contents(earlier)
    victim = sorted(path for path in inodes(earlier) if path.endswith(".docx"))[0]
    (earlier / victim).write_bytes(b"edited")

    inputs.build(earlier)

    assert contents(earlier) == old


def test_force_rebuilds_everything_and_a_plain_rerun_keeps_everything(
    earlier: Path, run_cli: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    command = ["build", SEED, "--out", earlier, "--date", DATE.isoformat(), "--jobs", "1"]
    before, old = inodes(earlier), contents(earlier)

    forced = run_cli([*command, "--force"])

    assert "rebuilt 24 documents, kept 0 unchanged" in forced.out  # type: ignore[attr-defined]
    assert rewritten(before, earlier) == set(before)
    assert list((tmp_path / "user-cache" / "briefs" / "catalogs").glob("*.mo"))
    assert not list(earlier.glob(".*"))  # nothing cached in the output folder
    new = contents(earlier)
    assert {path: new[path] for path in old} == old
    before = inodes(earlier)

    again = run_cli(command)

    assert "rebuilt 0 documents, kept 24 unchanged" in again.out  # type: ignore[attr-defined]
    assert not rewritten(before, earlier) & set(before)
