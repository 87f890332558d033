"""The loader: every bad input is reported as `file:line: field: message`, with exit code 2."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from ruamel.yaml import YAML

from briefs.loading import format_location

BAD_DIR = Path(__file__).resolve().parent / "data" / "bad"
EXPECT = re.compile(r"# expect: (?P<line>\d+) (?P<field>\S+) (?P<message>\S.*)")


class Expectation(NamedTuple):
    line: int
    field: str  # "-" when the problem has no field
    message: str


def expectation(path: Path) -> Expectation:
    """Read the `# expect:` line: from the sidecar NAME.expect if there is one, else line 1."""
    sidecar = path.with_name(path.name + ".expect")
    text = (sidecar if sidecar.exists() else path).read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    match = EXPECT.fullmatch(first.rstrip())
    assert match, f"{path.name}: no '# expect: <line> <field> <message>' line"
    return Expectation(int(match["line"]), match["field"], match["message"])


def bad_files() -> list[pytest.ParameterSet]:
    files = sorted(path for path in BAD_DIR.iterdir() if path.suffix != ".expect")
    return [pytest.param(path, id=path.name) for path in files]


def reported(err: str, source: str, line: int | None, field: str = "-") -> list[str]:
    """Return the stderr lines reporting a problem at source:line in field."""
    where = f"{source}:{line}" if line is not None else source
    prefix = f"{where}: " if field == "-" else f"{where}: {field}: "
    return [text for text in err.splitlines() if text.startswith(prefix)]


def line_of(text: str, marker: str) -> int:
    """Return the 1-based number of the first line of text containing marker."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not found")


def test_bad_inputs_cover_every_case() -> None:
    names = {path.name for path in BAD_DIR.iterdir()}
    assert len([name for name in names if not name.endswith(".expect")]) >= 15
    assert {"empty.yaml", "binary.yaml", "malformed.json"} <= names
    for name in names:
        if name.endswith(".expect"):
            assert name.removesuffix(".expect") in names, f"{name} belongs to no file"


@pytest.mark.parametrize("path", bad_files())
def test_bad_input_is_reported_with_line_and_field(path: Path, run_cli, monkeypatch) -> None:
    expected = expectation(path)
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.out == ""
    lines = reported(result.err, path.name, expected.line, expected.field)
    assert any(expected.message in line for line in lines), result.err
    assert re.search(r"^\d+ problems? found$", result.err, re.MULTILINE)


def test_five_megabyte_string_is_refused_without_echoing_it(tmp_copy, run_cli, monkeypatch):
    old_finding = (
        "      - >-\n        International protection mechanisms do not work effectively enough"
    )
    huge = "x" * (5 * 1024 * 1024)
    path = tmp_copy((old_finding, f"      - {huge}\n      - >-\n        International"))
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    line = line_of(path.read_text(encoding="utf-8"), "xxxxxxxx")
    lines = reported(result.err, path.name, line, "sessions[0].findings[1]")
    assert any("at most 5000 characters" in text for text in lines), result.err[:2000]
    assert len(result.err) < 2000  # the huge value is not echoed back


def test_missing_file(run_cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    result = run_cli(["validate", "no-such-file.yaml"])

    assert result.code == 2
    assert "Traceback" not in result.err
    assert "no-such-file.yaml: file not found" in result.err.splitlines()


FIELD_ERRORS = [
    ("participants: 130", "participants: lots", "conference.participants", "whole number"),
    ("locale: fr_FR", "locale: xx_QQ", "audiences[1].locale", "unknown locale: use e.g. de_DE"),
    (
        "email: rosja@pl-msz.example.org",
        "email: rosja-at-pl-msz.example.org",
        "audiences[2].contacts[0].email",
        "invalid email address",
    ),
]
REFERENCE_ERRORS = [
    (
        "opened_by: [de-mfa, fr-meae, pl-msz, eeas]",
        "opened_by: [de-mfa, fr-meae, pl-msz, eeas-x]",
        "conference.opened_by[3]",
        "unknown audience 'eeas-x'",
    ),
    (
        "- theme: war-fatigue-media",
        "- theme: war-fatigue-medai",
        "audiences[0].interests[4].theme",
        "unknown theme 'war-fatigue-medai'",
    ),
    (
        "source: center-for-civil-liberties",
        "source: centre-for-civil-liberties",
        "sessions[0].figures[0].source",
        "unknown organisation 'centre-for-civil-liberties' (did you mean",
    ),
]


@pytest.mark.parametrize("planted", [FIELD_ERRORS, REFERENCE_ERRORS], ids=["fields", "references"])
def test_every_planted_error_is_reported_in_one_run(planted, tmp_copy, run_cli, monkeypatch):
    path = tmp_copy(*[(old, new) for old, new, _, _ in planted])
    text = path.read_text(encoding="utf-8")
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    for _, new, field, message in planted:
        lines = reported(result.err, path.name, line_of(text, new), field)
        assert any(message in line for line in lines), f"{field} not reported:\n{result.err}"
    assert result.err.splitlines()[-1] == "3 problems found"


@pytest.mark.parametrize(
    ("old", "new", "field", "suggestion"),
    [
        ("salutation: Madame", "salutaton: Madame", "audiences[1].salutaton", "salutation"),
        ("\naudiences:\n", "\naudiance:\n", "audiance", "audiences"),
        (
            "  audiences: [eeas,",
            "  audiance: [eeas,",
            "sessions[0].recommendations[0].audiance",
            "audiences",
        ),
    ],
)
def test_unknown_key_suggests_the_right_one(
    old, new, field, suggestion, tmp_copy, run_cli, monkeypatch
):
    path = tmp_copy((old, new))
    line = line_of(path.read_text(encoding="utf-8"), new.strip())
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    lines = reported(result.err, path.name, line, field)
    assert any(f"(did you mean {suggestion!r}?)" in text for text in lines), result.err


def test_unknown_key_unlike_any_field_gets_no_suggestion(tmp_copy, run_cli):
    path = tmp_copy(("  city: Berlin\n", "  city: Berlin\n  hashtag: '#berlin2024'\n"))

    result = run_cli(["validate", path])

    assert result.code == 2
    assert "unknown field 'hashtag'" in result.err
    assert "did you mean" not in result.err


def test_json_equivalent_of_the_seed_is_valid(seed_path, seed_text, tmp_path, run_cli):
    data = YAML(typ="safe", pure=True).load(seed_text)
    json_path = tmp_path / "berlin-2024.json"
    json_path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")

    from_json = run_cli(["validate", json_path])
    from_yaml = run_cli(["validate", seed_path])

    assert from_json.code == 0, from_json.err
    assert from_json.out == from_yaml.out
    assert ": valid" in from_json.out


def test_impossible_date_is_invalid_input(tmp_copy, run_cli, monkeypatch):
    path = tmp_copy(("date: 2024-12-03", "date: 2024-13-45"))
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    assert "internal error" not in result.err
    assert result.err.startswith(f"{path.name}:")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deeply_nested_input_is_invalid_input(suffix, tmp_path, run_cli, monkeypatch):
    name = f"deep{suffix}"
    (tmp_path / name).write_text('{"conference": ' + "[" * 5000 + "]" * 5000 + "}\n")
    monkeypatch.chdir(tmp_path)

    result = run_cli(["validate", name])

    assert result.code == 2
    assert "internal error" not in result.err
    assert result.err.startswith(f"{name}:")


def test_type_error_shows_the_offending_value(tmp_copy, run_cli):
    path = tmp_copy(("kind: ngo", "kind: charity"))

    result = run_cli(["validate", path])

    assert result.code == 2
    assert "organisations[0].kind" in result.err
    assert "(got 'charity')" in result.err


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ((), ""),
        (("conference",), "conference"),
        (("conference", "organiser", "email"), "conference.organiser.email"),
        (("organisations", 3), "organisations[3]"),
        (
            ("sessions", 2, "recommendations", 1, "audiences", 0),
            "sessions[2].recommendations[1].audiences[0]",
        ),
        (("audiences", 0, "contacts", 10, "name"), "audiences[0].contacts[10].name"),
    ],
)
def test_format_location(location, expected):
    assert format_location(location) == expected
