"""The data model: what goes into the engine and what comes out.

Inputs (curriculum, runner profile, progression rules) are read from YAML and
reject unknown keys, so a misspelt key is an error, never silently ignored.
The plan is the engine's output; it is frozen and fully serialisable, so
`plan.yaml` is a faithful dump of it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from itertools import pairwise
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
Element = Literal[
    "pose", "fall", "pull", "integration", "strength", "stability", "mobility", "running"
]
Region = Literal[
    "foot", "ankle", "achilles", "calf", "shin", "knee",
    "hamstring", "quadriceps", "hip", "glutes", "lower-back", "core",
]  # fmt: skip
Block = Literal["warm-up", "drills", "running", "strength", "mobility"]
# Stick figures of a drill's key position (drawn by render/figures.py).
Figure = Literal[
    "stand", "pose", "fall", "pull", "hop", "run", "wall-fall", "calf-raise",
    "heel-drop", "bridge", "side-plank", "side-lying", "step-down", "stretch",
]  # fmt: skip
SessionKind = Literal["technique", "strength", "run", "mobility"]
Background = Literal["new", "returning", "regular"]
Units = Literal["km", "mi"]

ELEMENTS: tuple[str, ...] = Element.__args__  # type: ignore[attr-defined]
REGIONS: tuple[str, ...] = Region.__args__  # type: ignore[attr-defined]

# Where an element's work sits in a session unless the template says otherwise.
# The figure a drill gets when its curriculum names none.
DEFAULT_FIGURE: dict[str, Figure] = {
    "pose": "pose",
    "fall": "fall",
    "pull": "pull",
    "integration": "run",
    "running": "run",
    "strength": "calf-raise",
    "stability": "bridge",
    "mobility": "stretch",
}

DEFAULT_BLOCK: dict[str, Block] = {
    "pose": "drills",
    "fall": "drills",
    "pull": "drills",
    "integration": "drills",
    "running": "running",
    "strength": "strength",
    "stability": "strength",
    "mobility": "mobility",
}

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=1)]


class Input(BaseModel):
    """Base for everything read from a user's file: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    """Base for what the engine produces."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- values


def _span(value: Any) -> Any:
    """Accept `12` or `[10, 15]` for a dose amount."""
    if isinstance(value, bool):
        return value  # let pydantic reject it
    if isinstance(value, int | float):
        return {"low": value, "high": value}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"low": value[0], "high": value[1]}
    return value


class _SpanModel(Output):
    low: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.high < self.low:
            raise ValueError(f"range [{self.low:g}, {self.high:g}] runs backwards")
        return self

    def at(self, progress: float) -> float:
        """The amount `progress` (0..1) of the way from low to high."""
        return self.low + (self.high - self.low) * progress


Span = Annotated[_SpanModel, BeforeValidator(_span)]


def _clock_time(value: Any) -> Any:
    """Read a time of day.

    YAML 1.1 reads an unquoted `07:30` as the base-60 integer 450, so an int is
    taken as minutes after midnight; strings like "7:30" and "07:30" work too.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        raise ValueError("a time of day must be between 00:00 and 23:59")
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"{value!r} is not a time of day like 07:30")
        return time(int(match[1]), int(match[2]))
    return value


ClockTime = Annotated[time, BeforeValidator(_clock_time)]


def _pace_seconds(value: Any) -> Any:
    """Read a pace "m:ss" per unit; unquoted 6:30 arrives from YAML as 390."""
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match[2]) > 59:
            raise ValueError(f"{value!r} is not a pace like 6:30 (minutes:seconds per unit)")
        return int(match[1]) * 60 + int(match[2])
    return value


PaceSeconds = Annotated[int, BeforeValidator(_pace_seconds), Field(ge=150, le=1200)]


def weekday_key(value: str) -> Weekday | None:
    """Map 'mon', 'Monday', 'MON' to 'Mon'; None when it is not a weekday."""
    folded = value.strip().casefold()
    for short, long in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
        if folded in (short.casefold(), long.casefold()):
            return short  # type: ignore[return-value]
    return None


# --------------------------------------------------------------------------- curriculum


class Dose(Input):
    """How much of a drill: sets of reps, seconds, metres or minutes.

    Each amount is a number or a [low, high] range; the engine moves from low
    to high across the weeks of a phase.
    """

    sets: Span = Field(default_factory=lambda: _SpanModel(low=1, high=1))
    reps: Span | None = None
    seconds: Span | None = None
    metres: Span | None = None
    minutes: Span | None = None
    per_side: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        given = [name for name in ("reps", "seconds", "metres", "minutes") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(
                "a dose needs exactly one of reps, seconds, metres or minutes"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self

    @property
    def unit(self) -> str:
        for name in ("reps", "seconds", "metres", "minutes"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated dose without an amount")

    @property
    def amount(self) -> _SpanModel:
        span: _SpanModel = getattr(self, self.unit)
        return span


class Drill(Input):
    """One exercise of the library, described in the project's own words."""

    id: Slug
    name: Text
    element: Element
    purpose: Text
    setup: Text
    cues: list[Text] = Field(min_length=2, max_length=4)
    faults: list[Text] = Field(min_length=1)
    dose: Dose
    progression: Text
    regression: Text
    equipment: list[Text] = []
    loads: list[Region] = Field(min_length=1)
    plyometric: bool = False
    cadence: bool = False
    ladder: bool = False
    figure: Figure | None = Field(default=None, description="stick figure of the key position")
    sources: list[Annotated[str, Field(pattern=r"^S\d+b?$")]] = Field(min_length=1)

    @model_validator(mode="after")
    def _ladder_is_running(self) -> Self:
        if self.ladder and self.element != "running":
            raise ValueError("only a running drill can take its dose from the run ladder")
        return self


class TemplateItem(Input):
    drill: Slug
    dose: Dose | None = None
    block: Block | None = None
    optional: bool = False


class SessionTemplate(Input):
    id: Slug
    title: Text
    kind: SessionKind
    focus: Text
    items: list[TemplateItem] = Field(min_length=1)


class RunStage(Input):
    """One rung of the new-form running ladder: repeats of run then walk."""

    run: float = Field(gt=0, le=90, description="minutes of running per repeat")
    walk: float = Field(ge=0, le=10, description="minutes of walking after each repeat")
    repeats: int = Field(ge=1, le=30)

    @property
    def run_minutes(self) -> float:
        return self.run * self.repeats


class Phase(Input):
    id: Slug
    name: Text
    focus: Text
    weeks: int = Field(ge=1, le=12, description="length in the curriculum's default plan")
    sessions: list[Slug] = Field(min_length=1, description="template ids, most important first")
    cadence_step: int = Field(
        default=0, ge=0, le=3, description="highest cadence step this phase may reach"
    )


class Curriculum(Input):
    id: Slug
    name: Text
    summary: Text
    audience: Text
    weeks: int = Field(ge=2, le=26, description="default plan length")
    min_weeks: int = Field(default=1, ge=1)
    max_weeks: int = Field(default=26, le=52)
    deload_every: int | None = Field(default=4, ge=2, le=8)
    run_ladder: list[RunStage] = Field(min_length=1)
    drills: list[Drill] = Field(min_length=1)
    templates: list[SessionTemplate] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if sum(p.weeks for p in self.phases) != self.weeks:
            raise ValueError(
                f"the phases add up to {sum(p.weeks for p in self.phases)} weeks,"
                f" but weeks is {self.weeks}"
            )
        if not self.min_weeks <= self.weeks <= self.max_weeks:
            raise ValueError("weeks must lie between min_weeks and max_weeks")
        if self.min_weeks < len(self.phases):
            raise ValueError(
                f"min_weeks is {self.min_weeks}, but each of the {len(self.phases)} phases"
                " needs at least a week"
            )
        return self

    def drill(self, drill_id: str) -> Drill:
        return {d.id: d for d in self.drills}[drill_id]

    def template(self, template_id: str) -> SessionTemplate:
        return {t.id: t for t in self.templates}[template_id]


# --------------------------------------------------------------------------- rules


class Rule(Input):
    sources: list[Annotated[str, Field(pattern=r"^S\d+b?$")]] = Field(min_length=1)
    summary: Text


class CadenceRule(Rule):
    steps_percent: list[float] = Field(min_length=1, max_length=3)
    cap_percent: float = Field(gt=0, le=15)
    hold_checkins: int = Field(ge=1, le=6)
    min_weeks_per_step: int = Field(ge=1, le=6)
    tolerance_percent: float = Field(ge=0, le=5)

    @model_validator(mode="after")
    def _rising_and_capped(self) -> Self:
        if any(b <= a for a, b in pairwise(self.steps_percent)):
            raise ValueError("cadence steps must rise")
        if self.steps_percent[-1] > self.cap_percent:
            raise ValueError("the last cadence step is above the cap")
        if self.steps_percent[0] <= 0:
            raise ValueError("cadence steps are increases over baseline, above 0")
        return self


class PainRule(Rule):
    advance_max: int = Field(ge=0, le=10)
    hold_max: int = Field(ge=0, le=10)
    stop_running_at: int = Field(ge=1, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.advance_max < self.hold_max < self.stop_running_at:
            raise ValueError("pain thresholds must rise: advance_max < hold_max < stop_running_at")
        return self


class MissedRule(Rule):
    realign_after: int = Field(ge=1, le=14)


class LongestRunRule(Rule):
    factor: float = Field(ge=1.0, le=1.5)
    window_days: int = Field(ge=7, le=60)
    entry_minutes: float = Field(gt=0, le=20)


class DeloadRule(Rule):
    volume_factor: float = Field(gt=0, lt=1)


class HeavyDayRule(Rule):
    heavy_run_minutes: float = Field(gt=0)
    easy_days_between: int = Field(ge=1, le=2)


class Rules(Input):
    cadence: CadenceRule
    pain: PainRule
    missed: MissedRule
    longest_run: LongestRunRule
    deload: DeloadRule
    heavy_days: HeavyDayRule


# --------------------------------------------------------------------------- profile


class Injury(Input):
    region: Region
    note: str = ""
    current: bool = Field(
        default=False, description="still hurting: plyometrics on it are left out"
    )


def _weekday_mapping(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    normalised: dict[Any, Any] = {}
    for key, when in value.items():
        short = weekday_key(key) if isinstance(key, str) else None
        normalised[short or key] = when
    return normalised


class CalendarPreferences(Input):
    all_day: bool = Field(default=False, description="all-day events instead of timed ones")
    reminder_minutes: int | None = Field(
        default=None, ge=0, le=1440, description="a reminder this long before each session"
    )


class RunnerProfile(Input):
    name: Text = Field(max_length=80)
    plan_id: Slug | None = None
    start: date | None = Field(default=None, description="first day of the plan")
    timezone: Text = "UTC"
    days: Annotated[dict[Weekday, ClockTime], BeforeValidator(_weekday_mapping)] = Field(
        min_length=1, description="available weekdays, each with a preferred start time"
    )
    sessions_per_week: int = Field(ge=1, le=7)
    max_session_minutes: int = Field(ge=20, le=180)
    background: Background
    weekly_volume: float = Field(ge=0, le=300, description="running per week now, in units")
    longest_run_30d: float = Field(ge=0, le=100, description="longest run, last 30 days, in units")
    easy_pace: PaceSeconds | None = Field(default=None, description="m:ss per unit")
    baseline_cadence: int | None = Field(default=None, ge=120, le=220)
    injuries: list[Injury] = []
    units: Units = "km"
    paper: Literal["a4", "letter"] = Field(default="a4", description="drill sheet paper size")
    calendar: CalendarPreferences = Field(default_factory=CalendarPreferences)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone like Europe/Berlin") from None
        return value

    @model_validator(mode="after")
    def _enough_days(self) -> Self:
        if self.sessions_per_week > len(self.days):
            raise ValueError(
                f"sessions_per_week is {self.sessions_per_week} but only"
                f" {len(self.days)} day(s) are available"
            )
        if self.longest_run_30d > self.weekly_volume * 4.5 + 1e-9 and self.weekly_volume > 0:
            raise ValueError("longest_run_30d is larger than a month of weekly_volume")
        return self

    @property
    def pace_seconds(self) -> int:
        """Easy pace per unit, estimated from the background when not given."""
        if self.easy_pace is not None:
            return self.easy_pace
        per_km = {"new": 480, "returning": 420, "regular": 360}[self.background]
        return per_km if self.units == "km" else round(per_km * 1.609344)

    @property
    def longest_run_minutes(self) -> float:
        return self.longest_run_30d * self.pace_seconds / 60

    @property
    def slug(self) -> str:
        if self.plan_id:
            return self.plan_id
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.casefold()).strip("-")
        return slug[:40].strip("-") or "plan"

    @property
    def current_injuries(self) -> frozenset[str]:
        return frozenset(i.region for i in self.injuries if i.current)


# --------------------------------------------------------------------------- check-ins


class RunningDynamics(Output):
    """What a watch measured of the running form, when it measures it."""

    ground_contact_ms: float | None = None
    vertical_oscillation_mm: float | None = None
    vertical_ratio_percent: float | None = None
    step_length_mm: float | None = None


class CheckIn(Input):
    """One line of the plan folder's check-in log: how a session went, or that it was missed."""

    date: date
    recorded: datetime = Field(description="when it was logged (UTC)")
    session: str | None = Field(default=None, description="the session's key")
    cadence: float | None = Field(default=None, ge=60, le=260, description="steps per minute")
    device_cadence: float | None = Field(default=None, description="the watch's own average")
    rpe: int | None = Field(default=None, ge=0, le=10, description="effort, 0-10")
    pain: int | None = Field(default=None, ge=0, le=10, description="pain, 0-10")
    where: Region | None = None
    settled_next_morning: bool | None = None
    swelling: bool = False
    missed: bool = False
    note: str = Field(default="", max_length=500)
    source: str | None = Field(default=None, description="the activity file it was read from")
    dynamics: RunningDynamics | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.where is not None and self.pain is None:
            raise ValueError("--where needs --pain")
        if self.missed and (self.cadence is not None or self.pain is not None):
            raise ValueError("a missed session has no cadence or pain to report")
        return self

    @property
    def summary(self) -> str:
        """What it reported: 'pain 6 at the calf, not settled next morning'."""
        parts = []
        if self.missed:
            parts.append("missed")
        if self.cadence is not None:
            parts.append(f"cadence {self.cadence:g}")
        if self.pain is not None:
            parts.append(f"pain {self.pain}" + (f" at the {self.where}" if self.where else ""))
        if self.settled_next_morning is False:
            parts.append("not settled next morning")
        if self.swelling:
            parts.append("swelling")
        return ", ".join(parts) or "a check-in"

    @property
    def label(self) -> str:
        """The check-in in explanations: '2027-01-20 runner-w03-s2 (pain 6 at the calf)'."""
        session = f" {self.session}" if self.session else ""
        return f"{self.date.isoformat()}{session} ({self.summary})"


# --------------------------------------------------------------------------- plan


class CadenceTarget(Output):
    step: int = Field(ge=0, description="0 is the runner's own baseline")
    percent: float = Field(description="increase over the baseline, in percent")
    spm: int | None = Field(default=None, description="steps per minute, when a baseline is known")

    @property
    def text(self) -> str:
        if self.step == 0:
            return f"baseline ({self.spm} spm)" if self.spm else "your own easy cadence"
        rise = f"+{self.percent:g}%"
        return f"{self.spm} spm ({rise})" if self.spm else f"{rise} over your easy cadence"


class RunWalk(Output):
    """Repeats of run then walk, and optionally a shorter run to finish."""

    run_minutes: float
    walk_minutes: float
    repeats: int
    final_run_minutes: float = 0

    @property
    def running_minutes(self) -> float:
        return self.run_minutes * self.repeats + self.final_run_minutes

    @property
    def total_minutes(self) -> float:
        return (self.run_minutes + self.walk_minutes) * self.repeats + self.final_run_minutes

    @property
    def text(self) -> str:
        if self.walk_minutes == 0:
            return f"{_minutes(self.running_minutes)} continuous"
        run, walk = _minutes(self.run_minutes), _minutes(self.walk_minutes)
        text = f"{self.repeats} × ({run} run / {walk} walk)"
        if self.final_run_minutes:
            text += f", then {_minutes(self.final_run_minutes)} run"
        return text


def _minutes(value: float) -> str:
    if value < 1:
        return f"{round(value * 60)} s"
    return f"{value:g} min"


class Prescription(Output):
    """A dose resolved for one week: whole numbers the runner can count."""

    sets: int
    reps: int | None = None
    seconds: int | None = None
    metres: int | None = None
    minutes: float | None = None
    per_side: bool = False
    note: str | None = None

    @property
    def amount_text(self) -> str:
        """'3 × 10 per side': what to count, without the note."""
        if self.reps is not None:
            amount = f"{self.reps}"
        elif self.seconds is not None:
            amount = f"{self.seconds} s"
        elif self.metres is not None:
            amount = f"{self.metres} m"
        else:
            amount = f"{self.minutes:g} min"
        if self.sets > 1:
            text = f"{self.sets} × {amount}"
        else:  # a bare "20" reads as nothing in particular
            text = f"{amount} reps" if self.reps is not None else amount
        return text + (" per side" if self.per_side else "")

    @property
    def text(self) -> str:
        return f"{self.amount_text} ({self.note})" if self.note else self.amount_text


class Item(Output):
    drill: str
    name: str
    element: Element
    block: Block
    dose: Prescription | None = None
    run: RunWalk | None = None
    cues: list[str]
    cadence: bool = False
    plyometric: bool = False
    loads: list[Region] = []
    figure: Figure = "stand"
    minutes: float = Field(description="estimated, rests included")

    @property
    def dose_text(self) -> str:
        if self.run is not None:
            return self.run.text
        assert self.dose is not None
        return self.dose.text


class Adjustment(Output):
    """A change the engine made to the curriculum's intent, and why."""

    week: int
    session: str | None = None
    rule: str
    reason: str
    sources: list[str] = []
    checkin: str | None = Field(default=None, description="the check-in that caused it")


class Session(Output):
    key: str = Field(description="stable identity: plan id, week and slot")
    slot: int
    template: str
    title: str
    kind: SessionKind
    focus: str
    date: date
    weekday: Weekday
    time: time
    minutes: int
    heavy_calf: bool
    cadence: CadenceTarget
    items: list[Item]
    notes: list[str] = []

    @property
    def running_minutes(self) -> float:
        return sum(i.run.running_minutes for i in self.items if i.run is not None)


class Week(Output):
    number: int
    phase: str
    phase_name: str
    focus: str
    deload: bool
    start: date
    end: date
    cadence: CadenceTarget
    sessions: list[Session]

    @property
    def running_minutes(self) -> float:
        return sum(s.running_minutes for s in self.sessions)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


class Plan(Output):
    plan_id: str
    runner: str
    curriculum: str
    curriculum_name: str
    start: date
    end: date
    timezone: str
    units: Units
    baseline_cadence: int | None = None
    weeks: list[Week]
    adjustments: list[Adjustment] = []

    @property
    def sessions(self) -> list[Session]:
        return [s for w in self.weeks for s in w.sessions]

    def session(self, key: str) -> Session:
        for session in self.sessions:
            if session.key == key:
                return session
        raise KeyError(key)
