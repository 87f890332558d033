"""Localization: the audience's language, CLDR formatting and plurals, honest catalogs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from briefs import rendering
from briefs.build import BuildOptions, Job, document_for
from briefs.cli import main
from briefs.document import body_text
from briefs.i18n.catalogs import extract_content, extract_templates, statuses
from briefs.i18n.localization import Formatter, translations_for
from briefs.loading import load_conference
from briefs.workspace import Workspace, bundled_resources

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
LOCALES = ROOT / "locales"
DATE = dt.date(2026, 11, 26)


def clear_caches() -> None:
    translations_for.cache_clear()
    rendering.environment.cache_clear()
    from briefs.i18n import content

    content._LOCALIZED.clear()


@pytest.fixture
def own_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workspace (the current directory) with a writable copy of the bundled catalogs."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    copy = workspace / "locales"
    shutil.copytree(LOCALES, copy)
    (workspace / "data").mkdir()
    shutil.copy(SEED, workspace / "data")
    monkeypatch.chdir(workspace)
    clear_caches()
    yield copy
    clear_caches()


def brief_text(audience: str) -> str:
    data = load_conference(SEED)
    job = Job("brief", audience, "detained-civilians", 1)
    document, _ = document_for(data, job, BuildOptions(build_date=DATE))
    return body_text(document)


def workspace_options(locales: Path, **options: object) -> BuildOptions:
    return BuildOptions(resources=Workspace(locales.parent).resources, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("audience", "salutation", "date"),
    [
        ("de-mfa", "Sehr geehrte Damen und Herren,", "26.\u00a0November\u00a02026"),
        ("fr-meae", "Madame, Monsieur,", "26\u00a0novembre\u00a02026"),
        ("pl-msz", "Szanowni Państwo,", "26\u00a0listopada\u00a02026\u00a0r."),
        ("eeas", "Dear Sir or Madam,", "26\u00a0November\u00a02026"),
    ],
)
def test_brief_speaks_the_audience_language(audience: str, salutation: str, date: str) -> None:
    text = brief_text(audience)
    language = audience[:2] if audience != "eeas" else "en"
    gettext = translations_for(language, "briefs", bundled_resources()).gettext
    for heading in ("Key findings", "Summary", "About the conference"):
        translated = gettext(heading)
        assert translated in text
        assert (translated != heading) == (language != "en")
    assert salutation not in text  # a brief is not a letter: the email carries the salutation
    assert date in text


def test_english_brief_contains_no_german() -> None:
    text = brief_text("eeas")
    german = translations_for("de", "briefs", bundled_resources()).gettext
    for message in (
        "Key findings",
        "About the conference",
        "Summary",
        "Participating organisations",
    ):
        assert german(message) not in text
    assert "Sehr geehrte" not in text and "Dezember" not in text


@pytest.mark.parametrize(
    ("locale", "date", "number", "items"),
    [
        ("de_DE", "3.\u00a0Dezember\u00a02024", "7.000", "A, B und C"),
        ("fr_FR", "3\u00a0décembre\u00a02024", "7\u202f000", "A, B et C"),
        ("pl_PL", "3\u00a0grudnia\u00a02024\u00a0r.", "7000", "A, B i C"),
        ("en_GB", "3\u00a0December\u00a02024", "7,000", "A, B and C"),
    ],
)
def test_cldr_formatting(locale: str, date: str, number: str, items: str) -> None:
    fmt = Formatter(locale)
    assert fmt.date(dt.date(2024, 12, 3)) == date
    assert fmt.number(7000) == number
    assert fmt.items(["A", "B", "C"]) == items


@pytest.mark.parametrize(
    ("count", "form"), [(1, 0), (2, 1), (5, 2), (12, 2), (22, 1), (25, 2), (101, 2), (112, 2)]
)
def test_polish_plural_forms(count: int, form: int) -> None:
    singular = "One organisation took an active part in this session."
    plural = "In this session, %(number)s organisations took an active part."
    with (LOCALES / "pl" / "LC_MESSAGES" / "briefs.po").open("rb") as stream:
        forms = read_po(stream, locale="pl").get(singular).string
    assert len(set(forms)) == 3  # one, few, many: three different sentences
    assert (
        translations_for("pl", "briefs", bundled_resources()).ngettext(singular, plural, count)
        == forms[form]
    )


def test_every_template_message_is_in_every_catalog() -> None:
    extracted = {
        (m.id if isinstance(m.id, str) else m.id[0], m.context)
        for m in extract_templates(ROOT)
        if m.id
    }
    with (LOCALES / "briefs.pot").open("rb") as stream:
        committed = {
            (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(stream) if m.id
        }
    assert extracted == committed, "run `briefs i18n extract` and `briefs i18n update`"
    content = {(m.id, m.context) for m in extract_content(load_conference(SEED), "data") if m.id}
    with (LOCALES / "berlin-2024.pot").open("rb") as stream:
        assert content == {(m.id, m.context) for m in read_po(stream) if m.id}
    for status in statuses(load_conference(SEED), bundled_resources()):
        assert status.complete, (status.language, status.domain, status.missing, status.fuzzy)
        assert status.percent == 100.0


def test_catalogs_pass_msgfmt_check() -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext)"
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, (po, result.stderr)


def test_changed_source_text_becomes_fuzzy_and_strict_refuses_it(
    own_locales: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = "Making the problem visible in the international community is important"
    new = "Making the problem visible internationally is essential"
    data = tmp_path / "changed.yaml"
    data.write_text(SEED.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert main(["i18n", "extract", str(data)]) == 0
    assert main(["i18n", "update", str(data)]) == 0
    with (own_locales / "de" / "LC_MESSAGES" / "berlin-2024.po").open("rb") as stream:
        catalog = read_po(stream, locale="de")
    [entry] = [m for m in catalog if isinstance(m.id, str) and m.id.startswith(new)]
    assert entry.fuzzy and entry.string  # the old German text is kept, marked for review
    capsys.readouterr()

    out = tmp_path / "out"
    args = ["build", str(data), "--out", str(out), "--audience", "de-mfa", "--format", "pdf"]
    assert main([*args, "--strict"]) == 2
    err = capsys.readouterr().err
    assert "texts translated, 1 fuzzy" in err and "berlin-2024 80/81" in err and "--strict" in err
    assert not out.exists()

    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1  # one grouped message, not one per text
    assert "wholly in English" in err and "briefs i18n export de" in err
    # the documents that show the changed finding (its theme's brief, the digest) are English
    # throughout, tagged so; the other briefs stay German
    files = json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))
    languages = {e["theme"]: e["language"] for e in files["files"] if e["format"] == "pdf"}
    assert languages == {
        None: "en",
        "detained-civilians": "en",
        "civil-society-russia": "de",
        "activist-cooperation": "de",
        "anti-gender-agenda": "de",
        "war-fatigue-media": "de",
    }
    [english] = [
        e for e in files["files"] if e["theme"] == "detained-civilians" and e["format"] == "pdf"
    ]
    assert english["requested_language"] == "de"
    from pypdf import PdfReader

    reader = PdfReader(out / english["path"])
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Making the problem visible internationally" in text
    assert "Key findings" in text and "Wichtigste" not in text  # one language throughout
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-GB"


def test_status_check_fails_on_missing_translations(
    own_locales: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["i18n", "status", "--check"]) == 0
    po = own_locales / "fr" / "LC_MESSAGES" / "briefs.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Principaux constats"', 'msgstr ""'),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["i18n", "status", "--check"]) == 2
    assert "fr        briefs" in capsys.readouterr().out


def test_a_new_language_needs_no_code(own_locales: Path, tmp_path: Path) -> None:
    data = tmp_path / "uk.yaml"
    shutil.copy(SEED, data)
    registry = (SEED.parent / "audiences.yaml").read_text(encoding="utf-8")
    assert "locale: en_GB" in registry
    (tmp_path / "audiences.yaml").write_text(
        registry.replace("locale: en_GB", "locale: uk_UA"), encoding="utf-8"
    )
    assert main(["i18n", "init", "uk", str(data)]) == 0
    po = own_locales / "uk" / "LC_MESSAGES" / "briefs.po"
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Key findings"\nmsgstr ""', 'msgid "Key findings"\nmsgstr "Ключові висновки"'
    )
    po.write_text(text, encoding="utf-8")
    clear_caches()
    document, _ = document_for(
        load_conference(data),
        Job("brief", "eeas", "detained-civilians", 1),
        workspace_options(own_locales, build_date=DATE),
    )
    text = body_text(document)
    assert "Ключові висновки" in text and "26\u00a0листопада\u00a02026" in text


def test_each_locale_keeps_its_own_cldr_names_and_lists() -> None:
    """Babel's locales are parsed once per process: interleaved locales each get their own."""
    from briefs.i18n.localization import Formatter

    asked = [("fr_FR", "Pologne", "A, B et C"), ("de_DE", "Polen", "A, B und C")]
    for locale, poland, listed in [*asked, *asked]:
        assert Formatter(locale).territory("PL") == poland
        assert Formatter(locale).items(["A", "B", "C"]) == listed
    assert Formatter("pl_PL").month("2025-03") == "marzec 2025"
    assert Formatter("en_GB").month("2025-03") == "March 2025"
    assert Formatter("pl_PL").month("2025-03") == "marzec 2025"


def test_dates_lists_and_countries_are_worked_out_per_locale() -> None:
    """Formatted values are kept per process: the same value asked in another locale, or again
    after it, is that locale's, in the documents too (a German date never reaches a French one).
    """
    day = dt.date(2024, 12, 3)
    expected = {
        "de_DE": ("3.\u00a0Dezember\u00a02024", "Polen, Frankreich", "Dezember 2024"),
        "fr_FR": ("3\u00a0décembre\u00a02024", "Pologne, France", "décembre 2024"),
        "pl_PL": ("3\u00a0grudnia\u00a02024\u00a0r.", "Polska, Francja", "grudzień 2024"),
    }
    for locale, (date, countries, month) in [*expected.items(), *reversed(expected.items())]:
        fmt = Formatter(locale)
        shown = [fmt.territory("PL"), fmt.territory("FR")]
        assert (fmt.date(day), ", ".join(shown), fmt.month("2024-12")) == (date, countries, month)
    seed = load_conference(SEED)
    options = BuildOptions(build_date=day)
    for audience, date in [("de-mfa", "Dezember"), ("fr-meae", "décembre"), ("de-mfa", "Dezember")]:
        document, _ = document_for(seed, Job("digest", audience, None, 0), options)
        letterhead = body_text(document)
        other = "décembre" if date == "Dezember" else "Dezember"
        assert date in letterhead and other not in letterhead


def test_invalid_translations_are_each_named_by_their_place_in_the_data(own_locales: Path) -> None:
    """Translated texts are checked as the data is: every bad one named, none quoted back."""
    from babel.messages.pofile import write_po

    from briefs.errors import DataError
    from briefs.i18n.content import localize_content

    data = load_conference(SEED)
    first, third = data.sessions[0], data.sessions[2]
    path = own_locales / "de" / "LC_MESSAGES" / "berlin-2024.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale="de")
    bad = {
        (first.title, f"{first.id}|title"): "Zeile eins\nZeile zwei",  # a title is one line
        (third.summary, f"{third.id}|summary"): "Das Außenministеrium",  # a Cyrillic е inside
        (data.conference.title, "conference|title"): " ",  # nothing left
    }
    for (text, context), translation in bad.items():
        catalog.get(text, context=context).string = translation
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0)
    with pytest.raises(DataError) as caught:
        localize_content(data, "de", Workspace(own_locales.parent).resources)
    problems = caught.value.problems
    assert [problem.path for problem in problems] == [
        "conference.title",
        "sessions.0.title",
        "sessions.2.summary",
    ]
    assert all(problem.message.startswith("invalid translation: ") for problem in problems)
    assert all(problem.source == str(path) for problem in problems)
    assert "line breaks" in problems[1].message and "Cyrillic" in problems[2].message
    assert not any("Zeile" in str(problem) or "ministеr" in str(problem) for problem in problems)
