"""The cadence rule: small steps over the runner's own baseline, and when to take one.

The targets are relative (+5%, +7.5%, +10% by default), never a fixed 180
steps per minute. A step is taken at most once a week, when the phase allows
it, never on a deload week nor the week after a realignment, never while the
pain rule holds progress back; then after `hold_checkins` consecutive
check-ins on target without a pain flag, or, with no cadence check-ins to go
on, after `min_weeks_per_step` weeks at the step (S55, S60).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from posecoach.engine import pain
from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import CadenceStep, Inputs, Ledger, PlanState
from posecoach.model import CadenceRule, CadenceTarget, CheckIn, Rules


def target(step: int, rule: CadenceRule, baseline: int | None) -> CadenceTarget:
    percent = 0.0 if step == 0 else min(rule.steps_percent[step - 1], rule.cap_percent)
    spm = round(baseline * (1 + percent / 100)) if baseline else None
    return CadenceTarget(step=step, percent=percent, spm=spm)


class CadenceEvidence(NamedTuple):
    """What the check-ins since the current step began say about the next one."""

    advance: bool  # enough consecutive check-ins on target
    seen: bool  # any cadence check-in at all since the step began
    checkins: tuple[CheckIn, ...] = ()


def cadence_evidence(
    checkins: Sequence[CheckIn], target_spm: int | None, rules: Rules
) -> CadenceEvidence:
    """Judge the cadence check-ins (oldest first) against the current target.

    Without a baseline there is no target in steps per minute to compare
    with, so any cadence check-in without a pain flag counts as on target.
    """
    rule = rules.cadence
    measured = [c for c in checkins if c.cadence is not None and not c.missed]
    if not measured:
        return CadenceEvidence(advance=False, seen=False)
    recent = measured[-rule.hold_checkins :]
    floor = target_spm * (1 - rule.tolerance_percent / 100) if target_spm else None

    def on_target(checkin: CheckIn) -> bool:
        assert checkin.cadence is not None
        return not pain.flags_pain(checkin, rules) and (floor is None or checkin.cadence >= floor)

    enough = len(recent) == rule.hold_checkins and all(on_target(c) for c in recent)
    return CadenceEvidence(advance=enough, seen=True, checkins=tuple(recent))


def week_step(
    inputs: Inputs,
    state: PlanState,
    ledger: Ledger,
    week: WeekOutline,
    verdict: pain.LoadVerdict,
) -> int:
    """This week's step: one up at most, when the phase allows it and the evidence
    (or, with no check-ins to go on, the time held) says so. Records why a step
    that was due was held, and why one was taken early."""
    carried, rules = state.cadence, inputs.rules
    rule = rules.cadence
    allowed = min(week.phase.cadence_step, len(rule.steps_percent))
    if week.number == 1 or carried.step >= allowed:
        return carried.step
    if week.deload or carried.wait:
        return carried.step
    current = target(carried.step, rule, inputs.profile.baseline_cadence)
    since = inputs.checkins_between(carried.since, inputs.week_start(week.number))
    evidence = cadence_evidence(since, current.spm, rules)
    nominal = carried.weeks >= rule.min_weeks_per_step  # held long enough to rise anyway
    if pain.holds_progress(verdict, state.restrictions):
        if nominal or evidence.advance:
            reason = "Cadence target held: the pain rule comes first."
            ledger.record(week.number, "cadence", reason, checkin=verdict.cause, notes="beat")
        return carried.step
    if not evidence.seen:
        return carried.step + 1 if nominal else carried.step
    step_text = f"+{rule.steps_percent[carried.step]:g}%"
    if evidence.advance:
        ledger.record(
            week.number,
            "cadence",
            f"Cadence target up to {step_text}: {len(evidence.checkins)} check-ins in a row"
            " on target without a pain flag.",
            checkin=evidence.checkins[-1],
            notes="beat",
        )
        return carried.step + 1
    if nominal:
        ledger.record(
            week.number,
            "cadence",
            f"Cadence target held at {current.text} instead of rising to {step_text}:"
            f" it rises after {rule.hold_checkins} check-ins in a row on target.",
            checkin=evidence.checkins[-1],
            notes="beat",
        )
    return carried.step


def carry(carried: CadenceStep, step: int, week_start: date) -> CadenceStep:
    """What the next week starts from, once this week works at `step`: a new step
    is judged on check-ins from the week it began."""
    if step == carried.step:
        return CadenceStep(step, carried.weeks + 1, carried.since)
    return CadenceStep(step, 1, week_start)
