"""The writers of one build, each made once, with what they prepare kept between runs.

The DOCX writer's context (`DocxParts`: the package python-docx prepares, fonts deflated) costs
python-docx's import and about 70 ms to make; it is kept in the cache folder, named by the
digest of everything it is made from (briefs' code and fonts, python-docx's and lxml's
versions), so a build whose context is cached never imports python-docx. A missing or damaged
cache file is made again; a cache folder that cannot be written is only slower.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from briefs.fingerprints import code_digest
from briefs.i18n.localization import write_cache_file
from briefs.writers import Writer, writer_for

if TYPE_CHECKING:
    from briefs.writers.docx_package import DocxParts

DOCX_CACHE = "docx"


def writers_for(formats: Iterable[str], cache_dir: Path | None) -> dict[str, Writer]:
    """Return a writer for each format, prepared: ready to write in this process or, forked,
    in its workers (and small enough to be sent to fresh ones)."""
    writers: dict[str, Writer] = {}
    for name in formats:
        if name == "docx":
            from briefs.writers.docx_writer import DocxWriter

            writers[name] = DocxWriter(docx_parts(cache_dir))
        else:
            writers[name] = writer_for(name)
        writers[name].prepare()
    return writers


def docx_parts(cache_dir: Path | None) -> DocxParts:
    """Return the DOCX writer's context: read from the cache folder, else made (and kept);
    without a cache folder, this process's shared one."""
    from briefs.writers.docx_package import DocxParts, shared_parts

    if cache_dir is None:  # no cache folder: the one context this process makes
        return shared_parts()
    path = cache_dir / DOCX_CACHE / f"{_key()}.parts"
    try:
        return DocxParts.from_bytes(path.read_bytes())
    except (OSError, ValueError):
        pass
    parts = _made()
    write_cache_file(path, parts.to_bytes())  # a cache folder that cannot be written: slower
    return parts


def _made() -> DocxParts:
    from briefs.writers.docx_template import prepare_parts

    return prepare_parts()


def _key() -> str:
    """Return the digest of what the context is made from."""
    made_from = [code_digest(), *(f"{lib} {version(lib)}" for lib in ("python-docx", "lxml"))]
    return hashlib.sha256("\0".join(made_from).encode()).hexdigest()[:40]
