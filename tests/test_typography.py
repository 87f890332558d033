"""The typography pass and CLDR numbers, one rule at a time."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefs.errors import OutputError
from briefs.i18n import numbers, typography
from briefs.i18n.localization import Formatter

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        (
            "en",
            "The impact of 'Ukraine fatigue' on media",
            "The impact of “Ukraine fatigue” on media",
        ),
        ("en", "women's and activists' rights", "women’s and activists’ rights"),
        ("en", 'the "Lighthouse" movement', "the “Lighthouse” movement"),
        ("de", "die 'Ukraine-Müdigkeit' und “Zitat”", "die „Ukraine-Müdigkeit“ und „Zitat“"),
        ("pl", "wpływ 'zmęczenia Ukrainą'", "wpływ „zmęczenia Ukrainą”"),
        ("fr", "l'impact de la « lassitude »", f"l’impact de la «{NNBSP}lassitude{NNBSP}»"),
        (
            "fr",
            "de 'lassitude' et d'Île-de-France",
            f"de «{NNBSP}lassitude{NNBSP}» et d’Île-de-France",
        ),
        (
            "fr",
            "Source: CCL ; vraiment? oui !",
            f"Source{NNBSP}: CCL{NNBSP}; vraiment{NNBSP}? oui{NNBSP}!",
        ),
    ],
)
def test_quotes_apostrophes_and_french_spaces(language: str, typed: str, expected: str) -> None:
    assert typography.apply(typed, language) == expected


@pytest.mark.parametrize(
    "untouched",
    ["https://example.org/a?b=1&c='x'", "info@example.org", "10:30", "mailto:x@example.org"],
)
def test_urls_addresses_and_times_are_left_alone(untouched: str) -> None:
    for language in ("fr", "en", "de", "pl"):
        assert typography.apply(f"see {untouched} now", language) == f"see {untouched} now"


def test_a_straight_quote_left_open_is_not_paired_with_the_next_text() -> None:
    assert typography.apply("the '90s and 'more", "en") == "the ’90s and ’more"


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        (
            "pl",
            "prawie 7 000 osób, 12 500 i 1 234 567",
            f"prawie 7000 osób, 12{NBSP}500 i 1{NBSP}234{NBSP}567",
        ),
        ("fr", "près de 7 000 civils", f"près de 7{NNBSP}000 civils"),
        ("de", "knapp 7 000 Zivilpersonen, 5 %", f"knapp 7.000 Zivilpersonen, 5{NBSP}%"),
        ("pl", "od 2022 r. i w 2024 roku", f"od 2022{NBSP}r. i w 2024 roku"),
        ("de", "Telefon 030 123 456", "Telefon 030 123 456"),
    ],
)
def test_numbers_are_grouped_per_cldr_and_tied_to_their_unit(
    language: str, typed: str, expected: str
) -> None:
    assert typography.apply(typed, language) == expected


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("de", "am 3. Dezember 2024 in Berlin"),
        ("fr", "le 3 décembre 2024 à Berlin"),
        ("pl", "3 grudnia 2024 r. w Berlinie"),
        ("en", "on 3 December 2024 in Berlin"),
    ],
)
def test_dates_in_running_text_get_no_break_spaces(language: str, typed: str) -> None:
    result = typography.apply(typed, language)
    date = Formatter({"de": "de_DE", "fr": "fr_FR", "pl": "pl_PL", "en": "en_GB"}[language])
    formatted = date.date(__import__("datetime").date(2024, 12, 3))
    assert formatted in result and " " not in formatted, (result, formatted)


def test_titles_lose_the_doubled_colon_and_file_stems_every_colon() -> None:
    assert (
        typography.title("Konferenzüberblick: Kooperationskonferenz: Frankreich, Polen", "de")
        == "Konferenzüberblick – Kooperationskonferenz: Frankreich, Polen"
    )
    assert typography.title("Synthèse : Conférence : France", "fr") == (
        f"Synthèse – Conférence{NNBSP}: France"
    )
    assert typography.title("One colon: only", "en") == "One colon: only"
    stem = typography.file_stem("00 Digest – Cooperation Conference: France, Poland", "en")
    assert stem == "00 Digest – Cooperation Conference – France, Poland"
    assert (
        typography.file_stem("L'impact de la 'lassitude'", "fr") == "L’impact de la « lassitude »"
    )


def test_html_text_is_typeset_and_its_markup_is_not() -> None:
    markup = '<p style="font-family: \'Times\'">l&#39;attention : <a href="https://x.org/?a=1">ici</a></p>'
    assert typography.apply_html(markup, "fr") == (
        f'<p style="font-family: \'Times\'">l’attention{NNBSP}: <a href="https://x.org/?a=1">ici</a></p>'
    )


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("pl_PL", 7000, "7000"),
        ("pl_PL", 12500, f"12{NBSP}500"),
        ("es_ES", 7000, "7000"),
        ("fr_FR", 7000, f"7{NNBSP}000"),
        ("de_DE", 7000, "7.000"),
        ("en_GB", 1234567, "1,234,567"),
        ("pl_PL", 130, "130"),
    ],
)
def test_numbers_follow_cldr_minimum_grouping_digits(
    locale: str, value: int, expected: str
) -> None:
    assert numbers.format_number(value, locale) == expected
    assert Formatter(locale).number(value) == expected


@pytest.mark.parametrize(
    ("locale", "value", "form", "expected"),
    [
        ("de_DE", 5, "cardinal", "fünf"),
        ("de_DE", 12, "cardinal", "zwölf"),
        ("de_DE", 13, "cardinal", "13"),
        ("fr_FR", 8, "cardinal", "huit"),
        ("fr_FR", 10, "cardinal", "10"),
        ("en_GB", 9, "cardinal", "nine"),
        ("en_GB", 10, "cardinal", "10"),
        ("pl_PL", 2, "cardinal-feminine", "dwie"),
        ("pl_PL", 5, "cardinal-feminine-genitive", "pięciu"),
        ("pl_PL", 11, "cardinal", "11"),
        ("pl_PL", 7000, "cardinal", "7000"),
    ],
)
def test_small_counts_are_spelled_out_in_the_form_asked(
    locale: str, value: int, form: str, expected: str
) -> None:
    assert Formatter(locale).spell_count(value, form) == expected


def test_an_invalid_spell_out_form_is_refused_clearly() -> None:
    with pytest.raises(OutputError, match="unknown spell-out form 'feminine; drop'"):
        numbers.spell_count(3, "pl_PL", "feminine; drop")


def test_formatted_dates_never_contain_a_breaking_space() -> None:
    import datetime as dt

    for locale in ("de_DE", "fr_FR", "pl_PL", "en_GB", "uk_UA"):
        formatted = Formatter(locale).date(dt.date(2024, 12, 3))
        assert " " not in formatted and NBSP in formatted, (locale, formatted)
    assert Formatter("pl_PL").date(dt.date(2024, 12, 3)) == f"3{NBSP}grudnia{NBSP}2024{NBSP}r."


@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab Zé'\"“”«»:;!?.,0123456789 \u00a0\u202f-@/")), max_size=40
    ),
    language=st.sampled_from(["en", "de", "fr", "pl"]),
)
@example(text="“””", language="de")  # German closes with “: not an English opening
@example(text='"“ "”', language="de")  # a set „ then pairs with a stray straight quote
@example(text="'“'", language="pl")  # a set ” then closes a stray English “
@example(text='«""', language="fr")  # the space set after « then opens a quotation
@settings(max_examples=300, deadline=None)
def test_the_pass_is_idempotent_and_keeps_every_letter(text: str, language: str) -> None:
    once = typography.apply(text, language)
    assert typography.apply(once, language) == once
    assert [c for c in once if c.isalpha()] == [c for c in text if c.isalpha()]


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("en_GB", 23, "Twenty-three"),
        ("de_DE", 23, "Dreiundzwanzig"),
        ("fr_FR", 8, "Huit"),
        ("pl_PL", 23, "Dwadzieścia trzy"),
    ],
)
def test_a_count_opening_a_sentence_is_always_words(locale: str, value: int, expected: str) -> None:
    assert Formatter(locale).count_opening_sentence(value) == expected


def test_the_same_text_is_set_in_each_language_it_is_asked_in() -> None:
    """Results are kept per process: a text already set in one language is set anew in another."""
    typed = "the 'Lighthouse' report: 7 000 people"
    expected = {
        "de": "the „Lighthouse“ report: 7.000 people",
        "en": "the “Lighthouse” report: 7,000 people",
        "fr": f"the «{NNBSP}Lighthouse{NNBSP}» report{NNBSP}: 7{NNBSP}000 people",
        "pl": "the „Lighthouse” report: 7000 people",
    }
    for language in ["de", "en", "fr", "pl", "en", "de"]:
        assert typography.apply(typed, language) == expected[language], language


def test_counts_are_formatted_per_locale_and_form_whatever_was_formatted_before() -> None:
    """ICU's formatters are kept per process: each pattern and locale keeps its own."""
    asked = [
        ("pl_PL", "cardinal", 2, "dwa"),
        ("pl_PL", "cardinal-feminine", 2, "dwie"),
        ("de_DE", "cardinal", 2, "zwei"),
        ("fr_FR", "cardinal", 2, "deux"),
        ("pl_PL", "cardinal", 2, "dwa"),
    ]
    for locale, form, value, expected in asked:
        assert numbers.spell_count(value, locale, form) == expected, (locale, form)
    grouped = [("pl_PL", "7000"), ("de_DE", "7.000"), ("en_GB", "7,000"), ("pl_PL", "7000")]
    for locale, expected in grouped:
        assert numbers.format_number(7000, locale) == expected, locale
