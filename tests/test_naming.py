"""File names: readable for a recipient, safe on Windows, macOS and Linux."""

from __future__ import annotations

import unicodedata

import pytest

from briefs.naming import MAX_STEM_CHARS, safe_filename


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("01 Notatka – więźniowie", "01 Notatka – więźniowie.pdf"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j.pdf"),
        ("../../etc/passwd", "etc passwd.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.txt", "_nul.txt.pdf"),
        ("trailing dots...", "trailing dots.pdf"),
        ("   ", "brief.pdf"),
        ("tab\there\nnewline", "tab here newline.pdf"),
        ("Impact of 'Ukraine fatigue'", "Impact of ’Ukraine fatigue’.pdf"),
    ],
)
def test_unsafe_names_are_made_safe(stem: str, expected: str) -> None:
    assert safe_filename(stem, ".pdf") == expected


def test_long_names_end_on_a_whole_word() -> None:
    stem = "01 Brief – " + "cooperation between international and local activists " * 3
    name = safe_filename(stem, ".docx")
    assert len(name) <= MAX_STEM_CHARS + len(".docx")
    assert name.endswith("….docx")
    assert name.removesuffix("….docx").split(" ")[-1] in stem.split(" ")


def test_names_are_nfc_so_they_match_across_file_systems() -> None:
    decomposed = unicodedata.normalize("NFD", "Notatka – więźniowie")
    assert safe_filename(decomposed, ".pdf") == unicodedata.normalize(
        "NFC", "Notatka – więźniowie.pdf"
    )
