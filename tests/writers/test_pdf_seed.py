"""Every PDF of the bundled conference, built by `briefs build`: bookmarks land, all is tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefs.cli import main
from pdf_reading import outline, page_text, squeeze, struct_text, unmarked_content

SEED = Path(__file__).parents[2] / "data" / "berlin-2024.yaml"
HEADINGS = {"H1": 0, "H2": 1, "H3": 2}


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("seed")
    argv = ["build", str(SEED), "--out", str(out), "--format", "pdf", "--date", "2026-11-26"]
    assert main(argv) == 0
    found = sorted(out.rglob("*.pdf"))
    assert len(found) == 24
    return found


def test_every_seed_bookmark_lands_on_its_heading(seed_pdfs: list[Path], tmp_path: Path) -> None:
    for path in seed_pdfs:
        data = path.read_bytes()
        entries = outline(data)
        assert entries and entries[0][0] == 0, path.name
        pages: dict[int, str] = {}
        for _, title, page in entries:
            if page not in pages:
                pages[page] = squeeze(page_text(data, page, tmp_path))
            assert squeeze(title) in pages[page], (path.name, title, page)


def test_every_seed_pdf_is_tagged_with_its_headings(seed_pdfs: list[Path], tmp_path: Path) -> None:
    for path in seed_pdfs:
        data = path.read_bytes()
        assert unmarked_content(data) == [], path.name
        rows = struct_text(data, tmp_path)
        tagged = [(HEADINGS[role], text) for _, role, text in rows if role in HEADINGS]
        assert tagged == [(depth, squeeze(title)) for depth, title, _ in outline(data)], path.name
