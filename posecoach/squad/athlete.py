"""One athlete's profile: their own file over the squad's defaults.

The athlete's value for a key replaces the default whole (their `days` are
their week, not added to the squad's); only `calendar`, a set of independent
preferences, is merged key by key. A problem names the file and line its
value came from: the athlete's file, or squad.yaml for a default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import yaml

from posecoach import loaders
from posecoach.errors import InputError, Problem, did_you_mean
from posecoach.model import RunnerProfile
from posecoach.squad.folder import Squad, SquadFolder, dotted_lines

ATHLETE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the profile's plan_id pattern
CALENDAR = "calendar"


class Athlete(NamedTuple):
    id: str
    profile: RunnerProfile
    curriculum: str  # the squad's name for it (an id or a path)
    profile_text: bytes  # the merged profile, the plan folder's own profile.yaml


def load_athlete(squad: Squad, folder: SquadFolder, athlete: str) -> Athlete:
    """The athlete's profile, merged and checked; every problem at once, each where it came from."""
    path = folder.athlete_file(athlete)
    source = str(path)
    if not ATHLETE_ID.fullmatch(athlete) or len(athlete) > 60:
        hint = "name the file with lower-case letters, digits and hyphens, e.g. ana-lopez.yaml"
        raise InputError([Problem(source, None, "", f"{athlete!r} is not an athlete id", hint)])
    document = loaders.read_document(path)
    own = document.data if document.data is not None else {}
    if not isinstance(own, Mapping):
        raise InputError([Problem(source, 1, "", "expected a mapping of profile keys")])
    own = dict(own)
    curriculum = own.pop("curriculum", squad.default_curriculum)
    if curriculum not in squad.curricula:
        line = document.line_of(("curriculum",))
        hint = did_you_mean(str(curriculum), squad.curricula) or (
            f"the squad's curricula: {', '.join(squad.curricula)}"
        )
        raise InputError([Problem(source, line, "curriculum", "not one of the squad's", hint)])
    merged, from_squad_url = _merged(squad, athlete, own)
    origin = _Origin(squad, source, own, dotted_lines(document), from_squad_url)
    try:
        profile = loaders.validate(
            loaders.Document(source, merged, {}, document.booleans), RunnerProfile
        )
    except InputError as error:
        placed = {origin.place(p): None for p in error.problems}  # in order, once each
        raise InputError(sorted(placed, key=lambda p: (p.source, p.line or 0))) from None
    return Athlete(athlete, profile, str(curriculum), _profile_text(squad, athlete, merged))


def _merged(squad: Squad, athlete: str, own: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The athlete's values over the defaults; True when the squad's feed address was used."""
    merged: dict[str, Any] = {**squad.defaults, **own}
    mine, theirs = own.get(CALENDAR), squad.defaults.get(CALENDAR)
    if isinstance(mine, Mapping) and isinstance(theirs, Mapping):
        merged[CALENDAR] = {**theirs, **mine}
    merged.setdefault("plan_id", athlete)  # unique in the squad, unlike names
    calendar = merged.get(CALENDAR)
    if squad.public_url is None or (calendar is not None and not isinstance(calendar, Mapping)):
        return merged, False
    calendar = dict(calendar or {})
    if calendar.get("public_url") is not None:
        return merged, False
    merged[CALENDAR] = {**calendar, "public_url": squad.public_url}
    return merged, True


class _Origin:
    """Where a value of the merged profile was written."""

    def __init__(
        self, squad: Squad, source: str, own: dict[str, Any], lines: dict[str, int], url: bool
    ) -> None:
        self.squad, self.source, self.own, self.lines, self.url = squad, source, own, lines, url

    def place(self, problem: Problem) -> Problem:
        parts = problem.location.split(".") if problem.location else []
        if not parts:  # about the profile as a whole (e.g. more sessions than days)
            return problem._replace(line=self.lines.get("") or 1)
        key = parts[0]
        in_own = key in self.own
        if key == CALENDAR and len(parts) > 1 and isinstance(self.own.get(CALENDAR), Mapping):
            in_own = parts[1] in self.own[CALENDAR]
            if not in_own and parts[1] == "public_url" and self.url:
                line = self.squad.public_url_line
                return problem._replace(source=self.squad.source, line=line, location="public_url")
        if in_own:
            return problem._replace(line=_line(self.lines, parts))
        if key in self.squad.defaults:
            line = _line(self.squad.default_lines, parts)
            return problem._replace(
                source=self.squad.source, line=line, location=f"defaults.{problem.location}"
            )
        if key == CALENDAR and self.url:
            return problem._replace(source=self.squad.source, line=self.squad.public_url_line)
        if problem.message == "required key is missing":
            return problem._replace(
                hint=f"give it in this file, or for everyone in {self.squad.source}'s defaults"
            )
        return problem


def _line(lines: dict[str, int], parts: list[str]) -> int | None:
    for end in range(len(parts), 0, -1):
        line = lines.get(".".join(parts[:end]))
        if line is not None:
            return line
    return None


def _profile_text(squad: Squad, athlete: str, merged: dict[str, Any]) -> bytes:
    """The plan folder's profile.yaml: the merged profile, so the folder stands alone."""
    header = (
        f"# {athlete}'s profile in the squad {squad.name!r}: written by `posecoach squad plan`\n"
        f"# from athletes/{athlete}.yaml over the defaults in squad.yaml. Edit those, not this.\n"
    )
    body = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return (header + body).encode()
