"""Sending drafts to a real SMTP server on 127.0.0.1: exactly once, and failures stay retryable."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
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
