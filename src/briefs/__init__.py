"""briefs: localized advocacy briefs (DOCX, PDF, email) from a conference's conclusions."""

__version__ = "0.1.0"
