"""The cadence rule: small steps over the runner's own baseline, and when to take one.

The targets are relative (+5%, +7.5%, +10% by default, never above the cap),
never a fixed 180 steps per minute, and only on sessions with running or
drills done to the beat. A step is taken at most once a week, when the phase
allows it, never on a deload week nor the week after a realignment, never
while the pain rule holds progress back, never in a week without running.

The engine has no clock, so the check-in log says where "now" is: the weeks
up to the one after the latest check-in are judged on the evidence. There a
step rises after `hold_checkins` check-ins in a row on target, a pain flag
(with or without a cadence) breaking the streak; with no cadence check-ins to
go on, after `min_weeks_per_step` weeks at the step (S55, S60). Later weeks
are a projection: the steps rise on time as planned, each marked (once the
runner checks in cadences) as waiting for check-ins on target, so one good
check-in never takes them off the plan. A pain flag restarts the time a step
has been held, in either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import cycle, islice
from typing import NamedTuple

from posecoach.engine import regions
from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import CadenceStep, Inputs, Ledger, PlanState, remark
from posecoach.model import CadenceRule, CadenceTarget, CheckIn, Item, Rules


class WeekStep(NamedTuple):
    """This week's step, and whether it stands on a projected rise."""

    step: int
    provisional: bool = False


def ceiling(rule: CadenceRule, baseline: int | None) -> int | None:
    """The highest target: the rule's ceiling, or the runner's own cadence when it is
    higher already (then there is nothing to raise: posture and pull instead)."""
    return None if baseline is None else max(rule.ceiling_spm, baseline)


def can_rise(rule: CadenceRule, baseline: int | None) -> bool:
    return baseline is None or baseline < rule.ceiling_spm


def target(
    step: int, rule: CadenceRule, baseline: int | None, provisional: bool = False
) -> CadenceTarget:
    percent = 0.0 if step == 0 else min(rule.steps_percent[step - 1], rule.cap_percent)
    spm = round(baseline * (1 + percent / 100)) if baseline else None
    top = ceiling(rule, baseline)
    if spm is not None and baseline and top is not None and spm > top:
        spm = top  # never above the ceiling: the step is what is left below it
        percent = round((spm / baseline - 1) * 100, 1)
    if not provisional:
        return CadenceTarget(step=step, percent=percent, spm=spm)
    return CadenceTarget(
        step=step, percent=percent, spm=spm, provisional=True, waits_for=rule.hold_checkins
    )


def week_target(inputs: Inputs, step: WeekStep) -> CadenceTarget:
    return target(
        step.step, inputs.rules.cadence, inputs.profile.baseline_cadence, step.provisional
    )


def session_target(items: Sequence[Item], week: CadenceTarget) -> CadenceTarget | None:
    """A session's target: the week's, when it runs or has drills done to the beat."""
    return week if any(i.run is not None or i.cadence for i in items) else None


def flags_pain(checkin: CheckIn, rules: Rules) -> bool:
    """A pain flag for the cadence: pain above the pain rule's advance_max, swelling,
    or pain not settled next morning."""
    if checkin.missed:
        return False
    return (
        (checkin.pain or 0) > rules.pain.advance_max
        or checkin.swelling
        or checkin.settled_next_morning is False
    )


class CadenceEvidence(NamedTuple):
    """What the check-ins since the current step began say about the next one."""

    advance: bool  # enough check-ins in a row on target, no pain flag among or after them
    seen: bool  # any cadence check-in at all since the step began
    checkins: tuple[CheckIn, ...] = ()  # the streak on target, oldest first
    flag: CheckIn | None = None  # the latest pain flag since the step began
    # The latest cadences when each of the last `hold_checkins` was far below the
    # target: the baseline may be wrong, so the rise waits for a new one.
    far_below: tuple[CheckIn, ...] = ()


def cadence_evidence(
    checkins: Sequence[CheckIn], target_spm: int | None, rules: Rules
) -> CadenceEvidence:
    """Judge the check-ins (oldest first) against the current target.

    A pain flag, with or without a cadence, and a cadence below the target
    break the streak; a check-in with neither leaves it as it is. Without a
    baseline there is no target in steps per minute to compare with, so any
    cadence check-in without a pain flag counts as on target.
    """
    rule = rules.cadence
    floor = target_spm * (1 - rule.tolerance_percent / 100) if target_spm else None
    far = target_spm * (1 - rule.rebaseline_below_percent / 100) if target_spm else None
    streak: list[CheckIn] = []
    below: list[CheckIn] = []
    seen = False
    flag: CheckIn | None = None
    for checkin in checkins:
        if checkin.missed:
            continue
        seen = seen or checkin.cadence is not None
        if checkin.cadence is not None:
            below = [*below, checkin] if far is not None and checkin.cadence < far else []
        if flags_pain(checkin, rules):
            flag, streak = checkin, []
        elif checkin.cadence is not None:
            on_target = floor is None or checkin.cadence >= floor
            streak = [*streak, checkin] if on_target else []
    recent = tuple(streak[-rule.hold_checkins :])
    low = tuple(below[-rule.hold_checkins :]) if len(below) >= rule.hold_checkins else ()
    return CadenceEvidence(len(recent) == rule.hold_checkins, seen, recent, flag, low)


def judged_until(inputs: Inputs) -> int:
    """The last week judged on the evidence: the week after the latest check-in's
    (0 without check-ins); the weeks after it are a projection."""
    if not inputs.checkins:
        return 0
    latest = max(c.date for c in inputs.checkins)
    return (latest - inputs.start).days // 7 + 2


def runs_this_week(inputs: Inputs, state: PlanState, week: WeekOutline) -> bool:
    """Whether the week has new-form running: running is not stopped, and the phase's
    sessions for this runner hold a run (drills to the beat alone are no test of a
    new cadence)."""
    if regions.stopped(state.regions):
        return False
    curriculum = inputs.curriculum
    runs = {d.id for d in curriculum.drills if d.ladder}
    count = inputs.profile.sessions_per_week
    return any(
        entry.drill in runs
        for template_id in islice(cycle(week.phase.sessions), count)
        for entry in curriculum.template(template_id).items
    )


def _weeks_held(inputs: Inputs, carried: CadenceStep, number: int, flag: CheckIn | None) -> int:
    """Weeks at the step so far, counted from the week after a pain flag's."""
    if flag is None:
        return carried.weeks
    flagged = (flag.date - inputs.start).days // 7 + 1
    return max(0, min(carried.weeks, number - flagged - 1))


def week_step(inputs: Inputs, state: PlanState, ledger: Ledger, week: WeekOutline) -> WeekStep:
    """This week's step: one up at most, when the phase allows it and the evidence
    (or the time held) says so. Records why a step that was due was held, and why
    one was taken on the evidence."""
    carried, rules = state.cadence, inputs.rules
    rule = rules.cadence
    baseline = inputs.profile.baseline_cadence
    projected = week.number > judged_until(inputs)
    same = WeekStep(carried.step, carried.projected)
    allowed = min(week.phase.cadence_step, len(rule.steps_percent))
    if week.number == 1 or carried.step >= allowed or week.deload or carried.wait:
        return same
    if not can_rise(rule, baseline):
        return same  # at or above the ceiling already: said once, for the plan
    current = target(carried.step, rule, baseline)
    since = inputs.checkins_between(carried.since, inputs.week_start(week.number))
    evidence = cadence_evidence(since, current.spm, rules)
    due = carried.weeks >= rule.min_weeks_per_step  # held long enough to rise on time
    on_time = _weeks_held(inputs, carried, week.number, evidence.flag) >= rule.min_weeks_per_step
    if regions.holds_progress(state.regions):
        if due or evidence.advance:
            said = remark("cadence.held-for-pain")
            ledger.record(
                week.number, "cadence", said, checkin=regions.first_cause(state.regions),
                notes="beat",
            )  # fmt: skip
        return same
    if not runs_this_week(inputs, state, week):
        return same
    if evidence.far_below:
        low = [c.cadence for c in evidence.far_below if c.cadence is not None]
        said = remark(
            "cadence.rebaseline",
            target=current.spm,
            measured=[round(m) for m in low],
            percent=rule.rebaseline_below_percent,
        )
        ledger.record(week.number, "cadence", said, checkin=evidence.far_below[-1], notes="beat")
        return same
    step_percent = rule.steps_percent[carried.step]
    if evidence.advance:  # earned, even where the check-ins' weeks are past
        said = remark("cadence.up", percent=step_percent, checkins=len(evidence.checkins))
        ledger.record(week.number, "cadence", said, checkin=evidence.checkins[-1], notes="beat")
        return WeekStep(carried.step + 1)
    if projected:  # the plan as it stands: the rise on time, waiting for check-ins
        measured = any(c.cadence is not None for c in inputs.checkins)
        return WeekStep(carried.step + 1, measured) if on_time else same
    if not evidence.seen and on_time:  # no cadence check-ins to go on: time decides
        return WeekStep(carried.step + 1)
    if due:
        told = [c for c in since if c.cadence is not None or flags_pain(c, rules)]
        said = remark(
            "cadence.held",
            spm=current.spm,
            percent=current.percent,
            next_percent=step_percent,
            checkins=rule.hold_checkins,
            after_flag=evidence.flag.date.isoformat() if evidence.flag is not None else None,
        )
        ledger.record(
            week.number, "cadence", said, checkin=told[-1] if told else None, notes="beat"
        )
    return same


def note_ceiling(inputs: Inputs, ledger: Ledger) -> None:
    """A runner whose own cadence is at the ceiling already gets no rise: the plan
    says so once, and coaches posture and the pull instead."""
    rule, baseline = inputs.rules.cadence, inputs.profile.baseline_cadence
    if baseline is not None and not can_rise(rule, baseline):
        ledger.record(
            1, "cadence", remark("cadence.at-ceiling", spm=baseline, ceiling=rule.ceiling_spm)
        )
    elif baseline is not None and round(baseline * (1 + rule.cap_percent / 100)) > rule.ceiling_spm:
        ledger.record(
            1, "cadence", remark("cadence.capped", spm=baseline, ceiling=rule.ceiling_spm)
        )


def first_step(inputs: Inputs) -> int:
    """Step 1 from week 1 for a current injury where a higher step rate lowers its load
    (the Achilles, S58; the knee, S55, S57); else the baseline."""
    early = set(inputs.rules.injuries.early_cadence) & inputs.profile.current_injuries
    return 1 if early and can_rise(inputs.rules.cadence, inputs.profile.baseline_cadence) else 0


def carry(carried: CadenceStep, step: WeekStep, week_start: date, ran: bool = True) -> CadenceStep:
    """What the next week starts from, once this week works at `step`: a new step
    is judged on check-ins from the week it began, and a week without new-form
    running does not count as a week held at the step."""
    if step.step == carried.step:
        return carried._replace(weeks=carried.weeks + int(ran), wait=False)
    return CadenceStep(step.step, 1, week_start, projected=step.provisional)
