"""New-form running: the run/walk ladder and the longest-run rule.

A single run longer than 110% of the longest run in the previous 30 days
raised injury rates in a cohort of 5,205 runners (S87); the guard here keeps
every planned run under that cap, counting running minutes (walk breaks out).
The rule's history, its cap, and the wording of what it held back live here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from posecoach.model import Background, LongestRunRule, RunStage, RunWalk

# Where on the ladder a runner starts: a new runner from its first rung.
START_STAGE: dict[Background, int] = {"new": 0, "returning": 1, "regular": 2}


def stage_run(stage: RunStage, deload_factor: float | None) -> RunWalk:
    repeats = stage.repeats
    if deload_factor is not None:
        if repeats > 1:
            repeats = max(1, round(repeats * deload_factor))
        else:
            return RunWalk(
                run_minutes=max(1.0, round(stage.run * deload_factor * 2) / 2),
                walk_minutes=stage.walk,
                repeats=1,
            )
    return RunWalk(run_minutes=stage.run, walk_minutes=stage.walk, repeats=repeats)


def half_minutes(value: float) -> float:
    """Round down to the half minute."""
    return math.floor(value * 2 + 1e-9) / 2


def fit_run(
    run: RunWalk, cap_minutes: float, max_total_minutes: float | None = None
) -> RunWalk | None:
    """The largest run of the same shape with at most `cap_minutes` of running
    and, when given, at most `max_total_minutes` with the walks.

    Whole repeats are kept while they fit; what is left of the cap becomes a
    shorter run to finish, so the run can grow by half minutes. None when not
    even half a minute of running fits.
    """
    total = math.inf if max_total_minutes is None else max_total_minutes
    if run.running_minutes <= cap_minutes + 1e-9 and run.total_minutes <= total + 1e-9:
        return run
    if run.walk_minutes == 0:  # continuous: just shorten it
        minutes = half_minutes(min(cap_minutes, total))
        return RunWalk(run_minutes=minutes, walk_minutes=0, repeats=1) if minutes > 0 else None
    per_repeat = run.run_minutes + run.walk_minutes
    repeats = min(run.repeats, math.floor(cap_minutes / run.run_minutes + 1e-9))
    if total < repeats * per_repeat:
        repeats = math.floor(total / per_repeat + 1e-9)
    left = min(cap_minutes - repeats * run.run_minutes, total - repeats * per_repeat)
    finish = half_minutes(min(left, run.run_minutes))
    if repeats == 0:
        if finish <= 0:
            return None
        return RunWalk(run_minutes=finish, walk_minutes=run.walk_minutes, repeats=1)
    return RunWalk(
        run_minutes=run.run_minutes,
        walk_minutes=run.walk_minutes,
        repeats=repeats,
        final_run_minutes=max(0.0, finish) if finish < run.run_minutes else 0,
    )


def best_run(
    ladder: list[RunStage], stage: int, deload_factor: float | None, cap_minutes: float
) -> RunWalk | None:
    """The longest run under the cap from the rungs up to `stage`.

    When this week's rung does not fit, an easier rung that fits whole is
    better than a cut-down version of the harder one; ties go to the higher rung.
    """
    fitted = (
        fit_run(stage_run(ladder[index], deload_factor), cap_minutes)
        for index in range(stage, -1, -1)
    )
    return max(
        (run for run in fitted if run is not None),
        key=lambda run: run.running_minutes,
        default=None,
    )


@dataclass
class RunHistory:
    """Runs by date, to find the longest one in the window before a day."""

    rule: LongestRunRule
    runs: list[tuple[date, float]] = field(default_factory=list)

    def add(self, day: date, running_minutes: float) -> None:
        if running_minutes > 0:
            self.runs.append((day, running_minutes))

    def longest_before(self, day: date) -> float:
        since = day - timedelta(days=self.rule.window_days)
        return max((m for d, m in self.runs if since <= d < day), default=0.0)

    def last_before(self, day: date) -> float:
        """Running minutes of the last run on or before `day`; 0 when there is none."""
        done = [(d, m) for d, m in self.runs if d <= day]
        return max(done)[1] if done else 0.0

    def cap(self, day: date) -> float:
        """The most running minutes one run on `day` may have."""
        longest = self.longest_before(day)
        if longest == 0:
            return self.rule.entry_minutes
        return max(self.rule.entry_minutes, longest * self.rule.factor)


class RunCaps(NamedTuple):
    """The most running minutes one run may have on a day, by what sets the limit."""

    longest_run: float  # the longest-run rule
    other: float  # a day kept light, or a deload week

    @property
    def limit(self) -> float:
        return min(self.longest_run, self.other)


def caps_on(
    history: RunHistory, day: date, light_cap: float, deload_factor: float | None
) -> RunCaps:
    other = light_cap
    longest = history.longest_before(day)
    if deload_factor is not None and longest > 0:
        other = min(other, longest * deload_factor)  # a deload week runs less
    return RunCaps(history.cap(day), other)


def capped_run(
    planned: RunWalk,
    ladder: list[RunStage],
    stage: int,
    deload_factor: float | None,
    caps: RunCaps,
    rule: LongestRunRule,
) -> tuple[RunWalk | None, str | None]:
    """The session's run under the caps (None: no run fits), and a note when the
    longest-run rule is what held it back (a day kept light has its own note,
    and a deload week shows as one)."""
    fitted = best_run(ladder, stage, deload_factor, caps.limit)
    if fitted == planned or caps.longest_run >= caps.other:
        return fitted, None
    factor = round((rule.factor - 1) * 100)
    held = "left out" if fitted is None else f"held to {fitted.running_minutes:g} running minutes"
    note = (
        f"Run {held}: no run more than {factor}% longer than your longest"
        f" in the last {rule.window_days} days (cap {caps.longest_run:.1f} min)."
    )
    return fitted, note
