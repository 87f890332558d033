"""The one-screen summary `briefs validate` prints for a valid conference file."""

from __future__ import annotations

from briefs.models import ConferenceFile


def summarize(data: ConferenceFile) -> list[str]:
    """Return the lines of a short summary: counts, and recommendations per audience."""
    conference = data.conference
    protected = sum(org.is_protected for org in data.organisations)
    recommendations = [rec for session in data.sessions for rec in session.recommendations]
    lines = [
        f"{conference.title} ({conference.city}, {conference.date.isoformat()}): valid",
        f"  sessions:        {len(data.sessions)}",
        f"  organisations:   {len(data.organisations)} ({protected} protected)",
        f"  audiences:       {len(data.audiences)}",
        f"  recommendations: {len(recommendations)}",
        "  recommendations per audience (leading / all):",
    ]
    for audience in data.audiences:
        addressed = [rec for rec in recommendations if audience.id in rec.audiences]
        leading = sum(rec.audiences[0] == audience.id for rec in addressed)
        themes = len(audience.interests)
        lines.append(
            f"    {audience.id:<10} {leading:>2} / {len(addressed):>2}   "
            f"{themes} themes, {audience.locale}, {audience.institution}"
        )
    return lines
