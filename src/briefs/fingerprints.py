"""Digests of everything a document depends on, so a rebuild can keep what has not changed.

A document's *inputs digest* covers, and changes with:

- its slice of the data: the whole conference file except the sessions it does not show (a
  brief shows its own session; a digest the sessions its audience follows or is asked
  something in) — those count by their ids and order only, so a changed theme changes the
  digests of its briefs and of the digests that include it, and nothing else;
- the catalogs of the language it is written in (interface and content, by their bytes);
- the template it renders and every template that one extends, includes or imports;
- the code: briefs' version and every file of the installed package (its fonts included);
- the options that shape it: its number, kind, audience and theme, the build date, and
  whether its audience's language is ready (else it is written in English).

The digests are recorded in the manifest (`inputs`), one per document and the same for each of
its formats.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefs import __version__
from briefs.i18n.localization import SOURCE_LANGUAGE, TEMPLATE_DOMAIN, content_domain
from briefs.models import ConferenceFile
from briefs.rendering import template_sources
from briefs.workspace import Resources

_PACKAGE_DIR = Path(__file__).resolve().parent


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest(package_dir: Path = _PACKAGE_DIR) -> str:
    """Return a digest of briefs' version and of every file of its package (code and fonts).

    Once per process: the installed package does not change while it runs (a build asked for
    it twice, for the documents' inputs and for the cached DOCX package: 2.6 MB read each time).
    """
    digest = hashlib.sha256(__version__.encode())
    files = sorted(
        path
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    for path in files:
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """The digests a build shares between its documents, computed once per build."""

    base: str  # the data without its sessions, plus the session ids in order
    sessions: dict[str, str]  # one digest per session
    code: str
    templates: dict[str, str]  # per root template name
    catalogs: dict[str, str]  # per language written in
    date: str

    @classmethod
    def of(
        cls,
        data: ConferenceFile,
        resources: Resources,
        templates: Iterable[str],
        languages: Iterable[str],
        date: str,
    ) -> Fingerprints:
        """Compute the shared digests of a build of data."""
        tree = data.model_dump(mode="json", exclude={"sessions"})
        tree["session_ids"] = [session.id for session in data.sessions]
        return cls(
            base=_digest(tree),
            sessions={s.id: _digest(s.model_dump(mode="json")) for s in data.sessions},
            code=code_digest(),
            templates={name: _digest(template_sources(resources, name)) for name in templates},
            catalogs={
                language: catalogs_digest(data, resources, language) for language in languages
            },
            date=date,
        )

    def document(
        self,
        kind: str,
        audience: str,
        theme: str | None,
        number: int,
        template: str,
        language: str,
        ready: bool,
        shown_sessions: list[str],
    ) -> str:
        """Return the inputs digest of one document (see the module's description)."""
        return _digest(
            {
                "document": [kind, audience, theme, number],
                "data": [self.base, [self.sessions[s] for s in shown_sessions]],
                "language": [language, ready, self.catalogs[language]],
                "template": self.templates[template],
                "code": self.code,
                "date": self.date,
            }
        )


def catalogs_digest(data: ConferenceFile, resources: Resources, language: str) -> str:
    """Return a digest of the catalogs a document written in language reads (none for English)."""
    if language == SOURCE_LANGUAGE:
        return ""
    digest = hashlib.sha256()
    for domain in (TEMPLATE_DOMAIN, content_domain(data.conference.id)):
        path = resources.catalog(language, domain)
        digest.update(domain.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path else b"none")
    return digest.hexdigest()
