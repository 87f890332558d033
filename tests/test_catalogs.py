"""Catalogs per conference: msgfmt accepts every update, conferences never touch each other,
and a translator's file goes out and comes back."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from briefs.i18n.localization import translations_for
from conftest import CliResult

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
Run = Callable[[Sequence[str | Path]], CliResult]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's example workspace (data and catalogs) as current directory."""
    root = tmp_path / "workspace"
    root.mkdir()
    shutil.copy(ROOT / "briefs.toml", root)
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "locales", root / "locales")
    monkeypatch.chdir(root)
    translations_for.cache_clear()
    yield root
    translations_for.cache_clear()


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext)"
    return subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


def digests(paths: list[Path]) -> dict[Path, str]:
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def test_msgfmt_accepts_every_catalog_after_a_long_multi_line_source_change(
    workspace: Path, run_cli: Run
) -> None:
    data = workspace / "data" / "berlin-2024.yaml"
    text = data.read_text(encoding="utf-8")
    old = "According to the Center for Civil Liberties, almost 7,000 Ukrainian civilians are in"
    assert old in text
    data.write_text(text.replace(old, old.replace("almost", "nearly")), encoding="utf-8")
    assert run_cli(["i18n", "extract"]).code == 0
    assert run_cli(["i18n", "update"]).code == 0
    for language in ("de", "fr", "pl"):
        po = workspace / "locales" / language / "LC_MESSAGES" / "berlin-2024.po"
        assert "#| msgid" in po.read_text(encoding="utf-8")  # the translator sees the old text
        result = msgfmt_check(po)
        assert result.returncode == 0, result.stderr
        with po.open("rb") as stream:
            [entry] = [m for m in read_po(stream) if "nearly 7,000" in str(m.id)]
        assert entry.fuzzy and entry.string  # the old translation kept, marked for review
        assert '#| "According to the Center for Civil Liberties, almost 7,000' in po.read_text(
            encoding="utf-8"
        )  # and the old source beside it, as msgmerge shows it
    status = run_cli(["i18n", "status", "--check"])
    assert status.code == 2  # fuzzy is not done


def test_a_second_conference_never_touches_the_first_ones_catalogs(
    workspace: Path, run_cli: Run, tmp_copy: Callable[..., Path]
) -> None:
    berlin = sorted((workspace / "locales").rglob("berlin-2024.po*"))
    before = digests(berlin)
    second = workspace / "data" / "brussels-2025.yaml"
    second.write_text(
        (workspace / "data" / "berlin-2024.yaml")
        .read_text(encoding="utf-8")
        .replace("  id: berlin-2024", "  id: brussels-2025")
        .replace("Making the problem visible", "Making it visible"),
        encoding="utf-8",
    )
    assert run_cli(["i18n", "extract", str(second)]).code == 0
    assert run_cli(["i18n", "init", "de", str(second)]).code == 0
    assert run_cli(["i18n", "update", str(second)]).code == 0
    assert (workspace / "locales" / "de" / "LC_MESSAGES" / "brussels-2025.po").is_file()
    assert digests(berlin) == before
    status = run_cli(["i18n", "status", "--check"])  # Berlin, the default: still complete
    assert status.code == 0, status.out
    assert "berlin-2024" in status.out and "brussels-2025" not in status.out


def test_a_translators_file_goes_out_and_comes_back(workspace: Path, run_cli: Run) -> None:
    from babel.messages.pofile import write_po

    po = workspace / "locales" / "fr" / "LC_MESSAGES" / "berlin-2024.po"
    with po.open("rb") as stream:
        catalog = read_po(stream, locale="fr")
    [lost] = [m for m in catalog if str(m.id).startswith("Making the problem visible")]
    translated = "Rendre ce problème visible au sein de la communauté internationale"
    assert str(lost.string).startswith(translated)
    lost.string = ""  # a translation goes missing
    with po.open("wb") as stream:
        write_po(stream, catalog)
    assert run_cli(["i18n", "status", "--check"]).code == 2

    exported = workspace / "fr.po"
    result = run_cli(["i18n", "export", "fr", "-o", str(exported)])
    assert result.code == 0 and "1 text(s) to translate" in result.out
    assert msgfmt_check(exported).returncode == 0
    with exported.open("rb") as stream:
        [entry] = [m for m in read_po(stream) if m.id]
    assert entry.id.startswith("Making the problem visible") and entry.context
    assert entry.auto_comments  # where it comes from in the data

    head, _, entry_text = exported.read_text(encoding="utf-8").rpartition('msgstr ""')
    filled = f'{head}msgstr "{translated} pour attirer l’attention."{entry_text}'
    exported.write_text(filled.replace("#, fuzzy\n", ""), encoding="utf-8")
    merged = run_cli(["i18n", "merge", str(exported)])
    assert merged.code == 0, merged.err
    assert "1 new" in merged.out
    assert run_cli(["i18n", "status", "--check"]).code == 0
    assert msgfmt_check(po).returncode == 0


def test_a_translation_that_drops_a_placeholder_is_refused_whole(
    workspace: Path, run_cli: Run
) -> None:
    po = workspace / "locales" / "de" / "LC_MESSAGES" / "briefs.po"
    before = po.read_bytes()
    translator = workspace / "de.po"
    translator.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Source: %(source)s"\nmsgstr "Quelle"\n',
        encoding="utf-8",
    )
    result = run_cli(["i18n", "merge", str(translator)])
    assert result.code == 3 and "placeholder(s) source dropped" in result.err
    assert po.read_bytes() == before
    assert not list(po.parent.glob(".*merging"))
