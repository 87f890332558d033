"""Attacks on the confidentiality boundary: disguised names in the data, names in every route.

To add a case: put a disguised spelling in DISGUISES (it is planted in a finding and in a
session title, and the build must refuse it), or a new route in the route tests below (place
the name only there, show with an independent reader that the file really holds it, and expect
`check-leaks` to find it).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import unicodedata
import zipfile
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path

import docx
import pypdf
import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.cli import main
from briefs.i18n import localization

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
LOCALES = Path(__file__).parents[1] / "locales"
DATE = "2026-11-26"

NAME = "Stowarzyszenie Wolna Rosja"
CYRILLIC = "Мемориал Свобода"
PERSON = "Jan Kowalski-Nowak"
POLISH = "Fundacja Wolność Słowa"
YO = "Общество Зелёный Клён"
PROTECTED = (NAME, CYRILLIC, PERSON, POLISH, YO)
FINDING = "Human rights projects, including anonymous lawyers"
TITLE = "Release of Ukrainian civilians illegally detained in Russia"
THEME = "detained-civilians"


def plain(text: str) -> str:
    """Return text as bare ASCII letters and digits: an independent, disguise-blind reading."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", anyascii(bare).casefold())


STEMS = [plain(s) for s in ("stowarzyszen", "wolnaros", "memorial", "svobod", "kowalsk")]
STEMS += [plain(s) for s in ("wolnoscslow", "wolnosslow", "obshchestv", "obshestv", "zelen")]


def planted(tmp_path: Path, *replacements: tuple[str, str], aliases: bool = True) -> Path:
    """Copy the seed with protected names given to both protected organisations."""
    text = SEED.read_text(encoding="utf-8")
    listed = {
        "anonymous-activists-russia": (NAME, [CYRILLIC, YO]),
        "anonymous-lawyers-russia": (PERSON, [POLISH]),
    }
    for org, (name, more) in listed.items():
        anchor = f"  - id: {org}\n"
        assert anchor in text
        extra = f"    aliases: {json.dumps(more, ensure_ascii=False)}\n" if aliases else ""
        text = text.replace(anchor, f"{anchor}    name: {json.dumps(name)}\n{extra}", 1)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "planted.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def assert_not_shown(text: str, *variants: str) -> None:
    """Assert that printed text holds no variant and no stem of a protected name."""
    for variant in variants:
        assert variant not in text
        assert plain(variant)[:10] not in plain(text), variant
    for stem in STEMS:
        assert stem not in plain(text), stem


# --- disguises planted in the data: refused (2) or caught (4), nothing written ---------------

DISGUISES = {
    "confusables (Cyrillic letters in a Latin name)": "Stоwаrzyszеniе Wоlnа Rоsjа",
    "confusables (Latin letters in a Cyrillic name)": "Мemoриaл Cвoбoдa",
    "digits for letters": "St0warzyszenie W0lna R0sja",
    "combining grapheme joiner": "Stowa\u034frzyszenie Wol\u034fna Rosja",
    "soft hyphens": "Stowarzy\u00adszenie Wol\u00adna Ro\u00adsja",
    "zero-width space": "Stowarzy\u200bszenie Wolna Rosja",
    "diacritics removed": "Fundacja Wolnosc Slowa",
    "hyphens between letters": "S-t-o-w-a-r-z-y-s-z-e-n-i-e W-o-l-n-a R-o-s-j-a",
    "dots between letters": "J.a.n. K.o.w.a.l.s.k.i.-N.o.w.a.k",
    "no spaces": "StowarzyszenieWolnaRosja",
    "ё written as е": "Общество Зеленый Клен",
    "Polish instrumental": "Stowarzyszeniem Wolną Rosją",
    "Polish genitive of a person": "Jana Kowalskiego-Nowaka",
    "Russian genitive": "Мемориала Свободы",
    "Latin transliteration of a Cyrillic alias": "Memorial Svoboda",
    "German transliteration, inflected": "Obschtschestwo Zelenyj Klen",
    "Cyrillic spelling of a Latin name, inflected": "Яна Ковальского-Новака",
    "capitals and fullwidth": "ＳＴＯＷＡＲＺＹＳＺＥＮＩＥ WOLNA ROSJA",
}


@pytest.mark.parametrize("variant", DISGUISES.values(), ids=DISGUISES.keys())
@pytest.mark.parametrize("where", ["finding", "title"])
def test_a_disguised_name_in_the_data_is_refused_or_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], variant: str, where: str
) -> None:
    replacement = (
        (FINDING, f"Human rights projects, including {variant} and anonymous lawyers")
        if where == "finding"
        else (f"title: {TITLE}", f"title: {json.dumps(f'Support for {variant} in Russia')}")
    )
    data = planted(tmp_path, replacement)
    out = tmp_path / "out"
    args = ["build", data, "--out", out, "--theme", THEME, "--audience", "eeas", "--date", DATE]
    code = main([str(a) for a in args])
    printed = capsys.readouterr()
    assert code in (2, 4), printed.err
    assert files_under(out) == []
    assert_not_shown(printed.out + printed.err, variant)


def test_a_disguised_name_in_an_email_subject_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = planted(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(clean), "--out", str(out), "--audience", "eeas"]) == 0
    conference_title = 'title: "Cooperation Conference: France, Poland, Germany"'
    leaky = planted(tmp_path, (conference_title, 'title: "Conference of Memoriala Svobody"'))
    capsys.readouterr()
    assert main(["email", str(leaky), "--out", str(out), "--audience", "eeas"]) == 4
    printed = capsys.readouterr()
    assert "draft-eeas.eml: header Subject: contains a protected name" in printed.err
    assert not list(out.rglob("*.eml"))
    assert_not_shown(printed.out + printed.err, "Memoriala Svobody")


def test_an_id_spelling_a_protected_name_is_refused_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = planted(tmp_path, (f"  - id: {THEME}\n", "  - id: memorial-svoboda\n"))
    text = data.read_text(encoding="utf-8").replace(f"theme: {THEME}", "theme: memorial-svoboda")
    data.write_text(text, encoding="utf-8")
    assert main(["validate", str(data)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"sessions\[0\]\.id: this id spells a protected", err), err
    assert_not_shown(err, "memorial-svoboda")


# --- routes: the name only in one place of an output; check-leaks must find it ----------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The planted seed (names that never occur in it) and its eeas outputs for one theme."""
    folder = tmp_path_factory.mktemp("built")
    data = planted(folder)
    out = folder / "out"
    args = ["build", data, "--out", out, "--theme", THEME, "--audience", "eeas", "--date", DATE]
    assert main([str(a) for a in args]) == 0
    return data, out


def output(out: Path, suffix: str) -> Path:
    return next(p for p in out.rglob(f"*{suffix}"))


def check(data: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check-leaks", str(folder), "--data", str(data)])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def route_folder(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "route"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return folder


def test_the_clean_outputs_pass(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = built
    code, printed = check(data, out, capsys)
    assert code == 0, printed


@pytest.mark.parametrize("part", ["header", "footer"])
def test_route_docx_header_and_footer(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], part: str
) -> None:
    data, out = built
    word = docx.Document(str(output(out, ".docx")))
    section = word.sections[0]
    getattr(section, part).paragraphs[0].add_run(" Stowarzyszeniem Wolną Rosją")
    buffer = io.BytesIO()
    word.save(buffer)
    reread = docx.Document(io.BytesIO(buffer.getvalue())).sections[0]
    assert "Wolną Rosją" in getattr(reread, part).paragraphs[0].text
    assert "Wolną Rosją" not in " ".join(p.text for p in docx.Document(buffer).paragraphs)
    code, printed = check(data, route_folder(tmp_path, "brief.docx", buffer.getvalue()), capsys)
    assert code == 4 and f"word/{part}" in printed
    assert_not_shown(printed, "Wolną Rosją")


def test_route_docx_core_properties(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = built
    word = docx.Document(str(output(out, ".docx")))
    word.core_properties.keywords = "Memoriala Svobody"
    buffer = io.BytesIO()
    word.save(buffer)
    core = zipfile.ZipFile(buffer).read("docProps/core.xml").decode("utf-8")
    assert "Memoriala Svobody" in core
    code, printed = check(data, route_folder(tmp_path, "brief.docx", buffer.getvalue()), capsys)
    assert code == 4 and "docProps/core.xml" in printed
    assert_not_shown(printed, "Memoriala Svobody")


def _pdf_with(out: Path, change: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(output(out, ".pdf")))
    if change == "info":
        writer.add_metadata({"/Subject": "Мемориала Свободы"})
    elif change == "outline":
        writer.add_outline_item(title="Stowarzyszenie Wolna Rosja", page_number=0)
    elif change == "annotation":
        from pypdf.annotations import FreeText

        writer.add_annotation(0, FreeText(text="Jan Kowalski-Nowak", rect=(50, 50, 200, 80)))
    elif change == "attachment":
        notes = gzip.compress(b"met Jana Kowalskiego-Nowaka")  # so not in the raw bytes
        writer.add_attachment("notes.txt.gz", notes)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("change", ["info", "outline", "annotation", "attachment"])
def test_route_pdf(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    data, out = built
    pdf = _pdf_with(out, change)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page_text = " ".join(page.extract_text() for page in reader.pages)
    if change == "info":
        seen = str((reader.metadata or {}).get("/Subject"))
    elif change == "outline":
        seen = str(reader.outline[-1].title)  # type: ignore[union-attr]
    elif change == "annotation":
        annotations = reader.pages[0].get("/Annots", [])
        seen = " ".join(str(a.get_object().get("/Contents")) for a in annotations)
    else:
        contents = [gzip.decompress(b) for v in reader.attachments.values() for b in v]
        seen = " ".join(content.decode() for content in contents)
    assert "Kowalsk" in seen or "Свобод" in seen or "Wolna" in seen, seen
    assert plain(seen)[:8] not in plain(page_text)
    code, printed = check(data, route_folder(tmp_path, "brief.pdf", pdf), capsys)
    assert code == 4, printed
    assert_not_shown(printed, seen)


def test_route_email_attachment_file_name(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = built
    message = EmailMessage()
    message["Subject"] = "Briefs"
    message["From"] = "briefs@example.org"
    message.set_content("See attached.")
    message.add_attachment(b"%!", maintype="application", subtype="octet-stream",
                           filename="Raport Stowarzyszenia Wolnej Rosji.bin")  # fmt: skip
    raw = message.as_bytes()
    parsed = BytesParser(policy=default_policy).parsebytes(raw)
    names = [part.get_filename() for part in parsed.iter_attachments()]
    assert names == ["Raport Stowarzyszenia Wolnej Rosji.bin"]
    code, printed = check(data, route_folder(tmp_path, "draft.eml", raw), capsys)
    assert code == 4 and "attachment name" in printed
    assert_not_shown(printed, "Stowarzyszenia Wolnej Rosji")


def test_route_output_file_name(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = built
    folder = route_folder(
        tmp_path, "01 Brief – Мемориал Свобода.pdf", output(out, ".pdf").read_bytes()
    )
    assert any("Мемориал" in p.name for p in folder.iterdir())
    code, printed = check(data, folder, capsys)
    assert code == 4 and "[protected].pdf: file name: contains a protected name" in printed
    assert_not_shown(printed, "Мемориал Свобода")


def test_route_manifest_with_json_escapes(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = built
    manifest = json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][0]["theme"] = "Общество Зелёный Клён"
    raw = json.dumps(manifest, ensure_ascii=True).encode()
    assert b"\\u041e" in raw and json.loads(raw)["files"][0]["theme"] == "Общество Зелёный Клён"
    code, printed = check(data, route_folder(tmp_path, "manifest.json", raw), capsys)
    assert code == 4 and "JSON strings" in printed
    assert_not_shown(printed, "Общество Зелёный Клён")


# --- check-leaks reads every kind of file, and says which it could not read -------------------

TEXT = "a note about Stowarzyszenie Wolna Rosja and Мемориал Свобода"


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><text:p>Stowarzy<text:span>szenie</text:span> Wolna Rosja</text:p>"
            "</office:body></office:document-content>",
        )
    return buffer.getvalue()


def _nested_email() -> bytes:
    inner = EmailMessage()
    inner["Subject"] = "forwarded"
    inner.set_content("from Jana Kowalskiego-Nowaka")
    outer = EmailMessage()
    outer["Subject"] = "fwd"
    outer.set_content("see below")
    outer.add_attachment(inner)
    return outer.as_bytes()


FILES = {
    "utf-16.txt": TEXT.encode("utf-16"),
    "utf-16-without-bom.txt": "отчёт: Мемориал Свобода".encode("utf-16-le"),
    "cp1250.txt": "Fundacja Wolność Słowa, raport".encode("cp1250"),
    "cp1251.txt": "Мемориал Свобода, отчёт".encode("cp1251"),
    "latin1.txt": "Straße: Stowarzyszenie Wolna Rosja".encode("latin-1"),
    "entities.html": b"<p>St&#111;warzyszenie&nbsp;Wolna R&#x6f;sja</p>",
    "escapes.json": json.dumps({"note": CYRILLIC}, ensure_ascii=True).encode(),
    "document.odt": _odt(),
    "notes.txt.gz": gzip.compress(TEXT.encode("utf-8")),
    "forwarded.eml": _nested_email(),
}


@pytest.mark.parametrize("name", FILES)
def test_check_leaks_reads_every_kind_of_file(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data, _ = built
    assert TEXT.encode() not in FILES[name]  # not readable as plain UTF-8 text
    code, printed = check(data, route_folder(tmp_path, name, FILES[name]), capsys)
    assert code == 4, printed
    assert_not_shown(printed)


def test_check_leaks_lists_a_file_it_cannot_read_and_fails(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = built
    folder = route_folder(tmp_path, "picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, printed = check(data, folder, capsys)
    assert code == 3 and "picture.png: not checked" in printed
    capsys.readouterr()
    assert main(["check-leaks", str(folder), "--data", str(data), "--allow-unchecked"]) == 0
    assert "1 file(s) not checked" in capsys.readouterr().out


# --- no false alarm: realistic names that do not occur pass the whole seed -------------------

REALISTIC = [
    NAME, CYRILLIC, PERSON, POLISH, YO, "Мемориал Свобода", "Вольная Сибирь",
    "Jan Kowalski-Nowak", "Anna Wiśniewska", "Сергей Иванов", "Ольга Смирнова",
    "Фонд Открытая Россия Юг", "Гражданский Контроль Урал", "Stiftung Freies Wort Ost",
    "Association Liberté Sibérie", "Helsinki Watch Kazan", "Ковчег Надежды", "Nasz Wybór Pskow",
    "Zielona Wolność", "Дмитрий Петров-Водкин", "Ірина Коваленко",
]  # fmt: skip


@pytest.fixture(scope="module")
def whole_seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The whole seed, with realistic protected names planted, built and drafted."""
    folder = tmp_path_factory.mktemp("whole")
    data = planted(folder)
    out = folder / "out"
    assert main(["build", str(data), "--out", str(out), "--date", DATE]) == 0
    assert main(["email", str(data), "--out", str(out), "--format", "pdf", "--format", "docx"]) == 0
    return data, out


def test_planted_names_that_do_not_occur_give_no_alarm_on_the_whole_seed(
    whole_seed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = whole_seed
    listed = json.loads((out / "berlin-2024" / "manifest.json").read_text("utf-8"))["files"]
    thumbnails = list((out / "berlin-2024" / ".thumbs").glob("*.jpg"))
    assert len(listed) == 76 and len(thumbnails) == 24  # 72 documents, 4 drafts; page-1 images
    total = len(listed) + 2 + len(thumbnails)  # the manifest and the overview page too
    assert len(files_under(out)) == total
    code, printed = check(data, out, capsys)
    assert code == 0 and f"{total} files" in printed, printed


def test_twenty_realistic_names_hit_nothing_in_the_seed_outputs_and_catalogs(
    whole_seed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = whole_seed
    names = tmp_path / "names.yaml"
    text = SEED.read_text(encoding="utf-8")
    anchor = "  - id: anonymous-activists-russia\n"
    text = text.replace(anchor, f"{anchor}    aliases: {json.dumps(REALISTIC)}\n", 1)
    names.write_text(text, encoding="utf-8")
    folder = tmp_path / "everything"
    shutil.copytree(out, folder / "out")
    shutil.copytree(LOCALES, folder / "locales")
    shutil.copy(SEED, folder / "berlin-2024.yaml")
    code, printed = check(names, folder, capsys)
    assert code == 0, printed
    assert f"{len(files_under(folder))} files" in printed


# --- the property: any disguise anywhere is refused or caught, and never printed -------------

LOOKALIKES = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і"}
INVISIBLE = ["\u00ad", "\u034f", "\u200b", "\u200c", "\u2060", "\ufeff"]


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    """Return (base name, a disguised spelling of it)."""
    base, forms = draw(
        st.sampled_from(
            [
                (NAME, [NAME, "Stowarzyszeniem Wolną Rosją", "Stowarzyszenia Wolnej Rosji"]),
                (
                    CYRILLIC,
                    [CYRILLIC, "Мемориала Свободы", "Memorial Svoboda", "Memoriala Svobody"],
                ),
                (PERSON, [PERSON, "Jana Kowalskiego-Nowaka", "Janem Kowalskim-Nowakiem"]),
                (POLISH, [POLISH, "Fundacji Wolności Słowa", "Fundacja Wolnosc Slowa"]),
            ]
        )
    )
    text = draw(st.sampled_from(forms))
    chars = []
    for char in text:
        if draw(st.integers(0, 5)) == 0:
            char = LOOKALIKES.get(char, char)
        if draw(st.booleans()):
            char = char.upper()
        if char.isalpha() and draw(st.integers(0, 9)) == 0:
            char += draw(st.sampled_from(["\u0301", *INVISIBLE, ".", "-", " "]))
        chars.append(char)
    return base, "".join(chars).replace(" ", draw(st.sampled_from([" ", "", "  ", "-", " . "])))


SPOTS = {
    "finding": (FINDING, "Human rights projects, including {} and anonymous lawyers"),
    "summary": (
        "The roundtable discussed the illegal",
        "The roundtable with {} discussed the illegal",
    ),
    "title": (f"title: {TITLE}", "title: {}"),
}


@given(case=disguised(), spot=st.sampled_from([*SPOTS, "msgstr"]))
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_disguise_anywhere_is_refused_or_caught_and_never_printed(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, str],
    spot: str,
) -> None:
    base, variant = case
    folder = tmp_path_factory.mktemp("property")
    audience = "eeas"
    if spot == "msgstr":
        audience = "pl-msz"
        locales = folder / "locales"
        shutil.copytree(LOCALES, locales)
        po = locales / "pl" / "LC_MESSAGES" / "berlin-2024.po"
        text = po.read_text(encoding="utf-8")
        old = 'msgstr ""\n"Nagłośnienie problemu'
        assert old in text
        po.write_text(
            text.replace(old, f'msgstr ""\n"{variant}: Nagłośnienie problemu', 1), "utf-8"
        )
        (folder / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
        monkeypatch.chdir(folder)  # a workspace whose catalogs carry the variant
        data = planted(folder)
    else:
        old, new = SPOTS[spot]
        data = planted(
            folder, (old, new.format(json.dumps(variant) if spot == "title" else variant))
        )
    out = folder / "out"
    localization.translations_for.cache_clear()
    capsys.readouterr()
    try:
        args = ["build", data, "--out", out, "--theme", THEME, "--audience", audience]
        code = main([str(a) for a in [*args, "--date", DATE, "--jobs", "1"]])
    finally:
        localization.translations_for.cache_clear()
    printed = capsys.readouterr()
    assert code in (2, 4), (variant, printed.err)
    assert files_under(out) == []
    assert_not_shown(printed.out + printed.err, variant, base)


def test_every_printed_line_is_masked_even_a_folder_name_the_user_chose(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = built
    out = tmp_path / "Stowarzyszenie Wolna Rosja"
    capsys.readouterr()
    args = ["build", data, "--out", out, "--theme", THEME, "--audience", "eeas", "--date", DATE]
    assert main([str(a) for a in args]) == 0
    printed = capsys.readouterr()
    assert "[protected]/berlin-2024/ (manifest: " in printed.out
    assert_not_shown(printed.out + printed.err, "Stowarzyszenie Wolna Rosja")


def test_a_leak_error_names_the_data_field_or_translation_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = planted(tmp_path, (FINDING, f"{FINDING} with Memoriala Svobody"))
    args = ["build", data, "--out", tmp_path / "out", "--theme", THEME, "--audience", "eeas"]
    assert main([str(a) for a in args]) == 4
    err = capsys.readouterr().err
    assert "planted.yaml: sessions[0].findings[2]: holds a protected name" in err, err
    assert_not_shown(err, "Memoriala Svobody")

    locales = tmp_path / "locales"  # a workspace whose Polish catalog carries the name
    shutil.copytree(LOCALES, locales)
    (tmp_path / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    po = locales / "pl" / "LC_MESSAGES" / "berlin-2024.po"
    text = po.read_text(encoding="utf-8")
    old = 'msgstr ""\n"Nagłośnienie problemu'
    po.write_text(text.replace(old, f'msgstr ""\n"{YO}: Nagłośnienie problemu', 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    localization.translations_for.cache_clear()
    try:
        clean = planted(tmp_path)
        args = ["build", clean, "--out", tmp_path / "out", "--theme", THEME, "--audience", "pl-msz"]
        assert main([str(a) for a in args]) == 4
    finally:
        localization.translations_for.cache_clear()
    err = capsys.readouterr().err
    assert "berlin-2024.po: translation of sessions[0].findings[3]: holds a protected name" in err
    assert_not_shown(err, YO)


@pytest.mark.parametrize("invisible", ["\u00ad", "\u034f", "\u2060", "\u200d"])
def test_invisible_characters_are_refused_in_the_data_where_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], invisible: str
) -> None:
    data = planted(tmp_path, (FINDING, FINDING.replace("rights", f"ri{invisible}ghts")))
    assert main(["validate", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"sessions[0].findings[2]: control or invisible character U+{ord(invisible):04X}" in err
