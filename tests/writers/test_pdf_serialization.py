"""PDF values written by the writer's shortcuts are the bytes reportlab's own `format` writes."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc

from briefs.writers.pdf_tuning import (
    generic_format,
    pdf_format,
    reference_format,
    tune_reportlab,
)

VALUES: list[Any] = [
    "/FlateDecode",
    "plain ASCII text",
    "Ko\u0144cowy raport \u00b7 Zusammenfassung",  # PDFDocEncoding, not ASCII
    "tab\there",
    "\x18\x1f",  # ASCII that PDFDocEncoding cannot write: reportlab's error, not ours
    "",
    0,
    -293,
    595.2756,
    1e-7,
    b"\x00binary\xff",
    True,
    None,
]


def _written(write: Any, value: Any) -> bytes | str:
    try:
        result: bytes = write(value, pdfdoc.PDFDocument())
    except UnicodeError as error:
        return type(error).__name__
    return result


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_are_written_as_reportlab_writes_them(value: Any) -> None:
    assert _written(pdf_format, value) == _written(generic_format, value)


def test_a_dictionary_is_written_as_reportlab_writes_it() -> None:
    tune_reportlab()
    assert pdfdoc.format is pdf_format
    document = pdfdoc.PDFDocument()
    ref = document.Reference(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Font")}), "font")
    document.idToObjectNumberAndVersion["font"] = (12, 0)
    dictionary = pdfdoc.PDFDictionary(
        {"Ascent": 1069, "FontName": pdfdoc.PDFName("AAAAAA+Noto Sans"), "Font": ref, "T": "\u00e9"}
    )
    expected = b"<<\n/Ascent 1069 /Font 12 0 R /FontName /AAAAAA+Noto#20Sans /T \xe9\n>>"
    assert dictionary.format(document) == expected
    assert reference_format(ref, document) == b"12 0 R"
    with pytest.raises(KeyError, match="forward reference"):
        reference_format(pdfdoc.PDFObjectReference("nowhere"), document)
