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
