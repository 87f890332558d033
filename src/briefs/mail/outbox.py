"""The drafts waiting in an output directory, each checked before anything may be sent.

A draft is trusted only if its bytes are those the manifest recorded when ``briefs email`` wrote
it, every attachment in it is a file the build recorded for that audience, and the leak guard
finds no protected name in it. Nothing on disk is taken on faith: a draft edited by hand, an
attachment swapped, or a name typed into a draft after drafting stops the whole send.
"""

from __future__ import annotations

import email
import hashlib
import json
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import default
from pathlib import Path

from briefs.errors import LeakError, OutputError
from briefs.guard import Guard
from briefs.outputs import read_manifest


@dataclass(frozen=True)
class Outgoing:
    """A checked draft: where it is, who it is for, and what it says (as digests)."""

    path: str
    conference: str
    audience: str
    data: bytes
    sender: str
    recipients: tuple[str, ...]
    subject: str
    message_id: str
    attachments: tuple[tuple[str, str], ...]  # (file name, sha256) in message order
    text_digest: str  # subject and bodies
    digest: str  # everything a recipient reads: text and attachments

    @property
    def attachment_digests(self) -> dict[str, str]:
        """Return file name -> sha256 of each attachment."""
        return dict(self.attachments)


def load_outbox(
    out_dir: Path, conference: str, audiences: tuple[str, ...], guard: Guard
) -> list[Outgoing]:
    """Return the conference's drafts listed in the manifest, each checked; raise on any doubt."""
    entries = read_manifest(out_dir, conference)
    built = {
        (str(entry.get("audience")), str(entry.get("sha256")))
        for entry in entries
        if entry.get("kind") in ("brief", "digest")
        and str(entry["path"]).startswith(f"{conference}/")
    }
    outbox, leaks = [], []
    for entry in entries:
        path = str(entry["path"])
        if entry.get("kind") != "email" or not path.startswith(f"{conference}/"):
            continue
        audience = str(entry.get("audience"))
        if audiences and audience not in audiences:
            continue
        if entry.get("stale"):
            raise OutputError(
                f"{path}: its briefs were rebuilt after it was drafted; nothing was sent "
                "(run 'briefs email' again)"
            )
        try:
            data = (out_dir / path).read_bytes()
        except OSError as exc:
            raise OutputError(
                f"{out_dir / path}: cannot read draft ({exc.strerror or exc}); nothing was sent"
            ) from None
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise OutputError(
                f"{out_dir / path}: the draft changed after 'briefs email' wrote it; "
                "nothing was sent (run 'briefs email' again to rewrite it)"
            )
        item = _outgoing(out_dir / path, path, conference, audience, data)
        for name, sha256 in item.attachments:
            if (audience, sha256) not in built:
                raise OutputError(
                    f"{out_dir / path}: attachment {name!r} is not a file the build made for "
                    f"{audience!r}; nothing was sent (run 'briefs build' and 'briefs email')"
                )
        leaks += guard.scan(path, data)
        outbox.append(item)
    if leaks:
        raise LeakError([*leaks, "nothing was sent"])
    if not outbox:
        raise OutputError(
            f"no email drafts for {conference!r} in {out_dir}: run 'briefs email' first"
        )
    return outbox


def _outgoing(where: Path, path: str, conference: str, audience: str, data: bytes) -> Outgoing:
    message = email.message_from_bytes(data, policy=default)
    assert isinstance(message, EmailMessage)
    if message["Message-ID"] is None or message["From"] is None or message["To"] is None:
        raise OutputError(f"{where}: not a briefs draft (no Message-ID, From or To)")
    attachments, texts = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        body = payload if isinstance(payload, bytes) else b""
        sha256 = hashlib.sha256(body).hexdigest()
        if _is_body(part):
            texts.append((part.get_content_type(), sha256))
        else:
            attachments.append((part.get_filename() or "(unnamed part)", sha256))
    subject = str(message["Subject"] or "")
    sender = [a.addr_spec for a in message["From"].addresses]
    text_digest = _digest({"from": sender, "subject": subject, "parts": texts})
    return Outgoing(
        path=path,
        conference=conference,
        audience=audience,
        data=data,
        sender=sender[0] if sender else "",
        recipients=tuple(a.addr_spec for a in message["To"].addresses),
        subject=subject,
        message_id=str(message["Message-ID"]),
        attachments=tuple(attachments),
        text_digest=text_digest,
        digest=_digest({"text": text_digest, "attachments": attachments}),
    )


def _is_body(part: Message) -> bool:
    """Return whether a part is the text a recipient reads; any other part is an attachment."""
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and part.get_content_disposition() in (None, "inline")
        and part.get_filename() is None
    )


def _digest(content: object) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
