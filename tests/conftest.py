"""Shared fixtures: the bundled seed file, an in-process CLI runner, modified copies of the seed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefs.cli import main

TESTS_DIR = Path(__file__).resolve().parent
SEED_PATH = TESTS_DIR.parent / "data" / "berlin-2024.yaml"


@dataclass(frozen=True)
class CliResult:
    """What one run of the CLI returned and printed."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True, scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep briefs' user cache (compiled catalogs, templates) in a folder of the test run."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def seed_path() -> Path:
    """Return the bundled conference file, data/berlin-2024.yaml."""
    return SEED_PATH


@pytest.fixture
def seed_text(seed_path: Path) -> str:
    """Return the text of the bundled conference file."""
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[[Sequence[str | Path]], CliResult]:
    """Return a function that runs `briefs ARGV...` in-process and captures its output."""

    def run(argv: Sequence[str | Path]) -> CliResult:
        capsys.readouterr()  # drop anything printed before this run
        code = main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def tmp_copy(tmp_path: Path, seed_text: str) -> Callable[..., Path]:
    """Return a function writing the seed, with (old, new) replacements, to a file in tmp_path.

    Each old text must occur in the seed or in its audience registry (data/audiences.yaml);
    only its first occurrence is replaced. The registry is written beside the copy when a
    replacement changed it.
    """
    registry_text = (SEED_PATH.parent / "audiences.yaml").read_text(encoding="utf-8")

    def write(*replacements: tuple[str, str], name: str = "conference.yaml") -> Path:
        text, registry = seed_text, registry_text
        for old, new in replacements:
            if old in text:
                text = text.replace(old, new, 1)
            else:
                assert old in registry, f"{old!r} occurs neither in the seed nor in its registry"
                registry = registry.replace(old, new, 1)
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if registry != registry_text:  # beside the copy: a copy in its own folder keeps its own
            (path.parent / "audiences.yaml").write_text(registry, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output directory with the seed's PDF briefs built and its email drafts written."""
    from briefs.cli import main

    seed = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
    out = tmp_path_factory.mktemp("drafted")
    build = ["build", str(seed), "--out", str(out), "--date", "2026-11-26", "--format", "pdf"]
    assert main(build) == 0
    assert main(["email", str(seed), "--out", str(out)]) == 0
    return out
