"""Every DOCX of the seed build: schema-valid, Word 2013 mode, Noto only; LibreOffice opens one.

The schema check is openxml-audit, a port of the Open XML SDK's validator (ECMA-376 schemas,
semantic rules, obfuscated-font checks); LibreOffice is the reader most recipients without
Word have.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from briefs.cli import main
from ooxml import NS, Package, w

SEED = Path(__file__).parents[2] / "data" / "berlin-2024.yaml"
DATE = "2026-11-26"


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build in DOCX and PDF, the way `briefs build --format docx --format pdf` does."""
    out = tmp_path_factory.mktemp("seed")
    build = ["build", str(SEED), "--out", str(out), "--format", "docx", "--format", "pdf"]
    assert main([*build, "--date", DATE]) == 0
    return out


@pytest.fixture(scope="module")
def seed_docx(seed_build: Path) -> list[Path]:
    """Every DOCX of the seed build."""
    files = sorted(seed_build.rglob("*.docx"))
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


COMPARED = ("de-mfa", "fr-meae", "pl-msz", "eeas")
"""Audiences whose digest (00) and first theme brief (01) LibreOffice renders: every language."""


@pytest.fixture(scope="module")
def rendered(seed_docx: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The compared DOCX files converted to PDF by LibreOffice in one run, as recipients without
    Word see them, by "<audience>-<number>" (the DOCX sits beside its rendering)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {}
    for path in seed_docx:
        key = f"{path.parent.name}-{path.name[:2]}"
        if path.parent.name in COMPARED and path.name[:2] in ("00", "01"):
            sources[key] = path
            shutil.copyfile(path, folder / f"{key}.docx")
    assert len(sources) == 2 * len(COMPARED)
    profile = (folder / "profile").as_uri()
    command = [_soffice(), f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(folder)]
    command += [str(folder / f"{key}.docx") for key in sorted(sources)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return {key: folder / f"{key}.pdf" for key in sources}


@pytest.fixture(scope="module")
def built_pdf(seed_docx: list[Path]) -> dict[str, Path]:
    """The PDF the same build wrote for each compared document, by "<audience>-<number>"."""
    return {
        f"{path.parent.name}-{path.name[:2]}": path.with_suffix(".pdf")
        for path in seed_docx
        if path.parent.name in COMPARED and path.name[:2] in ("00", "01")
    }


def test_libreoffice_shows_the_header_from_page_2_and_page_x_of_y(
    rendered: dict[str, Path],
) -> None:
    docx, pdf = rendered["de-mfa-01"].with_suffix(".docx"), rendered["de-mfa-01"]
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    package = Package(docx.read_bytes())
    running_header = package.text(package.section_parts("header")["default"])
    assert running_header and running_header not in pages[0]  # the letterhead is there
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in text
        if number > 1:
            assert running_header in text


def test_libreoffice_uses_the_embedded_noto_fonts(rendered: dict[str, Path]) -> None:
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(rendered["de-mfa-01"]).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Noto" in name for name in fonts), fonts


@pytest.mark.parametrize("audience", COMPARED)
def test_libreoffice_paginates_the_docx_like_the_pdf(
    audience: str, rendered: dict[str, Path], built_pdf: dict[str, Path]
) -> None:
    """Theme brief: same page breaks. Brief and digest: same page count, and each line of page 1
    within 2 pt (a seventh of a line) of where the PDF of the same build draws it."""
    for key in (f"{audience}-01", f"{audience}-00"):
        ours, theirs = (pypdf.PdfReader(path).pages for path in (rendered[key], built_pdf[key]))
        assert len(ours) == len(theirs), key
        if key.endswith("01"):
            assert page_starts(ours) == page_starts(theirs), key
        offsets = line_offsets(ours[0], theirs[0])
        assert len(offsets) > 20 and max(offsets) < 2, (key, offsets)


def body_lines(page: pypdf.PageObject) -> list[tuple[float, str]]:
    """Return (distance from the page top, text without spaces) of each line of the body.

    Text runs on one baseline (a list number and its text, a bold ask and its italic trailer)
    make one line; the running header and the footer are left out.
    """
    height = float(page.mediabox.height)
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and 70 < y < height - 70:
            runs.append((round(height - y, 1), x, text))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for top, x, text in sorted(runs):
        if lines and top - lines[-1][0] < 1:
            lines[-1][1].append((x, text))
        else:
            lines.append((top, [(x, text)]))
    return [(top, "".join("".join(t for _, t in sorted(parts)).split())) for top, parts in lines]


def page_starts(pages: list[pypdf.PageObject]) -> list[str]:
    """Return the first body line of each page (below the running header, above the footer)."""
    return [body_lines(page)[0][1] for page in pages]


def line_offsets(ours: pypdf.PageObject, theirs: pypdf.PageObject) -> list[float]:
    """Return how far each line of a page sits from the same line in the other, in points.

    Lines are matched by their text; a text found more than once on either page is skipped.
    """
    pages = (body_lines(ours), body_lines(theirs))
    counts = [Counter(text for _, text in lines) for lines in pages]
    unique = {text for text in counts[0] if counts[0][text] == 1 and counts[1][text] == 1}
    ys = [{text: top for top, text in lines if text in unique} for lines in pages]
    return [abs(ys[0][text] - ys[1][text]) for text in unique]
