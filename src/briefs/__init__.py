"""briefs: localized advocacy briefs (DOCX, PDF, email) from a civil-society conference's conclusions."""

__version__ = "0.1.0"
