"""The daily loop: what the plan holds on a day, the next session when it holds none,
and the week around it with what has been checked in.

The day is an input (the edge reads the clock in the runner's zone), so every
answer here is a pure function of the plan, the check-ins and the day.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from posecoach.engine import matching
from posecoach.errors import UsageError
from posecoach.model import CheckIn, Plan, Session, Week

DayState = Literal["session", "rest", "before", "after"]


class Glance(NamedTuple):
    """One session of the week at a glance."""

    session: Session
    today: bool
    status: str | None  # "done" or "missed" once checked in, else None


class DayView(NamedTuple):
    day: date
    state: DayState  # a session day, a rest day, before the plan starts, after it ends
    week: Week | None  # the day's week (week 1 before the plan starts; none after it)
    sessions: list[Session]  # planned on the day
    next: Session | None  # the next session after the day, when the day has none
    glance: list[Glance]  # the week's sessions
    later: Session | None = None  # the first session after the day, whatever the day holds

    @property
    def logged(self) -> list[str]:
        """How the day's sessions were logged ('done', 'missed'), once all of them are."""
        found = {g.session.key: g.status for g in self.glance}
        said = [found.get(s.key) for s in self.sessions]
        return [s for s in said if s] if self.sessions and all(said) else []

    @property
    def days_to_next(self) -> int | None:
        return None if self.next is None else (self.next.date - self.day).days


def current_week(plan: Plan, day: date) -> Week | None:
    """The week `day` falls in, if it is in the plan."""
    return next((w for w in plan.weeks if w.start <= day <= w.end), None)


def statuses(plan: Plan, checkins: list[CheckIn]) -> dict[str, str]:
    """Each checked-in session's status by its key in `plan`: 'missed', else 'done'
    (the latest check-in wins)."""
    found: dict[str, str] = {}
    for checkin in plan_checkins(plan, checkins):
        if checkin.session is not None:
            found[checkin.session] = "missed" if checkin.missed else "done"
    return found


def plan_checkins(plan: Plan, checkins: list[CheckIn]) -> list[CheckIn]:
    """The check-ins, each naming its session by the key it has in `plan` (keys
    follow day order, and a change of the runner's days renumbers them)."""
    return matching.matched(checkins, ((s.key, s.date) for s in plan.sessions))


def day_view(plan: Plan, day: date, checkins: list[CheckIn] = []) -> DayView:  # noqa: B006
    """What `plan` holds on `day`."""
    done = statuses(plan, checkins)
    if day < plan.start:
        state: DayState = "before"
        week: Week | None = plan.weeks[0] if plan.weeks else None
    elif day > plan.end:
        state, week = "after", None
    else:
        week = current_week(plan, day)
        state = "session" if any(s.date == day for s in plan.sessions) else "rest"
    on_day = [s for s in plan.sessions if s.date == day]
    upcoming = None if on_day else next((s for s in plan.sessions if s.date > day), None)
    glance = [Glance(s, s.date == day, done.get(s.key)) for s in (week.sessions if week else [])]
    later = next((s for s in plan.sessions if s.date > day), None)
    return DayView(day, state, week, on_day, upcoming, glance, later)


class CadenceChoice(NamedTuple):
    session: Session
    bpm: int
    today: bool  # the session is on the day asked about (else it is the next one)


def cadence_for(plan: Plan, day: date) -> CadenceChoice:
    """The cadence target to click at on `day`: its session's, else the next session's
    that has one."""
    candidates = [s for s in plan.sessions if s.date >= day and s.cadence is not None]
    if not candidates:
        raise UsageError(
            f"no session from {day.isoformat()} on has a cadence target",
            "give a BPM: `posecoach metronome 170`",
        )
    session = candidates[0]
    assert session.cadence is not None
    if session.cadence.spm is None:
        raise UsageError(
            "this plan's cadence targets are rises over your own easy cadence, with no tempo yet",
            "add baseline_cadence to your profile and plan again, or give a BPM:"
            " `posecoach metronome 170`",
        )
    return CadenceChoice(session, session.cadence.spm, session.date == day)
