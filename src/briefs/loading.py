"""Read a conference file (YAML or JSON), validate it, and report every problem with its line."""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefs.errors import DataError, Problem
from briefs.models import ConferenceFile, Location, cross_check

MAX_FILE_BYTES = 20 * 1024 * 1024
SUFFIXES = (".yaml", ".yml", ".json")


def load_conference(path: Path, display_name: str | None = None) -> ConferenceFile:
    """Load and validate a conference file, raising DataError with every problem found."""
    source = display_name or str(path)
    text = _read_text(path, source)
    data = _parse(text, source, is_json=path.suffix.lower() == ".json")
    return validate_conference(data, text, source)


def validate_conference(data: Any, text: str, source: str) -> ConferenceFile:
    """Validate parsed data; text is the file's content, used only to find line numbers."""
    if data is None:
        raise DataError([Problem(source, 1, "", "the file is empty")])
    if not isinstance(data, Mapping):
        raise DataError(
            [
                Problem(
                    source,
                    1,
                    "",
                    "expected a mapping with conference, organisations, "
                    f"audiences and sessions, got {type(data).__name__}",
                )
            ]
        )
    try:
        conference = ConferenceFile.model_validate(data)
    except RecursionError:
        raise DataError([Problem(source, None, "", "nested too deeply")]) from None
    except ValidationError as exc:
        found = [(error["loc"], _describe(error)) for error in exc.errors(include_url=False)]
        raise _data_error(found, text, source) from None
    problems = cross_check(conference)
    if problems:
        raise _data_error(problems, text, source)
    return conference


def format_location(location: Location) -> str:
    """Return a field path such as sessions[2].recommendations[1].audiences[0]."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _read_text(path: Path, source: str) -> str:
    def fail(message: str) -> DataError:
        return DataError([Problem(source, None, "", message)])

    if path.suffix.lower() not in SUFFIXES:
        raise fail(f"unsupported file type {path.suffix or '(none)'!r} (use .yaml, .yml or .json)")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise fail("is a directory, expected a .yaml or .json file")
        if size > MAX_FILE_BYTES:
            raise fail(f"file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError([Problem(source, line, "", "binary content (NUL byte): not a text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(source, line, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")]
        ) from None
    return text


def _parse(text: str, source: str, is_json: bool) -> Any:
    if is_json:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem(source, exc.lineno, "", f"invalid JSON: {exc.msg.lower()}")
            raise DataError([problem]) from None
        except RecursionError:
            raise DataError([Problem(source, None, "", "nested too deeply")]) from None
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml_loader().load(text)
    except MarkedYAMLError as exc:
        raise DataError([_yaml_problem(exc, text, source)]) from None
    except YAMLError as exc:
        raise DataError([Problem(source, None, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise DataError([Problem(source, None, "", "nested too deeply")]) from None


def _yaml_loader() -> Any:
    """Return a safe YAML loader that leaves dates as text, so the model checks them with a line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )
    return yaml


def _yaml_problem(exc: Any, text: str, source: str) -> Problem:
    """Point at where the broken construct starts when the parser only noticed at the end."""
    mark, context = exc.problem_mark, exc.context_mark
    last_line = text.count("\n")
    if context is not None and (mark is None or mark.line >= last_line):
        mark = context
    line = mark.line + 1 if mark is not None else None
    problem = " ".join(str(exc.problem or "invalid YAML").split())
    if exc.context and mark is context:
        problem = f"{' '.join(str(exc.context).split())}: {problem}"
    return Problem(source, line, "", f"invalid YAML: {problem}")


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    location = error["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        key = str(location[-1])
        hint = _suggest(key, location[:-1])
        return f"unknown field {key!r}" + (f" (did you mean {hint!r}?)" if hint else "")
    message = error["msg"]
    message = message.removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    if kind.startswith(("string_too", "too_", "value_error")) or "input" not in error:
        return message
    if _may_be_secret(location):
        return message  # an organisation's name or alias may be a protected one: never echo it
    return f"{message} (got {_quote(error['input'])})"


def _may_be_secret(location: Location) -> bool:
    return location[:1] == ("organisations",) and any(
        part in ("name", "aliases") for part in location
    )


def _suggest(key: str, parent: Location) -> str | None:
    model: type[BaseModel] | None = ConferenceFile
    for part in parent:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_of(field.annotation) if field else None
    if model is None:
        return None
    matches = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_of(argument)
        if found is not None:
            return found
    return None


def _quote(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _data_error(found: list[tuple[Location, str]], text: str, source: str) -> DataError:
    lines = _LineFinder(text)
    problems = [
        Problem(source, lines.find(location), format_location(location), message)
        for location, message in found
    ]
    problems.sort(key=lambda problem: problem.line or 0)
    return DataError(problems)


class _LineFinder:
    """Maps field paths to 1-based line numbers using ruamel.yaml's position-keeping loader."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            self.tree: Any = YAML(typ="rt", pure=True).load(text)
        except (YAMLError, ValueError):
            self.tree = None

    def find(self, location: Location) -> int | None:
        node = self.tree
        line: int | None = 0 if node is not None else None
        for part in location:
            position = self._position(node, part)
            if position is None:
                break
            line = position
            node = node[part]
        return None if line is None else line + 1

    @staticmethod
    def _position(node: Any, part: str | int) -> int | None:
        lc = getattr(node, "lc", None)
        if lc is None:
            return None
        if isinstance(node, Mapping) and part in node:
            return int(lc.key(part)[0])
        if isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node):
            return int(lc.item(part)[0])
        return None
