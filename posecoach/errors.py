"""Errors a user can cause, carrying enough to say where and how to fix it.

The CLI turns these into `file:line: location: message` lines and exit code 2;
nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with one input file."""

    source: str
    line: int | None
    location: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        text = (
            f"{where}: {self.location}: {self.message}"
            if self.location
            else f"{where}: {self.message}"
        )
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class PosecoachError(Exception):
    """Base for every error posecoach reports to a user (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(PosecoachError):
    """Bad input on the command line or in a file (exit code 2)."""

    exit_code = 2


@dataclass
class InputError(UsageError):
    """All the problems found in one or more input files, reported together."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        count = len(self.problems)
        UsageError.__init__(self, f"{count} problem{'s' if count != 1 else ''} in the input")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
