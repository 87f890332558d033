"""The overview page: built by `briefs build`, refreshed by `briefs email`, read back with lxml."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html
import pytest
from aiosmtpd.controller import Controller
from PIL import Image

from briefs.cli import main
from briefs.workspace import bundled_resources

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
CONFERENCE = "berlin-2024"


class Accept:
    """An aiosmtpd handler that accepts every message."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seed built for every audience, drafted, and the EEAS draft really sent over SMTP."""
    out = tmp_path_factory.mktemp("overview")
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-11-26"]) == 0
    assert main(["email", str(SEED), "--out", str(out)]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = ["--smtp", f"127.0.0.1:{port}", "--audience", "eeas", "--yes"]
        assert main(["send", "--out", str(out), *smtp]) == 0
    finally:
        controller.stop()
    assert main(["email", str(SEED), "--out", str(out)]) == 0  # refreshes the overview
    yield out


def manifest(out: Path) -> list[dict[str, Any]]:
    return list(
        json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))["files"]
    )


def page(out: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((out / CONFERENCE / "index.html").read_bytes())


def linked(out: Path) -> set[str]:
    """Return the manifest paths the overview links (hrefs are relative to its folder)."""
    hrefs = page(out).xpath("//a/@href")
    return {f"{CONFERENCE}/{unquote(h)}" for h in hrefs if not h.startswith(("#", "mailto:"))}


def test_build_prints_where_the_overview_is(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--audience", "pl-msz"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == f"Overview: {out / CONFERENCE / 'index.html'}"
    assert (out / CONFERENCE / "index.html").is_file()


def test_every_built_file_and_draft_is_linked(built: Path) -> None:
    entries = manifest(built)
    assert {e["format"] for e in entries} >= {"pdf", "docx", "html"}
    assert any(e["kind"] == "email" for e in entries)
    assert {e["path"] for e in entries} <= linked(built)
    for path in linked(built):
        assert (built / path).is_file(), path


def test_matrix_has_a_row_per_ministry_and_a_column_per_theme(built: Path) -> None:
    html = page(built)
    assert html.get("lang") == "en"
    matrix = html.xpath("//table[@class='matrix']")[0]
    rows = matrix.xpath("tbody/tr")
    assert [r.xpath("string(th[@scope='row'])").split(" ")[0] for r in rows][:1] == ["Auswärtiges"]
    assert len(rows) == 4
    columns = matrix.xpath("thead/tr/th")
    assert {th.get("scope") for th in columns} == {"col"}
    assert [th.text_content() for th in columns][:3] == ["Ministry", "Email draft", "Digest"]
    assert len(columns) == 3 + 6  # ministry, email draft, digest, six themes
    cells = [td for row in rows for td in row.xpath("td")]
    assert sum("not built" in td.text_content() for td in cells) == 4
    polish = rows[2]
    assert polish.xpath("string(th)").startswith("Ministerstwo Spraw Zagranicznych")
    assert polish.xpath("td[1]/a/@href") == ["pl-msz/draft-pl-msz.eml"]
    digest = polish.xpath("td[2]")[0]
    assert [a.text for a in digest.xpath(".//ul/li/a")] == ["PDF", "DOCX", "Preview"]
    assert "PL" in digest.text_content() and "pages" in digest.text_content()


def test_page_counts_and_thumbnails_match_the_pdfs(built: Path) -> None:
    import pypdf

    for row in page(built).xpath("//table[@class='matrix']/tbody/tr"):
        for document in row.xpath("td/div[@class='doc']"):
            pdf = built / CONFERENCE / unquote(document.xpath("a[@class='thumb']/@href")[0])
            pages = len(pypdf.PdfReader(pdf).pages)
            assert document.xpath("string(p[@class='facts'])").startswith(f"{pages} page"), pdf
            image = document.xpath("a/img")[0]
            assert image.get("alt").startswith("Page 1 of ")
            assert image.get("alt").endswith("(PDF)")
            thumbnail = Image.open(io.BytesIO((built / CONFERENCE / image.get("src")).read_bytes()))
            assert thumbnail.format == "JPEG" and thumbnail.width == 240
            assert thumbnail.height == pytest.approx(240 * 297 / 210, abs=2)  # A4, portrait
            assert thumbnail.convert("L").getextrema()[0] < 128  # the page has ink, not blank


def test_sent_messages_show_recipient_and_time(built: Path) -> None:
    deliveries = json.loads((built / "sent.json").read_text(encoding="utf-8"))["deliveries"]
    section = page(built).xpath("//section[@aria-labelledby='sent']")[0]
    (row,) = section.xpath(".//tbody/tr")  # one message, whatever its number of recipients
    assert row.xpath("string(td[1])") == "eeas"
    assert row.xpath("string(td[2])") == ", ".join(d["address"] for d in deliveries)
    assert row.xpath("string(th)").startswith(deliveries[0]["sent"][:10])
    assert row.xpath("td[3]/a/@href") == [deliveries[0]["draft"].removeprefix(f"{CONFERENCE}/")]


def test_translation_coverage_names_each_catalog_file(built: Path) -> None:
    section = page(built).xpath("//section[@aria-labelledby='translations']")[0]
    rows = section.xpath(".//tbody/tr")
    found = {(r.xpath("string(th)"), r.xpath("string(td[1])")) for r in rows}
    assert found == {(lang, d) for lang in ("DE", "FR", "PL") for d in ("briefs", CONFERENCE)}
    for row in rows:
        assert row.xpath("string(td[6])").endswith(".po")
        assert "translators" in row.xpath("string(td[7])")


def test_missing_translations_are_counted_and_listed_as_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from briefs.i18n.localization import translations_for

    locales = tmp_path / "locales"  # a workspace whose Polish catalog lost one translation
    shutil.copytree(Path(__file__).parents[1] / "locales", locales)
    (tmp_path / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    po = locales / "pl" / "LC_MESSAGES" / "briefs.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Podgląd"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    translations_for.cache_clear()
    try:
        out = tmp_path / "out"
        assert main(["build", str(SEED), "--out", str(out), "--audience", "pl-msz"]) == 0
        html = page(out)
    finally:
        translations_for.cache_clear()
    rows = html.xpath("//section[@aria-labelledby='translations']//tbody/tr")
    counts = {r.xpath("string(td[1])"): r.xpath("string(td[4])") for r in rows}
    assert counts == {"briefs": "1", "berlin-2024": "0"}
    warnings = html.xpath("//section[@aria-labelledby='warnings']")[0]
    assert warnings.xpath("string(h3)") == "pl: briefs.po"
    assert [li.text_content() for li in warnings.xpath("ul/li")] == [
        "missing translation “Preview”: documents in “pl” are written wholly in English until "
        "it is done"
    ]


def test_a_rebuild_drops_thumbnails_no_longer_shown(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-11-26"]) == 0
    before = set((out / CONFERENCE / ".thumbs").iterdir())
    assert len(before) == 24
    # the EEAS's six PDFs change (a new date); the others are kept, and so are their pictures
    rebuild = ["build", str(SEED), "--out", str(out), "--date", "2026-11-27", "--audience", "eeas"]
    assert main(rebuild) == 0
    after = set((out / CONFERENCE / ".thumbs").iterdir())
    assert len(after) == 24 and len(after - before) == 6 and len(before - after) == 6
    assert {unquote(s) for s in page(out).xpath("//img/@src")} == {
        p.relative_to(out / CONFERENCE).as_posix() for p in after
    }


def test_an_unreadable_send_log_is_reported_not_fatal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sent.json").write_text("{not json", encoding="utf-8")
    assert main(["build", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    warnings = page(out).xpath("//section[@aria-labelledby='warnings']")[0]
    assert warnings.xpath("string(h3)") == "Send log"
    assert "sent.json: unreadable" in warnings.text_content()


def test_the_overview_passes_the_leak_guard_before_it_is_written(tmp_path: Path) -> None:
    from briefs.errors import LeakError
    from briefs.loading import load_conference
    from briefs.models import Protection
    from briefs.overview.page import Notice
    from briefs.overview.writing import write_overview

    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    index = out / CONFERENCE / "index.html"
    before = index.read_bytes()
    data = load_conference(SEED)
    protected = data.organisations[0].model_copy(
        update={
            "protection": Protection.PROTECTED,
            "name": "Secret Circle",
            "description": "a group",
        }
    )
    leaky = data.model_copy(update={"organisations": [protected, *data.organisations[1:]]})
    import datetime as dt

    with pytest.raises(LeakError) as caught:
        write_overview(
            out,
            leaky,
            dt.date(2026, 11, 26),
            bundled_resources(),
            [Notice("x", "met the Secret Circle")],
        )
    assert "Secret Circle" not in str(caught.value.lines())
    assert index.read_bytes() == before


def test_open_shows_the_overview_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "out"
    assert main(["open", "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "no overview" in err and "briefs build" in err and "Traceback" not in err
    assert opened == []
    assert main(["build", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    capsys.readouterr()
    assert main(["open", "--out", str(out)]) == 0
    index = out / CONFERENCE / "index.html"
    assert opened == [index.resolve().as_uri()]
    assert capsys.readouterr().out.strip() == f"Overview: {index}"


# In a real browser: Debian's chromium, driven headlessly by Playwright, from file://.

ROOT = Path(__file__).parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_overview(browser: Any, out: Path, **context: Any) -> tuple[Any, list[str]]:
    """Load the overview from file://; return the page and every console error or failure."""
    problems: list[str] = []
    page = browser.new_page(**context)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    page.goto((out / CONFERENCE / "index.html").resolve().as_uri(), wait_until="load")
    return page, problems


def test_in_chromium_every_link_and_image_is_a_file_of_the_build(browser: Any, built: Path) -> None:
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    page, problems = open_overview(browser, built)
    try:
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        images = page.eval_on_selector_all(
            "img", "images => images.map(i => [i.src, i.complete, i.naturalWidth, i.naturalHeight])"
        )
        ids = set(page.eval_on_selector_all("[id]", "nodes => nodes.map(n => n.id)"))
    finally:
        page.close()
    root = built.resolve()
    files = set()
    for url in hrefs:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.fragment and parts.path.endswith("/index.html"):
            assert parts.fragment in ids, url
            continue
        assert parts.scheme == "file", url
        path = Path(url2pathname(parts.path))
        assert path.is_file() and path.resolve().is_relative_to(root), url
        files.add(path.resolve().relative_to(root).as_posix())
    listed = {str(e["path"]) for e in manifest(built)}
    assert listed <= files
    assert {p for p in listed if p.endswith((".pdf", ".docx"))} <= files
    assert len(images) == 24
    for src, complete, width, height in images:
        assert complete and width > 0 and height > 0, src
        assert Path(url2pathname(urlsplit(src).path)).resolve().is_relative_to(root)
    assert problems == []


def test_in_chromium_axe_finds_no_accessibility_violation(browser: Any, built: Path) -> None:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE.relative_to(ROOT)}: install it with "
            "`npm install --no-save --prefix . axe-core@4` in the repository (as .ci/run does)"
        )
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page, problems = open_overview(browser, built, viewport=viewport)
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
        finally:
            page.close()
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert violations == [], viewport
        assert len(result["passes"]) > 10  # axe really ran its rules over the page
        assert problems == []


def test_in_chromium_a_phone_reads_it_and_the_keyboard_focus_shows(
    browser: Any, built: Path
) -> None:
    page, problems = open_overview(browser, built, viewport={"width": 390, "height": 844})
    try:
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        font = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    finally:
        page.close()
    assert overflow <= 0  # the page fits the phone's width; only the matrix scrolls, inside
    assert focused[0] == "A" and focused[1] != "none" and focused[2] >= 2
    assert font >= 16
    assert problems == []


def test_data_reaches_the_page_as_text_never_as_markup(
    tmp_copy: Any, tmp_path: Path, seed_text: str
) -> None:
    title = "Release of Ukrainian civilians illegally detained in Russia"
    hostile = 'Release <b>of</b> "civilians" & <script>x()</script>'
    data = tmp_copy((f"title: {title}", f"title: '{hostile}'"))
    out = tmp_path / "out"
    assert main(["build", str(data), "--out", str(out), "--audience", "eeas"]) == 0
    html = page(out)
    assert not html.xpath("//script") and not html.xpath("//b")
    shown = hostile.replace('"civilians"', "“civilians”")  # English typography, still text
    assert shown in [th.text_content() for th in html.xpath("//table[@class='matrix']//th")]


def test_in_chromium_axe_finds_no_violation_in_a_brief_preview(browser: Any, built: Path) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE.relative_to(ROOT)}: see .ci/run")
    previews = sorted((built / CONFERENCE / "pl-msz").glob("*.html"))
    assert len(previews) == 6
    for preview in previews[:2]:  # the digest (tables, callouts) and a theme brief
        page = browser.new_page()
        try:
            page.goto(preview.resolve().as_uri(), wait_until="load")
            assert page.evaluate("document.documentElement.lang") == "pl-PL"
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
        finally:
            page.close()
        assert [v["id"] for v in result["violations"]] == [], preview.name


def test_a_file_changed_after_the_build_is_searched_again(tmp_copy: Any, tmp_path: Path) -> None:
    import datetime as dt

    from briefs.loading import load_conference
    from briefs.overview.writing import write_overview

    data = tmp_copy(
        ("    protection: protected\n", "    protection: protected\n    name: Secret Circle\n")
    )
    out = tmp_path / "out"
    assert main(["build", str(data), "--out", str(out), "--audience", "eeas"]) == 0
    html = page(out)
    assert "No protected name found in the 18 files" in html.xpath(
        "string(//section[@aria-labelledby='leaks'])"
    )
    preview = sorted((out / CONFERENCE / "eeas").glob("*.html"))[0]
    preview.write_bytes(preview.read_bytes().replace(b"</main>", b"<p>Secret Circle</p></main>"))
    write_overview(out, load_conference(data), dt.date(2026, 11, 26), bundled_resources())
    index = (out / CONFERENCE / "index.html").read_text(encoding="utf-8")
    assert "Secret Circle" not in index
    leaks = page(out).xpath("//section[@aria-labelledby='leaks']")[0]
    assert leaks.xpath("string(ul/li)") == (
        f"{CONFERENCE}/eeas/{preview.name}: content: contains a protected name"
    )
    changed = page(out).xpath("//section[@aria-labelledby='warnings']//li/text()")
    assert changed == [f"{CONFERENCE}/eeas/{preview.name}: changed since briefs wrote it"]


def test_a_broken_pdf_loses_its_thumbnail_not_the_page(tmp_path: Path) -> None:
    import datetime as dt

    from briefs.loading import load_conference
    from briefs.overview.writing import write_overview

    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--audience", "eeas"]) == 0
    broken = sorted((out / CONFERENCE / "eeas").glob("*.pdf"))[0]
    broken.write_bytes(b"%PDF-1.4 not really")
    write_overview(out, load_conference(SEED), dt.date(2026, 11, 26), bundled_resources())
    html = page(out)
    assert len(html.xpath("//img")) == 5
    messages = html.xpath("//section[@aria-labelledby='warnings']//li/text()")
    name = f"{CONFERENCE}/eeas/{broken.name}"
    assert f"{name}: changed since briefs wrote it" in messages
    assert any(m.startswith(f"{name}: no thumbnail") for m in messages)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "no frame"])
def test_a_damaged_thumbnail_is_drawn_again(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    build = ["build", str(SEED), "--out", str(out), "--date", "2026-11-26", "--audience", "eeas"]
    assert main(build) == 0
    pictures = sorted((out / CONFERENCE / ".thumbs").iterdir())
    good = pictures[0].read_bytes()
    damaged = {  # a damaged file, or one a user overwrote
        "garbage": b"not a picture",
        "truncated": good[: len(good) // 2],  # a grey lower half in a viewer
        "no frame": b"\xff\xd8\xff\xfe\x00\x04hi\xff\xd9",  # a comment, no picture
    }
    pictures[0].write_bytes(damaged[damage])
    pictures[1].unlink()
    assert main(build) == 0  # nothing to rebuild: only the overview sees the damage
    assert pictures[0].read_bytes() == good and pictures[1].is_file()
    for picture in pictures[:2]:
        with Image.open(picture) as image:
            assert image.format == "JPEG" and image.width == 240
    assert len(page(out).xpath("//img")) == 6


def test_the_page_streamed_in_pieces_is_the_page_rendered_whole(built: Path) -> None:
    import datetime as dt

    from briefs.loading import load_conference
    from briefs.overview import writing
    from briefs.rendering import render_html_pieces, render_text

    captured: dict[str, Any] = {}

    def capture(template: str, context: dict[str, Any], *args: Any) -> Iterator[str]:
        captured.update(template=template, context=context, args=args)
        return render_html_pieces(template, context, *args)

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(writing, "render_html_pieces", capture)
    try:
        writing.write_overview(
            built, load_conference(SEED), dt.date(2026, 11, 26), bundled_resources()
        )
    finally:
        monkeypatch.undo()
    template, context, args = captured["template"], captured["context"], captured["args"]
    whole = render_text(template, context, *args)
    assert (built / CONFERENCE / "index.html").read_text(encoding="utf-8") == whole
    # pieces of about 200 characters: dozens of cuts, each before a tag, none changes a text
    pieces = list(render_html_pieces(template, context, *args, size=200))
    assert len(pieces) > 30 and all(piece.startswith("<") for piece in pieces[1:])
    assert "".join(pieces) == whole
    assert "“" in whole and "\u00a0" in whole  # the typography was applied in the pieces too


def test_a_protected_name_split_across_two_pieces_of_the_page_is_caught() -> None:
    from briefs.errors import LeakError
    from briefs.guard import Guard
    from briefs.overview.writing import _checked

    guard = Guard(["Irina Volkova"])
    pieces = ["<p>" + "x " * 3000 + "Irina Vol", "kova</p>", "<p>more</p>"]
    written: list[bytes] = []
    with pytest.raises(LeakError):
        written.extend(_checked(iter(pieces), guard, "berlin-2024/index.html"))
    assert written == []  # not even the first piece was handed on to be written
    clean = ["<p>Irina</p>", "<p>Volkov</p>"]
    assert b"".join(_checked(iter(clean), guard, "x/index.html")) == "".join(clean).encode()


def test_the_build_draws_the_thumbnails_as_it_writes_the_pdfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefs.overview import writing

    def refuse(pdf: bytes) -> Any:
        raise AssertionError("the overview drew a thumbnail the build should have drawn")

    monkeypatch.setattr(writing, "render_first_page", refuse)
    monkeypatch.setattr(writing, "page_count", refuse)  # the manifest says how many pages
    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-11-26"]) == 0
    html = page(out)
    assert html.xpath("//section[@aria-labelledby='warnings']//li/text()") == []
    sources = {unquote(src) for src in html.xpath("//img/@src")}
    assert len(sources) == 24
    for source in sources:
        with Image.open(out / CONFERENCE / source) as image:
            assert image.format == "JPEG" and image.width == 240


def shown_facts(out: Path) -> dict[str, str]:
    """Return, per PDF the overview shows (relative to its folder), the facts line under it."""
    return {
        unquote(document.xpath("a[@class='thumb']/@href")[0]): document.xpath(
            "string(p[@class='facts'])"
        )
        for document in page(out).xpath("//td/div[@class='doc']")
    }


def test_each_pdf_entry_of_the_manifest_records_its_page_count(tmp_path: Path) -> None:
    import pypdf

    out = tmp_path / "out"
    build = ["build", str(SEED), "--out", str(out), "--date", "2026-11-26", "--audience", "eeas"]
    assert main(build) == 0
    pdfs = [e for e in manifest(out) if e["format"] == "pdf"]
    assert len(pdfs) == 6
    for entry in pdfs:
        assert entry["pages"] == len(pypdf.PdfReader(out / entry["path"]).pages), entry["path"]
    assert all("pages" not in e for e in manifest(out) if e["format"] != "pdf")


def test_page_counts_stay_right_when_the_manifest_records_none_or_a_changed_pdf(
    tmp_path: Path,
) -> None:
    import datetime as dt

    import pypdf

    from briefs.loading import load_conference
    from briefs.overview.writing import write_overview

    out = tmp_path / "out"
    build = ["build", str(SEED), "--out", str(out), "--date", "2026-11-26", "--audience", "eeas"]
    assert main(build) == 0
    listing = out / CONFERENCE / "manifest.json"
    recorded = json.loads(listing.read_text(encoding="utf-8"))
    pdfs = [e for e in recorded["files"] if e["format"] == "pdf"]
    damages: list[Any] = ["2", 0, -1, True, None]
    for entry, damage in zip(pdfs, damages, strict=False):
        if damage is None:
            del entry["pages"]  # as an older build wrote it
        else:
            entry["pages"] = damage
    digest, brief = pdfs[0], pdfs[-1]  # a three-page digest, a two-page brief
    assert len(pypdf.PdfReader(out / digest["path"]).pages) != brief["pages"]
    (out / brief["path"]).write_bytes((out / digest["path"]).read_bytes())  # changed since
    listing.write_text(json.dumps(recorded), encoding="utf-8")

    write_overview(out, load_conference(SEED), dt.date(2026, 11, 26), bundled_resources())

    shown = shown_facts(out)
    assert len(shown) == 6
    for entry in pdfs:
        pages = len(pypdf.PdfReader(out / entry["path"]).pages)
        assert shown[entry["path"].removeprefix(f"{CONFERENCE}/")].startswith(f"{pages} page")


def test_an_unchanged_rebuild_leaves_the_page_and_its_thumbnails_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = ["build", str(SEED), "--out", str(out), "--date", "2026-11-26", "--audience", "eeas"]
    assert main(build) == 0
    folder = out / CONFERENCE
    shown = [folder / "index.html", *sorted((folder / ".thumbs").iterdir())]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in shown]
    assert main(build) == 0
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in shown] == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".thumbs"]
