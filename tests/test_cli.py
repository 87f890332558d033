"""The command line: validate, schema, --version, --help, and exit codes."""

from __future__ import annotations

import json
import re
from typing import Any

import click
import jsonschema
import pytest
from ruamel.yaml import YAML

import briefs
from briefs.cli import cli

SECTIONS = {"conference", "organisations", "audiences", "sessions"}


def load_yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def as_json_data(text: str) -> Any:
    """Return the YAML text as the data a JSON file would hold (dates become strings)."""
    return json.loads(json.dumps(load_yaml(text), default=str))


def summary_count(out: str, label: str) -> str:
    match = re.search(rf"^\s+{label}:\s+(.+)$", out, re.MULTILINE)
    assert match, f"no {label!r} line in:\n{out}"
    return match[1].strip()


def test_validate_seed_prints_summary(seed_path, seed_text, run_cli):
    organisations = load_yaml(seed_text)["organisations"]
    assert len(organisations) >= 40

    result = run_cli(["validate", seed_path])

    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.splitlines()[0].endswith(": valid")
    assert summary_count(result.out, "sessions") == "6"
    assert summary_count(result.out, "organisations") == f"{len(organisations)} (2 protected)"
    assert summary_count(result.out, "audiences") == "4"
    for audience_id in ("de-mfa", "fr-meae", "pl-msz", "eeas"):
        assert re.search(rf"^\s+{audience_id}\s", result.out, re.MULTILINE)


def test_validate_without_argument_uses_the_bundled_seed(seed_path, run_cli):
    assert run_cli(["validate"]).out == run_cli(["validate", seed_path]).out


def test_version(run_cli):
    result = run_cli(["--version"])

    assert result.code == 0
    assert result.out.strip() == f"briefs, version {briefs.__version__}"


def test_top_level_help_lists_every_command(run_cli):
    result = run_cli(["--help"])

    assert result.code == 0
    assert result.out.startswith("Usage: briefs")
    for name in cli.commands:
        assert re.search(rf"^\s+{name}\s", result.out, re.MULTILINE), name


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Return the name path of every command and subcommand, e.g. ("i18n", "extract")."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


def command_at(names: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in names:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


@pytest.mark.parametrize("names", all_commands(cli), ids=" ".join)
def test_command_help(names, run_cli):
    result = run_cli([*names, "--help"])

    assert result.code == 0, result.err
    assert result.out.startswith(f"Usage: briefs {' '.join(names)} ")
    first_help_line = (command_at(names).help or "").strip().splitlines()[0]
    assert " ".join(first_help_line.split()) in " ".join(result.out.split())  # click rewraps


def test_unknown_command_exits_2(run_cli):
    result = run_cli(["frobnicate"])

    assert result.code == 2
    assert "No such command" in result.err
    assert "Traceback" not in result.err


def test_debug_on_invalid_file_exits_2_with_traceback(tmp_copy, run_cli):
    path = tmp_copy(("participants: 130", "participants: lots"))

    quiet = run_cli(["validate", path])
    debug = run_cli(["--debug", "validate", path])

    assert quiet.code == debug.code == 2
    assert "Traceback" not in quiet.err
    assert "Traceback" in debug.err
    assert "DataError" in debug.err
    assert "conference.participants: must be a whole number" in debug.err


@pytest.fixture
def schema(run_cli) -> dict[str, Any]:
    result = run_cli(["schema"])
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert isinstance(document, dict)
    return document


def test_schema_describes_the_four_sections(schema):
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == SECTIONS
    assert set(schema["required"]) == SECTIONS
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Organisation"]["additionalProperties"] is False


def test_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_accepts_the_seed(schema, seed_text):
    jsonschema.validate(as_json_data(seed_text), schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("participants: 130", 'participants: "many"'),
        ("  city: Berlin\n", "  city: Berlin\n  colour: blue\n"),
        ("    kind: ngo\n", "    kind: charity\n"),
        ('  title: "Cooperation Conference: France, Poland, Germany"\n', ""),
    ],
    ids=["wrong-type", "unknown-key", "unknown-enum", "missing-field"],
)
def test_schema_rejects_a_broken_copy(schema, seed_text, old, new):
    assert old in seed_text
    broken = as_json_data(seed_text.replace(old, new, 1))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def every_command(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Return the argv of every leaf command under group, e.g. ("i18n", "export")."""
    import click

    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += every_command(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("argv", every_command(cli), ids=" ".join)
def test_every_command_help_shows_an_example(argv: tuple[str, ...], run_cli: Any) -> None:
    result = run_cli([*argv, "--help"])
    assert result.code == 0
    examples = result.out.split("Examples:", 1)
    assert len(examples) == 2, result.out
    assert f"briefs {' '.join(argv)}" in examples[1]


def test_the_command_process_prints_everything_and_keeps_its_exit_code(
    seed_path, tmp_path, run_cli
):
    """`briefs` ends its process without freeing memory (cli.run): what it printed into a pipe
    must still all arrive, and its exit code must be the command's."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "briefs"]
    done = subprocess.run([*command, "validate", str(seed_path)], capture_output=True, text=True)
    in_process = run_cli(["validate", seed_path])
    assert done.returncode == 0
    assert done.stdout == in_process.out and done.stdout.count("\n") > 5
    bad = tmp_path / "conference.yaml"
    bad.write_text("conference: [\n", encoding="utf-8")
    failed = subprocess.run([*command, "validate", str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2
    assert "conference.yaml" in failed.stderr and "line" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_the_installed_command_is_the_one_that_flushes_before_it_ends() -> None:
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["briefs"] == "briefs.cli:run"
