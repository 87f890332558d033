"""Compose an advocacy email draft (RFC 5322) for one audience, with its briefs attached."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from briefs.content import localize_content, phrases
from briefs.localization import TEMPLATE_DOMAIN, translations_for
from briefs.models import Audience, ConferenceFile, Priority
from briefs.rendering import render_text
from briefs.views import common_view

MAX_ASKS_IN_BODY = 3


@dataclass(frozen=True)
class Attachment:
    """A file attached to a draft: its name as the recipient sees it, its bytes and media type."""

    filename: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Draft:
    """A composed email: its bytes, and what a dry run shows about it."""

    audience: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    attachments: tuple[str, ...]
    data: bytes


def compose_email(
    data: ConferenceFile,
    audience: Audience,
    attachments: list[Attachment],
    brief_titles: list[str],
    moment: dt.datetime,
) -> Draft:
    """Compose the draft for audience: localized subject and bodies, attachments, X-Unsent."""
    localized = localize_content(data, audience.language)
    _ = translations_for(audience.language, TEMPLATE_DOMAIN).gettext
    subject = _("Conclusions and recommendations: %(title)s") % {
        "title": localized.conference.title
    }
    context = {
        **common_view(
            localized,
            localized.audience(audience.id),
            moment.date(),
            phrases(data, audience.language),
        ),
        "subject": subject,
        "briefs": brief_titles,
        "asks": _urgent_asks(localized, audience.id),
    }
    text = render_text("email.txt.j2", context, audience.locale)
    html = render_text("email.html.j2", context, audience.locale)

    organiser = data.conference.organiser
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(organiser.name, organiser.email)
    message["To"] = [_address(contact.name, contact.email) for contact in audience.contacts]
    message["Subject"] = subject
    message["Date"] = format_datetime(moment)
    message_id = _message_id(audience.id, subject, attachments, organiser.email)
    message["Message-ID"] = message_id
    message["X-Unsent"] = "1"  # Outlook opens the .eml as an editable draft
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    for attachment in attachments:
        maintype, subtype = attachment.media_type.split("/", 1)
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params={"name": attachment.filename},  # for clients that read Content-Type's name
        )
    message["Content-Language"] = audience.language  # after set_content, which clears content-*
    _fix_boundaries(message, message_id)
    return Draft(
        audience=audience.id,
        message_id=message_id,
        sender=str(message["From"]),
        recipients=tuple(str(address) for address in message["To"].addresses),
        subject=subject,
        attachments=tuple(a.filename for a in attachments),
        data=message.as_bytes(),
    )


def _address(name: str, email: str) -> Address:
    username, _, domain = email.rpartition("@")
    return Address(display_name=name, username=username, domain=domain)


def _urgent_asks(data: ConferenceFile, audience_id: str) -> list[str]:
    asks = [
        rec
        for session in data.sessions
        for rec in session.recommendations
        if audience_id in rec.audiences and rec.priority is Priority.HIGH
    ]
    asks.sort(key=lambda rec: rec.audiences[0] != audience_id)  # the ones it leads first
    return [rec.text for rec in asks[:MAX_ASKS_IN_BODY]]


def _message_id(audience_id: str, subject: str, attachments: list[Attachment], sender: str) -> str:
    """Return a Message-ID made from the content, never from the host name or the clock."""
    digest = hashlib.sha256(f"{audience_id}\0{subject}".encode())
    for attachment in attachments:
        digest.update(hashlib.sha256(attachment.data).digest())
    domain = sender.rpartition("@")[2]
    return f"<{digest.hexdigest()[:32]}.briefs@{domain}>"


def _fix_boundaries(message: EmailMessage, message_id: str) -> None:
    """Give each multipart a boundary derived from the Message-ID, so rebuilds are identical."""
    seed = hashlib.sha256(message_id.encode()).hexdigest()[:24]
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_briefs_{seed}_{index}")
