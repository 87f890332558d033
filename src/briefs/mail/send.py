"""Send email drafts over SMTP exactly once: a dry run by default, a log of what was sent."""

from __future__ import annotations

import datetime as dt
import email
import json
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from briefs.build import atomic_write, read_manifest
from briefs.errors import OutputError, SelectionError

SENT_LOG = "sent.json"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect; the password never comes from a file or an argument."""

    host: str
    port: int
    security: str = "none"  # none, starttls or ssl
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True)
class Outgoing:
    """A draft found in the output directory."""

    path: str
    audience: str
    message: EmailMessage

    @property
    def message_id(self) -> str:
        """Return the draft's Message-ID."""
        return str(self.message["Message-ID"])

    def describe(self) -> str:
        """Return one line saying who gets what."""
        to = ", ".join(str(a) for a in self.message["To"].addresses)
        attachments = [part.get_filename() for part in self.message.iter_attachments()]
        subject = str(self.message["Subject"])
        return f"{self.path}: to {to}; subject {subject!r}; {len(attachments)} attachments"


def parse_smtp_address(value: str) -> tuple[str, int]:
    """Return (host, port) from HOST:PORT."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SelectionError(f"--smtp {value!r}: expected HOST:PORT, e.g. smtp.example.org:587")
    return host.strip("[]"), int(port)


def load_outbox(out_dir: Path, audiences: tuple[str, ...]) -> list[Outgoing]:
    """Return the drafts listed in the manifest, parsed, for the selected audiences."""
    outbox = []
    for entry in read_manifest(out_dir):
        if entry.get("kind") != "email" or (audiences and entry.get("audience") not in audiences):
            continue
        path = out_dir / entry["path"]
        try:
            message = email.message_from_bytes(path.read_bytes(), policy=SMTP)
        except OSError as exc:
            raise OutputError(f"{path}: cannot read draft ({exc.strerror or exc})") from None
        if not isinstance(message, EmailMessage) or message["Message-ID"] is None:
            raise OutputError(f"{path}: not a briefs draft (no Message-ID)")
        outbox.append(Outgoing(entry["path"], str(entry.get("audience")), message))
    if not outbox:
        raise OutputError(f"no email drafts in {out_dir}: run 'briefs email' first")
    return outbox


def read_sent_log(out_dir: Path) -> dict[str, dict[str, object]]:
    """Return Message-ID -> record of every message sent from this output directory."""
    try:
        log = json.loads((out_dir / SENT_LOG).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"{out_dir / SENT_LOG}: unreadable ({exc}); fix or remove it before sending"
        ) from None
    return dict(log.get("sent", {}))


def _record_sent(out_dir: Path, log: dict[str, dict[str, object]]) -> None:
    text = json.dumps({"sent": log}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    atomic_write(out_dir / SENT_LOG, text.encode("utf-8"))


def send_outbox(
    out_dir: Path,
    outbox: list[Outgoing],
    settings: SmtpSettings,
    report: Callable[[str], None],
) -> tuple[int, list[str]]:
    """Send every draft not yet in the sent log; return (sent count, failure lines)."""
    log = read_sent_log(out_dir)
    pending = [item for item in outbox if item.message_id not in log]
    for item in outbox:
        if item.message_id in log:
            report(f"already sent, skipped: {item.path}")
    sent, failures = 0, []
    connection: smtplib.SMTP | None = None
    try:
        for item in pending:
            try:
                if connection is None:
                    connection = _connect(settings)
                message = _without_draft_marker(item.message)
                recipients = [a.addr_spec for a in item.message["To"].addresses]
                connection.send_message(message, to_addrs=recipients)
            except (smtplib.SMTPException, OSError) as exc:
                failures.append(f"{item.path}: not sent: {_describe_error(exc)}")
                _close(connection)
                connection = None
                continue
            log[item.message_id] = {
                "path": item.path,
                "audience": item.audience,
                "to": recipients,
                "sent": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            }
            _record_sent(out_dir, log)  # after every message, so a crash cannot cause a resend
            sent += 1
            report(f"sent: {item.describe()}")
    finally:
        _close(connection)
    return sent, failures


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.security == "starttls":
            connection.starttls(context=ssl.create_default_context())
    if settings.user:
        connection.login(settings.user, settings.password or "")
    return connection


def _close(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def _without_draft_marker(message: EmailMessage) -> EmailMessage:
    copy = email.message_from_bytes(message.as_bytes(), policy=SMTP)
    del copy["X-Unsent"]
    return copy


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"server answered {exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "all recipients refused: " + ", ".join(exc.recipients)
    return str(exc) or type(exc).__name__
