"""A served plan whose inputs cannot be built (a profile saved half-edited, a
broken curriculum): the problems in full for the coach at the server's terminal,
and the words a runner's page uses for them.

The calendar and the page go on showing the plan built before; check-ins wait,
since a check-in rebuilds the plan from those same inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from posecoach.errors import InputError, PosecoachError


class Broken(NamedTuple):
    """What a runner's page says of a plan that cannot be rebuilt just now."""

    problems: list[str]  # "profile.yaml:2: timezone: ...", each file named by its name alone


def for_terminal(folder: object, error: PosecoachError | OSError) -> str:
    """The server's notice: the plan that cannot be rebuilt, then every problem as
    `file:line: key: sentence` with its hint, as `posecoach validate` shows them."""
    head = f"{folder}: the plan cannot be rebuilt; still serving the calendar built before"
    if isinstance(error, InputError):
        count = len(error.problems)
        lines = "\n".join(f"  {line}" for line in error.worded().splitlines())
        return f"{head}. {count} problem{'s' if count != 1 else ''} in its inputs:\n{lines}"
    text = error.message if isinstance(error, PosecoachError) else str(error)
    return f"{head} ({' '.join(text.split())[:300]})"


def for_page(error: PosecoachError | OSError) -> Broken:
    """The problems as the runner's page lists them: no hints that name commands, and
    no path of the server's (a file by its name alone)."""
    if not isinstance(error, InputError):
        return Broken([])  # a missing file, an unreadable folder: the terminal says which
    said = []
    for problem in error.problems:
        where = Path(problem.source).name
        if problem.line is not None:
            where += f":{problem.line}"
        location = f" {problem.location}:" if problem.location else ""
        said.append(f"{where}:{location} {problem.message}")
    return Broken(said)
