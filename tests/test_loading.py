"""The loader: every bad input is reported as `file:line: field: message`, with exit code 2."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from briefs.errors import DataError
from briefs.loading import format_location, load_conference

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
    assert len([name for name in names if not name.endswith(".expect")]) >= 40
    assert {"empty.yaml", "binary.yaml", "malformed.json", "alias-bomb.yaml", "tabs.yaml"} <= names
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


PROGRAMMER_LANGUAGE = re.compile(
    r"input should|should match|pattern|regex|\[a-z|\\d|\^|after validation|too short"
    r"|invalid character in|valid date|datetime|mapping values|cannot start any token"
    r"|<block|<scalar|<stream|scanner|parser|constructor|DuplicateKey|Traceback|pydantic"
    r"|value error|type=|\bNone\b|\bstr\b|\bint\b|\bfloat\b|\bdict\b|ruamel",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", bad_files())
def test_every_message_speaks_to_the_person_who_edits_the_file(
    path: Path, run_cli, monkeypatch
) -> None:
    """Each problem line is `file[:line]: [field: ]message`, lowercase and free of jargon."""
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    *problems, summary = result.err.splitlines()
    assert problems and re.fullmatch(r"\d+ problems? found", summary), result.err
    located = re.compile(re.escape(path.name) + r"(:\d+)?: (?:[\w.\[\]]+: )?(?P<message>.+)")
    for line in problems:
        match = located.fullmatch(line)
        assert match, line
        message = match["message"]
        assert message[0].islower() or message[0] in "'\"", line
        assert not PROGRAMMER_LANGUAGE.search(message), line
        assert len(line) < 400, line


BREAKING_INSERTS = [
    *["\t", ": ", "'", '"', "[", "]", "{", "}", "- ", "&a ", "*a", "#", "!!str ", "%", "@"],
    *["`", "|", ">", "\n", "  ", ",", "? ", "\\", "&", "*", "\u00ad", "\u043e", "0", "-"],
]


@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(BREAKING_INSERTS)), min_size=1, max_size=3
    )
)
@settings(max_examples=80, deadline=None, derandomize=True)
def test_a_file_broken_anywhere_is_explained_in_plain_words(edits) -> None:
    """Typing stray characters anywhere gives located, jargon-free messages, never a crash."""
    text = (BAD_DIR / "wrong-type-participants.yaml").read_text(encoding="utf-8")
    text = text.replace('"many"', "30")
    for where, insert in edits:
        position = int(where * len(text))
        text = text[:position] + insert + text[position:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "broken.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_conference(path, "broken.yaml")
        except DataError as error:
            assert error.problems
            for problem in error.problems:
                bare = re.sub(r"\(got .*\)$|'[^']*'|\"[^\"]*\"", "", problem.message)
                assert problem.message[0].islower(), str(problem)
                assert not PROGRAMMER_LANGUAGE.search(bare), str(problem)
                assert "could not be read as YAML" not in problem.message, str(problem)


def test_the_jargon_check_can_fail() -> None:
    for jargon in [
        "string should match pattern '^\\d{4}-(0[1-9]|1[0-2])$'",
        "input should be a valid date or datetime, invalid character in year",
        "list should have at least 1 item after validation, not 0",
        "mapping values are not allowed here",
        "found character '\\t' that cannot start any token",
    ]:
        assert PROGRAMMER_LANGUAGE.search(jargon), jargon


@pytest.mark.parametrize("name", ["tabs.yaml", "tabs-in-strings.json"])
def test_every_tab_is_reported_with_its_line(name, run_cli, monkeypatch) -> None:
    path = BAD_DIR / name
    text = path.read_text(encoding="utf-8")
    tab_lines = [number for number, line in enumerate(text.splitlines(), 1) if "\t" in line]
    monkeypatch.chdir(BAD_DIR)

    result = run_cli(["validate", path.name])

    assert len(tab_lines) >= 2
    for number in tab_lines:
        lines = reported(result.err, path.name, number)
        assert any("replace tabs with spaces" in line for line in lines), result.err
    assert result.err.splitlines()[-1] == f"{len(tab_lines)} problems found"


@pytest.mark.parametrize(
    ("name", "secrets"),
    [
        ("duplicate-key-protected.yaml", ["Anonymous Lawyers"]),
        ("mixed-script-protected-alias.yaml", ["L\u0430wyers", "Anonymous", "Collective"]),
        ("unknown-organisation.yaml", ["anonymous-lawyers-russia"]),
        ("duplicate-protected-id.yaml", ["anonymous-lawyers-russia"]),
    ],
)
def test_validation_never_echoes_a_protected_organisation(name, secrets, run_cli, monkeypatch):
    monkeypatch.chdir(BAD_DIR)

    result = run_cli(["validate", name])

    assert result.code == 2
    for secret in secrets:
        assert secret not in result.err, result.err


PROTECTED_ORG = (
    "    protection: protected\n    description: anonymous lawyers and advocates in Russia\n"
    "    country: RU\n    kind: ngo\n"
)


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (PROTECTED_ORG.replace("kind: ngo", "kind: Memoria"), "kind"),
        (PROTECTED_ORG.replace("country: RU", "country: Memoria"), "country"),
        (PROTECTED_ORG + "    aliases: Memoria\n", "aliases"),
        (PROTECTED_ORG + "    aliases: [Memoria, 7]\n", "aliases[1]"),
        (PROTECTED_ORG + "    name: [Memoria]\n", "name"),
    ],
)
def test_fields_of_a_protected_organisation_are_not_quoted(new, field, tmp_copy, run_cli):
    path = tmp_copy((PROTECTED_ORG, new))

    result = run_cli(["validate", path])

    assert result.code == 2
    assert f".{field}: " in result.err, result.err
    assert "Memoria" not in result.err, result.err


def test_a_value_elsewhere_that_resembles_a_protected_name_is_not_quoted(tmp_copy, run_cli):
    path = tmp_copy(
        (PROTECTED_ORG, PROTECTED_ORG + "    name: Memoria Group\n"),
        ("    format: roundtable\n", "    format: memoria group\n"),
        ("  city: Berlin\n", "  city: [Memoria-Group]\n"),
    )

    result = run_cli(["validate", path])

    assert result.code == 2
    assert "sessions[0].format: must be one of 'roundtable', 'panel' or 'discussion'" in result.err
    assert "conference.city: must be text" in result.err
    assert "memoria" not in result.err.casefold(), result.err


def test_reference_errors_come_in_the_same_run_as_field_errors(tmp_copy, run_cli, monkeypatch):
    path = tmp_copy(
        ("participants: 130", "participants: lots"),
        ("source: center-for-civil-liberties", "source: centre-for-civil-liberties"),
        (
            "opened_by: [de-mfa, fr-meae, pl-msz, eeas]",
            "opened_by: [de-mfa, fr-meae, pl-msz, eeaz]",
        ),
    )
    text = path.read_text(encoding="utf-8")
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    for marker, field, message in [
        ("participants: lots", "conference.participants", "must be a whole number"),
        ("source: centre-for", "sessions[0].figures[0].source", "unknown organisation"),
        ("eeaz]", "conference.opened_by[3]", "unknown audience 'eeaz' (did you mean 'eeas'?)"),
    ]:
        lines = reported(result.err, path.name, line_of(text, marker), field)
        assert any(message in line for line in lines), result.err
    assert result.err.splitlines()[-1] == "3 problems found"


def test_debug_is_accepted_after_the_subcommand(tmp_copy, run_cli):
    path = tmp_copy(("participants: 130", "participants: lots"))

    result = run_cli(["validate", path, "--debug"])

    assert result.code == 2
    assert "No such option" not in result.err
    assert "Traceback" in result.err
    assert "must be a whole number" in result.err


def test_debug_is_accepted_after_a_nested_subcommand(run_cli, tmp_path):
    result = run_cli(["i18n", "status", "--debug"])

    assert "No such option" not in result.err
    assert result.code == 0, result.err


def alias_bomb(levels: int, width: int) -> str:
    """Return YAML whose `city` expands to width ** levels strings."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("levels", "width", "message"),
    [
        (90, 60, "make the data grow past 100,000 values"),  # 32 KB, 60 ** 90 values
        (9, 9, "make the data grow past 100,000 values"),  # half a kilobyte, 9 ** 9 values
    ],
)
def test_alias_bomb_is_refused_within_a_small_memory_limit(
    levels, width, message, seed_text, tmp_path
):
    """In a process limited to 256 MB (validating the seed needs about 45), as a user runs it."""
    bomb = alias_bomb(levels, width)
    text = bomb + seed_text.replace("  city: Berlin\n", f"  city: *l{levels - 1}\n", 1)
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    limit = 256 * 1024 * 1024

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from briefs.cli import main; sys.exit(main())",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limit_memory,
        check=False,
    )

    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr
    assert len(result.stderr) < 1000
    if levels == 90:
        assert 32_000 < len(bomb.encode()) < 34_000


def test_too_many_aliases_are_refused_even_when_each_is_small(tmp_copy, run_cli):
    many = ", ".join(["*country"] * 1_001)
    path = tmp_copy(
        ("  country: DE\n", f"  country: &country DE\n  notes: [{many}]\n"),
    )

    result = run_cli(["validate", path])

    assert result.code == 2
    assert "more than 1,000 aliases (*name): write the repeated parts out instead" in result.err


def test_a_few_aliases_are_fine(tmp_copy, run_cli):
    path = tmp_copy(
        ("  country: DE\n", "  country: &country DE\n"),
        ("    country: DE\n", "    country: *country\n"),
    )

    result = run_cli(["validate", path])

    assert result.code == 0, result.err


def test_figure_in_a_huge_list_is_refused_without_building_its_repr(tmp_copy, run_cli):
    items = ", ".join(["x"] * 2_000)
    path = tmp_copy(("      - value: 7000\n", f"      - value: [{items}]\n"))

    result = run_cli(["validate", path])

    assert result.code == 2
    assert "must be a number, e.g. 7000 (got a list of 2,000 items)" in result.err
    assert len(result.err) < 1000


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
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    for _, new, field, message in planted:
        # an audience's fields live in the audience registry beside the conference file
        where = path if new in path.read_text(encoding="utf-8") else path.parent / "audiences.yaml"
        lines = reported(result.err, where.name, line_of(where.read_text("utf-8"), new), field)
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
    where = path if new in path.read_text(encoding="utf-8") else path.parent / "audiences.yaml"
    line = line_of(where.read_text(encoding="utf-8"), new.strip())
    monkeypatch.chdir(path.parent)

    result = run_cli(["validate", path.name])

    assert result.code == 2
    lines = reported(result.err, where.name, line, field)
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


# libyaml's fast reader: the same data as ruamel.yaml's, or the full reader reads the file.


def _ruamel(text: str) -> object:
    """Read text as ruamel.yaml's safe YAML 1.2 reader does, dates kept as text (the reference)."""
    from ruamel.yaml.constructor import SafeConstructor

    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )
    return yaml.load(text)


def _read(text: str) -> object:
    from briefs.loading import _parse

    return _parse(text, "f.yaml", is_json=False)


def _same_as_ruamel(text: str) -> None:
    try:
        expected = _ruamel(text)
    except Exception:
        with pytest.raises(DataError):
            _read(text)
        return
    if isinstance(expected, dict | list):
        assert repr(_read(text)) == repr(expected)  # repr: 1 and 1.0 and True differ


@pytest.mark.parametrize(
    "path",
    [
        Path(__file__).resolve().parents[1] / "data" / "berlin-2024.yaml",
        Path(__file__).resolve().parents[1] / "data" / "audiences.yaml",
        Path(__file__).resolve().parent / "data" / "brussels-2025" / "data" / "brussels-2025.yaml",
    ],
    ids=lambda path: path.name,
)
def test_a_plain_file_reads_as_ruamel_reads_it_without_its_parser(path: Path, monkeypatch) -> None:
    from ruamel.yaml import main

    text = path.read_text(encoding="utf-8")
    expected = _ruamel(text)
    monkeypatch.setattr(main.YAML, "load", lambda *_: pytest.fail("the full reader was used"))
    assert repr(_read(text)) == repr(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: |#\n  x\n",  # libyaml takes '#' after the indicator as a comment
        "k: |\n  \n   ",  # ruamel refuses a more indented blank line after the first
        "k:\n  k: a\n...\n\n...\n",  # a second end marker: ruamel sees another document
        "a: &x 1\nb: *x\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: yes\nb: 0o17\nc: 1_000\nd: 1e3\ne: .inf\nf: ~\ng: 2024-12-03\nh: '1'\n",
        'a: "x\\ty"\n',
        "a:\n\t- b\n",
        "a: b\r\nc: d\r\n",
        "a: |+\n  x\n\n\nb: >2-\n   y\n   z\n",
        "<<: {a: 1}\nb: 2\n",
        "a: " + "9" * 5000 + "\n",
    ],
)
def test_what_libyaml_might_read_otherwise_is_read_as_ruamel_reads_it(text: str) -> None:
    _same_as_ruamel(text)


_SCALARS = ["a", "b c", "1", "0o17", "1e3", "yes", "null", "~", "2024-12-03", "'q'", '"d"',
            "é Ж", "x # c", "12:30", "''", "a:b", "[a, b]", "{k: v}", ""]  # fmt: skip
_HEADERS = ["|", ">", "|-", ">-", "|+", ">+", "|2", ">1-", "| # c", ">- #c", "|#", ">  "]
_LINES = ["", " ", "  ", "   ", "#", "  # c", "x", " x", "  x", "   x", "    deeper", "- a", "k: v"]


@st.composite
def _yaml_texts(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> str:
    pad, lines = " " * indent, []
    in_list = draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(["k", "key", "a b", "'q'", "1", "k2", "é"]))
        prefix = pad + ("-" if in_list else key + ":")
        kind = draw(st.sampled_from(["scalar", "block", "nested"] if depth < 2 else ["scalar"]))
        if kind == "scalar":
            lines.append(f"{prefix} {draw(st.sampled_from(_SCALARS))}")
        elif kind == "block":
            body = draw(st.lists(st.sampled_from(_LINES), max_size=5))
            more = " " * (indent + 2) * draw(st.integers(0, 1))
            lines.append(
                f"{prefix} {draw(st.sampled_from(_HEADERS))}\n"
                + "\n".join(more + line for line in body)
            )
        else:
            lines.append(prefix + "\n" + draw(_yaml_texts(depth + 1, indent + 2)))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n# end\n", "\n...\n"]))


@given(_yaml_texts())
@settings(max_examples=300, deadline=None)
def test_any_file_reads_as_ruamel_reads_it(text: str) -> None:
    _same_as_ruamel(text)
