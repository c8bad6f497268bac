"""The load the regions' states allow this week: the rung of the run ladder, how
far the doses have come, the volume, and the most a run may be (the states are
engine/regions.py's, what they allow engine/effects.py's; this module turns
them into numbers for the week's drafts).
"""

from __future__ import annotations

from posecoach.engine import dosing
from posecoach.engine.effects import Rulings
from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import Ladder, PlanState, WeekLoad
from posecoach.model import Rules, Week


def week_ladder(
    carried: Ladder,
    week: WeekOutline,
    rulings: Rulings,
    ladder_top: int,
    state: PlanState,
    slow: bool = False,
) -> Ladder:
    """This week's rung and dose progress: one rung up a week; held on a deload
    week, after a week without new-form running (the rung is what the runner has
    run), while running is paused, and every other week when `slow` (after a
    bone-stress injury); never above what a region's state allows."""
    same_phase = carried.phase == week.phase.id
    held = min(week.progress, carried.progress) if same_phase else week.progress
    call = rulings.run(ladder_top)
    last = state.loads.get(week.number - 1)
    idle = last is not None and last.longest_run == 0
    every_other = slow and week.number % 2 == 1
    if week.number == 1:
        stage, progress = carried.stage, week.progress
    elif call.paused or week.deload or every_other:
        stage, progress = carried.stage, held
    elif idle:
        stage, progress = carried.stage, week.progress
    else:
        stage, progress = min(ladder_top, carried.stage + 1), week.progress
    if call.stage is not None:
        stage = min(stage, call.stage)
    return Ladder(stage=stage, progress=progress, phase=week.phase.id)


def week_volume(week: WeekOutline, rules: Rules) -> float | None:
    """The volume factor for a deload week."""
    return rules.deload.volume_factor if week.deload else None


def settle_week_load(state: PlanState, week: Week) -> None:
    """Once a week is laid, what it planned is its load: the most of each drill in a
    session and its longest run (after the 110% rule)."""
    doses = dosing.most_per_drill(item for session in week.sessions for item in session.items)
    longest = max((s.running_minutes for s in week.sessions), default=0.0)
    planned = state.loads.get(week.number)
    ladder = planned.ladder if planned is not None else state.ladder
    state.loads[week.number] = WeekLoad(ladder, doses, longest)
