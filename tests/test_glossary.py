"""Terminology cannot drift: every output and catalog follows locales/<lang>/glossary.toml."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pypdf
import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
LOCALES = ROOT / "locales"
SEED = ROOT / "data" / "berlin-2024.yaml"
LANGUAGES = sorted(p.parent.name for p in LOCALES.glob("*/glossary.toml"))


def glossary(language: str) -> list[dict[str, Any]]:
    data = tomllib.loads((LOCALES / language / "glossary.toml").read_text(encoding="utf-8"))
    assert data["language"] == language
    return list(data["term"])


def normal(text: str) -> str:
    """Fold what layout and typography change: line breaks, no-break spaces, quote marks."""
    text = re.sub(r"\s+", " ", text)
    return text.translate(str.maketrans(dict.fromkeys("’‘", "'"))).casefold()


def contains(text: str, phrase: str) -> bool:
    return normal(phrase) in normal(text)


def language_outputs(out: Path, language: str) -> dict[str, str]:
    """Return the text of every PDF of language in the build, by file name."""
    files = json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))["files"]
    texts = {}
    for entry in files:
        if entry["language"] == language and entry["format"] == "pdf":
            reader = pypdf.PdfReader(io.BytesIO((out / entry["path"]).read_bytes()))
            texts[entry["path"]] = "\n".join(page.extract_text() for page in reader.pages)
    assert texts, language
    return texts


def violations(texts: dict[str, str], term: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (file, forbidden variant) for each forbidden variant found."""
    return [
        (name, variant)
        for name, text in texts.items()
        for variant in term["forbidden"]
        if contains(text, variant)
    ]


def test_every_language_has_a_glossary_with_the_key_concepts() -> None:
    assert LANGUAGES == ["de", "en", "fr", "pl"]
    for language in LANGUAGES:
        concepts = {term["concept"] for term in glossary(language)}
        for concept in ("war and humanitarian crimes", "LGBTIQ+"):
            assert concept in concepts, (language, concept)
        for term in glossary(language):
            assert term["use"] and term["source"], term
            assert not any(contains(u, f) for u in term["use"] for f in term["forbidden"]), term


@pytest.mark.parametrize("language", LANGUAGES)
def test_outputs_use_the_glossary_and_never_a_forbidden_variant(
    drafted: Path, language: str
) -> None:
    texts = language_outputs(drafted, language)
    seed = SEED.read_text(encoding="utf-8")
    everything = "\n".join(texts.values())
    for term in glossary(language):
        found = violations(texts, term)
        if "pending" in term:  # waits for another change: once it holds, enforce it
            assert found, f"{language}: {term['concept']!r} now holds: remove its `pending` line"
            continue
        assert not found, (language, term["concept"], found[:5])
        if any(contains(seed, source) for source in term["source"]):
            assert any(contains(everything, use) for use in term["use"]), (language, term)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_translation_of_a_glossary_term_uses_its_fixed_form(language: str) -> None:
    """A message whose English names a concept is translated with the glossary's form."""
    messages = []
    for domain in ("briefs", "berlin-2024"):
        path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as stream:
            messages += [m for m in read_po(stream, locale=language) if m.id]
    checked = 0
    for term in glossary(language):
        if "pending" in term:
            continue
        for message in messages:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not any(contains(i, source) for i in ids for source in term["source"]):
                continue
            for string in strings:
                assert any(contains(string, use) for use in term["use"]), (term["concept"], string)
                assert not any(contains(string, f) for f in term["forbidden"]), string
                checked += 1
    assert checked >= 15
