"""Send checked drafts over SMTP, each content at most once per address.

``plan_sends`` compares every draft with the send log, address by address: content an address
already received is never sent to it again, whatever its Message-ID or Date; content that
differs from what its audience last received is held back unless the user asks for it
(``resend_changed``), and the dry run says what changed and when the last send was.
``send_planned`` delivers the rest, stamps ``Date:`` with the moment of sending, removes the
``X-Unsent`` draft marker, and records each message in the log right after it went.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime

from briefs.errors import OutputError, SelectionError
from briefs.mail.outbox import Outgoing
from briefs.mail.sendlog import Delivery, SentLog


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
class Planned:
    """What to do with one draft: the addresses it goes to now, and what they had before."""

    item: Outgoing
    pending: tuple[str, ...]  # addresses that have not received this content
    served: tuple[Delivery, ...]  # earlier deliveries of this very content
    previous: Delivery | None  # the audience's last delivery, if its content was different

    @property
    def changed(self) -> bool:
        """Return whether this content differs from what the audience last received."""
        return bool(self.pending) and self.previous is not None


def parse_smtp_address(value: str) -> tuple[str, int]:
    """Return (host, port) from HOST:PORT."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SelectionError(f"--smtp {value!r}: expected HOST:PORT, e.g. smtp.example.org:587")
    return host.strip("[]"), int(port)


def plan_sends(outbox: list[Outgoing], log: SentLog) -> list[Planned]:
    """Return, per draft, who still needs its content and what its audience had before."""
    plans = []
    for item in outbox:
        pending, served = [], []
        for address in item.recipients:
            last = log.last_to(item.conference, item.audience, address)
            if last is not None and _same_content(last, item):
                served.append(last)
            else:
                pending.append(address)
        latest = log.last_for(item.conference, item.audience)
        previous = latest if latest is not None and not _same_content(latest, item) else None
        plans.append(Planned(item, tuple(pending), tuple(served), previous))
    return plans


def _same_content(delivery: Delivery, item: Outgoing) -> bool:
    if delivery.digest:
        return delivery.digest == item.digest
    return delivery.message_id == item.message_id  # a record from the first log format


def describe(plan: Planned, resend_changed: bool) -> list[str]:
    """Return the dry-run lines for one draft: readable text, names as written."""
    item = plan.item
    if not plan.pending:
        when = max(d.sent_at for d in plan.served)
        return [f"already sent (same content, on {when}): {item.path}"]
    subject = f"  subject “{item.subject}”, {len(item.attachments)} attachment(s)"
    if plan.changed:
        assert plan.previous is not None
        state = f"changed since the last send on {plan.previous.sent_at}"
        if not resend_changed:
            state += ", held back without --resend-changed"
        lines = [f"{state}: {item.path}", subject]
        lines += [f"  {change}" for change in changes(plan.previous, item)]
    else:
        lines = [f"would send: {item.path}", subject]
    lines.append(f"  to {', '.join(plan.pending)}")
    if plan.served:
        lines.append(f"  (already has it: {', '.join(d.address for d in plan.served)})")
    return lines


def changes(previous: Delivery, item: Outgoing) -> list[str]:
    """Return what differs between the last delivery and this draft, attachments by name."""
    if not previous.attachments:
        return ["(the log has no details of the last send)"]
    before, now = previous.attachments, item.attachment_digests
    found = []
    if previous.text_digest != item.text_digest:
        found.append("message text or subject changed")
    differ = [name for name in now if name in before and before[name] != now[name]]
    added = [name for name in now if name not in before]
    removed = [name for name in before if name not in now]
    for label, names in (("changed", differ), ("new", added), ("no longer attached", removed)):
        found += [f"{label}: {name}" for name in names]
    return found or ["(no difference in text or attachments)"]


def send_planned(
    plans: list[Planned],
    settings: SmtpSettings,
    log: SentLog,
    report: Callable[[str], None],
    after_each: Callable[[int], None] = lambda count: None,
) -> tuple[int, list[str]]:
    """Send every planned draft to its pending addresses; return (sent count, failure lines).

    Each message is recorded in the log right after the server accepted it; `after_each` is
    then called with the number sent so far.
    """
    sent, failures = 0, []
    connection: smtplib.SMTP | None = None
    try:
        for plan in plans:
            if not plan.pending:
                continue
            item = plan.item
            moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
            try:
                if connection is None:
                    connection = _connect(settings)
                refused = connection.sendmail(
                    item.sender, list(plan.pending), outgoing_bytes(item.data, moment)
                )
            except (smtplib.SMTPException, OSError) as exc:
                failures.append(f"{item.path}: not sent: {_describe_error(exc)}")
                _close(connection)
                connection = None
                continue
            accepted = [address for address in plan.pending if address not in refused]
            log.record([_delivery(item, address, moment) for address in accepted])
            failures += [
                f"{item.path}: refused for {address}: {_describe_error_tuple(refused[address])}"
                for address in plan.pending
                if address in refused
            ]
            sent += 1
            report(f"sent: {item.path} to {', '.join(accepted)}")
            after_each(sent)
    finally:
        _close(connection)
    return sent, failures


def _delivery(item: Outgoing, address: str, moment: dt.datetime) -> Delivery:
    return Delivery(
        conference=item.conference,
        audience=item.audience,
        address=address,
        digest=item.digest,
        sent=moment.isoformat(),
        message_id=item.message_id,
        draft=item.path,
        text_digest=item.text_digest,
        attachments=item.attachment_digests,
    )


def outgoing_bytes(draft: bytes, moment: dt.datetime) -> bytes:
    """Return the draft as it goes out: Date set to moment, the X-Unsent marker removed.

    Only the top-level header block is touched, line by line; the rest is sent byte for byte
    as the checked draft has it.
    """
    head, separator, body = draft.partition(b"\r\n\r\n")
    if not separator:
        raise OutputError("draft has no header/body separator")
    fields: list[list[bytes]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1].append(line)
        else:
            fields.append([line])
    date = f"Date: {format_datetime(moment)}".encode("ascii")
    kept = []
    for lines in fields:
        name = lines[0].split(b":", 1)[0].strip().lower()
        if name == b"x-unsent":
            continue
        kept.append([date] if name == b"date" else lines)
    if not any(lines == [date] for lines in kept):
        kept.insert(0, [date])
    return b"\r\n".join(line for lines in kept for line in lines) + separator + body


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


def _describe_error_tuple(answer: tuple[int, bytes]) -> str:
    code, text = answer
    return f"server answered {code} {text.decode('utf-8', 'replace')}"


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"server answered {exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "all recipients refused: " + ", ".join(exc.recipients)
    return str(exc) or type(exc).__name__
