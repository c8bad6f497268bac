"""The scheduling engine: curriculum + profile + rules + start date -> plan.

Pure: no files, no clock, no randomness. The same inputs give the same plan.
This module only walks the weeks; each rule decides in its own module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from posecoach import limits
from posecoach.engine import cadence, load, missed, pain, sessions
from posecoach.engine.own_running import note_own_running
from posecoach.engine.state import Inputs, Ledger, PlanState, reference, remark
from posecoach.errors import UsageError
from posecoach.i18n import _
from posecoach.model import CheckIn, Curriculum, Plan, Rules, RunnerProfile, Week
from posecoach.model.plan import RegionStatus


def build_plan(
    curriculum: Curriculum,
    profile: RunnerProfile,
    rules: Rules,
    start: date,
    weeks: int | None = None,
    checkins: Sequence[CheckIn] = (),
) -> Plan:
    """Lay the curriculum over `weeks` weeks from `start` for this runner,
    adapted by the check-ins so far."""
    # Oldest first, and in the order logged within a day: the latest word on a region counts.
    ordered = tuple(sorted(checkins, key=lambda c: (c.date, c.recorded)))
    inputs = Inputs(curriculum, profile, rules, start, weeks or curriculum.weeks, ordered)
    check_length(curriculum, inputs.weeks)
    check_dates(start, inputs.weeks)
    inputs = inputs.with_checkins_matched()
    state = PlanState.at_start(inputs, cadence.first_step(inputs))
    ledger = Ledger(rules)
    pain.note_injuries(inputs, ledger)
    cadence.note_ceiling(inputs, ledger)
    _note_races(inputs, ledger)
    own = note_own_running(inputs, ledger)
    laid: list[Week] = []
    for number in range(1, inputs.weeks + 1):
        laid.append(_next_week(inputs, state, ledger, number))
        missed.realign(inputs, state, ledger, laid)
    return Plan(
        plan_id=profile.slug,
        runner=profile.name,
        curriculum=curriculum.id,
        curriculum_name=plan_title(curriculum.name, inputs.weeks),
        start=start,
        end=start + timedelta(days=7 * inputs.weeks - 1),
        timezone=profile.timezone,
        units=profile.units,
        baseline_cadence=profile.baseline_cadence,
        own_running=own,
        weeks=laid,
        adjustments=ledger.adjustments,
        regions=[
            RegionStatus(
                region=region,  # type: ignore[arg-type]
                level=found.level,
                cause=reference(found.cause) if found.cause is not None else None,
                rung=found.phase + 1 if found.level == "return" else None,
            )
            for region, found in sorted(state.regions.items())
            if found.level != "normal"
        ],
    )


def plan_title(name: str, weeks: int) -> str:
    """The curriculum's name with the plan's own length: a curriculum named for its
    usual 12 weeks, laid over 8, makes a plan called '8 weeks'. In English: plan.yaml is
    the same in every language; a plan read in another language is titled from its
    curriculum's own name there (plan_words.in_language)."""

    def length(found: re.Match[str]) -> str:
        plural = found[1] == " " and weeks != 1  # '8 weeks', but '8-week' and '1 week'
        return f"{weeks}{found[1]}week{'s' if plural else ''}"

    return re.sub(r"\b\d+([ -])weeks?\b", length, name)


def check_length(curriculum: Curriculum, weeks: int) -> None:
    c = curriculum
    if not c.min_weeks <= weeks <= c.max_weeks:
        said = _("the %(id)s curriculum runs %(least)s to %(most)s weeks, not %(weeks)s")
        raise UsageError(
            said % {"id": c.id, "least": c.min_weeks, "most": c.max_weeks, "weeks": weeks},
            _("try {weeks} %(usual)s, its usual length") % {"usual": c.weeks},
            field="weeks",
        )


def check_dates(start: date, weeks: int) -> None:
    """Every day of the plan within the dates a plan can hold (limits.py): a far date
    is a typo, and would overflow date arithmetic (a plan from 31 Dec 9999)."""
    first, last = limits.EARLIEST, limits.LATEST
    dates = {"first": first.isoformat(), "last": last.isoformat(), "start": start.isoformat()}
    if not first <= start <= last:
        said = _(
            "the plan cannot start on %(start)s: a plan's days fall from %(first)s to %(last)s"
        )
        raise UsageError(
            said % dates,
            _("give a start date between them: {start} YYYY-MM-DD"),
            field="start",
        )
    latest_start = last - timedelta(days=7 * weeks - 1)
    if start > latest_start:
        said = _(
            "a %(weeks)s-week plan from %(start)s would end after %(last)s: a plan's days fall"
            " from %(first)s to %(last)s"
        )
        raise UsageError(
            said % {**dates, "weeks": weeks},
            _("start by %(latest)s, or plan fewer {weeks}") % {"latest": latest_start.isoformat()},
            field="start",
        )


def _next_week(inputs: Inputs, state: PlanState, ledger: Ledger, number: int) -> Week:
    """Decide this week's load and cadence from the check-ins so far, then lay it out."""
    week = state.outlines[number - 1]
    pain.judge_week(inputs, state, ledger, number)
    rulings = pain.rulings(inputs, state, number)
    ladder_top = len(inputs.curriculum.run_ladder) - 1
    slow = any(
        i.kind in inputs.rules.injuries.past_slow_ladder for i in inputs.profile.past_injuries
    )
    ladder = load.week_ladder(state.ladder, week, rulings, ladder_top, state, slow)
    volume = load.week_volume(week, inputs.rules)
    step = cadence.week_step(inputs, state, ledger, week)
    target = cadence.week_target(inputs, step)
    laid = sessions.lay_week(inputs, state, ledger, week, target, ladder, volume)
    state.ladder = ladder
    ran = laid.running_minutes > 0
    state.cadence = cadence.carry(state.cadence, step, inputs.week_start(number), ran)
    state.rungs[number] = ladder.stage
    load.settle_week_load(state, laid)
    # The week-wide changes recorded for this week go on its sessions.
    return ledger.note_sessions(laid)


def _note_races(inputs: Inputs, ledger: Ledger) -> None:
    """A race inside the transition: said once, honestly, with the choice of starting
    the plan after it (changing technique in a race block is a risk of its own)."""
    end = inputs.start + timedelta(days=7 * inputs.weeks - 1)
    for race in inputs.profile.races:
        if inputs.start <= race.date <= end:
            after = race.date + timedelta(days=7 + (7 - race.date.weekday()) % 7)
            said = remark(
                "race.inside",
                name=race.name,
                date=race.date.isoformat(),
                week=(race.date - inputs.start).days // 7 + 1,
                start_after=after.isoformat(),
            )
            ledger.record(1, "races", said)
