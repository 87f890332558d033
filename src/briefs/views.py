"""What templates see: plain, already-public views of the data, built per brief and audience.

Templates never receive Organisation objects, only display names, so no template can reach a
protected organisation's real name, however it is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefs.i18n.localization import Formatter
from briefs.models import Audience, ConferenceFile, Recommendation, Session

View = dict[str, Any]


def common_view(
    data: ConferenceFile, audience: Audience, build_date: dt.date, phrase: dict[str, str]
) -> View:
    """Return what every brief for this audience shows: organiser, conference, audience, date.

    `phrase` holds the data-built phrases (in_city, in_place, when) already in the audience's
    language; they come from content.phrases() applied to the untranslated data.
    """
    fmt = Formatter(audience.locale)
    conference = data.conference
    meeting = conference.next_meeting
    return {
        "organiser": {
            "name": conference.organiser.name,
            "short_name": conference.organiser.short_name or conference.organiser.name,
            "email": conference.organiser.email,
        },
        "conference": {
            "id": conference.id,
            "title": conference.title,
            "date": fmt.date(conference.date),
            "city": conference.city,
            "in_city": phrase["in_city"],
            "participants": conference.participants,
            "participants_text": fmt.number(conference.participants),
            "countries": fmt.items(
                [fmt.territory(code) for code in conference.countries_represented]
            ),
            "opened_by": fmt.items([data.audience(a).institution for a in conference.opened_by]),
            "next_meeting": None
            if meeting is None
            else {
                "month": fmt.month(meeting.month),
                "when": phrase["when"],
                "place": meeting.place,
                "in_place": phrase["in_place"],
                "occasion": meeting.occasion,
            },
        },
        "audience": {
            "id": audience.id,
            "institution": audience.institution,
            "salutation": audience.salutation,
            "language": audience.language,
            "language_tag": audience.locale.replace("_", "-"),  # BCP 47, e.g. pl-PL
        },
        "date": fmt.date(build_date),
        "session_count": len(data.sessions),
    }


def session_view(data: ConferenceFile, audience: Audience, session: Session) -> View:
    """Return one session as a brief for this audience shows it."""
    fmt = Formatter(audience.locale)
    for_audience = [rec for rec in session.recommendations if audience.id in rec.audiences]
    for_others = [rec for rec in session.recommendations if audience.id not in rec.audiences]
    participants = [data.organisation(org_id) for org_id in session.participants]
    return {
        "id": session.id,
        "title": session.title,
        "format": session.format.value,
        "summary": session.summary,
        "findings": list(session.findings),
        "figures": [
            {
                "value": fmt.number(figure.value),
                "qualifier": figure.qualifier,
                "label": figure.label,
                "source": data.organisation(figure.source).display_name,
            }
            for figure in session.figures
        ],
        "recommendations": [
            recommendation_view(data, audience, rec, session)
            for rec in sort_for(audience, for_audience)
        ],
        "other_recommendations": [
            recommendation_view(data, audience, rec, session)
            for rec in sort_for(audience, for_others)
        ],
        "participants": [
            {
                "name": org.display_name,
                "protected": org.is_protected,
                "country": fmt.territory(org.country) if org.country else "",
                "kind": org.kind.value,
            }
            for org in participants
        ],
        "participant_count": len(participants),
    }


def recommendation_view(
    data: ConferenceFile, audience: Audience, rec: Recommendation, session: Session
) -> View:
    """Return a recommendation with its partners named the way this audience reads them."""
    fmt = Formatter(audience.locale)
    return {
        "text": rec.text,
        "priority": rec.priority.value,
        "lever": rec.lever.value,
        "lead": rec.audiences[0] == audience.id,
        "lead_institution": data.audience(rec.audiences[0]).institution,
        "partners": fmt.items(
            [data.audience(a).institution for a in rec.audiences if a != audience.id]
        ),
        "audiences": fmt.items([data.audience(a).institution for a in rec.audiences]),
        "theme": session.title,
    }


def sort_for(audience: Audience, recommendations: list[Recommendation]) -> list[Recommendation]:
    """Order recommendations by priority, those this audience leads first, else as written."""
    return sorted(
        recommendations,
        key=lambda rec: (rec.priority.rank, rec.audiences[0] != audience.id),
    )


def themes_of(data: ConferenceFile, audience: Audience) -> list[Session]:
    """Return the sessions this audience is interested in, by its priority."""
    ordered = sorted(audience.interests, key=lambda interest: interest.priority)
    return [data.session(interest.theme) for interest in ordered]


def brief_view(
    data: ConferenceFile,
    audience: Audience,
    session: Session,
    build_date: dt.date,
    phrase: dict[str, str],
) -> View:
    """Return the context of a theme brief."""
    return {
        **common_view(data, audience, build_date, phrase),
        "session": session_view(data, audience, session),
    }


def digest_view(
    data: ConferenceFile, audience: Audience, build_date: dt.date, phrase: dict[str, str]
) -> View:
    """Return the context of an audience's digest: its themes by priority and all its asks."""
    sessions = themes_of(data, audience)
    views = [session_view(data, audience, session) for session in sessions]
    # every ask addressed to the audience, also from sessions outside its declared interests
    ordered = sessions + [session for session in data.sessions if session not in sessions]
    asks = [
        (rec, session)
        for session in ordered
        for rec in session.recommendations
        if audience.id in rec.audiences
    ]
    asks.sort(key=lambda pair: (pair[0].priority.rank, pair[0].audiences[0] != audience.id))
    return {
        **common_view(data, audience, build_date, phrase),
        "sessions": views,
        "recommendations": [recommendation_view(data, audience, rec, ses) for rec, ses in asks],
        "figures": [figure for view in views for figure in view["figures"]],
    }
