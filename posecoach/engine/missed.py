"""The missed-sessions rule: after `realign_after` missed sessions within
`window_days`, or a check-in marked ill, the plan picks up again from the last
week done in full (S106).

The weeks after it are laid anew from that week, with the rest of the
curriculum fitted into the weeks that remain; the run ladder resumes from that
week's rung, a drill never done starts at its first dose (engine/drafts.py),
and the cadence waits a week before it rises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from posecoach.engine import layout
from posecoach.engine.state import Inputs, Ledger, PlanState, remark
from posecoach.model import CheckIn, Session, Week
from posecoach.model.rules import MissedRule


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


def triggers(
    checkins: Sequence[CheckIn], sessions: Sequence[Session], missed: set[str], rule: MissedRule
) -> list[tuple[date, CheckIn]]:
    """The days a realignment is due, in date order, with the check-in behind each:
    the day `realign_after` sessions have been missed within `window_days`, and
    the day of each check-in marked ill."""
    found: list[tuple[date, CheckIn]] = []
    days = [s.date for s in sessions if s.key in missed]
    by_key = {s.key: s for s in sessions}
    for at, day in enumerate(days):
        window = [d for d in days[: at + 1] if (day - d).days < rule.window_days]
        if len(window) == rule.realign_after:  # the count reaches it here (once a window)
            cause = _cause(checkins, by_key, day)
            if cause is not None:
                found.append((day, cause))
    last = max((s.date for s in sessions), default=None)
    found += [(c.date, c) for c in checkins if c.ill and last is not None and c.date <= last]
    return sorted(found, key=lambda pair: (pair[0], pair[1].recorded))


def _cause(checkins: Sequence[CheckIn], by_key: dict[str, Session], day: date) -> CheckIn | None:
    keys = {k for k, s in by_key.items() if s.date == day}
    return next(
        (
            c
            for c in checkins
            if c.missed and (c.session in keys or (c.session is None and c.date == day))
        ),
        None,
    )


def realign(inputs: Inputs, state: PlanState, ledger: Ledger, weeks: Sequence[Week]) -> None:
    """Once the weeks so far hold a realignment not dealt with yet, relay the weeks
    to come: the next week repeats the last week done in full before it, and the
    rest of the curriculum is fitted into the weeks that remain (S106)."""
    number = len(weeks)
    if number >= inputs.weeks:
        return  # no weeks left to relay
    sessions = [s for w in weeks for s in w.sessions]
    missed = missed_keys(inputs.checkins, sessions)
    pending = [
        (day, cause)
        for day, cause in triggers(inputs.checkins, sessions, missed, inputs.rules.missed)
        if day not in state.realigned
    ]
    if not pending:
        return
    day, cause = pending[0]
    state.realigned.update(d for d, _ in pending)  # one realignment covers them all
    trigger_week = (day - inputs.start).days // 7 + 1
    whole = [
        w.number
        for w in weeks
        if w.number < trigger_week and w.sessions and not any(s.key in missed for s in w.sessions)
    ]
    resume = whole[-1] if whole else 1
    every = inputs.curriculum.deload_every
    state.outlines[number:] = layout.relay(state.outlines, resume, number + 1, inputs.weeks, every)
    # The ladder resumes at the rung of the week repeated (or the last run done, if lower).
    rung = state.rungs.get(resume, state.ladder.stage)
    if state.done_rung is not None:
        rung = min(rung, state.done_rung)
    state.ladder = state.ladder._replace(stage=min(state.ladder.stage, rung), phase="")
    state.cadence = state.cadence._replace(wait=True)
    window = inputs.rules.missed.window_days
    count = sum(1 for s in sessions if s.key in missed and 0 <= (day - s.date).days < window)
    said = remark(
        "missed.realign",
        ill=cause.ill,
        missed=count,
        days=inputs.rules.missed.window_days,
        repeats=resume,
        next_week=number + 1,
    )
    ledger.record(number + 1, "missed", said, checkin=cause, notes="all")
