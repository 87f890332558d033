"""Locate the bundled templates, catalogs, data and fonts, installed or in a source checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_NAME = "berlin-2024.yaml"


@cache
def resource_dir(name: str) -> Path:
    """Return the directory of a resource: templates, locales or data.

    BRIEFS_TEMPLATES, BRIEFS_LOCALES or BRIEFS_DATA point elsewhere, e.g. at an organisation's
    own templates or catalogs; otherwise the bundled ones are used.
    """
    override = os.environ.get(f"BRIEFS_{name.upper()}")
    if override:
        return Path(override)
    installed = _PACKAGE_DIR / "_resources" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parents[1] / name  # src/briefs -> repository root


def fonts_dir() -> Path:
    """Return the directory of the TTF fonts embedded in PDFs."""
    return _PACKAGE_DIR / "fonts"


def default_data_file() -> Path:
    """Return the bundled conference file used when no DATA argument is given."""
    return resource_dir("data") / DEFAULT_DATA_NAME


def display_path(path: Path) -> str:
    """Return path as the user should see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        if path.is_absolute() and path.resolve() == default_data_file().resolve():
            return f"data/{path.name}"
        return str(path)
