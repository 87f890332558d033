"""Workspaces: `briefs init`, finding the workspace, and nothing written outside it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from briefs.resources import bundled_dir
from briefs.workspace import find_workspace
from conftest import CliResult


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder outside any workspace, as the current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_starts_a_workspace_whose_starter_conference_validates_and_builds(
    fresh: Path, run_cli: Callable[[Sequence[str | Path]], CliResult]
) -> None:
    run = run_cli
    bundled = {name: tree_digest(bundled_dir(name)) for name in ("templates", "locales")}
    result = run(["init", "my-platform"])
    assert result.code == 0, result.err
    assert "next steps" in result.out and "briefs validate data/my-conference.yaml" in result.out
    root = fresh / "my-platform"
    assert (root / "briefs.toml").is_file() and (root / "data" / "my-conference.yaml").is_file()
    text = (root / "data" / "my-conference.yaml").read_text(encoding="utf-8")
    assert "[Title of the conference]" in text and text.count("#") > 20  # commented, marked
    (root / "data" / "sub").mkdir()
    os.chdir(root / "data" / "sub")  # found by walking up, like git
    assert run(["validate"]).code == 0
    built = run(["build"])
    assert built.code == 0, built.err
    assert len(list((root / "out" / "my-conference" / "eeas").glob("*.pdf"))) == 2
    second = run(["init", "--conference", "brussels-2025"])
    assert second.code == 0 and (root / "data" / "brussels-2025.yaml").is_file()
    assert run(["build", str(root / "data" / "brussels-2025.yaml")]).code == 0
    assert (root / "out" / "my-conference" / "manifest.json").is_file()  # the first one kept
    assert {name: tree_digest(bundled_dir(name)) for name in bundled} == bundled


def test_init_refuses_to_overwrite(
    fresh: Path, run_cli: Callable[[Sequence[str | Path]], CliResult]
) -> None:
    run = run_cli
    assert run(["init", "w"]).code == 0
    again = run(["init", "w"])
    assert again.code == 2 and "is a briefs workspace already" in again.err


def test_outside_a_workspace_catalog_commands_ask_for_init(
    fresh: Path, run_cli: Callable[[Sequence[str | Path]], CliResult]
) -> None:
    run = run_cli
    assert find_workspace(fresh).bundled
    result = run(["i18n", "update"])
    assert result.code == 2
    assert "run 'briefs init'" in result.err and "Traceback" not in result.err
    assert run(["validate"]).code == 0  # the bundled example still works


def test_a_bad_briefs_toml_is_a_clear_error(
    fresh: Path, run_cli: Callable[[Sequence[str | Path]], CliResult]
) -> None:
    (fresh / "briefs.toml").write_text("[workspace\n", encoding="utf-8")
    result = run_cli(["validate"])
    assert result.code == 2 and "briefs.toml: not a valid briefs.toml" in result.err
