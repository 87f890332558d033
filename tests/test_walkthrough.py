"""The whole user journey, scripted: a second conference in a new language beside Berlin.

One workspace holds the bundled Berlin conference (built, drafted and sent first) and a new
Brussels congress addressed to the EEAS and to Lithuania's foreign ministry in Lithuanian, a
language no catalog covers yet. The journey goes as the README tells a user to: start the
conference, validate, build (in English, said once), export the translator's file, merge it
back, build strictly in Lithuanian, draft, send, change a finding, rebuild, and send again.
Throughout, nothing of Berlin changes by a single byte.

Everything is checked with readers independent of briefs: pypdf for PDF text and /Lang, the
email package for drafts and delivered messages, Babel's PO reader and GNU msgfmt for
catalogs, json for the manifest and the send log, a real SMTP server (aiosmtpd) for sending.
"""

from __future__ import annotations

import email
import hashlib
import json
import re
import shlex
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

from conftest import CliResult

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "data" / "brussels-2025"
BRUSSELS = "data/brussels-2025.yaml"
BERLIN = "data/berlin-2024.yaml"
LT_CATALOGS = FIXTURE / "locales" / "lt" / "LC_MESSAGES"
FAST = ["--format", "pdf", "--jobs", "1"]
CATALOGS = ("berlin-2024", "briefs")

CHANGED_FINDING = (
    "Short-term project grants make it hard to keep experienced editors.",
    "Short-term project grants make it hard to keep experienced editors and reporters.",
)
CHANGED_FINDING_LT = (
    "Dėl trumpalaikių projektinių dotacijų sunku išlaikyti patyrusius redaktorius ir reporterius."
)

Run = Callable[[Sequence[str | Path]], CliResult]


class Recorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 OK"

    def take(self) -> list[EmailMessage]:
        """Return the messages received since the last call, parsed, and forget them."""
        messages = [email.message_from_bytes(e.content, policy=SMTP) for e in self.received]
        self.received.clear()
        return [m for m in messages if isinstance(m, EmailMessage)]


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, str]]:
    """A real SMTP server on 127.0.0.1; yields its recorder and HOST:PORT."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"127.0.0.1:{port}"
    finally:
        controller.stop()


def require_complete_fixture_catalogs(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail with the fix when the fixture's Lithuanian catalogs lag behind locales/briefs.pot."""
    with monkeypatch.context() as inside:
        inside.chdir(FIXTURE)
        result = run(["i18n", "status", "--check"])
    assert result.code == 0, (
        "tests/data/brussels-2025/locales/lt is not complete against the current templates "
        "(locales/briefs.pot): refresh it as tests/data/brussels-2025/README.md says\n"
        + result.out
        + result.err
    )


def test_fixture_catalogs_are_complete_and_msgfmt_accepts_them(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_complete_fixture_catalogs(run_cli, monkeypatch)
    for path in sorted(LT_CATALOGS.glob("*.po")):
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0 and checked.stderr == "", (path.name, checked.stderr)
        with path.open("rb") as stream:
            catalog = read_po(stream)
        assert catalog.num_plurals == 3  # one (1, 21…), few (2-9, 22…), other (0, 10-20…)
        for message in catalog:
            if message.id and message.pluralizable:
                assert len(message.string) == 3 and all(message.string), message.id


def digests(root: Path, paths: Iterator[Path]) -> dict[str, str]:
    """Return relative path -> sha256 of each file."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths)
        if p.is_file()
    }


def berlin_state(ws: Path, catalogs: list[Path]) -> dict[str, Any]:
    """Return what must never change for Berlin: outputs, catalogs and its send-log records."""
    log = json.loads((ws / "out" / "sent.json").read_text(encoding="utf-8"))
    records = log["deliveries"] if isinstance(log, dict) else log
    return {
        "outputs": digests(ws, (ws / "out" / "berlin-2024").rglob("*")),
        "catalogs": digests(ws, iter(catalogs)),
        "sent": [
            json.dumps(r, sort_keys=True, ensure_ascii=False)
            for r in records
            if r["conference"] == "berlin-2024"
        ],
    }


def assert_berlin_catalogs_complete(run: Run) -> None:
    """Check with `i18n status --check` that Berlin's de, fr and pl catalogs are at 100 %."""
    status = run(["i18n", "status", BERLIN, "--check"])
    assert status.code == 0, status.err
    rows = re.findall(r"^(\w+)\s+(\S+)\s.*\s(\d+\.\d) %$", status.out, re.M)
    expected = [(lang, domain, "100.0") for lang in ("de", "fr", "pl") for domain in CATALOGS]
    assert sorted(rows) == sorted(expected), status.out


def manifest(ws: Path, conference: str = "brussels-2025") -> list[dict[str, Any]]:
    document = json.loads((ws / "out" / conference / "manifest.json").read_text(encoding="utf-8"))
    return list(document["files"])


def documents(ws: Path, audience: str) -> list[dict[str, Any]]:
    """Return the manifest entries of an audience's PDF briefs and digest."""
    return [
        e
        for e in manifest(ws)
        if e["audience"] == audience and e["kind"] in ("brief", "digest") and e["format"] == "pdf"
    ]


def pdf_text(path: Path) -> tuple[str, str]:
    """Return (text of every page, catalog /Lang) of a PDF, read with pypdf."""
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, str(reader.trailer["/Root"].get("/Lang", ""))


def draft(ws: Path, audience: str) -> EmailMessage:
    [entry] = [e for e in manifest(ws) if e["audience"] == audience and e["kind"] == "email"]
    message = email.message_from_bytes((ws / "out" / entry["path"]).read_bytes(), policy=SMTP)
    assert isinstance(message, EmailMessage)
    return message


def plain_body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def warnings(result: CliResult) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("warning:")]


def fill_from_fixture(exported: Path, extra: dict[tuple[str | None, str], str]) -> int:
    """Translate a translator's file as a translator would: from the fixture's lt catalogs.

    Returns how many messages were filled; every message of the file must find a translation.
    """
    known: dict[tuple[str | None, str], Any] = dict(extra)
    for path in LT_CATALOGS.glob("*.po"):
        with path.open("rb") as stream:
            for message in read_po(stream):
                if message.id and not message.fuzzy:
                    source = message.id[0] if isinstance(message.id, tuple) else message.id
                    known[(message.context, source)] = message.string
    with exported.open("rb") as stream:
        catalog = read_po(stream, locale="lt")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        assert (message.context, source) in known, f"no translation for {source!r}"
        message.string = known[(message.context, source)]
        message.flags.discard("fuzzy")
        filled += 1
    with exported.open("wb") as stream:
        write_po(stream, catalog)
    return filled


def test_walkthrough_second_conference_in_lithuanian(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cli: Run,
    smtp: tuple[Recorder, str],
) -> None:
    server, address = smtp
    ws = tmp_path / "platform"
    ws.mkdir()
    shutil.copy(REPO / "briefs.toml", ws)
    shutil.copytree(REPO / "data", ws / "data")
    shutil.copytree(REPO / "locales", ws / "locales")
    require_complete_fixture_catalogs(run_cli, monkeypatch)
    monkeypatch.chdir(ws)

    # Berlin, the conference already in the workspace: built, drafted and sent.
    assert_berlin_catalogs_complete(run_cli)
    assert run_cli(["build", *FAST, "--date", "2026-11-20"]).code == 0
    assert run_cli(["email"]).code == 0
    assert run_cli(["send", "--smtp", address, "--yes"]).code == 0
    berlin_mail = server.take()
    assert len(berlin_mail) == 4  # one message per ministry
    berlin_catalogs = sorted((ws / "locales").rglob("*.po*"))  # de, fr, pl and the templates
    assert {f"locales/{lang}/LC_MESSAGES/berlin-2024.po" for lang in ("de", "fr", "pl")} <= {
        p.relative_to(ws).as_posix() for p in berlin_catalogs
    }
    berlin_before = berlin_state(ws, berlin_catalogs)
    assert len(berlin_before["sent"]) == sum(len(m["To"].addresses) for m in berlin_mail)
    assert len(berlin_before["outputs"]) > 48

    # Start the second conference, then write its content (here: the fixture's file).
    started = run_cli(["init", "--conference", "brussels-2025"])
    assert started.code == 0, started.err
    assert (ws / BRUSSELS).is_file() and "brussels-2025" in started.out
    shutil.copy(FIXTURE / BRUSSELS, ws / BRUSSELS)

    # validate: the conference is fine; Lithuanian is missing, said once, with the commands.
    checked = run_cli(["validate", BRUSSELS])
    assert checked.code == 0, checked.err
    [missing] = warnings(checked)
    assert missing.startswith("warning: lt: 0 of ")
    commands = re.findall(r"briefs i18n \w+[^;]*", missing)
    assert [c.split()[2] for c in commands] == ["extract", "init", "export", "merge"]
    assert all(BRUSSELS in c for c in commands)
    for language in ("de", "fr", "pl"):  # Berlin's languages are not this conference's business
        assert not re.search(rf"\b{language}:", checked.out + checked.err)

    # build: English throughout for lt-urm, tagged so, one grouped warning.
    built = run_cli(["build", BRUSSELS, *FAST, "--date", "2025-03-28"])
    assert built.code == 0, built.err
    [fallback] = warnings(built)
    assert fallback.startswith("warning: lt: ") and "wholly in English" in fallback
    lt_docs = documents(ws, "lt-urm")
    assert len(lt_docs) == 3 and all(
        e["language"] == "en" and e.get("requested_language") == "lt" for e in lt_docs
    )
    text, lang = pdf_text(ws / "out" / lt_docs[0]["path"])
    assert lang.startswith("en") and "Key asks – " in text
    assert "Dear Sir or Madam," not in text  # a brief is not a letter: the email is
    assert "Ministry of Foreign Affairs of the Republic" in text
    assert not re.search(r"Gerbiamieji|Lietuvos|rekomendacij|išvados", text)
    refused = run_cli(["build", BRUSSELS, *FAST, "--date", "2025-03-28", "--strict"])
    assert refused.code == 2 and "lt: " in refused.err
    # A draft of these English briefs is English too, and says so.
    assert run_cli(["email", BRUSSELS]).code == 0
    english_draft = draft(ws, "lt-urm")
    assert english_draft["Content-Language"] == "en"
    assert plain_body(english_draft).startswith("Dear Sir or Madam,")
    assert "Returning Ukrainian children deported to Russia" in plain_body(english_draft)
    assert not re.search(r"Gerbiamieji|Pridedame|rekomendacij", plain_body(english_draft))

    # The commands the message gave, run as written; the translator fills the exported file.
    for command in commands:
        argv = shlex.split(command)[1:]
        result = run_cli(argv)
        assert result.code == 0, (command, result.err)
        if argv[1] == "init":
            assert (ws / "locales/lt/LC_MESSAGES/brussels-2025.po").is_file()
        if argv[1] == "export":
            exported = ws / argv[argv.index("-o") + 1]
            sources = exported.read_text(encoding="utf-8")
            assert "Kherson and Zaporizhzhia" in sources and "Rosatom" not in sources
            assert fill_from_fixture(exported, {}) >= 130  # template strings and content
        if argv[1] == "merge":
            assert "brussels-2025.po" in result.out
    status = run_cli(["i18n", "status", BRUSSELS, "--check"])
    assert status.code == 0 and re.findall(r"^(\w+)\s", status.out, re.M)[1:] == ["lt", "lt"]
    for path in sorted((ws / "locales/lt/LC_MESSAGES").glob("*.po")):
        msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)])
        assert msgfmt.returncode == 0, path

    # build --strict: the Lithuanian ministry reads Lithuanian, tagged lt-LT.
    strict = run_cli(["build", BRUSSELS, *FAST, "--date", "2025-03-28", "--strict"])
    assert strict.code == 0, strict.err
    [stale] = warnings(strict)  # no translation gap left; the English draft is now stale
    assert "stale" in stale and stale.endswith(": brussels-2025/lt-urm/draft-lt-urm.eml")
    lt_docs = documents(ws, "lt-urm")
    assert len(lt_docs) == 3
    assert all(e["language"] == "lt" and "requested_language" not in e for e in lt_docs)
    [digest] = [e for e in lt_docs if e["kind"] == "digest"]
    text, lang = pdf_text(ws / "out" / digest["path"])
    assert lang == "lt-LT"
    assert "Konferencijos apžvalga" in text
    assert "Key asks" not in text and "Pagrindiniai prašymai – " in text
    [eeas_digest] = [e for e in documents(ws, "eeas") if e["kind"] == "digest"]
    text, lang = pdf_text(ws / "out" / eeas_digest["path"])
    assert lang == "en-GB" and "Key asks – " in text

    # email, then send to the local server.
    lt_sent = {e["path"]: e["sha256"] for e in lt_docs}
    assert run_cli(["email", BRUSSELS]).code == 0
    lt_draft = draft(ws, "lt-urm")
    assert lt_draft["Content-Language"] == "lt"
    assert lt_draft["To"].addresses[0].addr_spec == "rytai@lt-urm.example.org"
    assert "rekomendacijos" in str(lt_draft["Subject"]).lower()
    assert plain_body(lt_draft).startswith("Gerbiamieji,")
    sent = run_cli(["send", BRUSSELS, "--smtp", address, "--yes"])
    assert sent.code == 0, sent.err
    delivered = server.take()
    assert sorted(a.addr_spec for m in delivered for a in m["To"].addresses) == [
        "eastern-desk@eeas.example.org",
        "rytai@lt-urm.example.org",
    ]

    # One finding of a session only the EEAS follows changes; its translation is updated too.
    data = (ws / BRUSSELS).read_text(encoding="utf-8")
    assert data.count(CHANGED_FINDING[0]) == 1
    (ws / BRUSSELS).write_text(data.replace(*CHANGED_FINDING), encoding="utf-8")
    rebuilt = run_cli(["build", BRUSSELS, *FAST, "--date", "2025-03-28"])
    assert rebuilt.code == 0
    assert any("lt: " in w for w in warnings(rebuilt))  # the new text lacks its translation
    result = run_cli(["i18n", "export", "lt", BRUSSELS, "-o", "lt-to-translate.po"])
    assert result.code == 0, result.err
    translated = {("exiled-media|findings", CHANGED_FINDING[1]): CHANGED_FINDING_LT}
    assert fill_from_fixture(ws / "lt-to-translate.po", translated) == 1
    assert run_cli(["i18n", "merge", "lt-to-translate.po", BRUSSELS]).code == 0
    rebuilt = run_cli(["build", BRUSSELS, *FAST, "--date", "2025-03-28", "--strict"])
    assert rebuilt.code == 0, rebuilt.err
    assert {e["path"]: e["sha256"] for e in documents(ws, "lt-urm")} == lt_sent
    assert run_cli(["email", BRUSSELS]).code == 0

    # The dry run says what changed for the EEAS and that Lithuania already has its content.
    dry = run_cli(["send", BRUSSELS, "--smtp", address])
    assert dry.code == 0, dry.err
    held_back = re.findall(r"^changed since the last send on .*$", dry.out, re.M)
    assert len(held_back) == 1, dry.out
    assert held_back[0].endswith(
        ", held back without --resend-changed: brussels-2025/eeas/draft-eeas.eml"
    )
    changes = re.findall(r"^  (changed|new|no longer attached): (.*)$", dry.out, re.M)
    assert sorted(changes) == [  # the digest shows no findings: only the theme's brief changed
        ("changed", "02 Brief – Exiled newsrooms in the Baltic states.pdf"),
    ]
    assert re.search(r"^already sent \(same content, on [^)]+\): \S+lt-urm\.eml$", dry.out, re.M)
    assert "\\xa0" not in dry.out and server.take() == []

    # send --yes holds the changed draft back and never repeats the unchanged one.
    held = run_cli(["send", BRUSSELS, "--smtp", address, "--yes"])
    assert held.code == 2 and "--resend-changed" in held.err
    assert server.take() == []
    again = run_cli(["send", BRUSSELS, "--smtp", address, "--yes", "--resend-changed"])
    assert again.code == 0, again.err
    resent = server.take()
    assert [a.addr_spec for m in resent for a in m["To"].addresses] == [
        "eastern-desk@eeas.example.org"
    ]
    assert run_cli(["send", BRUSSELS, "--smtp", address, "--yes"]).code == 0
    assert server.take() == []

    # Berlin: not one byte changed, and its catalogs are still complete.
    assert berlin_state(ws, berlin_catalogs) == berlin_before
    assert_berlin_catalogs_complete(run_cli)


BERLIN_ONLY = re.compile(r"\bPlatform|pro-democracy|demokratinių judėjimų")
"""What the templates said about Berlin's organiser, in English and in the fixture's Lithuanian."""


def test_no_sentence_of_another_organiser_in_brussels_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Run
) -> None:
    ws = tmp_path / "brussels"
    shutil.copytree(FIXTURE, ws)
    monkeypatch.chdir(ws)
    assert run_cli(["build", *FAST, "--date", "2025-03-28"]).code == 0
    assert run_cli(["email"]).code == 0
    found: dict[str, list[str]] = {}
    texts = 0
    for path in sorted((ws / "out" / "brussels-2025").rglob("*")):
        if path.suffix == ".pdf":
            text = pdf_text(path)[0]
        elif path.suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=SMTP)
            assert isinstance(message, EmailMessage)
            text = plain_body(message)
        else:
            continue
        texts += 1
        found.update({path.name: BERLIN_ONLY.findall(text)} if BERLIN_ONLY.search(text) else {})
    assert texts == 9  # 4 EEAS and 3 Lithuanian documents, 2 drafts
    assert found == {}
