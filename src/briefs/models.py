"""The conference data model: frozen pydantic models plus the cross-checks over a whole file."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from briefs.charset import SUPPORTED_RANGES

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


_BREAKABLE_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not U+00A0 or U+202F: those are meant
_SHOWABLE = frozenset(code for low, high in SUPPORTED_RANGES for code in range(low, high + 1))


def _first_forbidden_character(text: str, allow_newlines: bool) -> str | None:
    for char in text:
        if char in "\n\r\t":
            if char == "\t" or allow_newlines:
                continue
            return char
        if ord(char) not in _SHOWABLE or char in _BIDI_AND_INVISIBLE:
            return char
    return None


def _check_text(value: str, allow_newlines: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    bad = _first_forbidden_character(value, allow_newlines)
    if bad is not None:
        if bad in "\r\n":
            raise ValueError("line breaks are not allowed here")
        category = unicodedata.category(bad)
        if category.startswith("C") or bad in _BIDI_AND_INVISIBLE:
            raise ValueError(f"control or invisible character U+{ord(bad):04X} is not allowed")
        raise ValueError(
            f"character U+{ord(bad):04X} {bad!r} cannot be shown in the briefs' fonts "
            "(supported: Latin and Cyrillic letters, digits and common punctuation)"
        )
    collapsed = _BREAKABLE_SPACE.sub(" ", value).strip(" ")
    if not collapsed:
        raise ValueError("must not be empty")
    return collapsed


def _text(value: str) -> str:
    return _check_text(value, allow_newlines=True)


def _line(value: str) -> str:
    return _check_text(value, allow_newlines=False)


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS), AfterValidator(_text)]
"""Running text: whitespace (line breaks included) collapses to single spaces."""

Line = Annotated[str, StringConstraints(max_length=MAX_LINE_CHARS), AfterValidator(_line)]
"""One line of text (names, titles, subjects): a line break here is an error, not whitespace."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


def _check_locale(value: str) -> str:
    from babel import Locale, UnknownLocaleError  # babel's locale data loads lazily

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(
            f"unknown locale {value!r} (expected e.g. 'de_DE', 'fr_FR', 'en')"
        ) from exc
    return value


def _check_email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise ValueError(
            f"invalid email address {value!r}: {reason[:1].lower()}{reason[1:]}"
        ) from exc


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
    date: dt.date
    city: Line
    country: CountryCode
    participants: int = Field(gt=0, lt=1_000_000)
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

    @property
    def secret_names(self) -> list[str]:
        """Return the names that must never appear in any output (empty when public)."""
        if not self.is_protected:
            return []
        return [name for name in [self.name, *self.aliases] if name]


class Figure(Model):
    """A number the session reported, with what it counts and who counted it."""

    value: float = Field(gt=0)
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
    priority: int = Field(ge=1, le=99)


class Audience(Model):
    """A ministry or service the briefs are addressed to."""

    id: Identifier
    institution: Line
    institution_en: Line
    country: CountryCode | None = None
    locale: LocaleCode
    salutation: Line
    interests: list[Interest] = Field(min_length=1)
    contacts: list[Contact] = Field(default_factory=list)

    @property
    def language(self) -> str:
        """Return the audience's language code, e.g. 'de' for 'de_DE'."""
        return self.locale.replace("-", "_").split("_")[0]


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


def _known(ids: list[str] | set[str]) -> str:
    return ", ".join(sorted(ids))


def _duplicates(kind: str, section: str, ids: list[str]) -> Iterator[tuple[Location, str]]:
    counts = Counter(ids)
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if counts[item_id] > 1 and item_id in seen:
            yield (section, index, "id"), f"duplicate {kind} id {item_id!r}"
        seen.add(item_id)


def _reference(
    location: Location, kind: str, value: str, known: set[str]
) -> Iterator[tuple[Location, str]]:
    if value not in known:
        yield location, f"unknown {kind} {value!r} (known: {_known(known)})"


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
    problems: list[tuple[Location, str]] = []
    org_ids = [org.id for org in data.organisations]
    audience_ids = [aud.id for aud in data.audiences]
    session_ids = [ses.id for ses in data.sessions]
    problems += _duplicates("organisation", "organisations", org_ids)
    problems += _duplicates("audience", "audiences", audience_ids)
    problems += _duplicates("session", "sessions", session_ids)
    known_orgs, known_audiences, known_sessions = set(org_ids), set(audience_ids), set(session_ids)

    for index, audience_id in enumerate(data.conference.opened_by):
        problems += _reference(
            ("conference", "opened_by", index), "audience", audience_id, known_audiences
        )
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
    for a, audience in enumerate(data.audiences):
        themes = [interest.theme for interest in audience.interests]
        for i, theme in enumerate(themes):
            problems += _reference(
                ("audiences", a, "interests", i, "theme"), "theme", theme, known_sessions
            )
            if theme in themes[:i]:
                problems.append(
                    (("audiences", a, "interests", i, "theme"), f"theme {theme!r} listed twice")
                )
    for s, session in enumerate(data.sessions):
        for p, participant in enumerate(session.participants):
            problems += _reference(
                ("sessions", s, "participants", p), "organisation", participant, known_orgs
            )
        for f, figure in enumerate(session.figures):
            problems += _reference(
                ("sessions", s, "figures", f, "source"), "organisation", figure.source, known_orgs
            )
        for r, recommendation in enumerate(session.recommendations):
            for t, target in enumerate(recommendation.audiences):
                problems += _reference(
                    ("sessions", s, "recommendations", r, "audiences", t),
                    "audience",
                    target,
                    known_audiences,
                )
    return problems
