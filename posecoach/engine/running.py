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

from posecoach.model import Background, LongestRunRule, Remark, RunStage, RunWalk

# Where on the ladder a runner starts: a new runner from its first rung.
START_STAGE: dict[Background, int] = {"new": 0, "returning": 1, "regular": 2}


def shaped(run: float, walk: float, bouts: list[float]) -> RunWalk | None:
    """Run bouts with walks between them, ending on a run: a last walk would
    only cool the runner down on the way home, so the last bout is the final run."""
    bouts = [b for b in bouts if b > 0]
    if not bouts:
        return None
    if walk == 0 or len(bouts) == 1:
        return RunWalk(run_minutes=sum(bouts), walk_minutes=0, repeats=1)
    return RunWalk(
        run_minutes=run, walk_minutes=walk, repeats=len(bouts) - 1, final_run_minutes=bouts[-1]
    )


def _bouts(run: RunWalk) -> list[float]:
    return [run.run_minutes] * run.repeats + (
        [run.final_run_minutes] if run.final_run_minutes else []
    )


def stage_run(stage: RunStage, deload_factor: float | None) -> RunWalk:
    repeats = stage.repeats
    if deload_factor is not None:
        if repeats > 1:
            repeats = max(1, round(repeats * deload_factor))
        else:
            minutes = max(1.0, round(stage.run * deload_factor * 2) / 2)
            return RunWalk(run_minutes=minutes, walk_minutes=0, repeats=1)
    shape = shaped(stage.run, stage.walk, [stage.run] * repeats)
    assert shape is not None  # a stage runs for more than nothing
    return shape


def half_minutes(value: float) -> float:
    """Round down to the half minute."""
    return math.floor(value * 2 + 1e-9) / 2


def fit_run(
    run: RunWalk, cap_minutes: float, max_total_minutes: float | None = None
) -> RunWalk | None:
    """The largest run of the same shape with at most `cap_minutes` of running
    and, when given, at most `max_total_minutes` with the walks.

    Whole bouts are kept while they fit; what is left becomes a shorter bout
    to finish, so the run can grow by half minutes. It still ends on a run.
    None when not even half a minute of running fits.
    """
    total = math.inf if max_total_minutes is None else max_total_minutes
    if run.running_minutes <= cap_minutes + 1e-9 and run.total_minutes <= total + 1e-9:
        return run
    walk = run.walk_minutes
    kept: list[float] = []
    running = spent = 0.0
    for bout in _bouts(run):
        pause = walk if kept else 0.0
        room = min(cap_minutes - running, total - spent - pause)
        if bout <= room + 1e-9:
            kept.append(bout)
            running, spent = running + bout, spent + pause + bout
            continue
        finish = half_minutes(min(room, bout))
        if finish > 0:
            kept.append(finish)
        break
    return shaped(run.run_minutes, walk, kept)


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
    # The runner's own longest run, while they keep their own running alongside the
    # plan: the new form goes inside those runs, so the rule weighs the whole run.
    kept: float = 0.0
    kept_until: date | None = None  # the day their own running stopped (pain), if it did

    def add(self, day: date, running_minutes: float) -> None:
        if running_minutes > 0:
            self.runs.append((day, running_minutes))

    def longest_before(self, day: date) -> float:
        since = day - timedelta(days=self.rule.window_days)
        longest = max((m for d, m in self.runs if since <= d < day), default=0.0)
        if self.kept_until is None or self.kept_until >= since:
            longest = max(longest, self.kept)
        return longest

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
) -> tuple[RunWalk | None, Remark | None]:
    """The session's run under the caps (None: no run fits), and a remark when the
    longest-run rule is what held it back (a day kept light has its own note,
    and a deload week shows as one)."""
    fitted = best_run(ladder, stage, deload_factor, caps.limit)
    if fitted == planned or caps.longest_run >= caps.other:
        return fitted, None
    said = Remark(
        id="longest-run.held",
        params={
            "minutes": None if fitted is None else fitted.running_minutes,
            "percent": round((rule.factor - 1) * 100),
            "days": rule.window_days,
            "cap": round(caps.longest_run, 1),
        },
    )
    return fitted, said
