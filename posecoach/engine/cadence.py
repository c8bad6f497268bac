"""Cadence targets: small steps over the runner's own baseline.

The targets are relative (+5%, +7.5%, +10% by default), never a fixed 180
steps per minute; a step is held for a while before the next, never rises on
a deload week, and never passes the cap or what the phase allows.
"""

from __future__ import annotations

from posecoach.engine.layout import WeekOutline
from posecoach.model import CadenceRule, CadenceTarget


def target(step: int, rule: CadenceRule, baseline: int | None) -> CadenceTarget:
    percent = 0.0 if step == 0 else min(rule.steps_percent[step - 1], rule.cap_percent)
    spm = round(baseline * (1 + percent / 100)) if baseline else None
    return CadenceTarget(step=step, percent=percent, spm=spm)


def weekly_steps(outlines: list[WeekOutline], rule: CadenceRule) -> list[int]:
    """The cadence step of each week in a plan without check-ins.

    Each step is held for at least `min_weeks_per_step` weeks (standing in for
    the check-ins on target that advance it in an adaptive plan).
    """
    steps: list[int] = []
    step, weeks_held = 0, 0
    for week in outlines:
        allowed = min(week.phase.cadence_step, len(rule.steps_percent))
        if not week.deload and weeks_held >= rule.min_weeks_per_step and step < allowed:
            step, weeks_held = step + 1, 0
        steps.append(step)
        weeks_held += 1
    return steps
