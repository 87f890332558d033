"""The data model: immutable, strict about keys and text, and cross-checked as a whole."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from briefs.models import (
    ConferenceFile,
    Contact,
    EmailAddress,
    Identifier,
    Line,
    LocaleCode,
    Organisation,
    Text,
    cross_check,
)

TEXT = TypeAdapter(Text)
LINE = TypeAdapter(Line)

MINIMAL: dict[str, Any] = {
    "conference": {
        "id": "mini-2024",
        "title": "Mini conference",
        "organiser": {"name": "Platforma", "email": "briefs@example.org"},
        "date": "2024-12-03",
        "city": "Berlin",
        "country": "DE",
        "participants": 30,
        "countries_represented": ["DE"],
        "opened_by": ["de-mfa"],
    },
    "organisations": [
        {"id": "public-ngo", "name": "Public NGO", "kind": "ngo"},
        {
            "id": "hidden-group",
            "name": "Secret Collective",
            "aliases": ["SC", "Secret Coll."],
            "protection": "protected",
            "description": "an anonymous group in Russia",
            "kind": "network",
        },
    ],
    "audiences": [
        {
            "id": "de-mfa",
            "institution": "Auswärtiges Amt",
            "institution_en": "Federal Foreign Office",
            "locale": "de_DE",
            "salutation": "Sehr geehrte Damen und Herren,",
            "interests": [{"theme": "detained-civilians", "priority": 1}],
        }
    ],
    "sessions": [
        {
            "id": "detained-civilians",
            "title": "Detained civilians",
            "format": "roundtable",
            "summary": "The roundtable discussed detained civilians.",
            "findings": ["Many civilians are detained."],
            "figures": [{"value": 7000, "label": "detained civilians", "source": "public-ngo"}],
            "recommendations": [
                {
                    "text": "Press for their release.",
                    "audiences": ["de-mfa"],
                    "priority": "high",
                    "lever": "diplomatic-pressure",
                }
            ],
            "participants": ["public-ngo", "hidden-group"],
        }
    ],
}


def minimal() -> dict[str, Any]:
    """Return a fresh, valid conference file as plain data."""
    return copy.deepcopy(MINIMAL)


def problems_of(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    return cross_check(ConferenceFile.model_validate(data))


def test_minimal_file_is_valid() -> None:
    assert problems_of(minimal()) == []


def test_models_are_frozen() -> None:
    conference = ConferenceFile.model_validate(minimal())
    with pytest.raises(ValidationError, match="frozen"):
        conference.organisations[0].name = "Renamed"  # type: ignore[misc]
    assert conference.organisations[0].name == "Public NGO"


@pytest.mark.parametrize(
    ("section", "index"), [("organisations", 0), ("audiences", 0), ("sessions", 0)]
)
def test_extra_keys_are_rejected(section: str, index: int) -> None:
    data = minimal()
    data[section][index]["colour"] = "blue"
    with pytest.raises(ValidationError) as info:
        ConferenceFile.model_validate(data)
    [error] = info.value.errors()
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == (section, index, "colour")


def test_extra_top_level_key_is_rejected() -> None:
    data = minimal()
    data["notes"] = "remember the coffee"
    with pytest.raises(ValidationError, match="notes"):
        ConferenceFile.model_validate(data)


def test_text_collapses_whitespace_and_line_breaks() -> None:
    assert (
        TEXT.validate_python("  Fund the\n  small   hubs,\tnow.\n") == "Fund the small hubs, now."
    )


def test_line_collapses_spaces_and_tabs() -> None:
    assert LINE.validate_python("  Federal \t Foreign   Office ") == "Federal Foreign Office"


@pytest.mark.parametrize("value", ["Erika\nBcc: all@example.org", "Erika\rBcc", "Erika\r\n"])
def test_line_rejects_line_breaks(value: str) -> None:
    with pytest.raises(ValidationError, match="line breaks are not allowed"):
        LINE.validate_python(value)


@pytest.mark.parametrize("adapter", [TEXT, LINE], ids=["Text", "Line"])
@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x07", "U+0007"),  # BEL
        ("\x00", "U+0000"),  # NUL
        ("\x1b", "U+001B"),  # ESC
        ("\u202e", "U+202E"),  # right-to-left override
        ("\u200b", "U+200B"),  # zero-width space
        ("\ufeff", "U+FEFF"),  # byte order mark inside text
    ],
)
def test_control_and_invisible_characters_are_rejected(
    adapter: TypeAdapter[str], char: str, code: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"character {code} is not allowed")):
        adapter.validate_python(f"Free all{char} detainees")


@pytest.mark.parametrize("adapter", [TEXT, LINE], ids=["Text", "Line"])
@pytest.mark.parametrize("value", ["", "   ", "\t \t"])
def test_blank_text_is_rejected(adapter: TypeAdapter[str], value: str) -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        adapter.validate_python(value)


def test_text_and_line_have_length_limits() -> None:
    assert TEXT.validate_python("x" * 5000) == "x" * 5000
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        TEXT.validate_python("x" * 5001)
    with pytest.raises(ValidationError, match="at most 300 characters"):
        LINE.validate_python("x" * 301)


def test_non_latin_text_is_accepted() -> None:
    assert LINE.validate_python("Ministère de l'Europe, Szanowni Państwo") == (
        "Ministère de l'Europe, Szanowni Państwo"
    )


@pytest.mark.parametrize("value", ["de_DE", "fr_FR", "pl_PL", "en_GB", "en"])
def test_known_locales_are_accepted(value: str) -> None:
    assert TypeAdapter(LocaleCode).validate_python(value) == value


@pytest.mark.parametrize("value", ["xx_QQ", "klingon", "de-DE-x-", ""])
def test_unknown_locales_are_rejected(value: str) -> None:
    with pytest.raises(ValidationError, match="unknown locale"):
        TypeAdapter(LocaleCode).validate_python(value)


def test_email_domain_is_normalised() -> None:
    email = TypeAdapter(EmailAddress)
    assert email.validate_python("Erika.Beispiel@DE-MFA.Example.ORG") == (
        "Erika.Beispiel@de-mfa.example.org"
    )


def test_contact_email_is_stripped_and_normalised() -> None:
    contact = Contact(name="Erika Beispiel", role="Referentin", email=" erika@Example.ORG ")
    assert contact.email == "erika@example.org"


@pytest.mark.parametrize("value", ["erika.example.org", "erika@", "@example.org", "a@b@c.org"])
def test_invalid_email_is_rejected(value: str) -> None:
    with pytest.raises(ValidationError, match="invalid email address"):
        TypeAdapter(EmailAddress).validate_python(value)


@pytest.mark.parametrize("value", ["De-MFA", "-de", "de_mfa", "a" * 41, ""])
def test_invalid_identifiers_are_rejected(value: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Identifier).validate_python(value)


def test_protected_organisation_is_shown_only_by_its_description() -> None:
    org = Organisation.model_validate(MINIMAL["organisations"][1])
    assert org.is_protected
    assert org.display_name == "an anonymous group in Russia"
    assert "Secret" not in org.display_name


def test_public_organisation_is_shown_by_its_name() -> None:
    org = Organisation.model_validate(
        {"id": "ngo", "name": "Public NGO", "description": "a Berlin NGO", "kind": "ngo"}
    )
    assert not org.is_protected
    assert org.display_name == "Public NGO"


def test_secret_names_are_name_and_aliases_of_protected_organisations_only() -> None:
    conference = ConferenceFile.model_validate(minimal())
    public, protected = conference.organisations
    assert public.secret_names == []
    assert protected.secret_names == ["Secret Collective", "SC", "Secret Coll."]
    assert conference.secret_names() == ["Secret Collective", "SC", "Secret Coll."]


def test_protected_organisation_without_name_has_only_aliases_as_secrets() -> None:
    org = Organisation.model_validate(
        {
            "id": "anon",
            "aliases": ["Hidden Helpers"],
            "protection": "protected",
            "description": "anonymous helpers",
            "kind": "ngo",
        }
    )
    assert org.secret_names == ["Hidden Helpers"]


def test_cross_check_finds_duplicate_ids() -> None:
    data = minimal()
    data["organisations"].append({"id": "public-ngo", "name": "Another NGO", "kind": "ngo"})
    data["sessions"].append({**data["sessions"][0], "title": "Again"})
    assert problems_of(data) == [
        (("organisations", 2, "id"), "duplicate organisation id 'public-ngo'"),
        (("sessions", 1, "id"), "duplicate session id 'detained-civilians'"),
    ]


@pytest.mark.parametrize(
    ("location", "value", "message"),
    [
        (("conference", "opened_by", 0), "de-mfa2", "unknown audience 'de-mfa2' (known: de-mfa)"),
        (("sessions", 0, "recommendations", 0, "audiences", 0), "eeas", "unknown audience 'eeas'"),
        (
            ("sessions", 0, "participants", 1),
            "ghost",
            "unknown organisation 'ghost' (known: hidden-group, public-ngo)",
        ),
        (("sessions", 0, "figures", 0, "source"), "ghost", "unknown organisation 'ghost'"),
        (
            ("audiences", 0, "interests", 0, "theme"),
            "media",
            "unknown theme 'media' (known: detained-civilians)",
        ),
    ],
)
def test_cross_check_finds_unknown_references(
    location: tuple[str | int, ...], value: str, message: str
) -> None:
    data = minimal()
    parent: Any = data
    for part in location[:-1]:
        parent = parent[part]
    parent[location[-1]] = value
    [(found_location, found_message)] = problems_of(data)
    assert found_location == location
    assert found_message.startswith(message)


def test_cross_check_finds_protected_organisation_without_description() -> None:
    data = minimal()
    del data["organisations"][1]["description"]
    [(location, message)] = problems_of(data)
    assert location == ("organisations", 1, "description")
    assert "neutral description" in message


def test_cross_check_finds_public_organisation_without_name_or_with_aliases() -> None:
    data = minimal()
    del data["organisations"][0]["name"]
    data["organisations"][0]["aliases"] = ["PN"]
    assert [location for location, _ in problems_of(data)] == [
        ("organisations", 0, "name"),
        ("organisations", 0, "aliases"),
    ]


def test_cross_check_finds_theme_listed_twice() -> None:
    data = minimal()
    data["audiences"][0]["interests"].append({"theme": "detained-civilians", "priority": 2})
    assert problems_of(data) == [
        (("audiences", 0, "interests", 1, "theme"), "theme 'detained-civilians' listed twice")
    ]
