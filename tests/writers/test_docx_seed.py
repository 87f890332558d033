"""Every DOCX of the seed build: schema-valid, Word 2013 mode, Noto only; LibreOffice opens one.

The schema check is openxml-audit, a port of the Open XML SDK's validator (ECMA-376 schemas,
semantic rules, obfuscated-font checks); LibreOffice is the reader most recipients without
Word have.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from briefs.cli import main
from ooxml import NS, Package, w

SEED = Path(__file__).parents[2] / "data" / "berlin-2024.yaml"
DATE = "2026-11-26"


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every DOCX of the seed build, built the way `briefs build --format docx` does."""
    out = tmp_path_factory.mktemp("docx")
    assert main(["build", str(SEED), "--out", str(out), "--format", "docx", "--date", DATE]) == 0
    files = sorted(out.rglob("*.docx"))
    assert len(files) == 24
    return files


def test_every_seed_docx_is_valid_against_the_ooxml_schema(seed_docx: list[Path]) -> None:
    validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2013)
    problems = {}
    for path in seed_docx:
        result = validator.validate(path)
        if not result.is_valid:
            problems[path.name] = [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert problems == {}


def test_every_seed_docx_is_in_word_2013_mode_with_noto_only(seed_docx: list[Path]) -> None:
    for path in seed_docx:
        package = Package(path.read_bytes())
        settings = package.xml("word/settings.xml")
        mode = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
        assert mode is not None and mode.get(w("val")) == "15", path.name
        for name in package.names():
            if name.endswith(".xml"):
                text = package.raw(name).decode()
                assert "Calibri" not in text and "Cambria" not in text, (path.name, name)


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed for this test: apt-get install libreoffice-writer-nogui"
    return found


@pytest.fixture(scope="module")
def german_brief(seed_docx: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The German theme brief 01 of the seed, as a DOCX in a folder of its own."""
    source = next(p for p in seed_docx if p.parent.name == "de-mfa" and p.name.startswith("01"))
    docx = tmp_path_factory.mktemp("libreoffice") / "brief.docx"
    shutil.copyfile(source, docx)
    return docx


@pytest.fixture(scope="module")
def rendered(german_brief: Path) -> Path:
    """The German brief converted to PDF by LibreOffice, as a recipient without Word sees it."""
    folder = german_brief.parent
    profile = (folder / "profile").as_uri()
    command = [_soffice(), f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(folder), str(german_brief)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return folder / "brief.pdf"


def test_libreoffice_shows_the_header_from_page_2_and_page_x_of_y(
    german_brief: Path, rendered: Path
) -> None:
    pages = [page.extract_text() for page in pypdf.PdfReader(rendered).pages]
    package = Package(german_brief.read_bytes())
    running_header = package.text(package.section_parts("header")["default"])
    assert running_header and running_header not in pages[0]  # the letterhead is there
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in text
        if number > 1:
            assert running_header in text


def test_libreoffice_uses_the_embedded_noto_fonts(rendered: Path) -> None:
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(rendered).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Noto" in name for name in fonts), fonts


def test_libreoffice_paginates_the_docx_like_the_pdf(rendered: Path, tmp_path: Path) -> None:
    """Same page breaks, and page 1's lines within 5 pt (a third of a line) of the PDF's."""
    build = ["build", str(SEED), "--out", str(tmp_path), "--format", "pdf", "--date", DATE]
    assert main([*build, "--audience", "de-mfa"]) == 0
    pdf = next(tmp_path.rglob("de-mfa/01 *.pdf"))
    assert page_starts(rendered) == page_starts(pdf)
    offsets = line_offsets(rendered, pdf)
    assert len(offsets) > 20 and max(offsets) < 5, offsets


def body_lines(page: pypdf.PageObject) -> list[tuple[float, str]]:
    """Return (distance from the page top, text) of each text run below the running header."""
    height = float(page.mediabox.height)
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and 70 < y < height - 70:
            found.append((round(height - y, 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(found)


def page_starts(path: Path) -> list[str]:
    """Return the first body line of each page (below the running header, above the footer)."""
    starts = []
    for page in pypdf.PdfReader(path).pages:
        lines = body_lines(page)
        starts.append(" ".join(text for top, text in lines if top == lines[0][0]))
    return starts


def line_offsets(docx_pdf: Path, pdf: Path) -> list[float]:
    """Return how far each line of page 1 sits from where the PDF has it, in points."""
    ours, theirs = (
        dict((t[:24], y) for y, t in body_lines(pypdf.PdfReader(p).pages[0]))
        for p in (docx_pdf, pdf)
    )
    return [abs(ours[text] - theirs[text]) for text in ours.keys() & theirs.keys()]
