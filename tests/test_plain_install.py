"""The leak guard is part of the product: it runs with the runtime dependencies alone.

A fresh virtual environment with `pip install .` takes minutes here, so the test proves the same
thing faster: it runs `briefs build` in a separate, isolated interpreter (`python -I`) in which
every installed package that is not a runtime dependency of briefs (pyproject's
`[project] dependencies` and what they require) cannot be imported: pytest, hypothesis and the
other test extras are blocked, so the real guard code must do its work without them.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"

BLOCKER = """
import importlib.abc, sys
BLOCKED = set({blocked!r})
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"{{name}} is not a runtime dependency", name=name)
        return None
sys.meta_path.insert(0, Blocker())
try:
    import pytest
except ModuleNotFoundError:
    print("test packages are blocked", file=sys.stderr)
from briefs.cli import main
sys.exit(main({argv!r}))
"""


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def runtime_distributions() -> set[str]:
    """Return briefs' runtime dependencies and everything they require, normalized names."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_name(r) for r in project["dependencies"]]
    found: set[str] = set()
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        requires = importlib.metadata.distribution(name).requires or []
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return found


def blocked_modules() -> list[str]:
    """Return the top-level modules that only non-runtime distributions provide."""
    allowed = runtime_distributions() | {"briefs"}
    return sorted(
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if not any(_name(d) in allowed for d in dists)
    )


def test_a_plain_install_refuses_a_planted_name_and_writes_nothing(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    anchor = "  - id: anonymous-activists-russia\n"
    text = text.replace(anchor, f"{anchor}    name: Stowarzyszenie Wolna Rosja\n", 1)
    text = text.replace(
        "title: Release of Ukrainian civilians illegally detained in Russia",
        'title: "Release of civilians, with Stowarzyszeniem Wolną Rosją"',
        1,
    )
    data = tmp_path / "planted.yaml"
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    blocked = blocked_modules()
    assert {"pytest", "hypothesis"} <= set(blocked)
    argv = ["build", str(data), "--out", str(out), "--audience", "eeas", "--format", "pdf"]
    script = BLOCKER.format(blocked=blocked, argv=argv)
    run = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert "test packages are blocked" in run.stderr
    assert run.returncode == 4, run.stderr
    assert "contains a protected name" in run.stderr
    assert "Wolna" not in run.stderr + run.stdout and "Wolną" not in run.stderr + run.stdout
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
