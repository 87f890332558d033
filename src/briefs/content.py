"""Translate the conference content (titles, findings, asks...) through per-language PO catalogs."""

from __future__ import annotations

from briefs.models import ConferenceFile


def localize_content(data: ConferenceFile, language: str) -> ConferenceFile:
    """Return data with its text in language, where the content catalog has translations."""
    return data
