"""Where the overview reads a build's records: the one place it depends on their format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefs.build import read_manifest
from briefs.errors import OutputError
from briefs.sending import read_sent_log


def manifest_entries(out_dir: Path, conference_id: str) -> list[dict[str, Any]]:
    """Return the manifest's records of one conference's files."""
    prefix = f"{conference_id}/"
    return [entry for entry in read_manifest(out_dir) if str(entry["path"]).startswith(prefix)]


def sent_records(out_dir: Path, conference_id: str) -> tuple[list[dict[str, Any]], str | None]:
    """Return the send log's records of one conference's drafts, and a problem reading it.

    A missing log means nothing was sent; an unreadable one is reported, not fatal: the
    overview still shows everything else.
    """
    try:
        log = read_sent_log(out_dir)
    except OutputError as exc:
        return [], str(exc)
    prefix = f"{conference_id}/"
    records = [
        {**record, "message_id": message_id}
        for message_id, record in log.items()
        if isinstance(record, dict) and str(record.get("path", "")).startswith(prefix)
    ]
    return sorted(records, key=lambda r: (str(r.get("sent", "")), str(r["path"]))), None
