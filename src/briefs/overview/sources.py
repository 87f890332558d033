"""Where the overview reads a build's records: the one place it depends on their format."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefs.errors import OutputError
from briefs.mail.sendlog import SentLog
from briefs.outputs import read_manifest
from briefs.overview.thumbnails import PAGES_DETAIL


def manifest_entries(out_dir: Path, conference_id: str) -> list[dict[str, Any]]:
    """Return the manifest's records of one conference's files."""
    return read_manifest(out_dir, conference_id)


def recorded_pages(entry: Mapping[str, Any]) -> int | None:
    """Return the page count a PDF's manifest entry records, or None if it records none.

    Only a positive whole number counts: anything else (an entry of an older build, an edited
    manifest) leaves the overview to count the pages itself.
    """
    pages = entry.get(PAGES_DETAIL)
    if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0:
        return pages
    return None


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
