"""The DOCX writer's context kept in the cache folder: the same files, no python-docx, no damage."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from briefs.writer_setup import DOCX_CACHE

ROOT = Path(__file__).parents[1]
FONTS = ROOT / "src" / "briefs" / "fonts"


def build(out: Path, cache: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Run `briefs build` of the seed's German ministry in a fresh process with its own cache."""
    command = [sys.executable, *flags, "-m", "briefs.cli", "build", "--audience", "de-mfa"]
    command += ["--format", "docx", "--out", str(out), "--date", "2026-11-26"]
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def docx_files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.rglob("*.docx"))}


def test_a_build_with_the_context_cached_writes_the_same_files_without_python_docx(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    build(tmp_path / "first", cache)
    assert len(list((cache / "briefs" / DOCX_CACHE).glob("*.parts"))) == 1

    second = build(tmp_path / "second", cache, "-X", "importtime")

    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "docx" not in imported and "briefs.writers.docx_writer" in imported
    first_files, second_files = docx_files(tmp_path / "first"), docx_files(tmp_path / "second")
    assert len(first_files) == 6 and first_files == second_files
    opened = docx.Document(io.BytesIO(next(iter(second_files.values()))))
    assert opened.core_properties.language == "de-DE" and opened.paragraphs


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_a_damaged_cached_context_is_made_again(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    build(tmp_path / "first", cache)
    (kept,) = (cache / "briefs" / DOCX_CACHE).glob("*.parts")
    blob = bytearray(kept.read_bytes())
    if damage == "flip":
        blob[len(blob) // 2] ^= 0x20  # inside an embedded font
    elif damage == "truncate":
        del blob[len(blob) // 3 :]
    else:
        blob = bytearray(b"not a context\n" * 10)
    kept.write_bytes(bytes(blob))

    build(tmp_path / "second", cache)

    assert docx_files(tmp_path / "second") == docx_files(tmp_path / "first")
    archive = zipfile.ZipFile(io.BytesIO(next(iter(docx_files(tmp_path / "second").values()))))
    assert archive.testzip() is None
    assert kept.read_bytes() != bytes(blob)  # made again and kept


def test_an_unchanged_rebuild_sets_up_no_writer(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(tmp_path / "out", cache)
    before = docx_files(tmp_path / "out")

    again = build(tmp_path / "out", cache, "-X", "importtime")

    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert not {"reportlab", "docx", "briefs.writers.docx_writer"} & imported
    assert "kept 6 unchanged" in again.stdout + again.stderr
    assert docx_files(tmp_path / "out") == before
