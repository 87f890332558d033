"""The confidentiality boundary: a protected participant's name must never get out, by any route."""

from __future__ import annotations

import email
import email.policy
import getpass
import hashlib
import io
import json
import os
import re
import shutil
import socket
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest

from briefs.cli import main
from briefs.guard import Guard
from briefs.resources import bundled_dir

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
SECRET_NAME = "Vorona Solidarity Collective"
SECRET_ALIAS = "Ворона-Омск"
DESCRIPTION = "anonymous activists and initiatives in several regions of Russia"


def planted_seed(tmp_path: Path, extra: str = "") -> Path:
    """Copy the seed, giving a protected organisation a distinctive real name and alias."""
    text = SEED.read_text(encoding="utf-8")
    anchor = "  - id: anonymous-activists-russia\n"
    assert anchor in text
    text = text.replace(
        anchor, f'{anchor}    name: {SECRET_NAME}\n    aliases: ["{SECRET_ALIAS}"]\n', 1
    )
    path = tmp_path / "planted.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def everything_in(out: Path) -> str:
    """Return every text and metadata field of every file under out, plus the file names.

    Read with independent tools (zipfile and XML, pypdf, the email package), never the guard's.
    """
    chunks = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        chunks.append(path.relative_to(out).as_posix())
        if path.suffix not in (".jpg", ".png"):  # the overview's thumbnails: pictures of PDFs
            chunks += independent_texts(path.name, path.read_bytes())
    return "\n".join(chunks)


def independent_texts(name: str, data: bytes) -> list[str]:
    """Return the texts of a DOCX (every XML part), PDF (pages, Info, outline) or email."""
    if name.endswith(".docx"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        texts = archive.namelist()
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                root = ElementTree.fromstring(archive.read(member))
                texts.append("".join(root.itertext()))
                texts += [v for node in root.iter() for v in node.attrib.values()]
        return texts
    if name.endswith(".pdf"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        texts = [page.extract_text() for page in reader.pages]
        texts += [str(value) for value in (reader.metadata or {}).values()]
        return texts + [str(getattr(item, "title", "")) for item in reader.outline]
    if name.endswith(".eml"):
        message = email.message_from_bytes(data, policy=email.policy.default)
        texts = [str(value) for value in message.values()]
        for part in message.walk():
            if part.get_filename():
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                texts += [
                    part.get_filename() or "",
                    *independent_texts(part.get_filename() or "", payload),
                ]
            elif part.get_content_maintype() == "text":
                texts.append(part.get_content())
        return texts
    return [data.decode("utf-8")]


def hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.is_file()
    }


def test_guard_finds_names_whatever_their_case_spacing_or_form() -> None:
    guard = Guard([SECRET_NAME, SECRET_ALIAS])
    assert guard.find("see VORONA   solidarity\ncollective now") == SECRET_NAME
    assert guard.find("Vorona Solidarity\u00a0Collective") == SECRET_NAME  # no-break space
    assert guard.find("ВОРОНА-ОМСК") == SECRET_ALIAS
    assert guard.find("ＶＯＲＯＮＡ Solidarity Collective") == SECRET_NAME  # fullwidth, NFKC
    assert guard.find("VoronaSolidarityCollective") == SECRET_NAME  # split over PDF lines
    assert guard.find("a raven collective in Omsk") is None


def test_planted_name_appears_in_no_output_but_the_description_does(tmp_path: Path) -> None:
    data = planted_seed(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(data), "--out", str(out), "--date", "2026-11-26"]) == 0
    assert main(["email", str(data), "--out", str(out), "--format", "pdf", "--format", "docx"]) == 0
    everything = everything_in(out)
    guard = Guard([SECRET_NAME, SECRET_ALIAS])
    assert guard.find(everything) is None
    assert "Vorona" not in everything and "Ворона" not in everything
    assert DESCRIPTION in everything
    assert main(["check-leaks", str(out), "--data", str(data)]) == 0


def test_a_name_in_a_free_text_finding_is_caught_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = planted_seed(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(clean), "--out", str(out), "--date", "2026-11-26"]) == 0
    before = hashes(out)
    text = clean.read_text(encoding="utf-8").replace(
        "Human rights projects, including anonymous lawyers",
        f"Human rights projects, including {SECRET_NAME.upper()} and anonymous lawyers",
    )
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(leaky), "--out", str(out), "--date", "2026-11-26"]) == 4
    err = capsys.readouterr().err
    assert "contains a protected name" in err and "berlin-2024/" in err
    # neither the report nor the translation warnings quote it, not even in part
    assert "vorona" not in err.casefold()
    assert hashes(out) == before


def test_a_name_written_into_a_template_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = planted_seed(tmp_path)
    workspace = tmp_path / "workspace"  # a workspace whose templates/ overrides brief.xml.j2
    (workspace / "templates").mkdir(parents=True)
    (workspace / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    bundled = (bundled_dir("templates") / "brief.xml.j2").read_text(encoding="utf-8")
    (workspace / "templates" / "brief.xml.j2").write_text(
        bundled.replace("<h1>", f"<p>Thanks to {SECRET_ALIAS}.</p>\n<h1>", 1), encoding="utf-8"
    )
    monkeypatch.chdir(workspace)
    out = tmp_path / "out"
    code = main(["build", str(data), "--out", str(out), "--audience", "eeas", "--jobs", "1"])
    assert code == 4
    assert "Brief" in capsys.readouterr().err
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_a_name_in_an_email_subject_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = planted_seed(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(clean), "--out", str(out), "--audience", "eeas"]) == 0
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(
        clean.read_text(encoding="utf-8").replace(
            'title: "Cooperation Conference: France, Poland, Germany"',
            f'title: "Cooperation Conference with {SECRET_NAME}"',
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["email", str(leaky), "--out", str(out), "--audience", "eeas"]) == 4
    assert "draft-eeas.eml: header Subject: contains a protected name" in capsys.readouterr().err
    assert not list(out.rglob("*.eml"))


def test_extracting_a_catalog_refuses_text_with_a_protected_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = planted_seed(tmp_path)
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(
        clean.read_text(encoding="utf-8").replace(
            "Making the problem visible", f"Making {SECRET_ALIAS} visible"
        ),
        encoding="utf-8",
    )
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "briefs.toml").write_text("[workspace]\n", encoding="utf-8")
    locales = workspace / "locales"
    shutil.copytree(bundled_dir("locales"), locales)
    before = (locales / "berlin-2024.pot").read_bytes()
    monkeypatch.chdir(workspace)
    assert main(["i18n", "extract", str(leaky)]) == 4
    err = capsys.readouterr().err
    assert "sessions[0].findings[3]: contains a protected name" in err
    assert "Ворона" not in err
    assert (locales / "berlin-2024.pot").read_bytes() == before


def test_check_leaks_reports_a_planted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = planted_seed(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text(f"met {SECRET_ALIAS} today", encoding="utf-8")
    assert main(["check-leaks", str(folder), "--data", str(data)]) == 4
    assert "notes.txt: content: contains a protected name" in capsys.readouterr().err


def metadata_fields(path: Path) -> dict[str, str]:
    """Return every metadata field a tool like mat2 would show for a DOCX or PDF."""
    data = path.read_bytes()
    fields: dict[str, str] = {}
    if path.suffix == ".docx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        for member in ("docProps/core.xml", "docProps/app.xml"):
            fields[member] = archive.read(member).decode()
        fields["members"] = " ".join(archive.namelist())
        fields["zip dates"] = " ".join(sorted({str(i.date_time) for i in archive.infolist()}))
    elif path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        fields.update({key: str(value) for key, value in (reader.metadata or {}).items()})
        fields["raw"] = data.decode("latin-1")
    return fields


def test_metadata_names_no_user_host_or_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(
            ["build", str(SEED), "--out", str(out), "--audience", "pl-msz", "--date", "2026-11-26"]
        )
        == 0
    )
    anywhere = [os.getcwd(), str(tmp_path), "python-docx", "anonymous"]
    as_words = [
        re.compile(rf"\b{re.escape(name)}\b") for name in (socket.gethostname(), getpass.getuser())
    ]
    for path in out.rglob("*"):
        if path.suffix not in (".docx", ".pdf"):
            continue
        for name, value in metadata_fields(path).items():
            for word in anywhere:
                assert word not in value, (path.name, name, word)
            if name != "raw":  # compressed bytes may contain any short string by chance
                for pattern in as_words:
                    assert not pattern.search(value), (path.name, name, pattern.pattern)
        fields = metadata_fields(path)
        if path.suffix == ".docx":
            core = fields["docProps/core.xml"]
            assert (
                "<dc:creator>Platform for Civic Anti-War and Humanitarian Initiatives</dc:creator>"
                in core
            )
            assert "2013" not in core and "2026-11-26T00:00:00Z" in core
            assert "thumbnail" not in fields["members"] and "customXml" not in fields["members"]
            assert fields["zip dates"] == "(2026, 11, 26, 0, 0, 0)"
        else:
            assert fields["/Author"] == "Platform for Civic Anti-War and Humanitarian Initiatives"
            assert fields["/Producer"] == "briefs" and fields["/Creator"] == "briefs"
            assert fields["/CreationDate"].startswith("D:20261126")


def test_rebuilds_with_the_same_source_date_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    results = []
    for run in ("first", "second"):
        out = tmp_path / run
        assert main(["build", str(SEED), "--out", str(out), "--audience", "de-mfa"]) == 0
        assert main(["email", str(SEED), "--out", str(out), "--audience", "de-mfa"]) == 0
        results.append(hashes(out))
    assert results[0] == results[1]
    assert len(results[0]) == 27  # 6 DOCX, 6 PDF, 6 HTML, 1 draft, manifest, overview, 6 thumbnails


def test_an_interrupted_build_leaves_earlier_outputs_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefs.writers import pdf_writer

    out = tmp_path / "out"
    assert main(["build", str(SEED), "--out", str(out), "--date", "2026-11-25"]) == 0
    before = hashes(out)
    calls = {"count": 0}
    original = pdf_writer.PdfWriter.write

    def failing_write(self: object, *args: object) -> None:
        calls["count"] += 1
        if calls["count"] == 5:
            raise RuntimeError("disk on fire")
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_writer.PdfWriter, "write", failing_write)
    code = main(["build", str(SEED), "--out", str(out), "--date", "2026-11-26", "--jobs", "1"])
    assert code == 1
    assert hashes(out) == before
    assert not list(out.rglob(".briefs-*"))
    assert json.loads((out / "berlin-2024" / "manifest.json").read_text())["date"] == "2026-11-25"


def test_validation_errors_never_echo_an_organisation_name_or_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = planted_seed(tmp_path).read_text(encoding="utf-8")
    broken = text.replace(f'aliases: ["{SECRET_ALIAS}"]', f"aliases: {{nick: {SECRET_ALIAS}}}")
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "aliases" in err and SECRET_ALIAS not in err
