"""The folder a user owns: conferences, catalogs, template overrides and outputs.

A workspace is marked by a `briefs.toml` file and found by walking up from the current
directory, the way git finds its repository:

    briefs.toml        marks the workspace; names the default conference
    data/              conference files (<conference-id>.yaml) and audiences.yaml, the registry
    locales/           the user's catalogs: <lang>/LC_MESSAGES/briefs.po (template strings)
                       and <lang>/LC_MESSAGES/<conference-id>.po (one conference's content)
    templates/         optional: templates that override the bundled ones by name
    out/               outputs, one folder per conference

The bundled templates and catalogs are the defaults a workspace may override. Outside any
workspace, briefs uses its bundled example (the Berlin 2024 conference) read-only: commands that
would write catalogs ask for `briefs init` instead. Nothing ever writes into the installed package.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefs.errors import SelectionError
from briefs.resources import BUNDLED_DATA_NAME, bundled_dir

MARKER = "briefs.toml"
REGISTRY_NAME = "audiences.yaml"


@dataclass(frozen=True)
class Resources:
    """Where templates and catalogs are looked up, in order: the first match wins.

    `cache_dir`, if set, keeps compiled catalogs between runs (a build sets it to the user's
    cache folder, ~/.cache/briefs).
    """

    template_dirs: tuple[Path, ...]
    catalog_dirs: tuple[Path, ...]
    cache_dir: Path | None = None

    def catalog(self, language: str, domain: str) -> Path | None:
        """Return the first .po of a language and domain along the catalog path, if any."""
        for directory in self.catalog_dirs:
            path = directory / language / "LC_MESSAGES" / f"{domain}.po"
            if path.is_file():
                return path
        return None


def bundled_resources() -> Resources:
    """Return the bundled templates and catalogs alone."""
    return Resources((bundled_dir("templates"),), (bundled_dir("locales"),))


@dataclass(frozen=True)
class Workspace:
    """A user's folder of conferences, catalogs and outputs (or the bundled example)."""

    root: Path
    default_conference: str | None = None
    bundled: bool = False

    @property
    def data_dir(self) -> Path:
        """Return the folder of conference files and the audience registry."""
        return bundled_dir("data") if self.bundled else self.root / "data"

    @property
    def locales_dir(self) -> Path:
        """Return the folder of the workspace's own catalogs (where i18n commands write)."""
        if self.bundled:
            raise SelectionError(
                "no briefs workspace here (no briefs.toml in this folder or above): "
                "run 'briefs init' to start one, then work inside it"
            )
        return self.root / "locales"

    @property
    def out_dir(self) -> Path:
        """Return the default output folder."""
        return self.root / "out"

    @property
    def resources(self) -> Resources:
        """Return the template and catalog path: the workspace's first, then the bundled."""
        templates = [bundled_dir("templates")]
        catalogs = [bundled_dir("locales")]
        if not self.bundled:
            templates.insert(0, self.root / "templates")
            catalogs.insert(0, self.root / "locales")
        return Resources(_unique(templates), _unique(catalogs))

    def conference_file(self) -> Path:
        """Return the default conference file: the one briefs.toml names, or the only one."""
        if self.bundled:
            return bundled_dir("data") / BUNDLED_DATA_NAME
        if self.default_conference:
            return self.data_dir / f"{self.default_conference}.yaml"
        found = conference_files(self.data_dir)
        if len(found) == 1:
            return found[0]
        names = ", ".join(path.name for path in found) or "none"
        raise SelectionError(
            f"which conference? {self.data_dir} holds {names}: name the file, e.g. "
            f"'briefs build data/<conference>.yaml', or set default_conference in {MARKER}"
        )


def conference_files(data_dir: Path) -> list[Path]:
    """Return the conference files of a data folder (every YAML/JSON but the registry)."""
    if not data_dir.is_dir():
        return []
    return sorted(
        path
        for path in data_dir.iterdir()
        if path.suffix in (".yaml", ".yml", ".json") and path.name != REGISTRY_NAME
    )


def find_workspace(start: Path) -> Workspace:
    """Return the workspace containing start (walking up), else the bundled example."""
    start = start.resolve()
    for folder in (start, *start.parents):
        marker = folder / MARKER
        if marker.is_file():
            return Workspace(folder, _default_conference(marker))
    return Workspace(start, bundled=True)


def _default_conference(marker: Path) -> str | None:
    try:
        settings = tomllib.loads(marker.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SelectionError(f"{marker}: not a valid briefs.toml: {exc}") from exc
    value = settings.get("workspace", {}).get("default_conference")
    if value is not None and not isinstance(value, str):
        raise SelectionError(f"{marker}: workspace.default_conference must be a text, e.g. 'x'")
    return value


def _unique(paths: list[Path]) -> tuple[Path, ...]:
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(path.resolve(), None)
    return tuple(seen)


WORKSPACE_MARKER_TEXT = """\
# A briefs workspace: conferences and the audience registry in data/, your catalogs in
# locales/, optional template overrides in templates/, outputs in out/. briefs finds this file
# by walking up from the current directory.
[workspace]
default_conference = "{conference_id}"
"""


def create_workspace(root: Path, conference_id: str, today: str) -> list[Path]:
    """Create a workspace with one starter conference; return the files written."""
    if (root / MARKER).exists():
        raise SelectionError(f"{root} is a briefs workspace already (it has a {MARKER})")
    written = [root / MARKER]
    for folder in ("data", "locales", "templates", "out"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(
        WORKSPACE_MARKER_TEXT.format(conference_id=conference_id), encoding="utf-8"
    )
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text("out/\n*.mo\n", encoding="utf-8")
        written.append(ignore)
    written.append(create_conference(root / "data", conference_id, today))
    return written


def create_conference(data_dir: Path, conference_id: str, today: str) -> Path:
    """Write a commented starter conference file that validates and builds as written."""
    from importlib.resources import files

    target = data_dir / f"{conference_id}.yaml"
    if target.exists():
        raise SelectionError(f"{target} exists already: choose another conference id")
    starter = files("briefs").joinpath("starter", "conference.yaml").read_text(encoding="utf-8")
    data_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(starter.format(conference_id=conference_id, today=today), encoding="utf-8")
    return target
