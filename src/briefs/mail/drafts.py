"""Write one email draft per audience, attaching the briefs a build left in the output directory."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefs.build import in_english, source_date
from briefs.errors import LeakError, OutputError, SelectionError
from briefs.guard import Guard
from briefs.i18n.content import localize_content
from briefs.mail.compose import Attachment, Draft, compose_email
from briefs.models import ConferenceFile
from briefs.outputs import Output, read_manifest, transaction
from briefs.workspace import Resources, bundled_resources
from briefs.writers import FORMATS

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class EmailOptions:
    """Which audiences, which attachment formats, and the size limits of one message."""

    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("pdf",)
    warn_bytes: int = 10 * MEGABYTE
    max_bytes: int = 20 * MEGABYTE
    resources: Resources = field(default_factory=bundled_resources)


def email_moment() -> dt.datetime:
    """Return the Date of drafts: SOURCE_DATE_EPOCH when set (reproducible), else now."""
    return source_date() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def draft_emails(
    out_dir: Path,
    data: ConferenceFile,
    options: EmailOptions,
    moment: dt.datetime,
    warn: Callable[[str], None],
) -> tuple[list[Output], list[Draft]]:
    """Compose a draft per selected audience from the built files; nothing is written here."""
    known = [audience.id for audience in data.audiences]
    for audience_id in options.audiences:
        if audience_id not in known:
            raise SelectionError(
                f"unknown audience {audience_id!r} (known: {', '.join(sorted(known))})"
            )
    for name in options.formats:
        if name not in FORMATS:
            raise SelectionError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    entries = read_manifest(out_dir, data.conference.id)
    guard = Guard(data.secret_names())
    outputs, drafts = [], []
    for audience in data.audiences:
        if options.audiences and audience.id not in options.audiences:
            continue
        if not audience.contacts:
            warn(f"{audience.id}: no contacts in the data, no draft written")
            continue
        mine = sorted(
            (
                e
                for e in entries
                if e.get("audience") == audience.id
                and e.get("kind") in ("brief", "digest")
                and e.get("format") in options.formats
            ),
            key=lambda e: str(e["path"]),
        )
        if not mine:
            raise OutputError(
                f"no {'/'.join(options.formats)} briefs for {audience.id!r} in {out_dir}: "
                "run 'briefs build' first"
            )
        attachments = [_attachment(out_dir, entry) for entry in mine]
        total = sum(len(a.data) for a in attachments)
        if total > options.max_bytes:
            raise OutputError(
                f"{audience.id}: attachments total {total / MEGABYTE:.1f} MB, more than the "
                f"{options.max_bytes / MEGABYTE:.1f} MB limit (--max-size)"
            )
        if total > options.warn_bytes:
            warn(
                f"{audience.id}: attachments total {total / MEGABYTE:.1f} MB; "
                "some mail servers refuse this"
            )
        if any(e.get("language") != audience.language for e in mine):
            audience = in_english(audience)  # a cover letter in the language of its briefs
        localized = localize_content(data, audience.language, options.resources)
        titles = [
            localized.session(str(e["theme"])).title for e in mine if e.get("kind") == "brief"
        ]
        draft = compose_email(data, audience, attachments, titles, moment, options.resources)
        path = f"{data.conference.id}/{audience.id}/draft-{audience.id}.eml"
        findings = guard.scan(path, draft.data)
        if findings:
            raise LeakError(findings)
        outputs.append(
            Output(path, "email", audience.id, None, audience.language, "eml", draft.data)
        )
        drafts.append(draft)
    return outputs, drafts


def _attachment(out_dir: Path, entry: dict[str, object]) -> Attachment:
    path = out_dir / str(entry["path"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot read ({exc.strerror or exc}): run 'briefs build' again"
        ) from None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise OutputError(f"{path}: changed since it was built: run 'briefs build' again")
    return Attachment(path.name, data, FORMATS[str(entry["format"])][1])


def write_drafts(
    out_dir: Path, conference_id: str, outputs: list[Output], moment: dt.datetime
) -> None:
    """Swap the drafts into the conference's output folder, replacing those of their audiences."""
    drafted = {output.audience for output in outputs}
    with transaction(out_dir, conference_id) as tx:
        for output in outputs:
            tx.add(output)
        tx.commit(
            lambda e: e.get("kind") == "email" and e.get("audience") in drafted,
            moment.date().isoformat(),
        )
