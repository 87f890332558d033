"""Translate the conference content (titles, findings, asks...) through per-language PO catalogs.

Each translatable text of the data is one catalog entry: its English text is the msgid and its
place in the data the msgctxt ("detained-civilians|findings"), so translators see which session
and field a text comes from, and a changed source text no longer matches its old translation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from briefs.errors import DataError, Problem
from briefs.i18n.localization import SOURCE_LANGUAGE, content_domain, translations_for
from briefs.models import ConferenceFile
from briefs.workspace import Resources


@dataclass(frozen=True)
class ContentMessage:
    """One translatable text of the data: where it sits, its context and its English text."""

    path: tuple[str | int, ...]
    context: str
    text: str


def content_messages(data: ConferenceFile) -> list[ContentMessage]:
    """Return every translatable text of a conference file, in file order, then the phrases."""
    return [*_messages(data), *_phrase_messages(data)]


def _phrase_messages(data: ConferenceFile) -> Iterator[ContentMessage]:
    """Phrases built from data that languages inflect: 'in Berlin' is 'w Berlinie' in Polish."""
    from briefs.i18n.localization import Formatter

    conference = data.conference
    yield ContentMessage(("phrases", "in_city"), "phrase|in_city", f"in {conference.city}")
    if conference.next_meeting:
        meeting = conference.next_meeting
        yield ContentMessage(("phrases", "in_place"), "phrase|in_place", f"in {meeting.place}")
        when = Formatter("en").month(meeting.month)
        yield ContentMessage(("phrases", "when"), "phrase|when", f"in {when}")


def phrases(data: ConferenceFile, language: str, resources: Resources) -> dict[str, str]:
    """Return the data-built phrases (in_city, in_place, when) in language."""
    translations = translations_for(language, content_domain(data.conference.id), resources)
    return {
        str(message.path[-1]): translations.pgettext(message.context, message.text)
        for message in _phrase_messages(data)
    }


def _messages(data: ConferenceFile) -> Iterator[ContentMessage]:
    conference = data.conference
    yield ContentMessage(("conference", "title"), "conference|title", conference.title)
    yield ContentMessage(("conference", "city"), "conference|city", conference.city)
    if conference.organiser.purpose:
        yield ContentMessage(
            ("conference", "organiser", "purpose"),
            "conference|organiser|purpose",
            conference.organiser.purpose,
        )
    if conference.next_meeting:
        meeting = conference.next_meeting
        yield ContentMessage(
            ("conference", "next_meeting", "place"), "conference|next_meeting|place", meeting.place
        )
        yield ContentMessage(
            ("conference", "next_meeting", "occasion"),
            "conference|next_meeting|occasion",
            meeting.occasion,
        )
    for o, org in enumerate(data.organisations):
        if org.description:
            yield ContentMessage(
                ("organisations", o, "description"),
                f"organisation|{org.id}|description",
                org.description,
            )
    for s, session in enumerate(data.sessions):
        base = ("sessions", s)
        yield ContentMessage((*base, "title"), f"{session.id}|title", session.title)
        yield ContentMessage((*base, "summary"), f"{session.id}|summary", session.summary)
        for i, finding in enumerate(session.findings):
            yield ContentMessage((*base, "findings", i), f"{session.id}|findings", finding)
        for i, figure in enumerate(session.figures):
            yield ContentMessage(
                (*base, "figures", i, "label"), f"{session.id}|figures|label", figure.label
            )
        for i, rec in enumerate(session.recommendations):
            yield ContentMessage(
                (*base, "recommendations", i, "text"), f"{session.id}|recommendations", rec.text
            )


_LOCALIZED: dict[tuple[int, str, Resources], tuple[ConferenceFile, ConferenceFile]] = {}


def localize_content(data: ConferenceFile, language: str, resources: Resources) -> ConferenceFile:
    """Return data with its texts in language; untranslated or fuzzy texts stay in English."""
    if language == SOURCE_LANGUAGE:
        return data
    key = (id(data), language, resources)
    cached = _LOCALIZED.get(key)
    if cached is not None and cached[0] is data:
        return cached[1]
    localized = _localize(data, language, resources)
    _LOCALIZED[key] = (data, localized)
    return localized


def _localize(data: ConferenceFile, language: str, resources: Resources) -> ConferenceFile:
    """Return data with its translated texts, each section that holds one validated again.

    The sections are the conference, each organisation and each session: the data's models
    have no checks across fields, so the sections no translation touches (the audiences, most
    organisations) stay as they were validated, and the result is what validating the whole
    translated file gives, errors included (their places are named from the file's root).
    """
    domain = content_domain(data.conference.id)
    translations = translations_for(language, domain, resources)
    trees: dict[tuple[str | int, ...], Any] = {}
    for message in _messages(data):
        translated = translations.pgettext(message.context, message.text)
        if translated != message.text:
            section = message.path[:1] if message.path[0] == "conference" else message.path[:2]
            if section not in trees:
                trees[section] = _model_at(data, section).model_dump()
            _set(trees[section], message.path[len(section) :], translated)
    if not trees:
        return data
    validated: dict[tuple[str | int, ...], BaseModel] = {}
    problems: list[Problem] = []
    for section, tree in trees.items():
        try:
            validated[section] = type(_model_at(data, section)).model_validate(tree)
        except ValidationError as exc:  # never quote the value: it may hold a protected name
            source = str(resources.catalog(language, domain))
            problems += [
                Problem(
                    source,
                    None,
                    ".".join(map(str, (*section, *e["loc"]))),
                    f"invalid translation: {e['msg']}",
                )
                for e in exc.errors()
            ]
    if problems:
        raise DataError(problems) from None
    return data.model_copy(
        update={
            "conference": validated.get(("conference",), data.conference),
            "organisations": [
                validated.get(("organisations", o), org) for o, org in enumerate(data.organisations)
            ],
            "sessions": [
                validated.get(("sessions", s), session) for s, session in enumerate(data.sessions)
            ],
        }
    )


def _model_at(data: ConferenceFile, section: tuple[str | int, ...]) -> BaseModel:
    """Return the conference, or the organisation or session at ("sessions", 3)."""
    if section[0] == "conference":
        return data.conference
    models: list[Any] = data.organisations if section[0] == "organisations" else data.sessions
    return cast(BaseModel, models[cast(int, section[1])])


def _set(tree: Any, path: tuple[str | int, ...], value: str) -> None:
    node = tree
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
