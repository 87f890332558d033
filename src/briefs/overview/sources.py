"""Where the overview reads a build's records: the one place it depends on their format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefs.errors import OutputError
from briefs.mail.sendlog import SentLog
from briefs.outputs import read_manifest


def manifest_entries(out_dir: Path, conference_id: str) -> list[dict[str, Any]]:
    """Return the manifest's records of one conference's files."""
    return read_manifest(out_dir, conference_id)


def sent_records(out_dir: Path, conference_id: str) -> tuple[list[dict[str, Any]], str | None]:
    """Return what was sent of one conference's drafts (one record per message), and a problem.

    A missing log means nothing was sent; an unreadable one is reported, not fatal: the
    overview still shows everything else.
    """
    try:
        log = SentLog.read(out_dir)
    except OutputError as exc:
        return [], str(exc)
    messages: dict[tuple[str, str], dict[str, Any]] = {}
    for delivery in log.deliveries:
        if delivery.conference != conference_id:
            continue
        record = messages.setdefault(
            (delivery.message_id, delivery.sent),
            {
                "path": delivery.draft,
                "audience": delivery.audience,
                "sent": delivery.sent,
                "message_id": delivery.message_id,
                "to": [],
            },
        )
        record["to"].append(delivery.address)
    records = sorted(messages.values(), key=lambda r: (str(r["sent"]), str(r["path"])))
    return records, None
