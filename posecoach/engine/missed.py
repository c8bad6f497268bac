"""The missed-sessions rule: after `realign_after` missed sessions in a row, the
plan picks up again where they began (S106).

The weeks after the streak are laid anew from the week it began in, with the
rest of the curriculum fitted into the weeks that remain; the run ladder
resumes from that week's rung, and the cadence waits a week before it rises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from posecoach.engine import layout
from posecoach.engine.state import Inputs, Ledger, PlanState
from posecoach.model import CheckIn, Session, Week


def missed_keys(checkins: Iterable[CheckIn], sessions: Sequence[Session]) -> set[str]:
    """Keys of the sessions the log marks as missed (by key, or by date)."""
    by_date: dict[date, list[str]] = {}
    for session in sessions:
        by_date.setdefault(session.date, []).append(session.key)
    missed: set[str] = set()
    for checkin in checkins:
        if not checkin.missed:
            continue
        if checkin.session is not None:
            missed.add(checkin.session)
        else:
            missed.update(by_date.get(checkin.date, []))
    return missed


def missed_streak(sessions: Sequence[Session], missed: set[str], length: int) -> list[Session]:
    """The first run of `length` or more missed sessions in a row, or []."""
    streak: list[Session] = []
    for session in sessions:
        if session.key in missed:
            streak.append(session)
        else:
            if len(streak) >= length:
                return streak
            streak = []
    return streak if len(streak) >= length else []


def realign(inputs: Inputs, state: PlanState, ledger: Ledger, weeks: Sequence[Week]) -> None:
    """Once the weeks so far end a streak not dealt with yet, relay the weeks to come."""
    number = len(weeks)
    if number >= inputs.weeks:
        return  # no weeks left to relay
    sessions = [s for w in weeks for s in w.sessions]
    missed = missed_keys(inputs.checkins, sessions)
    streak = missed_streak(sessions, missed, inputs.rules.missed.realign_after)
    # missed_streak finds the plan's first streak, so once that one is dealt with
    # it is skipped here, and a later streak is never realigned.
    if not streak or streak[0].key in state.realigned:
        return
    state.realigned.add(streak[0].key)
    resume = (streak[0].date - inputs.start).days // 7 + 1
    every = inputs.curriculum.deload_every
    state.outlines[number:] = layout.relay(state.outlines, resume, number + 1, inputs.weeks, every)
    # The ladder resumes at the last rung actually run (a missed run was never done).
    done = state.done_rung if state.done_rung is not None else state.rungs.get(resume)
    state.ladder = state.ladder._replace(
        stage=min(state.ladder.stage, done if done is not None else state.ladder.stage), phase=""
    )
    state.cadence = state.cadence._replace(wait=True)
    last = streak[-1]
    cause = next(
        c
        for c in inputs.checkins
        if c.missed and (c.session == last.key or (c.session is None and c.date == last.date))
    )
    ledger.record(
        number + 1,
        "missed",
        f"{len(streak)} sessions missed in a row (from {streak[0].date.isoformat()}):"
        f" the plan picks up again with week {resume}'s work, and the rest of the"
        " curriculum is fitted into the weeks that remain.",
        checkin=cause,
        notes="all",
    )
