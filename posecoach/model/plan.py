"""The plan: what the engine produces.

Weeks of dated sessions, each a list of items with a resolved dose or run/walk,
a cadence target, and the adjustments the engine made along the way. Frozen and
fully serialisable, so `plan.yaml` is a faithful dump of it.
"""

# ruff: noqa: RUF012
# Pydantic copies a field's `= []` default per instance; ruff cannot see that the
# base classes in values.py are pydantic models, so it takes them for class attributes.

from __future__ import annotations

import json
import re
from datetime import date, time
from typing import Any, Literal

from pydantic import Field, model_validator

from posecoach.model.curriculum import Counts
from posecoach.model.values import (
    Block,
    Element,
    Figure,
    LoadClass,
    Output,
    Region,
    SessionKind,
    Units,
    Weekday,
)


class CadenceTarget(Output):
    step: int = Field(ge=0, description="0 is the runner's own baseline")
    percent: float = Field(description="increase over the baseline, in percent")
    spm: int | None = Field(default=None, description="steps per minute, when a baseline is known")
    provisional: bool | None = Field(
        default=None,
        description="a planned rise after the last check-in: it waits for check-ins on target",
    )
    waits_for: int | None = Field(
        default=None, description="check-ins in a row on target a provisional rise waits for"
    )

    @property
    def text(self) -> str:
        if self.step == 0:
            return f"baseline ({self.spm} spm)" if self.spm else "your own easy cadence"
        rise = f"+{self.percent:g}%"
        text = f"{self.spm} spm ({rise})" if self.spm else f"{rise} over your easy cadence"
        if self.provisional:
            needed = (
                f"{self.waits_for} check-ins in a row are" if self.waits_for else "check-ins are"
            )
            text += f", once {needed} on target"
        return text


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
    loads: list[Region] = []
    load: LoadClass = Field(default="light", description="how hard it loads its regions")
    figure: Figure = "stand"
    minutes: float = Field(description="estimated, rests included")
    counts_as: Counts | None = Field(
        default=None, description="the weekly strength work it counts toward"
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_plyometric(cls, data: Any) -> Any:
        if isinstance(data, dict) and "plyometric" in data:
            data = dict(data)
            if data.pop("plyometric") is True:
                data.setdefault("load", "plyometric")
        return data

    @property
    def plyometric(self) -> bool:
        return self.load == "plyometric"

    @property
    def dose_text(self) -> str:
        if self.run is not None:
            return self.run.text
        assert self.dose is not None
        return self.dose.text


# A remark's parameters: what a renderer needs to word it in the runner's language.
Param = str | int | float | bool | list[str] | list[int] | list[float] | None


def _dates_as_text(data: Any) -> Any:
    """plan.yaml writes a date-like parameter plain, so it reads back as a date: the
    parameters of a remark hold the text it was written from."""
    if isinstance(data, dict) and isinstance(data.get("params"), dict):
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in data["params"].items()}
        return {**data, "params": params}
    return data


class Remark(Output):
    """Something the engine says about a session or the plan, as a rule id and its
    parameters, never as a sentence: render/wording.py words it in the runner's
    language. ('text' holds the sentence of a plan written before remarks.)"""

    id: str
    params: dict[str, Param] = {}

    @model_validator(mode="before")
    @classmethod
    def _legacy_sentence(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"id": "text", "params": {"text": data}}
        return _dates_as_text(data)

    @property
    def key(self) -> str:
        """The remark as one hashable string, to find the same remark again."""
        return json.dumps([self.id, self.params], sort_keys=True)


class CheckInRef(Output):
    """The check-in behind a change: enough of it to say which one and what it reported."""

    date: date
    session: str | None = None
    summary: list[str] = Field(
        default=[], description="what it reported, as codes: pain, cadence, missed, ill, ..."
    )
    pain: int | None = None
    where: str | None = None
    cadence: float | None = None
    cleared: str | None = None
    label: str | None = Field(default=None, description="a plan written before: its sentence")


class Adjustment(Output):
    """A change the engine made to the curriculum's intent, and why: a rule id with
    its parameters (render/wording.py words it), the rule's sources, and the check-in
    that caused it."""

    week: int
    session: str | None = None
    rule: str
    id: str = "text"
    params: dict[str, Param] = {}
    sources: list[str] = []
    checkin: CheckInRef | None = Field(default=None, description="the check-in that caused it")

    @model_validator(mode="before")
    @classmethod
    def _legacy_reason(cls, data: Any) -> Any:
        """A plan written before rule ids carries a sentence (`reason`) and a label."""
        if not isinstance(data, dict):
            return data
        data = dict(_dates_as_text(data))
        if "reason" in data:
            data.setdefault("id", "text")
            data.setdefault("params", {"text": data.pop("reason")})
        label = data.get("checkin")
        if isinstance(label, str):
            found = re.match(r"(\d{4}-\d{2}-\d{2})(?: (\S+))?", label)
            if found is None:
                data["checkin"] = None
            else:
                data["checkin"] = {"date": found[1], "session": found[2], "label": label}
        return data

    @property
    def remark(self) -> Remark:
        return Remark(id=self.id, params=self.params)


class Session(Output):
    key: str = Field(description="plan id, week and its place in the week's day order")
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
    cadence: CadenceTarget | None = Field(
        default=None, description="none for a session without running or drills to the beat"
    )
    items: list[Item]
    notes: list[Remark] = []
    title_id: str | None = Field(
        default=None, description="a title the engine chose (running paused): its remark id"
    )

    @property
    def running_minutes(self) -> float:
        return sum(i.run.running_minutes for i in self.items if i.run is not None)


class HomeWork(Output):
    """Short strength work for days without a session, when the week's sessions
    cannot hold all of the weekly calf or foot-core work."""

    counts_as: Literal["calf", "foot-core"]
    days: int = Field(ge=1, description="on how many days without a session this week")
    items: list[Item]
    heavy: bool = Field(default=False, description="heavy calf work: a day apart from hops")
    note: Remark | None = None


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
    home: list[HomeWork] | None = Field(
        default=None, description="strength work for the days between sessions, if any"
    )

    @property
    def running_minutes(self) -> float:
        return sum(s.running_minutes for s in self.sessions)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


class OwnRunning(Output):
    """What the runner does with the running they do now, while the plan runs."""

    keeps: bool = Field(description="keeps their own easy runs, the new form inside them")
    advice: Remark
    start_with: str | None = Field(
        default=None,
        description="the curriculum to do first (its id): no running to build on yet",
    )


class RegionStatus(Output):
    """A body region not in its normal state once every check-in is read."""

    region: Region
    level: Literal["hold", "regress", "stop", "rehab", "return"]
    cause: CheckInRef | None = Field(default=None, description="None: the profile's injury")
    rung: int | None = Field(default=None, description="a return: the run ladder's rung")


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
    own_running: OwnRunning | None = None
    weeks: list[Week]
    adjustments: list[Adjustment] = []
    regions: list[RegionStatus] = Field(
        default=[], description="regions held, stepped back or stopped after every check-in"
    )

    @property
    def sessions(self) -> list[Session]:
        return [s for w in self.weeks for s in w.sessions]

    def session(self, key: str) -> Session:
        for session in self.sessions:
            if session.key == key:
                return session
        raise KeyError(key)
