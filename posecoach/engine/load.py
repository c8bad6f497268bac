"""The load the pain rule allows this week: the rung of the run ladder, how far the
doses have come, the volume, and the most a session may run or dose while a hold,
a step-back or a return after a stop is in force (the decisions are pain.py's;
this module turns them into numbers for the week's drafts).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from posecoach.engine import dosing
from posecoach.engine.layout import WeekOutline
from posecoach.engine.pain import LoadVerdict, verdict
from posecoach.engine.state import Ladder, PlanState, Restrictions, WeekLoad
from posecoach.model import Prescription, Rules, Week


def week_ladder(
    carried: Ladder,
    week: WeekOutline,
    found: LoadVerdict,
    ladder_top: int,
    state: PlanState | None = None,
) -> Ladder:
    """This week's rung and dose progress: one rung up a week, held on a deload
    week, after a week without new-form running (the rung is what the runner has
    run; a plan whose first weeks hold no run starts its runs low), while running
    is stopped and (every other week) under a current injury; at or below a
    hold's or step-back's load while one is in force."""
    same_phase = carried.phase == week.phase.id
    held = min(week.progress, carried.progress) if same_phase else week.progress
    limit = state.limit if state is not None else None
    restrictions = state.restrictions if state is not None else Restrictions()
    slow = bool(restrictions.injured) and week.number % 2 == 1
    back = state.return_rung if state is not None else None
    last = state.loads.get(week.number - 1) if state is not None else None
    idle = last is not None and last.longest_run == 0
    if week.number == 1:
        stage, progress = carried.stage, week.progress
    elif back is not None:  # the first week of running again after a stop
        stage, progress = min(carried.stage, back), held
    elif limit is not None:
        stage = min(carried.stage, limit.stage)
        progress = min(held, limit.progress) if limit.phase == week.phase.id else held
    elif week.deload or restrictions.stop_running is not None or slow:
        stage, progress = carried.stage, held
    elif idle:
        stage, progress = carried.stage, week.progress
    else:
        stage, progress = min(ladder_top, carried.stage + 1), week.progress
    return Ladder(stage=stage, progress=progress, phase=week.phase.id)


def week_volume(week: WeekOutline, found: LoadVerdict, rules: Rules) -> float | None:
    """The volume factor for a deload week, and while a step-back is in force."""
    return rules.deload.volume_factor if week.deload or found.load == "regress" else None


def settle_week_load(state: PlanState, week: Week) -> None:
    """Once a week is laid, what it planned is its load: the most of each drill in a
    session and its longest run (after the 110% rule), for a hold to keep to."""
    doses = dosing.most_per_drill(item for session in week.sessions for item in session.items)
    longest = max((s.running_minutes for s in week.sessions), default=0.0)
    planned = state.loads.get(week.number)
    ladder = planned.ladder if planned is not None else state.ladder
    state.loads[week.number] = WeekLoad(ladder, doses, longest)
    limit = state.limit
    if limit is not None and limit.week == week.number:  # set mid-week, from the plan
        capped = {k: dosing.cap_dose(v, limit.doses.get(k)) for k, v in doses.items()}
        state.limit = limit._replace(
            doses={**limit.doses, **capped}, run_minutes=min(longest, limit.run_minutes)
        )


def within_week(
    ladder: Ladder, volume: float | None, state: PlanState, rules: Rules
) -> tuple[Ladder, float | None]:
    """The rung and volume for the rest of a week once a check-in within it changed
    what the pain rule allows: no higher than a hold or step-back, lighter for a step-back."""
    limit = state.limit
    if limit is not None:
        ladder = ladder._replace(stage=min(ladder.stage, limit.stage))
    stepping_back = verdict(state).load == "regress"
    return ladder, rules.deload.volume_factor if stepping_back else volume


def run_cap(state: PlanState, day: date) -> float:
    """The most running minutes a hold, a step-back or a return allows on `day`."""
    cap = float("inf")
    if state.limit is not None:
        cap = state.limit.run_minutes
    if state.return_cap is not None and day < state.return_cap[1]:
        cap = min(cap, state.return_cap[0])
    return cap


def dose_limits(state: PlanState) -> Mapping[str, Prescription]:
    return state.limit.doses if state.limit is not None else {}
