"""The compiled-catalog cache: keyed by the .po's bytes, never stale, proof against damage."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from briefs.i18n.localization import CATALOG_CACHE, compiled_catalog

ROOT = Path(__file__).parents[1]
MSGID = "Brief"


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "briefs.po"
    shutil.copy(ROOT / "locales" / "de" / "LC_MESSAGES" / "briefs.po", path)
    return path


def msgfmt(po: Path) -> gettext.GNUTranslations:
    """Compile with GNU msgfmt, the independent reference."""
    mo = po.with_suffix(".ref.mo")
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    with mo.open("rb") as stream:
        return gettext.GNUTranslations(stream)


def translated(mo: bytes, msgid: str = MSGID) -> str:
    return gettext.GNUTranslations(io.BytesIO(mo)).gettext(msgid)


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / CATALOG_CACHE).glob("*.mo"))


def test_a_cached_catalog_translates_like_msgfmt_and_is_read_back(po: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = msgfmt(po).gettext(MSGID)
    assert expected != MSGID
    assert translated(compiled_catalog(po, "de", cache)) == expected
    [stored] = cache_files(cache)
    mtime = stored.stat().st_mtime_ns
    assert translated(compiled_catalog(po, "de", cache)) == expected
    assert stored.stat().st_mtime_ns == mtime  # read, not written again


def test_an_edited_catalog_never_meets_its_old_cache_entry(po: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    compiled_catalog(po, "de", cache)
    catalog = read_po(io.BytesIO(po.read_bytes()), locale="de")
    catalog[MSGID].string = "Kurzpapier"
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())

    assert translated(compiled_catalog(po, "de", cache)) == "Kurzpapier"
    assert msgfmt(po).gettext(MSGID) == "Kurzpapier"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "altered translation"])
def test_a_damaged_cache_file_is_ignored_and_written_again(
    po: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    good = compiled_catalog(po, "de", cache)
    [stored] = cache_files(cache)
    data = stored.read_bytes()
    expected = translated(good)
    if damage == "garbage":
        stored.write_bytes(b"not a catalog")
    elif damage == "truncated":
        stored.write_bytes(data[: len(data) // 2])
    else:  # still a readable .mo file, with a wrong translation of the same length
        wrong = "X" * len(expected.encode())
        stored.write_bytes(data.replace(expected.encode(), wrong.encode()))
        assert translated(stored.read_bytes()[32:]) == wrong

    assert translated(compiled_catalog(po, "de", cache)) == expected
    assert stored.read_bytes() == data


# The status index: what the translation check and the overview read of a catalog.

NEEDED = [("One", None), ("Two", None), ("Three", None), ("Four", "x"), ("Five", None)]


def write_status_catalog(locales: Path, translate_all: bool = False) -> None:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de", domain="briefs")
    catalog.add("One", "Eins")
    catalog.add("Two", "Zwei", flags=() if translate_all else ("fuzzy",))
    catalog.add("Three", "Drei" if translate_all else "")
    catalog.add("Four", "Vier", context="x")
    path = locales / "de" / "LC_MESSAGES" / "briefs.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


def status_of(locales: Path, cache: Path | None) -> tuple[int, list[str], list[str]]:
    from briefs.i18n.catalogs import catalog_status
    from briefs.workspace import Resources

    status = catalog_status("de", "briefs", NEEDED, Resources((), (locales,), cache))
    return status.translated, [m for m, _ in status.fuzzy], [m for m, _ in status.missing]


def index_files(cache: Path) -> list[Path]:
    return sorted((cache / CATALOG_CACHE).glob("*.index.json"))


def test_a_catalog_status_from_the_cache_is_the_status_of_the_file(tmp_path: Path) -> None:
    locales, cache = tmp_path / "locales", tmp_path / "cache"
    write_status_catalog(locales)
    expected = (2, ["Two"], ["Three", "Five"])
    assert status_of(locales, None) == expected
    assert status_of(locales, cache) == expected
    [stored] = index_files(cache)
    mtime = stored.stat().st_mtime_ns
    assert status_of(locales, cache) == expected
    assert stored.stat().st_mtime_ns == mtime  # read, not written again

    write_status_catalog(locales, translate_all=True)  # edited: a new entry, never the old one
    assert status_of(locales, cache) == (4, [], ["Five"])
    assert len(index_files(cache)) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "altered state", "wrong shape"])
def test_a_damaged_status_index_is_ignored_and_written_again(tmp_path: Path, damage: str) -> None:
    import hashlib

    locales, cache = tmp_path / "locales", tmp_path / "cache"
    write_status_catalog(locales)
    expected = status_of(locales, cache)
    [stored] = index_files(cache)
    data = stored.read_bytes()
    digest, _, payload = data.partition(b"\n")
    if damage == "garbage":
        stored.write_bytes(b"not an index")
    elif damage == "truncated":
        stored.write_bytes(data[: len(data) // 2])
    elif damage == "altered state":  # still JSON of the right shape: the digest tells
        stored.write_bytes(digest + b"\n" + payload.replace(b'"fuzzy"', b'"translated"'))
    else:
        shaped = b'{"One": "translated"}'
        stored.write_bytes(hashlib.sha256(shaped).hexdigest().encode() + b"\n" + shaped)
    assert status_of(locales, cache) == expected
    assert stored.read_bytes() == data
