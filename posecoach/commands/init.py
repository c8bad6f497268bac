"""A commented starter profile.yaml from the runner's answers (given as flags or to
questions asked at the edge), checked to be a valid profile before it is written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from posecoach.commands.answers import check, parse_days
from posecoach.errors import InputError, UsageError
from posecoach.i18n import DEFAULT, N_, gettext, language, pgettext, use
from posecoach.loaders import parse_yaml, validate
from posecoach.model import RunnerProfile
from posecoach.render.environment import render
from posecoach.resources import default_profile_file

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


class _Questions(dict[str, str]):
    """The questions, marked here and asked in the language in force: each is translated
    where it is read (the interactive `init` reads `items()`)."""

    def __getitem__(self, name: str) -> str:
        return gettext(super().__getitem__(name))

    def items(self) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        return ((name, gettext(question)) for name, question in super().items())

    def values(self) -> Iterator[str]:  # type: ignore[override]
        return (gettext(question) for question in super().values())


QUESTIONS = _Questions(
    name=N_("Your name (shown on the plan)"),
    start=N_("First day of the plan, e.g. 2027-01-04 or 4 Jan 2027 (blank: next Monday)"),
    timezone=N_("Your time zone (IANA, e.g. Europe/Berlin)"),
    days=N_("Days you can train, with a time each (e.g. Mon 07:00, Wed 18:30, Sat 09:00)"),
    sessions=N_("Sessions per week"),
    max_minutes=N_("Longest session you have time for, in minutes"),
    background=N_("Running background: new, returning or regular"),
    units=N_("Units: km or mi (miles)"),
    weekly_volume=N_("How much do you run per week now (in those units)"),
    longest_run=N_("Your longest run in the last 30 days (in those units)"),
    baseline_cadence=N_("Easy-run cadence in steps per minute, if you know it (blank: not yet)"),
)


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

    def checked(self) -> StarterAnswers:
        """The answers given as words (dates, zone, days, units, background) read the way
        the questions read them: '4 Jan 2027', 'europe/london' and 'miles' are fine."""
        words = ("start", "timezone", "days", "units", "background")
        found = {
            name: check(name, value)
            for name, value in self._asdict().items()
            if name in words and isinstance(value, str)
        }
        return self._replace(**found)  # type: ignore[arg-type]


def default_answer(name: str, given: dict[str, object], zone: str) -> str:
    """The answer a blank reply to a question stands for (shown in brackets)."""
    if name == "timezone":
        return zone
    if name == "name":
        # Translators: the name a starter profile gives its runner when none is given.
        return pgettext("runner", "Runner")
    if name == "days":
        return typed_days(str(DEFAULTS["days"]))
    if name == "sessions" and given.get("days"):
        return str(min(int(str(DEFAULTS["sessions"])), len(parse_days(str(given["days"])))))
    value = DEFAULTS.get(name, "")
    return f"{value:g}" if isinstance(value, float) else str(value)


def typed_days(days: str) -> str:
    """'Tue 18:30, Thu 18:30' as a runner types it in the language in force ('wt 18:30')."""
    names = {
        # Translators: weekdays as a runner types them: 'Mon 07:00, Wed 18:30'.
        "Mon": pgettext("typed weekday", "Mon"),
        "Tue": pgettext("typed weekday", "Tue"),
        "Wed": pgettext("typed weekday", "Wed"),
        "Thu": pgettext("typed weekday", "Thu"),
        "Fri": pgettext("typed weekday", "Fri"),
        "Sat": pgettext("typed weekday", "Sat"),
        "Sun": pgettext("typed weekday", "Sun"),
    }
    return re.sub(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", lambda match: names[match[1]], days)


def _quoted(value: object) -> str:
    """A YAML scalar written as JSON, which YAML reads back unchanged."""
    return json.dumps(value, ensure_ascii=False)


def render_starter(answers: StarterAnswers, source: str, *, says_language: bool = True) -> str:
    """The starter profile's text, checked to be a valid profile before it is written;
    in a language other than English it says `language:` unless `says_language` is off."""
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
        language=language() if says_language and language() != DEFAULT else None,
    )
    try:
        validate(parse_yaml(text, source), RunnerProfile)
    except InputError as error:
        # The file was never written, so point at the answers, not at its lines.
        raise InputError(
            [problem._replace(source="your answers", line=None) for problem in error.problems]
        ) from None
    return text


def default_profile(spoken: str) -> bytes:
    """The built-in default profile as a plan folder keeps it, in the plan's language:
    the shipped file in English; in another language the same data written as `init`
    writes a profile, so its comments are in the runner's words (and it says no
    `language:`, which the default has not)."""
    shipped = default_profile_file()
    if spoken == DEFAULT:
        return shipped.read_bytes()
    data = parse_yaml(shipped.read_text(encoding="utf-8"), str(shipped)).data
    answers = StarterAnswers(
        name=data["name"],
        timezone=data["timezone"],
        days=", ".join(f"{day} {when}" for day, when in data["days"].items()),
        sessions=data["sessions_per_week"],
        max_minutes=data["max_session_minutes"],
        background=data["background"],
        weekly_volume=data["weekly_volume"],
        longest_run=data["longest_run_30d"],
        units=data["units"],
    )
    with use(spoken):
        return render_starter(answers, str(shipped), says_language=False).encode()


class NextStep(NamedTuple):
    command: str
    why: str | None  # said when the step is not the plain one


def next_step(profile_file: Path) -> NextStep:
    """What to run after `init`: a runner with no running to build on starts with the
    foundations curriculum (the rules' first_curriculum); others plan at once."""
    from posecoach.engine.own_running import first_curriculum
    from posecoach.loaders import load_rules

    command = f"posecoach plan {{profile}} {profile_file}"
    text = profile_file.read_text(encoding="utf-8")
    profile = validate(parse_yaml(text, str(profile_file)), RunnerProfile)
    start_with = first_curriculum(profile, load_rules(None))
    if start_with is None:
        return NextStep(command, None)
    why = gettext(
        "You do not run yet, so start with the foundations: drills, strength and a few"
        " minutes of run/walk, before the transition plan."
    )
    return NextStep(f"{command} {{curriculum}} {start_with}", why)


def write_starter(answers: StarterAnswers, out: Path, force: bool = False) -> Path:
    """Write the starter profile to `out` atomically; an existing file only when `force`."""
    from posecoach.folder.store import prepare_folder, write_atomic

    if out.exists() and not force:
        raise UsageError(
            f"{out}: already exists", "use {force} to overwrite it, or choose another {out}"
        )
    text = render_starter(answers, str(out))
    prepare_folder(out.parent if str(out.parent) else Path("."))
    write_atomic(out, text.encode())
    return out
