"""Golden files: the document tree the templates produce for a few seed jobs, reviewed in diffs.

The tree is what every writer lays out, after translation and typography, so a change to a
template, a catalog or a view shows up here as a readable diff of text and structure.
Regenerate after an intended change with `BRIEFS_UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from briefs.build import BuildOptions, Job, document_for
from briefs.loading import load_conference

GOLDEN = Path(__file__).parent / "golden"
SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
JOBS = [
    Job("brief", "de-mfa", "detained-civilians", 3),
    Job("brief", "eeas", "war-fatigue-media", 5),
    Job("digest", "pl-msz", None, 0),
    Job("digest", "fr-meae", None, 0),
]


def tree(job: Job) -> str:
    document, stem = document_for(
        load_conference(SEED), job, BuildOptions(build_date=dt.date(2026, 11, 26))
    )
    record = {"file_stem": stem, **dataclasses.asdict(document)}
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("job", JOBS, ids=lambda job: f"{job.kind}-{job.audience}")
def test_the_document_tree_matches_its_golden_file(job: Job) -> None:
    golden = GOLDEN / f"{job.kind}-{job.audience}-{job.theme or 'all'}.json"
    produced = tree(job)
    if os.environ.get("BRIEFS_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"no {golden.name}: run BRIEFS_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = golden.read_text(encoding="utf-8")
    assert produced == expected, (
        f"{golden.name} differs: if the change is intended, regenerate with "
        f"BRIEFS_UPDATE_GOLDEN=1 pytest tests/test_golden.py and review the diff"
    )
