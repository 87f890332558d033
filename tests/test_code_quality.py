"""The code stays ruff- and mypy-clean: CI runs the linters through the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    paths = ("src", "tests", "benchmarks", "tools")
    lint = run("ruff", "check", *paths)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    style = run("ruff", "format", "--check", *paths)
    assert style.returncode == 0, style.stdout + style.stderr


def test_mypy_strict_finds_nothing() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
