"""Locate what ships with briefs: templates, catalogs, the example data and the fonts."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DATA_NAME = "berlin-2024.yaml"


def bundled_dir(name: str) -> Path:
    """Return a bundled resource folder: templates, locales or data.

    Installed, they sit in the package's `_resources/`; in a source checkout, at the root.
    """
    installed = _PACKAGE_DIR / "_resources" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parents[1] / name  # src/briefs -> repository root


def fonts_dir() -> Path:
    """Return the directory of the TTF fonts embedded in PDFs."""
    return _PACKAGE_DIR / "fonts"


def display_path(path: Path) -> str:
    """Return path as the user should see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        if path.is_absolute() and path.resolve().parent == bundled_dir("data").resolve():
            return f"data/{path.name}"
        return str(path)
