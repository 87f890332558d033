"""Sending drafts to a real SMTP server on 127.0.0.1: exactly once, and failures stay retryable."""

from __future__ import annotations

import email
import hashlib
import json
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from briefs.cli import main

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can refuse the n-th message."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.received: list[Any] = []
        self.attempts = 0
        self.fail_on = fail_on

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.attempts == self.fail_on:
            return "451 4.3.0 try again later"
        self.received.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[Recorder, int]]:
    handler = Recorder(fail_on=getattr(request, "param", None))
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def outbox(drafted: Path, tmp_path: Path) -> Path:
    """A fresh copy of the drafted output directory for each test."""
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(drafted, copy)
    return copy


def send(out: Path, port: int, *extra: str) -> int:
    return main(["send", "--out", str(out), "--smtp", f"127.0.0.1:{port}", *extra])


def drafts(out: Path) -> dict[str, Path]:
    """Return audience -> draft path, as listed in the manifest (read with json)."""
    files = json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))["files"]
    return {str(e["audience"]): out / str(e["path"]) for e in files if e["kind"] == "email"}


def rewrite_draft(out: Path, path: Path, change: Callable[[EmailMessage], None]) -> None:
    """Change a draft with the email package and record its new sha256 in the manifest."""
    message = email.message_from_bytes(path.read_bytes(), policy=SMTP)
    assert isinstance(message, EmailMessage)
    change(message)
    data = message.as_bytes()
    path.write_bytes(data)
    manifest_path = out / "berlin-2024" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if out / entry["path"] == path:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["bytes"] = len(data)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def delivered_ids(handler: Recorder) -> list[str]:
    return [
        str(email.message_from_bytes(e.content, policy=SMTP)["Message-ID"])
        for e in handler.received
    ]


def test_without_yes_nothing_is_sent(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    assert send(outbox, port) == 0
    out = capsys.readouterr().out
    assert handler.received == []
    assert out.count("would send:") == 4
    assert "Szanowni" not in out and "rosja@pl-msz.example.org" in out


def test_each_message_is_delivered_exactly_once(outbox: Path, server: tuple[Recorder, int]) -> None:
    handler, port = server
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4
    recipients = sorted(addr for envelope in handler.received for addr in envelope.rcpt_tos)
    assert "rosja@pl-msz.example.org" in recipients and "russia-desk@eeas.example.org" in recipients
    for envelope in handler.received:
        message = email.message_from_bytes(envelope.content, policy=SMTP)
        assert message["X-Unsent"] is None  # the draft marker does not go out
        assert len(list(message.iter_attachments())) >= 1
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4  # the rerun sends nothing new


@pytest.mark.parametrize("server", [2], indirect=True)
def test_a_failure_leaves_the_rest_sendable(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    assert send(outbox, port, "--yes") == 3
    assert len(handler.received) == 3
    assert "451" in capsys.readouterr().err
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4
    ids = [email.message_from_bytes(e.content, policy=SMTP)["Message-ID"] for e in handler.received]
    assert len(set(ids)) == 4


def test_unreachable_server_fails_cleanly(outbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert send(outbox, free_port(), "--yes") == 3
    err = capsys.readouterr().err
    assert err.count("not sent") == 4 and "Traceback" not in err


def test_password_is_never_taken_from_arguments(
    outbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", "--out", str(outbox), "--password", "x"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_user_without_password_source_is_refused(
    outbox: Path,
    server: tuple[Recorder, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    handler, port = server
    monkeypatch.delenv("BRIEFS_SMTP_PASSWORD", raising=False)
    assert send(outbox, port, "--yes", "--user", "advocacy") == 2
    assert "BRIEFS_SMTP_PASSWORD" in capsys.readouterr().err
    assert handler.received == []


def test_a_draft_edited_after_drafting_is_refused_and_nothing_is_sent(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    victim = drafts(outbox)["pl-msz"]
    message = email.message_from_bytes(victim.read_bytes(), policy=SMTP)
    message.replace_header("Subject", "Edited by hand")
    victim.write_bytes(message.as_bytes())
    assert send(outbox, port, "--yes") == 3
    err = capsys.readouterr().err
    assert "draft-pl-msz.eml" in err and "changed after 'briefs email'" in err
    assert "nothing was sent" in err
    assert handler.received == []
    assert not (outbox / "sent.json").exists()


@pytest.mark.parametrize("keep_name", [True, False])
def test_an_attachment_swapped_inside_a_draft_is_refused(
    outbox: Path,
    server: tuple[Recorder, int],
    capsys: pytest.CaptureFixture[str],
    keep_name: bool,
) -> None:
    handler, port = server

    def swap(message: EmailMessage) -> None:
        part = next(iter(message.iter_attachments()))
        named = {"disposition": "attachment", "filename": part.get_filename()}
        part.set_content(
            b"%PDF-1.4 not built", "application", "pdf", **(named if keep_name else {})
        )

    rewrite_draft(outbox, drafts(outbox)["eeas"], swap)
    assert send(outbox, port, "--yes") == 3
    err = capsys.readouterr().err
    assert "draft-eeas.eml: attachment" in err and "not a file the build made" in err
    assert handler.received == []


def test_a_protected_name_typed_into_a_draft_stops_the_send(
    tmp_copy: Callable[..., Path],
    tmp_path: Path,
    server: tuple[Recorder, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    handler, port = server
    secret = "Zorya Collective"
    data = tmp_copy(
        (
            "  - id: anonymous-activists-russia\n",
            f"  - id: anonymous-activists-russia\n    name: {secret}\n",
        )
    )
    out = tmp_path / "out"
    build = ["build", str(data), "--out", str(out), "--format", "pdf", "--audience", "eeas"]
    assert main(build) == 0
    assert main(["email", str(data), "--out", str(out), "--audience", "eeas"]) == 0

    def leak(message: EmailMessage) -> None:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        body.set_content(body.get_content() + f"\nWith thanks to {secret}.\n")

    rewrite_draft(out, drafts(out)["eeas"], leak)
    capsys.readouterr()
    code = main(["send", str(data), "--out", str(out), "--smtp", f"127.0.0.1:{port}", "--yes"])
    captured = capsys.readouterr()
    assert code == 4
    assert "draft-eeas.eml" in captured.err and "nothing was sent" in captured.err
    assert secret not in captured.out + captured.err
    assert handler.received == []


def test_date_is_set_when_sending_and_the_rest_goes_byte_for_byte(
    outbox: Path, server: tuple[Recorder, int]
) -> None:
    import datetime as dt
    from email.utils import parsedate_to_datetime

    handler, port = server

    def reproducible(message: EmailMessage) -> None:  # as drafted with SOURCE_DATE_EPOCH
        message.replace_header("Date", "Wed, 26 Nov 2025 00:00:00 +0000")

    rewrite_draft(outbox, drafts(outbox)["eeas"], reproducible)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert send(outbox, port, "--yes", "--audience", "eeas") == 0
    [envelope] = handler.received
    draft = drafts(outbox)["eeas"].read_bytes()
    received = email.message_from_bytes(envelope.content, policy=SMTP)
    sent_at = parsedate_to_datetime(str(received["Date"]))
    assert before <= sent_at <= dt.datetime.now(dt.UTC)
    assert received["X-Unsent"] is None
    assert envelope.content.partition(b"\r\n\r\n")[2] == draft.partition(b"\r\n\r\n")[2]


def test_the_dry_run_prints_readable_subjects(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _, port = server
    assert send(outbox, port) == 0
    out = capsys.readouterr().out
    assert "\\x" not in out and "\\u" not in out
    for path in drafts(outbox).values():
        subject = str(email.message_from_bytes(path.read_bytes(), policy=SMTP)["Subject"])
        assert f"“{subject}”" in out


def test_the_same_content_is_not_sent_again_under_a_new_message_id_and_date(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4

    def redate(message: EmailMessage) -> None:
        message.replace_header("Date", "Mon, 01 Mar 2027 09:00:00 +0000")
        message.replace_header("Message-ID", "<rebuilt-on-another-day@example.org>")
        for index, part in enumerate(message.walk()):
            if part.is_multipart():
                part.set_boundary(f"another-day-{index}")

    for path in drafts(outbox).values():
        rewrite_draft(outbox, path, redate)
    capsys.readouterr()
    assert send(outbox, port) == 0
    assert capsys.readouterr().out.count("already sent (same content, on ") == 4
    assert send(outbox, port, "--yes", "--resend-changed") == 0
    assert len(handler.received) == 4


def test_changed_content_waits_for_resend_changed_and_the_dry_run_names_what_changed(
    tmp_copy: Callable[..., Path],
    tmp_path: Path,
    server: tuple[Recorder, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    handler, port = server
    finding = "almost 7,000 Ukrainian civilians are in"
    original = tmp_copy(name="before.yaml")
    changed = tmp_copy((finding, "almost 7,500 Ukrainian civilians are in"), name="after.yaml")
    out = tmp_path / "out"

    def rebuild(data: Path) -> dict[str, str]:
        build = ["build", str(data), "--out", str(out), "--format", "pdf", "--date", "2026-11-26"]
        assert main(build) == 0
        assert main(["email", str(data), "--out", str(out)]) == 0
        files = json.loads((out / "berlin-2024" / "manifest.json").read_text(encoding="utf-8"))[
            "files"
        ]
        return {str(e["path"]): str(e["sha256"]) for e in files if e["kind"] != "email"}

    def run_send(data: Path, *extra: str) -> int:
        return main(["send", str(data), "--out", str(out), "--smtp", f"127.0.0.1:{port}", *extra])

    first = rebuild(original)
    assert run_send(original, "--yes") == 0
    assert len(handler.received) == 4
    second = rebuild(changed)
    capsys.readouterr()
    assert run_send(changed) == 0
    dry = capsys.readouterr().out
    sent_on = json.loads((out / "sent.json").read_text(encoding="utf-8"))["deliveries"][0]["sent"]
    for audience, path in drafts(out).items():
        names = {p.name for p in out.joinpath("berlin-2024", audience).glob("*.pdf")}
        differ = {
            Path(p).name
            for p in second
            if p.split("/")[1] == audience and first.get(p) != second[p]
        }
        assert differ, audience  # every audience follows the detained-civilians theme
        block = dry.split(str(path.relative_to(out)))[0].rsplit("\n", 1)[-1]
        assert block.startswith(f"changed since the last send on {sent_on[:10]}"), dry
        section = dry.split(str(path.relative_to(out)))[1].split("\nchanged since")[0]
        if audience != "eeas":
            continue  # elsewhere the changed finding, untranslated, sends its documents English
        for name in names:
            assert (f"changed: {name}" in section) == (name in differ), (audience, name)
    assert run_send(changed, "--yes") == 2
    err = capsys.readouterr().err
    assert "--resend-changed" in err and "nothing was sent" in err
    assert len(handler.received) == 4
    assert run_send(changed, "--yes", "--resend-changed") == 0
    assert len(handler.received) == 8
    assert len(set(delivered_ids(handler))) == 8
    assert run_send(changed, "--yes", "--resend-changed") == 0
    assert len(handler.received) == 8


def test_a_send_killed_after_the_first_message_is_logged_and_the_retry_sends_the_rest(
    outbox: Path, server: tuple[Recorder, int]
) -> None:
    import os
    import subprocess
    import sys

    handler, port = server
    command = [sys.executable, "-m", "briefs", "send", "--out", str(outbox)]
    command += ["--smtp", f"127.0.0.1:{port}", "--yes"]
    environment = {**os.environ, "BRIEFS_TEST_EXIT_AFTER_SENDS": "1"}
    killed = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert killed.returncode == 75, killed.stderr
    assert len(handler.received) == 1
    first = handler.received[0]
    log = json.loads((outbox / "sent.json").read_text(encoding="utf-8"))["deliveries"]
    assert sorted(d["address"] for d in log) == sorted(first.rcpt_tos)
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4
    assert len(set(delivered_ids(handler))) == 4
    everyone = sorted(a for e in handler.received for a in e.rcpt_tos)
    assert everyone == sorted({a for e in handler.received for a in e.rcpt_tos})


def test_a_log_in_the_first_format_still_prevents_a_resend(
    outbox: Path, server: tuple[Recorder, int]
) -> None:
    handler, port = server
    sent = {}
    for audience, path in drafts(outbox).items():
        message = email.message_from_bytes(path.read_bytes(), policy=SMTP)
        sent[str(message["Message-ID"])] = {
            "path": str(path.relative_to(outbox)),
            "audience": audience,
            "to": [a.addr_spec for a in message["To"].addresses],
            "sent": "2026-11-20T10:00:00+00:00",
        }
    (outbox / "sent.json").write_text(json.dumps({"sent": sent}), encoding="utf-8")
    assert send(outbox, port, "--yes") == 0
    assert handler.received == []


def test_an_unknown_audience_is_refused(outbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["send", "--out", str(outbox), "--audience", "de-mfa2"]) == 2
    assert "unknown audience 'de-mfa2'" in capsys.readouterr().err


def test_a_new_contact_gets_content_the_others_already_have(
    tmp_copy: Callable[..., Path], tmp_path: Path, server: tuple[Recorder, int]
) -> None:
    handler, port = server
    before = tmp_copy(name="before.yaml")
    contact = "      - name: Alex Example  # FICTITIOUS\n"
    added = "      - {name: Sam Example, role: Desk officer, email: sam@eeas.example.org}\n"
    after = tmp_copy((contact, added + contact), name="after/after.yaml")
    out = tmp_path / "out"
    build = ["build", str(before), "--out", str(out), "--format", "pdf", "--audience", "eeas"]
    assert main([*build, "--date", "2026-11-26"]) == 0

    def draft_and_send(data: Path) -> int:
        assert main(["email", str(data), "--out", str(out), "--audience", "eeas"]) == 0
        return main(["send", str(data), "--out", str(out), "--smtp", f"127.0.0.1:{port}", "--yes"])

    assert draft_and_send(before) == 0
    assert draft_and_send(after) == 0
    assert [e.rcpt_tos for e in handler.received] == [
        ["russia-desk@eeas.example.org"],
        ["sam@eeas.example.org"],
    ]
    to = email.message_from_bytes(handler.received[1].content, policy=SMTP)["To"]
    assert sorted(a.addr_spec for a in to.addresses) == [
        "russia-desk@eeas.example.org",
        "sam@eeas.example.org",
    ]


def test_a_second_send_at_the_same_time_refuses(
    outbox: Path, server: tuple[Recorder, int], capsys: pytest.CaptureFixture[str]
) -> None:
    import fcntl

    handler, port = server
    with open(outbox / ".sent.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running send holds it
        assert send(outbox, port, "--yes") == 3
        assert "another 'briefs send' is sending" in capsys.readouterr().err
        assert handler.received == []
    assert send(outbox, port, "--yes") == 0
    assert len(handler.received) == 4
