"""The data model: immutable, strict about keys and text, and cross-checked as a whole."""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
    check_ids,
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
    ("char", "message"),
    [
        ("\x07", "control or invisible character U+0007 is not allowed"),  # BEL
        ("\x00", "control or invisible character U+0000 is not allowed"),  # NUL
        ("\x1b", "control or invisible character U+001B is not allowed"),  # ESC
        ("\u202e", "invisible character U+202E (right-to-left override) is not allowed"),
        ("\u200b", "invisible character U+200B (zero width space) is not allowed"),
        ("\ufeff", "invisible character U+FEFF (zero width no-break space) is not allowed"),
        ("\u00ad", "invisible character U+00AD (soft hyphen) is not allowed"),
        ("\u034f", "invisible character U+034F (combining grapheme joiner) is not allowed"),
        ("\u2060", "invisible character U+2060 (word joiner) is not allowed"),
        ("\u180e", "invisible character U+180E (mongolian vowel separator) is not allowed"),
        ("\u2063", "invisible character U+2063 (invisible separator) is not allowed"),
        ("\ufe0f", "invisible character U+FE0F (variation selector-16) is not allowed"),
    ],
)
def test_control_and_invisible_characters_are_rejected(
    adapter: TypeAdapter[str], char: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        adapter.validate_python(f"Free all{char} detainees")


@pytest.mark.parametrize("adapter", [TEXT, LINE], ids=["Text", "Line"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "Support for Mem\u043erial lawyers",
            "word 3 mixes Latin and Cyrillic letters (U+043E CYRILLIC SMALL LETTER O)",
        ),
        (
            "Помощь \u0441\u0435\u0442u",  # "сетu": Cyrillic with one Latin u
            "word 2 mixes Cyrillic and Latin letters (U+0075 LATIN SMALL LETTER U)",
        ),
        ("P\u0430ris", "word 1 mixes Latin and Cyrillic letters (U+0430 CYRILLIC SMALL LETTER A)"),
    ],
)
def test_words_mixing_latin_and_cyrillic_are_refused_without_quoting_them(
    adapter: TypeAdapter[str], value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        adapter.validate_python(value)
    [error] = info.value.errors()
    assert error["msg"] == message + ": retype the word in one alphabet"
    assert value.split()[-1] not in error["msg"]


@pytest.mark.parametrize(
    "value",
    [
        "ОВД-Info and Memorial",
        "Zażółć gęślą jaźń",
        "Съешь же ещё",
        "Kyiv (Київ)",
        "e\u0301te\u0301",
    ],
)
def test_single_script_words_and_compounds_of_two_are_accepted(value: str) -> None:
    assert LINE.validate_python(value)


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


@pytest.mark.parametrize("value", ["De-MFA", "-de", "de_mfa", "a" * 41, "", 2024, None])
def test_invalid_identifiers_are_explained_in_words(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(Identifier).validate_python(value)
    message = info.value.errors()[0]["msg"]
    assert "lowercase letters, digits and hyphens" in message
    assert 'e.g. "detained-civilians"' in message
    assert "[a-z" not in message and "pattern" not in message


@pytest.mark.parametrize("value", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_windows_reserved_identifiers_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="this name is reserved by Windows for a device"):
        TypeAdapter(Identifier).validate_python(value)


@pytest.mark.parametrize("value", ["con-2024", "console", "aux-group", "com10", "nullify"])
def test_identifiers_that_only_start_like_reserved_names_are_accepted(value: str) -> None:
    assert TypeAdapter(Identifier).validate_python(value) == value


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
        (
            ("organisations", 2, "id"),
            "duplicate organisation id 'public-ngo': give each organisation an id of its own",
        ),
        (
            ("sessions", 1, "id"),
            "duplicate session id 'detained-civilians': give each session an id of its own",
        ),
    ]


@pytest.mark.parametrize(
    ("location", "value", "message"),
    [
        (("conference", "opened_by", 0), "de-mfa2", "unknown audience 'de-mfa2' (did you mean"),
        (("conference", "opened_by", 0), "fr-meae", "unknown audience 'fr-meae' (known: de-mfa)"),
        (("sessions", 0, "recommendations", 0, "audiences", 0), "eeas", "unknown audience 'eeas'"),
        (
            ("sessions", 0, "participants", 1),
            "ghost",
            "unknown organisation 'ghost' (known: public-ngo)",
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


def test_unknown_reference_lists_no_protected_organisation() -> None:
    data = minimal()
    data["sessions"][0]["participants"][0] = "ghost"
    [(_, message)] = problems_of(data)
    assert message == "unknown organisation 'ghost' (known: public-ngo)"
    assert "hidden-group" not in message


def test_unknown_reference_resembling_a_protected_name_is_not_quoted() -> None:
    data = minimal()
    data["sessions"][0]["participants"][0] = "secret-collective"
    [(_, message)] = problems_of(data)
    assert message.startswith("unknown organisation (not shown: it resembles a protected name)")
    assert "secret" not in message.casefold()


def test_references_are_checked_in_data_that_fails_field_validation() -> None:
    data = minimal()
    data["conference"]["participants"] = "many"  # a field error
    del data["audiences"][0]["salutation"]  # another
    data["organisations"].append("not a mapping")  # an entry too broken to read an id from
    data["sessions"][0]["recommendations"][0]["audiences"] = ["de-mfa", "eeas"]
    data["sessions"][0]["participants"].append("ghost")  # organisations incomplete: not checked
    assert check_ids(data) == [
        (
            ("sessions", 0, "recommendations", 0, "audiences", 1),
            "unknown audience 'eeas' (known: de-mfa)",
        )
    ]


@pytest.mark.parametrize(
    "broken",
    [None, [], "text", {"sessions": "x"}, {"sessions": [None, 3, {"participants": "x"}]}],
)
def test_reference_check_survives_any_shape(broken: Any) -> None:
    assert check_ids(broken) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "03.12.2024", "use YYYY-MM-DD, e.g. 2025-03-21"),
        ("date", "2025-02-30", "no such date: February 2025 has 28 days"),
        ("date", "2024-02-30", "no such date: February 2024 has 29 days"),
        ("date", "2025-13-01", "there is no month 13: use YYYY-MM-DD"),
        ("date", "0000-03-01", "year 0000 is not a plausible year (1900-2999)"),
        ("date", 20241203, "use YYYY-MM-DD, e.g. 2025-03-21"),
    ],
)
def test_dates_must_be_real_and_written_yyyy_mm_dd(field: str, value: object, message: str) -> None:
    data = minimal()
    data["conference"][field] = value
    with pytest.raises(ValidationError) as info:
        ConferenceFile.model_validate(data)
    [error] = info.value.errors()
    assert error["loc"] == ("conference", field)
    assert message in error["msg"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-03", "year 0000 is not a plausible year (1900-2999): use YYYY-MM, e.g. 2025-03"),
        ("2025-13", "there is no month 13: use YYYY-MM, e.g. 2025-03"),
        ("2025-3", "use YYYY-MM, e.g. 2025-03"),
        ("March 2025", "use YYYY-MM, e.g. 2025-03"),
        (202503, "use YYYY-MM, e.g. 2025-03"),
    ],
)
def test_months_must_be_real_and_written_yyyy_mm(value: object, message: str) -> None:
    data = minimal()
    data["conference"]["next_meeting"] = {"month": value, "place": "Brussels", "occasion": "x"}
    with pytest.raises(ValidationError) as info:
        ConferenceFile.model_validate(data)
    [error] = info.value.errors()
    assert error["loc"] == ("conference", "next_meeting", "month")
    assert message in error["msg"]


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_figures_must_be_finite(value: float) -> None:
    data = minimal()
    data["sessions"][0]["figures"][0]["value"] = value
    with pytest.raises(ValidationError) as info:
        ConferenceFile.model_validate(data)
    [error] = info.value.errors()
    assert error["loc"] == ("sessions", 0, "figures", 0, "value")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("erik\u0430@example.org", "part 1 mixes Latin and Cyrillic letters (U+0430"),
        ("erika@ex\u0430mple.org", "part 2 mixes Latin and Cyrillic letters (U+0430"),
        ("er\u00adika@example.org", "control or invisible character U+00AD (soft hyphen)"),
    ],
)
def test_email_addresses_with_lookalike_or_invisible_letters_are_refused(
    value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(EmailAddress).validate_python(value)
    [error] = info.value.errors()
    assert error["msg"].startswith(message)
    assert value not in error["msg"]


def test_email_addresses_in_one_script_are_accepted() -> None:
    assert TypeAdapter(EmailAddress).validate_python("эрика@пример.рф") == "эрика@пример.рф"


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [("audiences", "id", "con"), ("sessions", "id", "lpt1"), ("organisations", "id", "aux")],
)
def test_json_schema_refuses_what_validation_refuses(section: str, field: str, value: str) -> None:
    import jsonschema

    schema = ConferenceFile.model_json_schema()
    data = minimal()
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    target = data[section] if section == "conference" else data[section][0]
    target[field] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_json_schema_refuses_a_month_in_year_zero() -> None:
    import jsonschema

    schema = ConferenceFile.model_json_schema()
    data = minimal()
    data["conference"]["next_meeting"] = {"month": "0000-03", "place": "Brussels", "occasion": "x"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    data["conference"]["next_meeting"]["month"] = "2025-03"
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def _letters_of(script: str) -> list[str]:
    """Every letter of a script that the briefs' fonts show, by its Unicode name."""
    from briefs.charset import SUPPORTED_RANGES

    return [
        chr(code)
        for low, high in SUPPORTED_RANGES
        for code in range(low, high + 1)
        if unicodedata.category(chr(code)).startswith("L")
        and unicodedata.name(chr(code), "").startswith(script + " ")
        and unicodedata.normalize("NFC", chr(code)) == chr(code)
    ]


LATIN_LETTERS, CYRILLIC_LETTERS = _letters_of("LATIN"), _letters_of("CYRILLIC")


@given(
    latin=st.lists(st.sampled_from(LATIN_LETTERS), min_size=2, max_size=8),
    cyrillic=st.sampled_from(CYRILLIC_LETTERS),
    at=st.integers(0, 8),
    before=st.sampled_from(["", "Support for ", "Помощь и "]),
)
def test_any_cyrillic_letter_in_any_latin_word_is_refused(
    latin: list[str], cyrillic: str, at: int, before: str
) -> None:
    word = "".join(latin[:at]) + cyrillic + "".join(latin[at:])
    with pytest.raises(ValidationError, match=r"mixes (Latin and Cyrillic|Cyrillic and Latin)"):
        LINE.validate_python(before + word)
