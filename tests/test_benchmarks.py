"""The benchmark's inputs and baseline are what they claim: a valid batch, a complete plain loop.

No timings here: only that the generator writes a conference file briefs accepts, with catalogs
that translate the copies, and that the plain loop writes one readable DOCX and PDF per document.
"""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

import docx
from pypdf import PdfReader
from ruamel.yaml import YAML

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate import DOCUMENTS_PER_COPY, write_synthetic  # noqa: E402


def documents_of(data_file: Path) -> int:
    """Count the documents a build plans: per audience, one brief per theme and a digest."""
    raw = YAML(typ="safe", pure=True).load(data_file.read_text(encoding="utf-8"))
    return sum(len(audience["interests"]) + 1 for audience in raw["audiences"])


def test_generated_batch_is_valid_and_has_24_documents_per_copy(tmp_path, run_cli):
    data_file = write_synthetic(3, tmp_path)

    result = run_cli(["validate", data_file])

    assert result.code == 0, result.out + result.err
    assert "valid" in result.out
    assert documents_of(data_file) == 3 * DOCUMENTS_PER_COPY


def test_generated_catalogs_translate_the_copied_sessions(tmp_path):
    data_file = write_synthetic(2, tmp_path)
    raw = YAML(typ="safe", pure=True).load(data_file.read_text(encoding="utf-8"))
    copied = raw["sessions"][len(raw["sessions"]) // 2]
    assert copied["id"].endswith("-1")
    po = tmp_path / "locales" / "de" / "LC_MESSAGES" / f"{raw['conference']['id']}.po"
    mo = tmp_path / "content.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    with mo.open("rb") as stream:
        german = gettext.GNUTranslations(stream)

    title = german.pgettext(f"{copied['id']}|title", copied["title"])

    original = german.pgettext(f"{copied['id'].removesuffix('-1')}|title", copied["title"])
    assert title == original != copied["title"]


def test_plain_loop_writes_a_readable_docx_and_pdf_per_document(tmp_path, seed_text):
    yaml = YAML(typ="safe", pure=True)
    raw = yaml.load(seed_text)
    for audience in raw["audiences"]:
        audience["interests"] = audience["interests"][:1]  # keep the test fast: 8 documents
    data_file = tmp_path / "small.yaml"
    with data_file.open("w", encoding="utf-8") as stream:
        yaml.dump(raw, stream)
    out = tmp_path / "out"

    loop = subprocess.run(
        [sys.executable, str(BENCHMARKS / "plain_loop.py"), str(data_file), "--out", str(out)],
        capture_output=True,
        text=True,
    )

    assert loop.returncode == 0, loop.stderr
    expected = documents_of(data_file)
    assert len(list(out.rglob("*.docx"))) == expected
    assert len(list(out.rglob("*.pdf"))) == expected
    polish = out / raw["conference"]["id"] / "pl-msz"
    theme = raw["audiences"][[a["id"] for a in raw["audiences"]].index("pl-msz")]["interests"][0]
    stem = f"01-{theme['theme']}"
    word = docx.Document(str(polish / f"{stem}.docx"))
    word_text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Najważniejsze rekomendacje" in word_text  # page 1's asks, as briefs puts them
    assert "Kluczowe ustalenia" in word_text  # a translated heading, not the English one
    reader = PdfReader(polish / f"{stem}.pdf")
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert "Najważniejsze rekomendacje" in pdf_text
