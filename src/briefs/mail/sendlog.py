"""The send log, ``sent.json`` in the output directory: who received which content, and when.

One record per delivery: conference, audience, recipient address, the content digest of what
they received (subject, bodies and attachments; not the Date, Message-ID or MIME boundaries,
which change when drafts are rewritten) and the moment it went, plus the attachments' digests
so a later dry run can say which files changed. The log is rewritten durably (temporary file,
fsync, rename, fsync of the folder) after every message, so a crash or kill right after a
message leaves a log that already lists it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefs.errors import OutputError

SENT_LOG = "sent.json"
SEND_LOCK = ".sent.lock"
LOG_VERSION = 2


@dataclass(frozen=True)
class Delivery:
    """One message that went to one address."""

    conference: str
    audience: str
    address: str
    digest: str
    sent: str  # ISO 8601, UTC, seconds
    message_id: str
    draft: str
    text_digest: str = ""
    attachments: dict[str, str] = field(default_factory=dict)

    @property
    def sent_at(self) -> str:
        """Return when it went, for people: 2026-11-27 14:05 UTC."""
        try:
            moment = dt.datetime.fromisoformat(self.sent)
        except ValueError:
            return self.sent
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


class SentLog:
    """Every delivery made from one output directory, oldest first."""

    def __init__(self, path: Path, deliveries: list[Delivery]) -> None:
        self.path = path
        self.deliveries = deliveries

    @classmethod
    def read(cls, out_dir: Path) -> SentLog:
        """Read the log in out_dir (an empty log if there is none yet)."""
        path = out_dir / SENT_LOG
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            deliveries = _parse(document)
        except FileNotFoundError:
            return cls(path, [])
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise OutputError(
                f"{path}: unreadable send log ({exc}); fix or move it away before sending, "
                "or messages may go twice"
            ) from None
        return cls(path, deliveries)

    def last_to(self, conference: str, audience: str, address: str) -> Delivery | None:
        """Return the latest delivery of this conference's draft for audience to address."""
        matches = [
            d
            for d in self.deliveries
            if (d.conference, d.audience, d.address.casefold())
            == (conference, audience, address.casefold())
        ]
        return matches[-1] if matches else None

    def last_for(self, conference: str, audience: str) -> Delivery | None:
        """Return the latest delivery of this conference's draft for audience, to anyone."""
        matches = [
            d for d in self.deliveries if (d.conference, d.audience) == (conference, audience)
        ]
        return matches[-1] if matches else None

    def record(self, deliveries: list[Delivery]) -> None:
        """Add deliveries and write the log to disk durably before returning."""
        self.deliveries = [*self.deliveries, *deliveries]
        document = {"version": LOG_VERSION, "deliveries": [asdict(d) for d in self.deliveries]}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        try:
            _write_durably(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(
                f"{self.path}: could not record what was just sent ({exc.strerror or exc}); "
                "fix this before sending again, or messages may go twice"
            ) from exc


@contextmanager
def send_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on out_dir's send log while sending; a second send refuses.

    The operating system releases the lock when the process ends, however it ends. (On Windows,
    which has no flock, there is no lock: do not run two sends at once there.)
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / SEND_LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"another 'briefs send' is sending from {out_dir}; nothing was sent "
                "(wait for it to finish, then run this again)"
            ) from None
        yield


def _parse(document: Any) -> list[Delivery]:
    if "deliveries" in document:
        return [Delivery(**record) for record in document["deliveries"]]
    deliveries = []  # the first format: Message-ID -> {path, audience, to, sent}
    for message_id, record in document.get("sent", {}).items():
        for address in record["to"]:
            deliveries.append(
                Delivery(
                    conference=str(record["path"]).split("/")[0],
                    audience=str(record["audience"]),
                    address=str(address),
                    digest="",
                    sent=str(record["sent"]),
                    message_id=str(message_id),
                    draft=str(record["path"]),
                )
            )
    return sorted(deliveries, key=lambda d: d.sent)


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
