"""What templates see: plain, already-public views of the data, built per brief and audience.

Templates never receive Organisation objects, only display names, so no template can reach a
protected organisation's real name, however it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from briefs.i18n.localization import Formatter
from briefs.models import Audience, ConferenceFile, Priority, Recommendation, Session

View = dict[str, Any]


KEY_ASKS = 5
"""How many asks page 1's box shows: the first ones by the reader's priorities."""


def tag_name(audience: Audience, language: str, fmt: Formatter) -> str:
    """Return the shortest clear name of an audience for a tag after an ask, in language.

    Its short form there (EAD, MEAE); else, for a national ministry, its country's name
    (a German text tags the Polish ministry "Polen"); else its full name in that language.
    """
    short = audience.short_in(language)
    if short:
        return short
    if audience.country:
        return fmt.territory(audience.country)
    return audience.name_in(language)


class _Tags:
    """The tag names of audiences, and lists of them, in one audience's language.

    Made once per view: a digest tags the same few ministries after every ask.
    """

    def __init__(self, data: ConferenceFile, audience: Audience) -> None:
        self._audiences = {candidate.id: candidate for candidate in reversed(data.audiences)}
        self._language = audience.language
        self._fmt = Formatter(audience.locale)
        self._names: dict[str, str] = {}

    def name(self, audience_id: str) -> str:
        """Return tag_name of the audience with this id."""
        name = self._names.get(audience_id)
        if name is None:
            name = tag_name(self._audiences[audience_id], self._language, self._fmt)
            self._names[audience_id] = name
        return name

    def listed(self, audience_ids: list[str]) -> str:
        """Return the tag names of these audiences as the language lists them."""
        return self._fmt.items([self.name(audience_id) for audience_id in audience_ids])


def common_view(
    data: ConferenceFile,
    audience: Audience,
    build_date: dt.date,
    phrase: dict[str, str],
    number: int = 0,
) -> View:
    """Return what every brief for this audience shows: organiser, conference, audience, date.

    `phrase` holds the data-built phrases (in_city, in_place, when) already in the audience's
    language; they come from content.phrases() applied to the untranslated data. `number` is
    the document's number among the audience's (0 for the digest), for the reference line.
    """
    fmt = Formatter(audience.locale)
    language = audience.language
    conference = data.conference
    organiser = conference.organiser
    meeting = conference.next_meeting
    return {
        "organiser": {
            "name": organiser.name_in(language),
            "short_name": organiser.short_name or organiser.name_in(language),
            "email": organiser.email,
            "website": organiser.website or "",
            "purpose": organiser.purpose or "",
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
            "opened_by": fmt.items(
                [data.audience(a).name_in(language) for a in conference.opened_by]
            ),
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
            "institution": audience.name_in(language),
            "salutation": audience.salutation,
            "language": language,
            "language_tag": audience.locale.replace("_", "-"),  # BCP 47, e.g. pl-PL
        },
        "date": fmt.date(build_date),
        "reference": f"{conference.id}/{audience.id}/{number:02d}",
        "session_count": len(data.sessions),
    }


def session_view(
    data: ConferenceFile, audience: Audience, session: Session, tags: _Tags | None = None
) -> View:
    """Return one session as a brief for this audience shows it."""
    tags = tags or _Tags(data, audience)
    fmt = Formatter(audience.locale)
    language = audience.language
    for_audience = [rec for rec in session.recommendations if audience.id in rec.audiences]
    for_others = [rec for rec in session.recommendations if audience.id not in rec.audiences]
    participants = [data.organisation(org_id) for org_id in session.participants]
    asks = [
        recommendation_view(data, audience, rec, session, tags=tags)
        for rec in sort_for(audience, for_audience)
    ]
    return {
        "id": session.id,
        "title": session.title,
        "format": session.format.value,
        "summary": session.summary,
        "lead_sentence": lead_sentence(session.summary),
        "findings": list(session.findings),
        "figures": [
            {
                "value": fmt.number(figure.value),
                "qualifier": figure.qualifier,
                "label": figure.label,
                "source": data.organisation(figure.source).name_in(language),
            }
            for figure in session.figures
        ],
        "recommendations": asks,
        "key_recommendations": asks[:KEY_ASKS],
        "further_recommendations": asks[KEY_ASKS:],
        "other_recommendations": [
            recommendation_view(data, audience, rec, session, tags=tags)
            for rec in sort_for(audience, for_others)
        ],
        "participants": [
            {
                "name": org.name_in(language),
                "label": with_country(
                    org.name_in(language), fmt.territory(org.country) if org.country else ""
                ),
                "protected": org.is_protected,
                "country": fmt.territory(org.country) if org.country else "",
                "kind": org.kind.value,
            }
            for org in participants
        ],
        "participant_count": len(participants),
    }


_SENTENCE_END = re.compile(r"(?<=\w\w\w[.!?])\s+(?=[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻА-ЯЁ])")
"""The end of a sentence: three letters or digits, then . ! or ?, a space and a capital letter;
"z. B.", "e.V." or "2022 r." end no sentence."""


def lead_sentence(text: str) -> str:
    """Return the first sentence of a summary: what the theme was about, for the digest."""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def with_country(name: str, country: str) -> str:
    """Return "name (country)", unless the name says the country already; "X (DGAP, Germany)"."""
    if not country or country.casefold() in name.casefold():
        return name
    if name.endswith(")") and "(" in name:
        return f"{name[:-1]}, {country})"
    return f"{name} ({country})"


def recommendation_view(
    data: ConferenceFile,
    audience: Audience,
    rec: Recommendation,
    session: Session,
    theme_number: int = 0,
    tags: _Tags | None = None,
) -> View:
    """Return a recommendation with the short tags that follow it: lever, lead, theme."""
    tags = tags or _Tags(data, audience)
    lead = rec.audiences[0]
    return {
        "text": rec.text,
        "priority": rec.priority.value,
        "lever": rec.lever.value,
        "lead": lead == audience.id,
        "lead_name": tags.name(lead),
        "addressees": tags.listed(rec.audiences),
        "theme": session.title,
        "theme_number": theme_number,
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


def brief_number(data: ConferenceFile, audience: Audience, session: Session) -> int:
    """Return a theme brief's number for an audience: its place among the audience's interests,
    or after them for a theme the audience does not follow (as the build numbers the files)."""
    followed = [s.id for s in themes_of(data, audience)]
    others = [s.id for s in data.sessions if s.id not in followed]
    return (followed + others).index(session.id) + 1


def brief_view(
    data: ConferenceFile,
    audience: Audience,
    session: Session,
    build_date: dt.date,
    phrase: dict[str, str],
) -> View:
    """Return the context of a theme brief."""
    number = brief_number(data, audience, session)
    return {
        **common_view(data, audience, build_date, phrase, number),
        "session": session_view(data, audience, session),
    }


def digest_view(
    data: ConferenceFile, audience: Audience, build_date: dt.date, phrase: dict[str, str]
) -> View:
    """Return the context of an audience's digest: its themes by priority and all its asks.

    Its themes are those the audience follows, by its priority, then any other session with an
    ask to it, so that every ask's theme number points to a paragraph of the digest. Asks are
    ordered by priority (high, medium, low), then by the reader's theme priorities, those it
    leads first; the first KEY_ASKS go into page 1's box, the others into a table per priority.
    """
    followed = themes_of(data, audience)
    followed_ids = {session.id for session in followed}
    extra = [
        session
        for session in data.sessions
        if session.id not in followed_ids
        and any(audience.id in rec.audiences for rec in session.recommendations)
    ]
    sessions = followed + extra
    tags = _Tags(data, audience)
    views = [session_view(data, audience, session, tags) for session in sessions]
    asks = [
        (rec, session, number)
        for number, session in enumerate(sessions, start=1)
        for rec in session.recommendations
        if audience.id in rec.audiences
    ]
    asks.sort(key=lambda ask: (ask[0].priority.rank, ask[2], ask[0].audiences[0] != audience.id))
    recommendations = [
        recommendation_view(data, audience, rec, session, number, tags)
        for rec, session, number in asks
    ]
    figures = [figure for view in views for figure in view["figures"]]
    return {
        **common_view(data, audience, build_date, phrase),
        "sessions": views,
        "followed_count": len(followed),
        "recommendations": recommendations,
        "key_recommendations": recommendations[:KEY_ASKS],
        "further_groups": [
            {"priority": level.value, "recommendations": in_group}
            for level in sorted(Priority, key=lambda level: level.rank)
            if (in_group := [r for r in recommendations[KEY_ASKS:] if r["priority"] == level])
        ],
        "figures": figures,
        "key_figure": figures[0] if figures else None,
    }
