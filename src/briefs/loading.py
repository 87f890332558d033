"""Read a conference file (YAML or JSON), validate it, and report every problem with its line.

Every message is written for the person who edits the file: lowercase, located as
`file:line: field: message`, quoting the bad value unless it might be a protected name.
Reading is bounded: aliases may not blow a small file up, and no message quotes more than a
few dozen characters of a value.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefs.errors import DataError, Problem
from briefs.models import (
    AudienceRegistry,
    ConferenceFile,
    Location,
    Secrets,
    check_ids,
    cross_check,
)

if TYPE_CHECKING:
    from ruamel.yaml.composer import Composer

MAX_FILE_BYTES = 20 * 1024 * 1024
SUFFIXES = (".yaml", ".yml", ".json")
MAX_ALIASES = 1_000
"""How many times a file may use aliases (*name) of its anchors (&name)."""
MAX_ALIAS_VALUES = 100_000
"""How many values (items, keys and texts) aliases may add to what the file spells out."""
MAX_ALIAS_CHARS = 1_000_000
"""How many characters of text aliases may add to what the file spells out."""
MAX_SHOWN_CHARS = 60


REGISTRY_NAME = "audiences.yaml"
"""The audience registry: each ministry defined once, beside the conferences that address it."""


def load_conference(path: Path, display_name: str | None = None) -> ConferenceFile:
    """Load and validate a conference file, raising DataError with every problem found.

    An audience entry that gives only its `id` and `interests` (and optionally `contacts`) is a
    reference to the audience registry — `audiences.yaml` beside the conference file, else the
    bundled one (the four ministries of the example) — whose entry supplies everything else.
    """
    source = display_name or str(path)
    text = _read_text(path, source)
    data = _parse(text, source, is_json=path.suffix.lower() == ".json")
    beside = path.parent / REGISTRY_NAME
    if beside.is_file():
        registry = (beside, str(Path(source).parent / REGISTRY_NAME))
        return validate_conference(data, text, source, registry)
    return validate_conference(data, text, source)


def bundled_registry() -> tuple[Path, str]:
    """Return the bundled audience registry and how to name it in messages."""
    from briefs.resources import bundled_dir, display_path

    path = bundled_dir("data") / REGISTRY_NAME
    return path, display_path(path)


def load_registry(path: Path, source: str) -> AudienceRegistry:
    """Load and validate the audience registry, with every problem located in it."""
    text = _read_text(path, source)
    data = _parse(text, source, is_json=False)
    try:
        registry = AudienceRegistry.model_validate(data)
    except ValidationError as exc:
        secrets = Secrets.of({})
        found = [(e["loc"], _describe(e, secrets)) for e in exc.errors(include_url=False)]
        raise _data_error(found, text, source) from None
    ids = [audience.id for audience in registry.audiences]
    duplicates: list[tuple[Location, str]] = [
        (("audiences", index, "id"), f"audience {item!r} is defined twice")
        for index, item in enumerate(ids)
        if item in ids[:index]
    ]
    if duplicates:
        raise _data_error(duplicates, text, source)
    return registry


_PLACEHOLDER_PROFILE = {
    "institution": "registry entry",
    "institution_en": "registry entry",
    "locale": "en",
    "salutation": "registry entry",
}


def _with_placeholders(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return data whose references carry placeholder fields, to validate the rest of it."""
    entries = [
        {**_PLACEHOLDER_PROFILE, **entry} if _is_reference(entry) else entry
        for entry in data["audiences"]
    ]
    return {**data, "audiences": entries}


def _is_reference(entry: Any) -> bool:
    return isinstance(entry, Mapping) and "id" in entry and "institution" not in entry


def _references(data: Any) -> bool:
    entries = data.get("audiences") if isinstance(data, Mapping) else None
    return isinstance(entries, list) and any(_is_reference(entry) for entry in entries)


def _with_registry(
    data: Mapping[str, Any],
    registry: AudienceRegistry,
    text: str,
    source: str,
    registry_source: str,
) -> dict[str, Any]:
    """Return data whose audience references are completed from the registry."""
    known = {audience.id: audience for audience in registry.audiences}
    completed: list[Any] = []
    problems: list[tuple[Location, str]] = []
    for index, entry in enumerate(data["audiences"]):
        if not _is_reference(entry):
            completed.append(entry)
            continue
        profile = known.get(str(entry["id"]))
        if profile is None:
            problems.append(
                (
                    ("audiences", index, "id"),
                    f"audience {str(entry['id'])[:MAX_SHOWN_CHARS]!r} is not in the audience "
                    f"registry {registry_source} (known there: {', '.join(sorted(known))}): "
                    "define it there, or here in full",
                )
            )
            continue
        completed.append({**profile.model_dump(mode="json"), **entry})
    if problems:
        raise _data_error(problems, text, source)
    return {**data, "audiences": completed}


def validate_conference(
    data: Any, text: str, source: str, registry: tuple[Path, str] | None = None
) -> ConferenceFile:
    """Validate parsed data; text is the file's content, used only to find line numbers.

    Field errors and reference errors (duplicate or unknown ids) come in one run. Audience
    references are completed from `registry` (its path and how messages name it; by default
    the bundled registry).
    """
    if _references(data):
        registry_path, registry_source = registry or bundled_registry()
        try:
            profiles = load_registry(registry_path, registry_source)
        except DataError as registry_error:  # report the conference's own problems too
            reported = list(registry_error.problems)
            try:
                validate_conference(_with_placeholders(data), text, source)
            except DataError as own:
                reported += own.problems
            raise DataError(reported) from None
        data = _with_registry(data, profiles, text, source, registry_source)
    if data is None:
        raise DataError([Problem(source, 1, "", "the file is empty")])
    if not isinstance(data, Mapping):
        raise DataError(
            [
                Problem(
                    source,
                    1,
                    "",
                    "expected 'key: value' lines for conference, organisations, "
                    f"audiences and sessions, got {_kind_of(data)}",
                )
            ]
        )
    secrets = Secrets.of(data)
    try:
        conference = ConferenceFile.model_validate(data)
    except RecursionError:
        raise DataError([Problem(source, None, "", "nested too deeply")]) from None
    except ValidationError as exc:
        found = [
            (error["loc"], _describe(error, secrets)) for error in exc.errors(include_url=False)
        ]
        raise _data_error([*found, *check_ids(data)], text, source) from None
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
    try:
        return _parse_json(text, source) if is_json else _parse_yaml(text, source)
    except RecursionError:
        raise DataError([Problem(source, None, "", "nested too deeply")]) from None
    except ValueError as exc:  # int() refuses numbers of more than 4300 digits
        long_number = re.search(r"\d{1000,}", text)
        if long_number is None:
            message = f"a value could not be read ({_short(str(exc))})"
            raise DataError([Problem(source, None, "", message)]) from exc
        line = text.count("\n", 0, long_number.start()) + 1
        message = "number too long: a count has at most a few digits"
        raise DataError([Problem(source, line, "", message)]) from exc


class _DuplicateJsonKey(Exception):
    """Raised when a JSON object has a key twice (json.loads would silently keep the last)."""


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _DuplicateJsonKey(key)
        seen.add(key)
    return dict(pairs)


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateJsonKey as exc:
        try:  # JSON is YAML: the YAML reader knows the line
            _parse_yaml(text, source)
        except DataError as located:
            if "written twice" in located.problems[0].message:
                raise located from None
        key = str(exc.args[0])
        shown = repr(key) if _WORD.fullmatch(key) else "a key"
        message = f"key {shown} is written twice in one group: keep one"
        raise DataError([Problem(source, None, "", message)]) from None
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Invalid control character") and text[exc.pos : exc.pos + 1] == "\t":
            raise DataError(_tab_problems(text, source)) from None
        message = f"invalid JSON: {exc.msg[:1].lower()}{exc.msg[1:]}"
        raise DataError([Problem(source, exc.lineno, "", message)]) from None


def _parse_yaml(text: str, source: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _read_plain_yaml(text)
    except _NotPlain:
        pass  # the full reader below: its bounds on aliases, its errors with their lines
    try:
        return _yaml_loader().load(text)
    except _Refused as exc:
        raise DataError([Problem(source, exc.line, "", exc.message)]) from None
    except MarkedYAMLError as exc:
        if "'\\t'" in str(exc.problem) and "\t" in text:  # the parser writes a tab as \t
            raise DataError(_tab_problems(text, source)) from None
        raise DataError([_yaml_problem(exc, text, source)]) from None
    except YAMLError as exc:
        message = f"the file could not be read as YAML ({_short(str(exc))})"
        raise DataError([Problem(source, None, "", message)]) from None


class _NotPlain(Exception):
    """Raised by the fast reader at anything it leaves to the full one."""


_NOT_PLAIN_TEXT = re.compile(r"[\\\t\r\x85\u2028\u2029]|^\.\.\.", re.MULTILINE)
"""Backslash escapes, tabs, unusual line breaks and document ends: for the full reader only."""
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?(?: +(?:#.*)?)?$", re.MULTILINE)
"""A block scalar's header as both readers read it: indicators, then a space before a comment."""
_KEY_EXPECTED = object()


def _read_plain_yaml(text: str) -> Any:
    """Read a file that uses no anchor, alias, tag, directive or list key, with libyaml's parser.

    This is most conference files, and this way they are read about eight times faster than
    ruamel.yaml's pure-Python parser. Each scalar is resolved and constructed by ruamel.yaml's
    own YAML 1.2 resolver and safe constructor (with dates kept as text), so the data is what
    the full reader returns. Anything else — an anchor, alias or tag, a duplicate key, a
    second document, a tab, a backslash, a character the full reader refuses, any error, or
    no libyaml in this PyYAML — raises _NotPlain, and the full reader reads the file.
    """
    try:
        import yaml
        from ruamel.yaml.nodes import ScalarNode
        from ruamel.yaml.reader import Reader

        parser = yaml.CSafeLoader
    except (ImportError, AttributeError):
        raise _NotPlain from None
    if _NOT_PLAIN_TEXT.search(text) or Reader.NON_PRINTABLE.search(text):
        raise _NotPlain
    reader = _yaml_loader()
    resolver, constructor = reader.resolver, reader.constructor
    stack: list[list[Any]] = []  # [open list or dict, key awaiting its value]
    found: list[Any] = []
    values: dict[tuple[str, tuple[bool, bool]], Any] = {}  # the same scalar, the same value
    documents = 0
    try:
        for event in yaml.parse(text, Loader=parser):
            if isinstance(event, yaml.NodeEvent):
                if event.anchor is not None or getattr(event, "tag", None) is not None:
                    raise _NotPlain
                if isinstance(event, yaml.ScalarEvent):
                    if event.style in ("|", ">"):
                        _check_block_start(text, event.start_mark.index)
                    scalar = (event.value, event.implicit)  # ids and keys repeat: read once
                    if scalar not in values:
                        tag = resolver.resolve(ScalarNode, event.value, event.implicit)
                        if str(tag) not in _PLAIN_TAGS:
                            raise _NotPlain
                        node = ScalarNode(tag, event.value)
                        values[scalar] = constructor.construct_object(node)
                    _place(stack, found, values[scalar])
                elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                    opened: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                    _place(stack, found, opened, is_key_allowed=False)
                    stack.append([opened, _KEY_EXPECTED])
                else:  # an alias
                    raise _NotPlain
            elif isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise _NotPlain
    except Exception as exc:  # a parse error, a value int() refuses...: the full reader says it
        raise _NotPlain from exc
    if len(found) != 1 or not isinstance(found[0], dict | list):
        raise _NotPlain
    return found[0]


def _check_block_start(text: str, start: int) -> None:
    """Raise _NotPlain at a block scalar whose start the two readers might read differently.

    That is a header other than indicators and a spaced comment, and a first line of spaces
    only (ruamel.yaml refuses a later line more indented than it, libyaml does not).
    """
    if not _BLOCK_HEADER.match(text, start):
        raise _NotPlain
    end = text.find("\n", start)
    if end < 0:
        return
    stop = text.find("\n", end + 1)
    following = text[end + 1 : stop if stop >= 0 else len(text)]
    if following and not following.strip(" "):
        raise _NotPlain


def _place(
    stack: list[list[Any]], found: list[Any], value: Any, is_key_allowed: bool = True
) -> None:
    """Put a value read by _read_plain_yaml where it belongs: root, list item, key or value."""
    if not stack:
        found.append(value)
        return
    top = stack[-1]
    container = top[0]
    if isinstance(container, list):
        container.append(value)
    elif top[1] is _KEY_EXPECTED:
        if not is_key_allowed or value in container:  # a list key, or a key written twice
            raise _NotPlain
        top[1] = value
    else:
        container[top[1]] = value
        top[1] = _KEY_EXPECTED


def _yaml_loader() -> Any:
    """Return a safe YAML loader that leaves dates as text, so the model checks them with a line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _bounded_composer()
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )
    return yaml


class _Refused(Exception):
    """Raised while composing, at a tag or as soon as aliases go past a limit."""

    def __init__(self, node: Any, message: str) -> None:
        super().__init__(message)
        self.line: int | None = node.start_mark.line + 1 if node.start_mark is not None else None
        self.message = message


_TAG_ADVICE = "tags (!!name) are not used in conference files: remove it"
_KEY_ADVICE = "a list or group cannot be a key: put text that starts with [ or { in quotes"


class _AliasBudget:
    """Counts what aliases add to a document while it is composed, and refuses a "billion laughs".

    Aliases share one node, so the composed graph stays as small as the text; what grows is
    the expanded data that validation would walk. Each alias is charged the size of the
    anchored node (memoized, so counting is linear in the text), and an alias of a node
    still open (one that contains itself) is refused.
    """

    def __init__(self) -> None:
        self.sizes: dict[int, tuple[int, int]] = {}
        self.used = self.values = self.chars = 0

    def spend(self, node: Any) -> None:
        if node.end_mark is None:
            raise _Refused(
                node, f"the anchor {_anchor(node)} is used inside itself: {_ALIAS_ADVICE}"
            )
        values, chars = self.size(node)
        self.used, self.values, self.chars = self.used + 1, self.values + values, self.chars + chars
        if self.used > MAX_ALIASES:
            raise _Refused(node, f"more than {MAX_ALIASES:,} aliases (*name): {_ALIAS_ADVICE}")
        if self.values > MAX_ALIAS_VALUES or self.chars > MAX_ALIAS_CHARS:
            raise _Refused(
                node,
                f"aliases of the anchor {_anchor(node)} on this line make the data grow "
                f"past {MAX_ALIAS_VALUES:,} values or {MAX_ALIAS_CHARS:,} characters: "
                f"{_ALIAS_ADVICE}",
            )

    def size(self, node: Any) -> tuple[int, int]:
        """Return how many values and characters node expands to."""
        key = id(node)
        if key not in self.sizes:
            if isinstance(node.value, str):
                self.sizes[key] = (1, len(node.value))
            else:
                parts = [
                    part
                    for item in node.value
                    for part in (item if isinstance(item, tuple) else (item,))
                ]
                sizes = [self.size(part) for part in parts]
                self.sizes[key] = (1 + sum(v for v, _ in sizes), sum(c for _, c in sizes))
        return self.sizes[key]


def _bounded_composer() -> type[Composer]:
    """Return a ruamel Composer class that refuses tags and charges aliases to an _AliasBudget.

    Conference files need no tags, and each tag (!!binary, !!set, !!python/...) fails later
    in its own way; refusing them here gives one clear message at the right line.
    """
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent, ScalarEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    class BoundedComposer(Composer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.budget = _AliasBudget()

        def is_text(self, event: Any) -> bool:
            if isinstance(event, AliasEvent):
                return isinstance(self.anchors.get(event.anchor), ScalarNode | None)
            return isinstance(event, ScalarEvent)

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            if getattr(event, "tag", None) is not None:
                raise _Refused(event, _TAG_ADVICE)
            if index is None and isinstance(parent, MappingNode) and not self.is_text(event):
                raise _Refused(event, _KEY_ADVICE)
            if isinstance(event, AliasEvent):
                node = self.anchors.get(event.anchor)
                if node is not None:
                    self.budget.spend(node)
            return super().compose_node(parent, index)

    return BoundedComposer


_ALIAS_ADVICE = "write the repeated parts out instead"


def _anchor(node: Any) -> str:
    anchor = getattr(node, "anchor", None)
    return f"&{anchor}" if isinstance(anchor, str) and _WORD.fullmatch(anchor) else "(anchor)"


_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,39}")
_KEY = re.compile(r"""(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]{0,39})\1[ \t]*:""")


def _tab_problems(text: str, source: str) -> list[Problem]:
    """Report every tab in the file, each with its line: YAML indents with spaces only."""
    return [
        Problem(source, number, "", f"tab at column {column + 1}: replace tabs with spaces")
        for number, line in enumerate(text.splitlines(), start=1)
        for column, char in enumerate(line)
        if char == "\t"
    ]


def _yaml_problem(exc: Any, text: str, source: str) -> Problem:
    """Say what went wrong in words, at the line where the broken construct starts."""
    from ruamel.yaml.constructor import DuplicateKeyError

    mark, context = exc.problem_mark, exc.context_mark
    if isinstance(exc, DuplicateKeyError):
        return _duplicate_key_problem(mark, context, text, source)
    last_line = text.count("\n")
    problem = " ".join(str(exc.problem or "").split())
    during = " ".join(str(exc.context or "").split())
    opened = any(word in during for word in ("flow", "quoted", "simple key"))
    if context is not None and (mark is None or mark.line >= last_line or opened):
        mark = context  # where the list, quote or key that went wrong starts
    line = mark.line + 1 if mark is not None else None
    line_text = text.splitlines()[mark.line] if mark is not None and mark.line < last_line else ""
    return Problem(source, line, "", _yaml_message(problem, during, line_text, mark))


def _yaml_message(problem: str, during: str, line_text: str, mark: Any) -> str:
    if problem == "mapping values are not allowed here":
        before = line_text[: mark.column] if mark is not None else ""
        if ": " in before.lstrip(" -"):
            return "put text that contains ': ' in quotes, e.g. title: \"Berlin: the results\""
        return (
            "this line is indented differently from the lines above it: "
            "line it up with the other keys of its section"
        )
    if "quoted scalar" in during and "end of stream" in problem:
        return "a quote that starts on this line is never closed: add the closing quote"
    if re.fullmatch(r"expected an? \w+ node, but found \w+", problem):
        return "a tag (!!name) on this line does not fit its value: remove the tag"
    if problem.startswith("could not determine a constructor for the tag"):
        return _TAG_ADVICE
    if problem.endswith("that cannot start any token"):
        return 'text that starts with @, ` or % must be in quotes, e.g. city: "@home"'
    if problem.startswith("found undefined alias"):
        return "an alias (*name) on this line has no anchor (&name) above it"
    if "flow sequence" in during:
        return "a list opened with '[' on this line is not closed with ']'"
    if "flow mapping" in during:
        return "a group opened with '{' on this line is not closed with '}'"
    if "directive" in during:
        return "a line cannot start with %: put text that starts with % in quotes"
    if "while scanning an anchor" in during or "while scanning an alias" in during:
        return "a name must follow & or * directly: put text with & or * in quotes"
    if "escape" in problem and "double-quoted" in during:
        return (
            "unknown escape after \\ in double quotes: "
            "write \\\\ for a backslash, or use single quotes"
        )
    if problem in ("mapping keys are not allowed here", "sequence entries are not allowed here"):
        return (
            "'? ' or '- ' cannot start a value here: put text that starts with it in quotes, "
            "or check the indentation"
        )
    if "flow node" in during:
        return "a value is missing between commas or brackets on this line"
    if "<document start>" in problem:
        return "the file goes on after its end: check the indentation of this line"
    if "could not find expected ':'" in problem:
        return "expected a 'key: value' line here: add the ':' or check the indentation"
    if "block" in during or "block" in problem:
        return (
            "this line does not fit the lines above it: check its indentation, and put "
            "text that starts or ends with a quote or contains ': ' in quotes"
        )
    said = _short(problem or during)
    return f"the file could not be read as YAML here ({said[:1].lower()}{said[1:]})"


def _duplicate_key_problem(mark: Any, context: Any, text: str, source: str) -> Problem:
    """Name the key written twice and both its lines, never the values (they may be secret)."""
    lines = text.splitlines()
    written = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
    match = _KEY.match(written)
    if match is None:
        return Problem(source, mark.line + 1, "", "a key is written twice in this section")
    key = match[2]
    where = ""
    for number in range(context.line if context is not None else 0, mark.line):
        earlier = _KEY.match(lines[number][mark.column :])
        if (
            earlier is not None
            and earlier[2] == key
            and not lines[number][: mark.column].strip(" -")
        ):
            where = f" (first on line {number + 1})"
            break
    return Problem(
        source, mark.line + 1, "", f"key {key!r} is written twice in this section{where}: keep one"
    )


_MESSAGES = {
    "string_type": "must be text",
    "list_type": "must be a list: one '- ' line per item, or [a, b]",
    "dict_type": "must be a group of 'key: value' lines",
    "model_type": "must be a group of 'key: value' lines",
    "model_attributes_type": "must be a group of 'key: value' lines",
    "int_type": "must be a whole number, e.g. 130",
    "int_parsing": "must be a whole number, e.g. 130",
    "int_from_float": "must be a whole number, e.g. 130",
    "int_parsing_size": "must be a whole number, e.g. 130",
    "float_type": "must be a number, e.g. 7000",
    "float_parsing": "must be a number, e.g. 7000",
    "finite_number": "must be a finite number, e.g. 7000 (not .inf or .nan)",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "enum": "must be one of {expected}",
    "literal_error": "must be one of {expected}",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "too_long": "has too many items: at most {max_length}",
    "invalid_key": "keys must be text",
}
_NEVER_QUOTED = {"text", "string_too_long", "too_short", "too_long"}


def _describe(error: ErrorDetails, secrets: Secrets) -> str:
    kind = error["type"]
    location = error["loc"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        key = str(location[-1])
        hint = _suggest(key, location[:-1])
        shown = "(not shown)" if secrets.resembled_by(key) else _shown(key)
        return f"unknown field {shown}" + (f" (did you mean {hint!r}?)" if hint else "")
    if kind == "string_too_long":
        value = error.get("input")
        length = f" (this one has {len(value):,})" if isinstance(value, str) else ""
        return f"too long: at most {context.get('max_length')} characters{length}"
    if kind == "too_short":
        least = context.get("min_length", 1)
        message = "needs at least one item" if least == 1 else f"needs at least {least} items"
    elif kind in _MESSAGES:
        message = _MESSAGES[kind].format(**{key: _number(value) for key, value in context.items()})
    else:
        message = error["msg"].removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
    if kind in _NEVER_QUOTED or "input" not in error:
        return message
    if secrets.masks(location, error["input"]):
        return message  # an organisation's field may hold a protected name: never echo it
    return f"{message} (got {_shown(error['input'])})"


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


def _kind_of(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a group of 'key: value' lines"
    if isinstance(value, list | tuple):
        return f"a list of {len(value):,} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, str):
        return "text"
    return "a number" if isinstance(value, int | float) else type(value).__name__


def _shown(value: Any) -> str:
    """Quote a value for a message, bounded whatever its size: never the repr of a whole tree."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        cut = value[:MAX_SHOWN_CHARS]
        return repr(cut) + ("…" if len(value) > MAX_SHOWN_CHARS else "")
    if isinstance(value, int):
        return str(value) if abs(value) < 10**MAX_SHOWN_CHARS else "a number too long to show"
    if isinstance(value, float):
        return str(_number(value))
    return _kind_of(value)


def _number(value: Any) -> Any:
    """Write a number as the YAML file would: 0 not 0.0, .inf and .nan."""
    if not isinstance(value, float):
        return value
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


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
        from ruamel.yaml.constructor import RoundTripConstructor
        from ruamel.yaml.error import YAMLError

        yaml = YAML(typ="rt", pure=True)
        yaml.constructor.add_constructor(  # as in loading: an impossible date is text here
            "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
        )
        try:
            self.tree: Any = yaml.load(text)
        except (YAMLError, ValueError, RecursionError):
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
