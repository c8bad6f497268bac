"""A check-in: how one session went, or that it was missed.

One line of the plan folder's check-in log; the engine reads them to adapt
the weeks still to come.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import Field, model_validator

from posecoach import limits
from posecoach.model.values import Input, Output, Region, refused


class RunningDynamics(Output):
    """What a watch measured of the running form, when it measures it."""

    ground_contact_ms: float | None = None
    vertical_oscillation_mm: float | None = None
    vertical_ratio_percent: float | None = None
    step_length_mm: float | None = None


class FormFigure(Input):
    """One figure of a form check: its value, its spread over the steps, and how many
    steps (or foot strikes) it rests on."""

    value: float
    spread: float = Field(ge=0, le=1000, description="standard deviation over the steps")
    count: int = Field(ge=0, le=100_000, description="steps or foot strikes measured")


class FormCheck(Input):
    """Running form measured from a side-view clip (posecoach form). Cadence is a
    measurement; the lean, where the foot lands and the bounce are estimates that no
    study has validated from a phone video."""

    clip: str = Field(min_length=1, max_length=300, description="the clip's file name")
    cadence: FormFigure = Field(description="steps per minute, from the hips' bounce")
    lean: FormFigure = Field(description="the trunk's forward lean, degrees")
    strike: FormFigure = Field(description="where the foot lands ahead of the hips, leg lengths")
    bounce: FormFigure = Field(description="the hips' rise and fall over a step, leg lengths")

    @model_validator(mode="after")
    def _plausible(self) -> Self:
        bounds = {
            "cadence": (60, 260),
            "lean": (-45, 60),
            "strike": (-1.5, 1.5),
            "bounce": (0, 1),
        }
        for name, (low, high) in bounds.items():
            value = getattr(self, name).value
            if not low <= value <= high:
                raise ValueError(f"{name} {value:g} is outside {low} to {high}")
        return self


PlanDay = Annotated[date, Field(ge=limits.EARLIEST, le=limits.LATEST)]


class CheckIn(Input):
    """One line of the plan folder's check-in log: how a session went, or that it was missed."""

    date: Annotated[date, Field(ge=limits.EARLIEST, le=limits.LATEST)]
    recorded: datetime = Field(description="when it was logged (UTC)")
    session: str | None = Field(default=None, description="the session's key")
    # Absent from logs written before keys followed day order (engine/matching.py).
    session_day: PlanDay | None = Field(
        default=None, description="the day the session was planned on when it was logged"
    )
    # Any positive figure reads back from the log: a new check-in's cadence is held to
    # limits.CADENCE_LOWEST..CADENCE_HIGHEST when it is given (commands/checkin.py), and
    # lines earlier versions logged with a wider bound must not be skipped now.
    cadence: float | None = Field(default=None, gt=0, description="steps per minute")
    device_cadence: float | None = Field(default=None, description="the watch's own average")
    rpe: int | None = Field(default=None, ge=0, le=limits.SCORE_HIGHEST, description="effort, 0-10")
    pain: int | None = Field(default=None, ge=0, le=limits.SCORE_HIGHEST, description="pain, 0-10")
    where: Region | None = None
    settled_next_morning: bool | None = None
    swelling: bool = False
    missed: bool = False
    ill: bool = Field(default=False, description="ill (a cold, a fever): the plan realigns")
    cleared: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="a clinician's clearance to run again after a red flag: who and when",
    )
    running_minutes: float | None = Field(
        default=None,
        ge=0,
        le=limits.RUNNING_MINUTES,
        description="minutes actually run (from a watch file)",
    )
    replaces: int | None = Field(
        default=None, ge=1, description="the id of the check-in for the session it replaces"
    )
    note: str = Field(default="", max_length=500)
    source: str | None = Field(default=None, description="the activity file it was read from")
    dynamics: RunningDynamics | None = None
    # Absent from logs written before form checks existed: those still read.
    form: FormCheck | None = Field(default=None, description="form measured from a clip")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.where is not None and self.pain is None:
            raise refused("a region needs a pain score", "add pain, 0-10", at="where")
        if self.missed and (self.cadence is not None or self.pain is not None):
            raise refused(
                "a missed session has no cadence or pain to report",
                "leave them out, or log the session as done",
                at="missed",
            )
        if self.missed and self.running_minutes:
            raise refused("a missed session has no running to report", at="missed")
        if self.missed and self.form is not None:
            raise refused("a missed session has no form check", at="missed")
        return self


class Retraction(Input):
    """A log line that takes back an earlier check-in (the log is never edited in place)."""

    retracts: int = Field(ge=1, description="the check-in's id: its line in the log")
    recorded: datetime = Field(description="when it was taken back (UTC)")
