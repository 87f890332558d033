"""The exceptions briefs raises; every one the CLI knows derives from BriefsError.

BriefsError            anything briefs expects and reports in one line per problem
├── DataError          the conference file cannot be read or fails validation
├── SelectionError     a command-line selection names an unknown audience, theme or format
├── TranslationError   --strict was given and a needed translation is missing or fuzzy
├── OutputError        an output could not be written, or a rendered brief is malformed
└── LeakError          the leak guard found a protected name in an output
"""

from __future__ import annotations

from dataclasses import dataclass


class BriefsError(Exception):
    """Root of every error briefs reports without a traceback."""

    def lines(self) -> list[str]:
        """Return the error as the lines the CLI prints."""
        return [str(self)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where it is and what is wrong."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(BriefsError):
    """Raised when a conference file is missing, unparsable or invalid; holds every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


class SelectionError(BriefsError):
    """Raised when --audience, --theme or --format names something that does not exist."""


class TranslationError(BriefsError):
    """Raised by a strict build when a needed translation is missing or fuzzy; lists each one."""

    def __init__(self, gaps: list[str]) -> None:
        self.gaps = gaps
        super().__init__("\n".join(gaps))

    def lines(self) -> list[str]:
        return [*self.gaps, f"{len(self.gaps)} translation(s) missing or fuzzy; nothing was built"]


class OutputError(BriefsError):
    """Raised when an output cannot be rendered or written."""


class LeakError(BriefsError):
    """Raised when a protected participant's name or alias is found in an output."""

    def __init__(self, findings: list[str]) -> None:
        self.findings = findings
        super().__init__("\n".join(findings))

    def lines(self) -> list[str]:
        return self.findings
