"""plan.md: the whole plan as Markdown that reads well on GitHub."""

from __future__ import annotations

from typing import NamedTuple

from posecoach.model import Adjustment, Plan, Week
from posecoach.render import text
from posecoach.render.environment import render


class WeekRow(NamedTuple):
    week: Week
    dates: str
    sessions: int
    minutes: int
    running_minutes: str


class PlanView(NamedTuple):
    """Everything the Markdown template shows, computed here, not in the template."""

    plan: Plan
    dates: str
    sessions_per_week: int
    rows: list[WeekRow]
    adjustments_by_week: dict[int, list[Adjustment]]


def _minutes(value: float) -> str:
    return f"{value:g}" if value else "–"


def week_changes(plan: Plan) -> list[Adjustment]:
    """The changes not already noted on a session of their week (those show there)."""
    noted = {(w.number, note) for w in plan.weeks for s in w.sessions for note in s.notes}
    return [a for a in plan.adjustments if (a.week, a.reason) not in noted]


def plan_view(plan: Plan) -> PlanView:
    rows = [
        WeekRow(
            week=week,
            dates=text.date_range(week.start, week.end),
            sessions=len(week.sessions),
            minutes=week.minutes,
            running_minutes=_minutes(week.running_minutes),
        )
        for week in plan.weeks
    ]
    by_week: dict[int, list[Adjustment]] = {}
    for adjustment in plan.adjustments:  # all of them, each with its rule and sources
        by_week.setdefault(adjustment.week, []).append(adjustment)
    return PlanView(
        plan=plan,
        dates=text.date_range(plan.start, plan.end),
        sessions_per_week=max((len(w.sessions) for w in plan.weeks), default=0),
        rows=rows,
        adjustments_by_week=by_week,
    )


def render_markdown(plan: Plan) -> str:
    return render("markdown/plan.md.j2", view=plan_view(plan))
