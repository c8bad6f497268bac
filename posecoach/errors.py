"""Errors a user can cause, carrying enough to say where and how to fix it.

The one owner of error reporting: every layer raises these, and only the edge
(the CLI) prints them, as `file:line: location: message` lines and exit code 2;
nothing a user can cause ends in a traceback.

Below the edge nobody knows the names of command-line flags. A message or hint
that refers to one of the request's inputs writes it as `{field}` (the
request's field name, e.g. `{weeks}`), and the edge words it: the CLI as
`--weeks`, another front end as it names the input. Unworded, `{weeks}` reads
as `weeks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

_FIELD = re.compile(r"\{([a-z][a-z_]*)\}")


def word(text: str, names: Mapping[str, str] | None = None) -> str:
    """Replace each `{field}` in `text` with its name at the edge (the field itself if none)."""
    names = names or {}
    return _FIELD.sub(lambda match: names.get(match[1], match[1]), text)


def did_you_mean(
    wanted: str, choices: Iterable[str], meaning: Mapping[str, str] | None = None
) -> str | None:
    """The one suggestion helper: 'did you mean X?' for the closest choice, if any is
    close; with `meaning` (spellings to the value they stand for), the value itself."""
    import difflib  # only on the error path

    options = list(choices)
    lowered = {choice.casefold(): choice for choice in options}
    matches = difflib.get_close_matches(wanted.casefold(), list(lowered), n=1, cutoff=0.6)
    if not matches:
        return None
    from posecoach.i18n import _

    chosen = lowered[matches[0]]
    return _("did you mean %(choice)s?") % {"choice": repr((meaning or {}).get(chosen, chosen))}


def error_line(text: str) -> str:
    """An error as the terminal says it: `error: ...` ("błąd: ..." in Polish, as git
    says it); `text` may carry its hint's line."""
    from posecoach.i18n import _

    return _("error: %(error)s") % {"error": text}


def hint_line(hint: str) -> str:
    """A hint's line under its message: `  hint: ...` ("  podpowiedź: ..." in Polish)."""
    from posecoach.i18n import _

    return "\n  " + _("hint: %(hint)s") % {"hint": hint}


class Problem(NamedTuple):
    """One thing wrong with one input file."""

    source: str
    line: int | None
    location: str
    message: str
    hint: str | None = None

    def statement(self) -> str:
        """`file:line: location: message`, without its hint."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return (
            f"{where}: {self.location}: {self.message}"
            if self.location
            else f"{where}: {self.message}"
        )

    def __str__(self) -> str:
        return self.statement() + (hint_line(self.hint) if self.hint else "")


class PosecoachError(Exception):
    """Base for every error posecoach reports to a user (exit code 1).

    `field` names the request input the message is about; the edge puts that
    input's name in front (`--weeks: ...`).
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    def statement(self, names: Mapping[str, str] | None = None) -> str:
        """The message, after the input it is about, without its hint; every `{field}`
        named as the edge names it."""
        text = word(self.message, names)
        if self.field is not None:
            text = f"{word('{' + self.field + '}', names)}: {text}"
        return text

    def worded(self, names: Mapping[str, str] | None = None) -> str:
        """The message and hint with every `{field}` named as the edge names it."""
        text = self.statement(names)
        if self.hint:
            text += hint_line(word(self.hint, names))
        return text

    def __str__(self) -> str:
        return self.worded()


class UsageError(PosecoachError):
    """Bad input on the command line or in a file (exit code 2)."""

    exit_code = 2


class RequestError(UsageError):
    """Every problem with a request's values (flags, a form's fields), reported
    together: each is a UsageError naming its `field`."""

    def __init__(self, problems: list[UsageError]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    def worded(self, names: Mapping[str, str] | None = None) -> str:
        return "\n".join(problem.worded(names) for problem in self.problems)


def all_at_once(problems: list[UsageError]) -> None:
    """Raise the problems found, if any: one as itself, several together."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise RequestError(problems)


def nothing_written(count: int) -> str:
    """The line under a file's problems: how many, and that nothing changed."""
    from posecoach.i18n import ngettext

    said = ngettext(
        "%(count)s problem; nothing was written.", "%(count)s problems; nothing was written.", count
    )
    return said % {"count": count}


@dataclass
class InputError(UsageError):
    """All the problems found in one or more input files, reported together."""

    problems: list[Problem] = field(default_factory=list)
    # The language the file itself asks for (a profile's `language: pl`): its problems
    # are said in it unless --lang says otherwise.
    spoken: str | None = None

    def __post_init__(self) -> None:
        from posecoach.i18n import ngettext

        count = len(self.problems)
        said = ngettext("%(count)s problem in the input", "%(count)s problems in the input", count)
        UsageError.__init__(self, said % {"count": count})

    def worded(self, names: Mapping[str, str] | None = None) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __str__(self) -> str:
        return self.worded()
