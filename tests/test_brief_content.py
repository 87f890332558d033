"""What a desk officer reads: page 1 holds the asks, short documents, names in their language.

Checked on the seed build as a reader gets it: page counts and page text with pypdf, the asks
and the tags after them in the HTML preview with lxml (its lists keep the ask in <strong> and the
tags in <em>), and a conference by another organiser built from the starter file of
`briefs init`.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pypdf
import pytest

from briefs.cli import main
from briefs.loading import load_conference

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
MAX_PAGES = {"brief": 2, "digest": 3}

ENGLISH_NAMES = [  # institutions and organisations with a name in German, French and Polish
    "European External Action Service",
    "Federal Foreign Office",
    "Ministry for Europe and Foreign Affairs",
    "Ministry of Foreign Affairs Poland",
    "French Ministry of Foreign Affairs",
]
OWN_LANGUAGE_ONLY = {  # an organisation named in its own country's language there
    "de": ["German Council on Foreign Relations"],
    "pl": ["Centre for Eastern Studies"],
}
ORGANISER_SENTENCES = ["Platform", "Platforma", "pro-democracy", "Russian pro-democracy movements"]


def entries(out: Path, **wanted: str) -> list[dict[str, Any]]:
    """Return the manifest entries of a build that match every wanted field."""
    manifest = out / "berlin-2024" / "manifest.json"
    files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    found = [e for e in files if all(e[key] == value for key, value in wanted.items())]
    assert found, wanted
    return found


def pages(path: Path) -> list[str]:
    """Return the text of each page of a PDF, as pypdf extracts it, whitespace folded."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def folded(text: str) -> str:
    """Fold whitespace and the marks the typography pass changes, for text comparisons."""
    text = re.sub(r"\s+", " ", text).strip()
    return text.translate(str.maketrans(dict.fromkeys("’‘“”„«»", "'")))


def asks_and_tags(path: Path) -> list[tuple[str, str]]:
    """Return (ask, tags) for each list item of an HTML preview that has both."""
    page = lxml.html.fromstring(path.read_bytes())
    found = []
    for item in page.xpath("//main//li[strong and em]"):
        ask = " ".join(s.text_content() for s in item.xpath("strong"))
        tags = " ".join(e.text_content() for e in item.xpath("em"))
        found.append((folded(ask), folded(tags)))
    return found


def box_asks(path: Path) -> list[str]:
    """Return the asks in the key-asks box of an HTML preview, in order."""
    page = lxml.html.fromstring(path.read_bytes())
    [box] = page.xpath("//main/section[contains(@class, 'asks')]")
    return [
        folded(" ".join(s.text_content() for s in li.xpath("strong"))) for li in box.xpath(".//li")
    ]


def test_theme_briefs_fit_two_pages_and_digests_three(drafted: Path) -> None:
    counted = {"brief": 0, "digest": 0}
    for entry in entries(drafted, format="pdf"):
        count = len(pages(drafted / entry["path"]))
        assert count <= MAX_PAGES[entry["kind"]], (entry["path"], count)
        counted[entry["kind"]] += 1
    assert counted == {"brief": 20, "digest": 4}


def test_page_one_of_every_english_document_holds_an_ask_to_its_audience(drafted: Path) -> None:
    data = load_conference(SEED)
    asks = [
        folded(rec.text)
        for session in data.sessions
        for rec in session.recommendations
        if "eeas" in rec.audiences
    ]
    documents = entries(drafted, format="pdf", language="en", audience="eeas")
    assert len(documents) == 6
    for entry in documents:
        first = folded(pages(drafted / entry["path"])[0])
        assert any(ask in first for ask in asks), (entry["path"], first[:600])


def test_a_theme_brief_addresses_to_its_reader_only_asks_that_include_it(tmp_path: Path) -> None:
    """The EEAS's briefs, with two themes whose asks leave the EEAS out (one it does not follow)."""
    data = load_conference(SEED)
    out = tmp_path / "out"
    themes = ["anti-gender-agenda", "civil-society-russia", "detained-civilians"]
    argv = ["build", str(SEED), "--out", str(out), "--audience", "eeas", "--format", "pdf"]
    assert main([*argv, *(f"--theme={theme}" for theme in themes)]) == 0
    checked = others_seen = 0
    for entry in entries(out, format="html", kind="brief"):
        session = data.session(entry["theme"])
        mine = {folded(r.text) for r in session.recommendations if "eeas" in r.audiences}
        others = {folded(r.text) for r in session.recommendations if "eeas" not in r.audiences}
        shown = box_asks(out / entry["path"])
        assert set(shown) == mine, entry["path"]  # every ask to it, and no other
        addressed = [ask for ask, _ in asks_and_tags(out / entry["path"])]
        assert not set(addressed) & others, entry["path"]
        checked += len(shown)
        others_seen += len(others)
    assert checked >= 9 and others_seen == 3


def test_the_tags_after_an_ask_are_shorter_than_the_ask_and_name_no_ministry_in_full(
    drafted: Path,
) -> None:
    data = load_conference(SEED)
    seen = 0
    for entry in entries(drafted, format="html"):
        language = entry["language"]
        full_names = {a.name_in(language) for a in data.audiences}
        full_names |= {a.institution for a in data.audiences} | {
            a.institution_en for a in data.audiences
        }
        for ask, tags in asks_and_tags(drafted / entry["path"]):
            assert tags and len(tags) < len(ask), (entry["path"], ask, tags)
            assert not [name for name in full_names if folded(name) in tags], (entry["path"], tags)
            seen += 1
    assert seen > 150


@pytest.mark.parametrize("language", ["de", "fr", "pl"])
def test_no_english_institution_name_in_another_language(drafted: Path, language: str) -> None:
    documents = entries(drafted, format="pdf", language=language)
    assert len(documents) == 6
    for entry in documents:
        text = folded(" ".join(pages(drafted / entry["path"])))
        for name in [*ENGLISH_NAMES, *OWN_LANGUAGE_ONLY.get(language, [])]:
            assert name not in text, (entry["path"], name)


def test_own_language_names_of_organisations_are_used_in_their_country(drafted: Path) -> None:
    expected = {
        ("de", "civil-society-russia"): "Deutsche Gesellschaft für Auswärtige Politik",
        ("pl", "ukraine-humanitarian"): "Ośrodek Studiów Wschodnich",
    }
    data = load_conference(SEED)
    for (language, theme), name in expected.items():
        session = data.session(theme)
        assert any(
            org in session.participants
            for org in ("german-council-on-foreign-relations", "centre-for-eastern-studies")
        )
        [entry] = entries(drafted, format="pdf", language=language, theme=theme)
        assert name in folded(" ".join(pages(drafted / entry["path"]))), entry["path"]


def test_another_organisers_briefs_say_nothing_about_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The starter conference of `briefs init` (another organiser, another structure)."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "space"]) == 0
    monkeypatch.chdir(tmp_path / "space")
    out = tmp_path / "space" / "out"
    assert main(["build", "--out", str(out), "--format", "pdf", "--date", "2026-11-26"]) == 0
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 2
    for pdf in pdfs:
        text = folded(" ".join(pages(pdf)))
        assert "About the conference" in text or "Participants" in text, pdf.name
        for sentence in ORGANISER_SENTENCES:
            assert sentence not in text, (pdf.name, sentence)


def test_the_organisers_purpose_and_next_meeting_come_from_the_data(
    tmp_copy: Any, tmp_path: Path
) -> None:
    purpose = (
        "      The Platform works to strengthen cooperation between Russian pro-democracy"
        " movements\n      and international partners.\n"
    )
    changed = tmp_copy(
        (purpose, "      Our network connects independent newsrooms across Europe.\n"),
        (
            "    name: Platform for Civic Anti-War and Humanitarian Initiatives\n",
            "    name: Free Media Network\n",
        ),
        ("    short_name: Platforma\n", "    short_name: FMN\n"),
        (
            "    occasion: Congress of Anti-War, Civic and Humanitarian Initiatives\n",
            "    occasion: Annual Media Forum\n",
        ),
    )
    out = tmp_path / "out"
    argv = ["build", str(changed), "--out", str(out), "--audience", "eeas", "--format", "pdf"]
    assert main([*argv, "--theme", "detained-civilians"]) == 0
    [pdf] = sorted(out.rglob("*.pdf"))
    text = folded(" ".join(pages(pdf)))
    assert "Our network connects independent newsrooms across Europe." in text
    assert "Next meeting: Annual Media Forum, Brussels, March 2025" in text
    for sentence in ORGANISER_SENTENCES:
        assert sentence not in text, sentence
