"""File names: readable for a recipient, safe on Windows, macOS and Linux."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefs.naming import MAX_STEM_CHARS, safe_filename

DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"
}


def windows_refuses(name: str) -> bool:
    """Windows' rule, written independently: the part before the first dot, less trailing
    spaces and dots, is a device name in any case; a name ending in a space or dot is refused too.
    """
    return name.split(".")[0].rstrip(" ").upper() in DEVICES or name.rstrip(" .") != name


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("01 Notatka – więźniowie", "01 Notatka – więźniowie.pdf"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j.pdf"),
        ("../../etc/passwd", "etc passwd.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.txt", "_nul.txt.pdf"),
        ("aux", "_aux.pdf"),
        ("Com1", "_Com1.pdf"),
        ("lpt9 .", "_lpt9.pdf"),
        ("PRN .tar", "_PRN .tar.pdf"),
        ("com¹", "_com¹.pdf"),
        ("CONIN$", "_CONIN$.pdf"),
        ("console", "console.pdf"),
        ("com10", "com10.pdf"),
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


@given(
    device=st.sampled_from(sorted(DEVICES)),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    tail=st.sampled_from(["", " ", ".", " .", ". ", ".txt", " .txt", ".tar.gz", "..", "  "]),
    suffix=st.sampled_from(["", ".pdf", ".docx", ".eml"]),
)
def test_no_device_name_ever_comes_out(device: str, case, tail: str, suffix: str) -> None:
    name = safe_filename(case(device) + tail, suffix)
    assert not windows_refuses(name), name
    assert name.upper().lstrip("_").startswith(device.upper())  # still recognisable


def test_the_independent_windows_rule_can_fail() -> None:
    assert windows_refuses("con.pdf") and windows_refuses("Lpt1 .txt") and windows_refuses("x.")
    assert not windows_refuses("_con.pdf") and not windows_refuses("console.pdf")
