"""What templates see: asks ordered by priority, public names only, every ask in the digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefs.loading import load_conference
from briefs.models import Priority
from briefs.views import digest_view, recommendation_view, session_view

SEED = Path(__file__).parents[1] / "data" / "berlin-2024.yaml"
PHRASES = {"in_city": "in Berlin", "in_place": "in Brussels", "when": "in March 2025"}


def test_asks_are_numbered_by_priority_those_the_audience_leads_first() -> None:
    data = load_conference(SEED)
    for audience in data.audiences:
        for session in data.sessions:
            view = session_view(data, audience, session)
            order = [
                (Priority(rec["priority"]).rank, not rec["lead"]) for rec in view["recommendations"]
            ]
            assert order == sorted(order)
            assert all(rec["lead_name"] != audience.institution for rec in view["recommendations"])


def test_protected_participants_appear_only_by_description() -> None:
    data = load_conference(SEED)
    session = data.session("activist-cooperation")
    [participant] = session_view(data, data.audience("eeas"), session)["participants"]
    protected = data.organisation(session.participants[0])
    assert protected.is_protected
    assert participant["name"] == protected.description and participant["protected"]


def test_the_digest_lists_every_ask_addressed_to_its_audience() -> None:
    data = load_conference(SEED)
    for audience in data.audiences:
        view = digest_view(data, audience, dt.date(2026, 11, 26), PHRASES)
        expected = sorted(
            rec.text
            for s in data.sessions
            for rec in s.recommendations
            if audience.id in rec.audiences
        )
        assert sorted(rec["text"] for rec in view["recommendations"]) == expected
        themes = [
            interest.theme for interest in sorted(audience.interests, key=lambda i: i.priority)
        ]
        themes += [  # then any other theme with an ask to it, so every ask's theme is shown
            s.id
            for s in data.sessions
            if s.id not in themes and any(audience.id in r.audiences for r in s.recommendations)
        ]
        assert [s["id"] for s in view["sessions"]] == themes
        for rec in view["recommendations"]:
            assert view["sessions"][rec["theme_number"] - 1]["title"] == rec["theme"]


@pytest.mark.parametrize(
    ("name", "country", "shown"),
    [
        ("Memorial", "Russland", "Memorial (Russland)"),
        ("Außenministerium der Republik Polen", "Polen", "Außenministerium der Republik Polen"),
        (
            "Deutsche Gesellschaft für Auswärtige Politik (DGAP)",
            "Deutschland",
            "Deutsche Gesellschaft für Auswärtige Politik (DGAP, Deutschland)",
        ),
        ("anonymous lawyers in Russia", "", "anonymous lawyers in Russia"),
    ],
)
def test_a_participant_names_its_country_once(name: str, country: str, shown: str) -> None:
    from briefs.views import with_country

    assert with_country(name, country) == shown


def test_tags_after_each_ask_name_its_own_addressees_in_the_readers_language() -> None:
    """Tag names are worked out once per view: each ask still shows its own lead and list."""
    data = load_conference(SEED)
    for audience in data.audiences:
        view = digest_view(data, audience, dt.date(2026, 11, 26), PHRASES)
        texts = {rec.text: rec for s in data.sessions for rec in s.recommendations}
        for shown in view["recommendations"]:
            rec = texts[shown["text"]]
            alone = recommendation_view(data, audience, rec, data.sessions[0])
            assert (shown["lead_name"], shown["addressees"]) == (
                alone["lead_name"],
                alone["addressees"],
            )
            assert shown["lead"] == (rec.audiences[0] == audience.id)
    german = digest_view(data, data.audience("de-mfa"), dt.date(2026, 11, 26), PHRASES)
    french = digest_view(data, data.audience("fr-meae"), dt.date(2026, 11, 26), PHRASES)
    assert any(" und " in rec["addressees"] for rec in german["recommendations"])
    assert not any(" und " in rec["addressees"] for rec in french["recommendations"])
    lists = {rec["addressees"] for rec in german["recommendations"]}
    assert len(lists) > 1  # asks to different ministries, in different orders
