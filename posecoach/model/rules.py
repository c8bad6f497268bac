"""The progression rules: when cadence rises, pain holds or stops, runs grow, how
often calves and feet are trained, what happens to the runner's own running, and
what a form check from a clip shifts the emphasis to.

Read from YAML; each rule names the sources it rests on.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from posecoach.model.profile import InjuryKind
from posecoach.model.values import Element, InLanguages, Input, Region, Words


class Rule(Input):
    sources: list[Annotated[str, Field(pattern=r"^S\d+b?$")]] = Field(min_length=1)
    summary: Words


class CadenceRule(Rule):
    steps_percent: list[float] = Field(min_length=1, max_length=3)
    cap_percent: float = Field(gt=0, le=15)
    ceiling_spm: int = Field(
        default=185, ge=150, le=220, description="no target above this, but the runner's own"
    )
    rebaseline_below_percent: float = Field(
        default=5, gt=0, le=20, description="check-ins this far below target ask for a new baseline"
    )
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
    exit_checkins: int = Field(
        default=2,
        ge=1,
        le=6,
        description="check-ins in a row at advance_max or less to leave a state",
    )
    rising_checkins: int = Field(
        default=3, ge=2, le=6, description="rising pain scores in a row that hold the load"
    )
    bone_stress_sites: list[Region] = Field(
        default=["shin", "foot-bones", "heel"],
        description="where pain above advance_max is a red flag: a clinician clears it",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.advance_max < self.hold_max < self.stop_running_at:
            raise ValueError("pain thresholds must rise: advance_max < hold_max < stop_running_at")
        return self


class MissedRule(Rule):
    realign_after: int = Field(ge=1, le=14, description="missed sessions that realign the plan")
    window_days: int = Field(default=14, ge=7, le=42, description="...within this many days")


class ReturnRule(Rule):
    """The graded return to running after a red flag and a clinician's clearance."""

    repeats_per_phase: int = Field(ge=1, le=4, description="each return phase done this often")


class InjuriesRule(Rule):
    """What a current or past injury in the profile changes."""

    early_cadence: list[Region] = Field(
        description="a current injury here starts the first cadence step in week 1, where a"
        " higher step rate lowers the load on it"
    )
    past_plyometrics_from_week: int = Field(
        ge=1, le=16, description="after a past injury, plyometrics on it start in this week"
    )
    past_slow_ladder: list[InjuryKind] = Field(
        description="past injuries after which the run ladder climbs every other week"
    )


class RacesRule(Rule):
    no_new_drill_days: int = Field(ge=0, le=42, description="no new drill this close to a race")


class LongestRunRule(Rule):
    factor: float = Field(ge=1.0, le=1.5)
    window_days: int = Field(ge=7, le=60)
    entry_minutes: float = Field(gt=0, le=20)


class DeloadRule(Rule):
    volume_factor: float = Field(gt=0, lt=1)


class HeavyDayRule(Rule):
    heavy_run_minutes: float = Field(gt=0)
    easy_days_between: int = Field(ge=1, le=2)


class StrengthRule(Rule):
    calf_sessions: int = Field(ge=0, le=7, description="the fewest sessions with calf work")
    calf_sessions_most: int = Field(ge=1, le=7, description="the most sessions with calf work")
    foot_core_sessions: int = Field(ge=0, le=7)
    heavy_calf_from_week: int = Field(
        default=3, ge=1, le=52, description="from this week, the calf work is heavy or eccentric"
    )

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.calf_sessions > self.calf_sessions_most:
            raise ValueError("calf_sessions is above calf_sessions_most")
        return self


class OwnRunningRule(Rule):
    first_curriculum: str = Field(
        min_length=1, description="the curriculum for a runner with no running to build on"
    )


FormFault = Literal["overstriding", "hip_lean"]


class FormRule(Rule):
    """What a form check from a clip (posecoach form) changes in the weeks after it."""

    overstride_leg_lengths: float = Field(
        gt=0, le=0.6, description="a foot landing further ahead of the hips is overstriding"
    )
    trunk_lean_degrees: float = Field(
        gt=0, le=30, description="a trunk leaning further forward leans from the hips"
    )
    least_steps: int = Field(ge=4, le=100, description="the fewest steps a clip must show")
    weeks: int = Field(ge=1, le=8, description="how long a clip's emphasis lasts")
    elements: dict[FormFault, list[Element]] = Field(
        description="the drills' elements each fault calls for, most important first"
    )

    @model_validator(mode="after")
    def _every_fault(self) -> Self:
        missing = [f for f in FormFault.__args__ if not self.elements.get(f)]  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"elements: no drills named for {', '.join(missing)}")
        return self


class Rules(InLanguages):
    cadence: CadenceRule
    pain: PainRule
    missed: MissedRule
    longest_run: LongestRunRule
    deload: DeloadRule
    heavy_days: HeavyDayRule
    strength: StrengthRule
    own_running: OwnRunningRule
    return_to_run: ReturnRule
    injuries: InjuriesRule
    races: RacesRule
    form: FormRule

    @property
    def each(self) -> dict[str, Rule]:
        """Every rule by its key in the file (`languages` is no rule)."""
        return {
            name: rule
            for name in type(self).model_fields
            if isinstance(rule := getattr(self, name), Rule)
        }
