"""The conference data model: frozen pydantic models plus the cross-checks over a whole file."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from briefs.charset import SUPPORTED_RANGES
from briefs.naming import is_windows_reserved

Location = tuple[str | int, ...]

MAX_TEXT_CHARS = 5_000
MAX_LINE_CHARS = 300

_BIDI_AND_INVISIBLE = {
    *"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200c\u200d",  # soft hyphen, CGJ, ...
    *"\u2060\u2061\u2062\u2063\u2064\u3164\uffa0",  # word joiner, invisible operators, fillers
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
}


_INVISIBLE_MARKS = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"}
"""Invisible characters outside the format category (Cf), e.g. the combining grapheme joiner."""

_BREAKABLE_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not U+00A0 or U+202F: those are meant
_SHOWABLE = frozenset(code for low, high in SUPPORTED_RANGES for code in range(low, high + 1))
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _is_invisible(char: str) -> bool:
    return (
        char in _BIDI_AND_INVISIBLE
        or char in _INVISIBLE_MARKS
        or unicodedata.category(char) == "Cf"
        or 0xFE00 <= ord(char) <= 0xFE0F  # variation selectors
        or 0xE0100 <= ord(char) <= 0xE01EF
    )


def _character_class(codes: list[int]) -> str:
    """Return a regex character class of sorted code points, consecutive ones as ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return (
        "["
        + "".join(
            re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "")
            for low, high in ranges
        )
        + "]"
    )


def _forbidden_pattern(allow_newlines: bool) -> re.Pattern[str]:
    """Match a character outside the fonts' ranges, or an invisible one within them."""
    allowed = "\t\n\r" if allow_newlines else "\t"
    allowed += "".join(
        f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in SUPPORTED_RANGES
    )
    invisible = _character_class([code for code in sorted(_SHOWABLE) if _is_invisible(chr(code))])
    return re.compile(f"[^{allowed}]|{invisible}")


_FORBIDDEN_IN_TEXT = _forbidden_pattern(allow_newlines=True)
_FORBIDDEN_IN_LINE = _forbidden_pattern(allow_newlines=False)


def _first_forbidden_character(text: str, allow_newlines: bool) -> str | None:
    found = (_FORBIDDEN_IN_TEXT if allow_newlines else _FORBIDDEN_IN_LINE).search(text)
    return found[0] if found else None


def _character_problem(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if _is_invisible(char) or unicodedata.category(char).startswith("C"):
        named = f" ({name.lower()})" if name else ""
        return f"control or invisible character {code}{named} is not allowed: delete it"
    return (
        f"character {code} {char!r} cannot be shown in the briefs' fonts "
        "(supported: Latin and Cyrillic letters, digits and common punctuation)"
    )


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None
    script = unicodedata.name(char, "").split(" ", 1)[0]
    return script if script in _SCRIPTS else None


def _letters_by_script() -> dict[str, re.Pattern[str]]:
    """Match a letter of each script the fonts show (Latin, Cyrillic, Greek)."""
    codes: dict[str, list[int]] = {}
    for code in sorted(_SHOWABLE):
        script = _script(chr(code))
        if script is not None:
            codes.setdefault(script, []).append(code)
    return {
        script: re.compile(_character_class(codes[script]))
        for script in _SCRIPTS
        if script in codes
    }


_LETTERS_BY_SCRIPT = _letters_by_script()


def _mixed_script_problem(text: str) -> str | None:
    """Name the first word whose letters come from two scripts, without quoting the word.

    A word is a run of letters and combining marks; words are numbered as a reader counts
    them, by the spaces between them. "ОВД-Info" is two words, "Mem\u043erial" one that mixes.
    The odd letter named is one of the script the word has fewest of (on a tie, the script
    the whole text has fewest of), so "\u043ef" in an English title names the Cyrillic о.
    """
    if sum(1 for letters in _LETTERS_BY_SCRIPT.values() if letters.search(text)) < 2:
        return None  # a text in one script has no word that mixes two
    in_text = Counter(_script(char) for char in text)
    for number, token in enumerate(text.split(), start=1):
        run: list[str] = []
        for char in [*token, " "]:
            if unicodedata.category(char)[0] in "LM":
                run.append(char)
                continue
            in_word = Counter(script for char in run if (script := _script(char)) is not None)
            run = []
            if len(in_word) < 2:
                continue
            ranked = sorted(in_word, key=lambda script: (-in_word[script], -in_text[script]))
            odd = next(char for char in token if _script(char) == ranked[-1])
            names = " and ".join(script.title() for script in ranked)
            return (
                f"word {number} mixes {names} letters "
                f"(U+{ord(odd):04X} {unicodedata.name(odd)}): retype the word in one alphabet"
            )
    return None


def _text_error(problem: str) -> PydanticCustomError:
    """Return an error about a text that must not be quoted back (it may hold a protected name)."""
    return PydanticCustomError("text", "{problem}", {"problem": problem})


def _check_text(value: str, allow_newlines: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    bad = _first_forbidden_character(value, allow_newlines)
    if bad is not None:
        if bad in "\r\n":
            raise _text_error("line breaks are not allowed here")
        raise _text_error(_character_problem(bad))
    mixed = _mixed_script_problem(value)
    if mixed is not None:
        raise _text_error(mixed)
    collapsed = _BREAKABLE_SPACE.sub(" ", value).strip(" ")
    if not collapsed:
        raise _text_error("must not be empty")
    return collapsed


def _text(value: str) -> str:
    return _check_text(value, allow_newlines=True)


def _line(value: str) -> str:
    return _check_text(value, allow_newlines=False)


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS), AfterValidator(_text)]
"""Running text: whitespace (line breaks included) collapses to single spaces."""

Line = Annotated[str, StringConstraints(max_length=MAX_LINE_CHARS), AfterValidator(_line)]
"""One line of text (names, titles, subjects): a line break here is an error, not whitespace."""


def _check_language(value: object) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None or not re.fullmatch(r"[a-z]{2,3}", text):
        raise ValueError("use a language code in lowercase letters, e.g. de, fr, pl or lt")
    return text


LanguageKey = Annotated[
    str,
    BeforeValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}$"}),
]
"""A language code such as 'de': the key of names given per language."""


IDENTIFIER_RULE = (
    "use lowercase letters, digits and hyphens, starting with a letter or digit, "
    'at most 40 characters, e.g. "detained-civilians"'
)
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
FIRST_YEAR, LAST_YEAR = 1900, 2999
DATE_RULE = "use YYYY-MM-DD, e.g. 2025-03-21"
MONTH_RULE = "use YYYY-MM, e.g. 2025-03"


def _check_identifier(value: object) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _IDENTIFIER.fullmatch(text):
        raise ValueError(IDENTIFIER_RULE)
    if is_windows_reserved(text):
        raise ValueError(
            "this name is reserved by Windows for a device (CON, PRN, AUX, NUL, COM1-9, "
            'LPT1-9), so no file or folder can have it: make it longer, e.g. "aux-group"'
        )
    return text


def _check_year(year: int, rule: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"year {year:04d} is not a plausible year ({FIRST_YEAR}-{LAST_YEAR}): {rule}"
        )


def _check_month_number(month: int, rule: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month:02d}: {rule}")


def _check_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _check_year(value.year, DATE_RULE)
        return value
    found = (
        re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip()) if isinstance(value, str) else None
    )
    if found is None:
        raise ValueError(DATE_RULE)
    year, month, day = (int(part) for part in found.groups())
    _check_year(year, DATE_RULE)
    _check_month_number(month, DATE_RULE)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"no such date: {calendar.month_name[month]} {year} has {days} days")
    return dt.date(year, month, day)


def _check_year_month(value: object) -> str:
    found = re.fullmatch(r"(\d{4})-(\d{2})", value.strip()) if isinstance(value, str) else None
    if found is None:
        raise ValueError(MONTH_RULE)
    year, month = int(found[1]), int(found[2])
    _check_year(year, MONTH_RULE)
    _check_month_number(month, MONTH_RULE)
    return found[0]


def _check_country(value: object) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None or not re.fullmatch(r"[A-Z]{2}", text):
        raise ValueError("use a two-letter country code in capitals, e.g. DE, FR or UA")
    return text


Identifier = Annotated[
    str,
    BeforeValidator(_check_identifier),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]{0,39}$",
            "not": {"pattern": "^(con|prn|aux|nul|com[0-9]|lpt[0-9])$"},
        }
    ),
]
"""An id: what other entries refer to, and part of output folder and file names."""

CountryCode = Annotated[
    str,
    BeforeValidator(_check_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"}),
]
YearMonth = Annotated[
    str,
    BeforeValidator(_check_year_month),
    WithJsonSchema({"type": "string", "pattern": r"^(19\d\d|2\d{3})-(0[1-9]|1[0-2])$"}),
]
Date = Annotated[dt.date, BeforeValidator(_check_date)]
"""A real calendar date written YYYY-MM-DD."""


def _refuse_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    return value


Count = Annotated[int, BeforeValidator(_refuse_bool)]
"""A whole number, where true and false do not count as 1 and 0."""


def _check_locale(value: str) -> str:
    from babel import Locale, UnknownLocaleError  # babel's locale data loads lazily

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError("unknown locale: use e.g. de_DE, fr_FR or en") from exc
    return value


def _check_email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    bad = _first_forbidden_character(value, allow_newlines=False)
    if bad is not None:
        raise _text_error(
            _character_problem(bad) if bad not in "\r\n" else "line breaks are not allowed here"
        )
    mixed = _mixed_script_problem(value.replace("@", " ").replace(".", " "))
    if mixed is not None:
        raise _text_error(mixed.replace("word", "part", 1))
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise ValueError(f"invalid email address: {reason[:1].lower()}{reason[1:]}") from exc


LocaleCode = Annotated[str, StringConstraints(max_length=20), AfterValidator(_check_locale)]
EmailAddress = Annotated[str, StringConstraints(max_length=254), AfterValidator(_check_email)]


class Model(BaseModel):
    """Base of every data model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Protection(StrEnum):
    """Whether an organisation may be named in outputs."""

    PUBLIC = "public"
    PROTECTED = "protected"


class OrganisationKind(StrEnum):
    """What sort of body an organisation is."""

    NGO = "ngo"
    MEDIA = "media"
    RESEARCH = "research"
    GOVERNMENT = "government"
    PARLIAMENT = "parliament"
    INTERNATIONAL = "international"
    NETWORK = "network"
    OTHER = "other"


class SessionFormat(StrEnum):
    """How a thematic session was held."""

    ROUNDTABLE = "roundtable"
    PANEL = "panel"
    DISCUSSION = "discussion"


class Priority(StrEnum):
    """How urgent a recommendation is; briefs list high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Return 0 for high, 1 for medium, 2 for low."""
        return list(Priority).index(self)


class PolicyLever(StrEnum):
    """The instrument a recommendation asks a government to use."""

    SANCTIONS = "sanctions"
    VISAS_AND_DOCUMENTS = "visas-and-documents"
    FUNDING = "funding"
    DIPLOMATIC_PRESSURE = "diplomatic-pressure"
    MEDIA = "media"
    OTHER = "other"


class Organiser(Model):
    """Who organised the conference and signs the briefs."""

    name: Line
    short_name: Line | None = None
    email: EmailAddress
    website: Line | None = None
    names: dict[LanguageKey, Line] = Field(default_factory=dict)
    """The organiser's own name in other languages, where it has one: {de: ..., fr: ...}."""
    purpose: Text | None = None
    """What the organiser works for, in one or two sentences (translated like other content)."""

    def name_in(self, language: str) -> str:
        """Return the organiser's name to use in a text in language."""
        return self.names.get(language, self.name)


class NextMeeting(Model):
    """When and where the conference's follow-up takes place."""

    month: YearMonth
    place: Line
    occasion: Line


class Conference(Model):
    """The facts of the conference itself."""

    id: Identifier
    title: Line
    organiser: Organiser
    date: Date
    city: Line
    country: CountryCode
    participants: Count = Field(gt=0, lt=1_000_000)
    countries_represented: list[CountryCode] = Field(min_length=1)
    opened_by: list[Identifier] = Field(default_factory=list)
    next_meeting: NextMeeting | None = None


class Organisation(Model):
    """A participating organisation; a protected one is only ever shown by its description."""

    id: Identifier
    name: Line | None = None
    aliases: list[Line] = Field(default_factory=list)
    country: CountryCode | None = None
    kind: OrganisationKind
    protection: Protection = Protection.PUBLIC
    description: Line | None = None
    names: dict[LanguageKey, Line] = Field(default_factory=dict)
    """Its name in other languages, where it has one (the DGAP in German): {de: ...}."""

    @property
    def is_protected(self) -> bool:
        """Return whether this organisation must never be named."""
        return self.protection is Protection.PROTECTED

    @property
    def display_name(self) -> str:
        """Return what outputs may show: the name, or the neutral description if protected."""
        if self.is_protected:
            assert self.description is not None  # guaranteed by cross_check
            return self.description
        assert self.name is not None
        return self.name

    def name_in(self, language: str) -> str:
        """Return what a text in language may show: its name in that language, if it has one."""
        if self.is_protected:
            return self.display_name
        return self.names.get(language, self.display_name)

    @property
    def secret_names(self) -> list[str]:
        """Return the names that must never appear in any output (empty when public)."""
        if not self.is_protected:
            return []
        return [name for name in [self.name, *self.aliases, *self.names.values()] if name]


class Figure(Model):
    """A number the session reported, with what it counts and who counted it."""

    value: Annotated[float, BeforeValidator(_refuse_bool)] = Field(gt=0, allow_inf_nan=False)
    qualifier: Literal["exact", "about", "almost", "over"] = "exact"
    label: Line
    source: Identifier


class Recommendation(Model):
    """A concrete ask, addressed to the audiences that can act on it (the first one leads)."""

    text: Text
    audiences: list[Identifier] = Field(min_length=1)
    priority: Priority
    lever: PolicyLever


class Session(Model):
    """A thematic session of the conference and what it concluded."""

    id: Identifier
    title: Line
    format: SessionFormat
    summary: Text
    findings: list[Text] = Field(min_length=1)
    figures: list[Figure] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    participants: list[Identifier] = Field(min_length=1)


class Contact(Model):
    """A person at an audience who receives the briefs."""

    name: Line
    role: Line
    email: EmailAddress


class Interest(Model):
    """A theme an audience cares about, 1 being its first priority."""

    theme: Identifier
    priority: Count = Field(ge=1, le=99)


class InstitutionName(Model):
    """How texts in one language name an institution, and its short form there."""

    name: Line
    short: Line | None = None


class AudienceProfile(Model):
    """A ministry or service as the audience registry defines it, for every conference."""

    id: Identifier
    institution: Line
    institution_en: Line
    country: CountryCode | None = None
    locale: LocaleCode
    salutation: Line
    names: dict[LanguageKey, InstitutionName] = Field(default_factory=dict)
    contacts: list[Contact] = Field(default_factory=list)

    @property
    def language(self) -> str:
        """Return the audience's language code, e.g. 'de' for 'de_DE'."""
        return self.locale.replace("-", "_").split("_")[0]

    def name_in(self, language: str) -> str:
        """Return the institution's name as a text in language writes it.

        The name given for that language; else its official name in its own language; else
        its English name — so a German text says "Europäischer Auswärtiger Dienst", not
        "European External Action Service", when the data gives the German name.
        """
        if language in self.names:
            return self.names[language].name
        return self.institution if language == self.language else self.institution_en

    def short_in(self, language: str) -> str | None:
        """Return the short form used in language (EAD, SEAE, ESDZ), if the data gives one."""
        given = self.names.get(language)
        return given.short if given is not None else None


class Audience(AudienceProfile):
    """An audience a conference addresses: its registry entry plus the themes it follows."""

    interests: list[Interest] = Field(min_length=1)


class AudienceReference(Model):
    """In a conference file: an audience of the registry, with the themes it follows here."""

    id: Identifier
    interests: list[Interest] = Field(min_length=1)
    contacts: list[Contact] | None = None


class AudienceRegistry(Model):
    """The audience registry (data/audiences.yaml): each ministry defined once."""

    audiences: list[AudienceProfile] = Field(min_length=1)


class ConferenceFile(Model):
    """A whole conference data file."""

    conference: Conference
    organisations: list[Organisation] = Field(min_length=1)
    audiences: list[Audience] = Field(min_length=1)
    sessions: list[Session] = Field(min_length=1)

    def organisation(self, organisation_id: str) -> Organisation:
        """Return the organisation with this id."""
        return next(org for org in self.organisations if org.id == organisation_id)

    def audience(self, audience_id: str) -> Audience:
        """Return the audience with this id."""
        return next(aud for aud in self.audiences if aud.id == audience_id)

    def session(self, session_id: str) -> Session:
        """Return the session with this id."""
        return next(ses for ses in self.sessions if ses.id == session_id)

    def secret_names(self) -> list[str]:
        """Return every protected organisation's real names and aliases."""
        return [name for org in self.organisations for name in org.secret_names]


MAX_KNOWN_SHOWN = 10


def _entries(section: Any) -> list[Mapping[str, Any]]:
    """Return a section's entries as mappings ({} for an entry that is not one)."""
    if not isinstance(section, list):
        return []
    return [entry if isinstance(entry, Mapping) else {} for entry in section]


def _as_id(value: Any) -> str | None:
    """Return value as an id if it is a well-formed one, else None (a field error reports it)."""
    if isinstance(value, str) and _IDENTIFIER.fullmatch(value.strip()):
        return value.strip()
    return None


def _squashed(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _names(organisation: Mapping[str, Any]) -> list[str]:
    """Return the name and aliases written for an organisation, whatever their shape."""
    aliases = organisation.get("aliases")
    written = [organisation.get("name"), *(aliases if isinstance(aliases, list) else [aliases])]
    return [name for name in written if isinstance(name, str)]


class _Section:
    """The ids of one section as written; references are checked only when all are usable."""

    def __init__(self, name: str, kind: str, entries: list[Mapping[str, Any]]) -> None:
        self.name, self.kind = name, kind
        self.ids = [_as_id(entry.get("id")) for entry in entries]
        self.known = {item_id for item_id in self.ids if item_id is not None}
        self.complete = None not in self.ids
        self.listed = self.known  # the ids an error message may list

    def duplicates(self, shown: Callable[[str], str]) -> Iterator[tuple[Location, str]]:
        counts = Counter(self.ids)
        seen: set[str] = set()
        for index, item_id in enumerate(self.ids):
            if item_id is not None and counts[item_id] > 1 and item_id in seen:
                quoted = shown(item_id) if item_id in self.listed else "(not shown: protected)"
                yield (
                    (self.name, index, "id"),
                    f"duplicate {self.kind} id {quoted}: give each {self.kind} an id of its own",
                )
            seen.add(item_id or "")

    def unknown(
        self, location: Location, value: Any, shown: Callable[[str], str]
    ) -> Iterator[tuple[Location, str]]:
        reference = _as_id(value)
        if not self.complete or reference is None or reference in self.known:
            return
        close = difflib.get_close_matches(reference, sorted(self.listed), n=1, cutoff=0.75)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        elif self.listed:
            listed = sorted(self.listed)
            more = ", …" if len(listed) > MAX_KNOWN_SHOWN else ""
            hint = f" (known: {', '.join(listed[:MAX_KNOWN_SHOWN])}{more})"
        else:
            hint = ""
        yield location, f"unknown {self.kind} {shown(reference)}{hint}"


@dataclass(frozen=True)
class Secrets:
    """What parsed data, valid or not, says must never be quoted back in a message.

    `hidden` holds the indices of organisations not plainly public (protected, a misspelt
    protection, or an entry too broken to tell); `names` their written names and aliases,
    squashed (case-folded, letters and digits only) so that spacing and punctuation do not
    hide a resemblance.
    """

    hidden: frozenset[int]
    names: tuple[str, ...]

    @classmethod
    def of(cls, data: Any) -> Secrets:
        """Read the organisations section of data, whatever shape it has."""
        section = data.get("organisations") if isinstance(data, Mapping) else None
        hidden = {
            index
            for index, org in enumerate(_entries(section))
            if not org or org.get("protection", "public") != "public"
        }
        organisations = _entries(section)
        names = {_squashed(name) for index in hidden for name in _names(organisations[index])}
        return cls(frozenset(hidden), tuple(sorted(name for name in names if name)))

    def resembled_by(self, value: str) -> bool:
        """Return whether value contains a protected name, or is a fair part of one."""
        squashed = _squashed(value)
        return any(
            name in squashed or (len(squashed) > 3 and squashed in name) for name in self.names
        )

    def masks(self, location: Location, value: Any) -> bool:
        """Return whether a message about this field must not quote its value."""
        if location[:1] == ("organisations",) and (
            len(location) < 2
            or location[1] in self.hidden
            or any(part in ("name", "aliases") for part in location)
        ):
            return True
        return isinstance(value, str) and self.resembled_by(value)


def check_ids(data: Any) -> list[tuple[Location, str]]:
    """Return duplicate and unknown ids in parsed data, valid or not, without quoting secrets.

    Runs on whatever parsed, so reference errors come in the same run as field errors:
    entries that are not mappings and malformed ids are skipped (field validation reports
    them), and references to a section are only checked when every entry there has an id.
    Protected organisations' ids are never listed, and a value that resembles a protected
    organisation's name or alias is not quoted.
    """
    root = data if isinstance(data, Mapping) else {}
    organisations = _entries(root.get("organisations"))
    secrets = Secrets.of(root)

    def shown(value: str) -> str:
        return (
            "(not shown: it resembles a protected name)"
            if secrets.resembled_by(value)
            else repr(value)
        )

    orgs = _Section("organisations", "organisation", organisations)
    orgs.listed = orgs.known - {orgs.ids[index] for index in secrets.hidden}
    audiences = _Section("audiences", "audience", _entries(root.get("audiences")))
    sessions = _Section("sessions", "session", _entries(root.get("sessions")))
    themes = _Section("sessions", "theme", _entries(root.get("sessions")))
    problems: list[tuple[Location, str]] = []
    for section in (orgs, audiences, sessions):
        problems += section.duplicates(shown)

    conference = root.get("conference")
    opened_by = conference.get("opened_by") if isinstance(conference, Mapping) else None
    for index, value in enumerate(opened_by if isinstance(opened_by, list) else []):
        problems += audiences.unknown(("conference", "opened_by", index), value, shown)
    for a, audience in enumerate(_entries(root.get("audiences"))):
        seen: set[str] = set()
        for i, interest in enumerate(_entries(audience.get("interests"))):
            location: Location = ("audiences", a, "interests", i, "theme")
            problems += themes.unknown(location, interest.get("theme"), shown)
            theme = _as_id(interest.get("theme"))
            if theme is not None and theme in seen:
                problems.append((location, f"theme {theme!r} listed twice"))
            seen.add(theme or "")
    for s, session in enumerate(_entries(root.get("sessions"))):
        participants = session.get("participants")
        for p, value in enumerate(participants if isinstance(participants, list) else []):
            problems += orgs.unknown(("sessions", s, "participants", p), value, shown)
        for f, figure in enumerate(_entries(session.get("figures"))):
            problems += orgs.unknown(
                ("sessions", s, "figures", f, "source"), figure.get("source"), shown
            )
        for r, recommendation in enumerate(_entries(session.get("recommendations"))):
            targets = recommendation.get("audiences")
            for t, value in enumerate(targets if isinstance(targets, list) else []):
                location = ("sessions", s, "recommendations", r, "audiences", t)
                problems += audiences.unknown(location, value, shown)
    return problems


def _ids_naming_protected(data: ConferenceFile) -> Iterator[tuple[Location, str]]:
    """Yield every id that spells a protected name: ids reach paths, manifests and catalogs."""
    from briefs.guard import Guard

    guard = Guard(data.secret_names())
    if not guard:
        return
    ids: list[tuple[Location, str]] = [(("conference", "id"), data.conference.id)]
    ids += [(("organisations", i, "id"), item.id) for i, item in enumerate(data.organisations)]
    ids += [(("audiences", i, "id"), item.id) for i, item in enumerate(data.audiences)]
    ids += [(("sessions", i, "id"), item.id) for i, item in enumerate(data.sessions)]
    for location, item_id in ids:
        if guard.find(item_id):
            yield (
                location,
                (
                    "this id spells a protected organisation's name or alias; "
                    "ids appear in file paths and catalogs: choose a neutral one"
                ),
            )


def cross_check(data: ConferenceFile) -> list[tuple[Location, str]]:
    """Return every problem that spans the file: duplicate or unknown ids, missing descriptions."""
    problems = check_ids(data.model_dump(mode="json"))
    for o, org in enumerate(data.organisations):
        if org.is_protected and org.description is None:
            problems.append(
                (
                    ("organisations", o, "description"),
                    "a protected organisation needs a neutral "
                    "description, which is all that outputs will show",
                )
            )
        if not org.is_protected and org.name is None:
            problems.append((("organisations", o, "name"), "a public organisation needs a name"))
        if not org.is_protected and org.aliases:
            problems.append(
                (
                    ("organisations", o, "aliases"),
                    "aliases are only kept for protected organisations",
                )
            )
    problems += _ids_naming_protected(data)
    return problems
