"""Import the PDF writer with reportlab's one costly regular expression compiled on first use.

Importing `reportlab.platypus.paragraph` compiles a case-insensitive URL pattern spanning most
of Unicode (`uri_pat`), which reportlab matches only to split a URL too long for its line.
Python takes 18-28 ms to compile it, a fifth of reportlab's import, paid before the first PDF
of every build. Imported through `pdf_writer_class`, that one pattern is compiled when it is
first matched instead; every other pattern, and reportlab itself, are left as they are.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefs.writers.pdf_writer import PdfWriter

URL_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How reportlab's URL pattern begins (reportlab 4); a pattern that does not is compiled now."""


class CompiledOnFirstUse:
    """A regular expression that is compiled the first time one of its methods is used."""

    def __init__(self, pattern: str, flags: int, compile: Any) -> None:
        self._source = (pattern, flags)
        self._compile = compile
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = self._compile(*self._source)
        return getattr(self._compiled, name)


@contextlib.contextmanager
def _url_pattern_deferred() -> Iterator[None]:
    compile = re.compile

    def deferring(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URL_PATTERN_START):
            return CompiledOnFirstUse(pattern, flags, compile)
        return compile(pattern, flags)

    re.compile = deferring
    try:
        yield
    finally:
        re.compile = compile


def pdf_writer_class() -> type[PdfWriter]:
    """Return the PDF writer's class, importing reportlab's paragraphs first if not yet done."""
    if "reportlab.platypus.paragraph" not in sys.modules:
        with _url_pattern_deferred():
            import reportlab.platypus.paragraph  # noqa: F401
    from briefs.writers.pdf_writer import PdfWriter

    return PdfWriter
