"""Property tests: any text in the data is either refused with a clear error or shown verbatim."""

from __future__ import annotations

import copy
import datetime as dt
import io
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from briefs.build import BuildOptions, Job, document_for
from briefs.errors import DataError
from briefs.loading import validate_conference
from briefs.writers import Stamp, writer_for
from extract import docx_text, pdf_pages, squeeze

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
RAW: dict[str, Any] = YAML(typ="safe", pure=True).load(SEED.read_text(encoding="utf-8"))
RAW["conference"]["date"] = str(RAW["conference"]["date"])
STAMP = Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
JOB = Job("brief", "eeas", RAW["sessions"][0]["id"], 1)

awkward = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="<>&\"'#*-_[]()`\\ \n\t/;", min_size=1, max_size=60),
    st.text(alphabet=st.characters(categories=["Mn", "Lo", "So", "Cc", "Cf", "Zs"]), max_size=40),
    st.text(alphabet=string.ascii_letters, min_size=150, max_size=400),  # a very long word
    st.sampled_from(
        [
            "# Heading?",
            "- not a list",
            "<b>bold</b> & <i>co</i>",
            "1. numbered",
            "&amp; &lt;",
            "שלום עולם",
            "مرحبا",
            "e\u0301te\u0301",
            "Ł\u0328ódź",
            "😀 emoji",
            "a\u202eevil",
            "x\x07y",
            "{{ 7 * 7 }} {% if %}",
            "%(title)s {page}",
            "Zażółć gęślą jaźń",
            "Съешь же ещё",
        ]
    ),
)


@given(text=awkward)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_finding_is_refused_clearly_or_rendered_and_found_again(text: str) -> None:
    raw = copy.deepcopy(RAW)
    raw["sessions"][0]["findings"][0] = text
    try:
        data = validate_conference(raw, "", "property.yaml")
    except DataError as error:
        assert error.problems, text
        for problem in error.problems:
            assert problem.path == "sessions[0].findings[0]", (text, str(problem))
            assert problem.message and problem.message[0].islower(), str(problem)
            assert "Traceback" not in problem.message
        return
    shown = data.sessions[0].findings[0]
    document, _ = document_for(data, JOB, BuildOptions(build_date=STAMP.moment.date()))
    outputs = {}
    for name in ("docx", "pdf"):
        stream = io.BytesIO()
        writer_for(name).write(document, stream, STAMP)
        outputs[name] = stream.getvalue()
    assert squeeze(shown) in squeeze(docx_text(outputs["docx"]))
    assert squeeze(shown) in squeeze(" ".join(pdf_pages(outputs["pdf"])))


@pytest.mark.parametrize("text", ["{{ 7 * 7 }}", "{% raw %}", "{{ ''.__class__ }}"])
def test_data_is_never_evaluated_as_template_code(text: str) -> None:
    raw = copy.deepcopy(RAW)
    raw["sessions"][0]["summary"] = text
    data = validate_conference(raw, "", "property.yaml")
    document, _ = document_for(data, JOB, BuildOptions(build_date=STAMP.moment.date()))
    stream = io.BytesIO()
    writer_for("docx").write(document, stream, STAMP)
    body = docx_text(stream.getvalue())
    assert squeeze(text) in squeeze(body) and "49" not in body
