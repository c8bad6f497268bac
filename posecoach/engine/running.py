"""New-form running: the run/walk ladder and the longest-run guard.

A single run longer than 110% of the longest run in the previous 30 days
raised injury rates in a cohort of 5,205 runners (S87); the guard here keeps
every planned run under that cap, counting running minutes (walk breaks out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from posecoach.model import Background, LongestRunRule, RunStage, RunWalk

# Where on the ladder a runner starts: a new runner from its first rung.
START_STAGE: dict[Background, int] = {"new": 0, "returning": 1, "regular": 2}


def ladder_stage(ladder: list[RunStage], background: Background, loading_weeks_before: int) -> int:
    """The rung for a week, one higher for every loading week already run."""
    return min(len(ladder) - 1, START_STAGE[background] + loading_weeks_before)


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


def fit_run(run: RunWalk, cap_minutes: float, max_total_minutes: float) -> RunWalk | None:
    """The largest run of the same shape that keeps under both caps.

    Repeats are cut first; when even one repeat is too long it is shortened.
    None when not even a minute of running fits.
    """
    repeats = run.repeats
    per_repeat = run.run_minutes + run.walk_minutes
    limit_running = math.floor(cap_minutes / run.run_minutes + 1e-9)
    limit_total = math.floor(max_total_minutes / per_repeat + 1e-9)
    repeats = min(repeats, limit_running, limit_total)
    if repeats >= 1:
        return run.model_copy(update={"repeats": repeats})
    minutes = math.floor(min(cap_minutes, max_total_minutes - run.walk_minutes) * 2) / 2
    if minutes < 1:
        return None
    return RunWalk(run_minutes=minutes, walk_minutes=run.walk_minutes, repeats=1)


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

    def cap(self, day: date) -> float:
        """The most running minutes one run on `day` may have."""
        longest = self.longest_before(day)
        if longest == 0:
            return self.rule.entry_minutes
        return max(self.rule.entry_minutes, longest * self.rule.factor)
