"""Compose an advocacy email draft (RFC 5322) for one audience, with its briefs attached."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from briefs.i18n import typography
from briefs.i18n.content import localize_content, phrases
from briefs.i18n.localization import SOURCE_LANGUAGE, TEMPLATE_DOMAIN, translations_for
from briefs.mail import headers
from briefs.models import Audience, ConferenceFile
from briefs.rendering import render_text
from briefs.views import common_view
from briefs.workspace import Resources

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
    resources: Resources,
) -> Draft:
    """Compose the draft for audience: localized subject and bodies, attachments, X-Unsent."""
    localized = localize_content(data, audience.language, resources)
    _ = translations_for(audience.language, TEMPLATE_DOMAIN, resources).gettext
    subject = _("Conclusions and recommendations: %(title)s") % {
        "title": localized.conference.title
    }
    subject = typography.title(subject, audience.language)
    context = {
        **common_view(
            localized,
            audience if audience.language == SOURCE_LANGUAGE else localized.audience(audience.id),
            moment.date(),
            phrases(data, audience.language, resources),
        ),
        "subject": subject,
        "briefs": brief_titles,
        "asks": urgent_asks(localized, audience),
    }
    text = render_text("email.txt.j2", context, audience.locale, resources)
    html = render_text("email.html.j2", context, audience.locale, resources)

    organiser = data.conference.organiser
    sender = [(organiser.name, organiser.email)]
    recipients = [(contact.name, contact.email) for contact in audience.contacts]
    message_id = _message_id(audience.id, subject, attachments, organiser.email)
    message = EmailMessage(policy=SMTP)
    message.set_raw("From", headers.address_list("From", sender))
    message.set_raw("To", headers.address_list("To", recipients))
    message.set_raw("Subject", headers.unstructured("Subject", subject))
    message.set_raw("Date", format_datetime(moment))
    message.set_raw("Message-ID", message_id)
    message.set_raw("X-Unsent", "1")  # Outlook opens the .eml as an editable draft
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    names = []
    for attachment in attachments:
        maintype, subtype = attachment.media_type.split("/", 1)
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype)
        part = list(message.iter_attachments())[-1]
        name = headers.mail_filename(attachment.filename)
        content_type, disposition = headers.attachment_headers(attachment.media_type, name)
        del part["Content-Type"], part["Content-Disposition"]
        part.set_raw("Content-Type", content_type)
        part.set_raw("Content-Disposition", disposition)
        names.append(name)
    message.set_raw("Content-Language", audience.language)  # after set_content: it clears them
    _fix_boundaries(message, message_id)
    return Draft(
        audience=audience.id,
        message_id=message_id,
        sender=organiser.email,
        recipients=tuple(contact.email for contact in audience.contacts),
        subject=subject,
        attachments=tuple(names),
        data=message.as_bytes(policy=headers.GENERATOR_POLICY),
    )


def urgent_asks(data: ConferenceFile, audience: Audience) -> list[str]:
    """Return the asks to put first in the email, in the audience's own order of priorities.

    Asks from the theme it ranks first come first; within a theme, high before medium before
    low, those it leads before those it joins; asks from themes it does not follow come last.
    """
    rank = {interest.theme: interest.priority for interest in audience.interests}
    unranked = max(rank.values(), default=0) + 1
    asks = [
        ((rank.get(session.id, unranked), rec.priority.rank, rec.audiences[0] != audience.id), rec)
        for session in data.sessions
        for rec in session.recommendations
        if audience.id in rec.audiences
    ]
    asks.sort(key=lambda pair: pair[0])
    return [rec.text for _, rec in asks[:MAX_ASKS_IN_BODY]]


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
