"""Trace a leak back to the data fields and translations whose text holds a protected name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from briefs.guard.scanning import Guard

Location = tuple[str | int, ...]


def fields_with_names(guard: Guard, tree: Any, location: Location = ()) -> Iterator[Location]:
    """Yield the location of every string in a data tree (dicts, lists) that holds a name."""
    if isinstance(tree, str):
        if guard.find(tree) is not None:
            yield location
    elif isinstance(tree, Mapping):
        for key, value in tree.items():
            yield from fields_with_names(guard, value, (*location, str(key)))
    elif isinstance(tree, list | tuple):
        for index, value in enumerate(tree):
            yield from fields_with_names(guard, value, (*location, index))


def _is_listed_name(tree: Any, location: Location) -> bool:
    """Return whether location is a protected organisation's own name or alias."""
    if (
        len(location) < 3
        or location[0] != "organisations"
        or location[2] not in ("name", "aliases")
    ):
        return False
    organisation = tree["organisations"][location[1]]
    return bool(organisation.get("protection") == "protected")


def leak_sources(
    guard: Guard, tree: Any, translated: Mapping[str, Any]
) -> Iterator[tuple[str | None, Location]]:
    """Yield (catalog or None for the data file, field) for each text that holds a name.

    tree is the data as loaded; translated maps a catalog's name to the data as translated by
    it. A translated field is reported only when the data's own text was clean.
    """
    in_data = {loc for loc in fields_with_names(guard, tree) if not _is_listed_name(tree, loc)}
    for location in sorted(in_data, key=str):
        yield None, location
    for catalog, localized in translated.items():
        for location in fields_with_names(guard, localized):
            if location not in in_data and not _is_listed_name(localized, location):
                yield catalog, location
