"""A commented starter profile.yaml from the runner's answers (given as flags or to
questions asked at the edge), checked to be a valid profile before it is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from posecoach.errors import InputError, UsageError
from posecoach.loaders import parse_yaml, validate
from posecoach.model import WEEKDAYS, RunnerProfile, weekday_key
from posecoach.render.environment import render

DEFAULTS = {
    "name": "Runner",
    "timezone": "UTC",
    "days": "Tue 18:30, Thu 18:30, Sat 09:00",
    "sessions": 3,
    "max_minutes": 45,
    "background": "returning",
    "weekly_volume": 15.0,
    "longest_run": 6.0,
    "units": "km",
}

QUESTIONS = {
    "name": "Your name (shown on the plan)",
    "start": "First day of the plan, YYYY-MM-DD (blank: next Monday)",
    "timezone": "Your time zone (IANA, e.g. Europe/Berlin)",
    "days": "Days you can train, with a time each (e.g. Mon 07:00, Wed 18:30, Sat 09:00)",
    "sessions": "Sessions per week",
    "max_minutes": "Longest session you have time for, in minutes",
    "background": "Running background: new, returning or regular",
    "units": "Units: km or mi",
    "weekly_volume": "How much do you run per week now (in those units)",
    "longest_run": "Your longest run in the last 30 days (in those units)",
    "baseline_cadence": "Easy-run cadence in steps per minute, if you know it (blank: not yet)",
}


class StarterAnswers(NamedTuple):
    name: str | None = None
    start: str | None = None
    timezone: str | None = None
    days: str | None = None
    sessions: int | None = None
    max_minutes: int | None = None
    background: str | None = None
    weekly_volume: float | None = None
    longest_run: float | None = None
    baseline_cadence: int | None = None
    units: str | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self._asdict().values())


# What each answer must parse as; the edge asks again until it does.
ANSWER_TYPES: dict[str, type] = {
    "sessions": int,
    "max_minutes": int,
    "weekly_volume": float,
    "longest_run": float,
}


def parse_days(text: str) -> dict[str, str]:
    """'Mon 07:00, Wed 18:30' -> {'Mon': '07:00', 'Wed': '18:30'}."""
    days: dict[str, str] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        pieces = part.split()
        day = weekday_key(pieces[0])
        if day is None or len(pieces) > 2:
            raise UsageError(
                f"{part!r} is not a weekday with a time",
                "write it like 'Mon 07:00, Wed 18:30, Sat 09:00'",
                field="days",
            )
        days[day] = pieces[1] if len(pieces) == 2 else "07:00"
    return dict(sorted(days.items(), key=lambda kv: WEEKDAYS.index(kv[0])))


def _quoted(value: object) -> str:
    """A YAML scalar written as JSON, which YAML reads back unchanged."""
    return json.dumps(value, ensure_ascii=False)


def render_starter(answers: StarterAnswers, source: str) -> str:
    """The starter profile's text, checked to be a valid profile before it is written."""
    values = {**DEFAULTS, **{k: v for k, v in answers._asdict().items() if v is not None}}
    days = parse_days(str(values["days"]))
    sessions = values["sessions"]
    if "sessions" not in {k for k, v in answers._asdict().items() if v is not None}:
        sessions = min(int(str(sessions)), len(days))
    text = render(
        "profile.yaml.j2",
        name=_quoted(values["name"]),
        start=values.get("start"),
        timezone=_quoted(values["timezone"]),
        days={day: _quoted(when) for day, when in days.items()},
        sessions=sessions,
        max_minutes=values["max_minutes"],
        background=values["background"],
        weekly_volume=values["weekly_volume"],
        longest_run=values["longest_run"],
        baseline_cadence=values.get("baseline_cadence"),
        units=values["units"],
    )
    try:
        validate(parse_yaml(text, source), RunnerProfile)
    except InputError as error:
        # The file was never written, so point at the answers, not at its lines.
        raise InputError(
            [problem._replace(source="your answers", line=None) for problem in error.problems]
        ) from None
    return text


def write_starter(answers: StarterAnswers, out: Path, force: bool = False) -> Path:
    """Write the starter profile to `out` atomically; an existing file only when `force`."""
    from posecoach.store import prepare_folder, write_atomic

    if out.exists() and not force:
        raise UsageError(
            f"{out}: already exists", "use {force} to overwrite it, or choose another {out}"
        )
    text = render_starter(answers, str(out))
    prepare_folder(out.parent if str(out.parent) else Path("."))
    write_atomic(out, text.encode())
    return out
