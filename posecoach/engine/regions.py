"""One state per body region, replayed from the check-in log: the pain-monitoring
model (S90-S93) and the graded return to running (S94) as one machine.

    normal -> hold -> regress -> stop --(a clinician's clearance)--> return -> normal
    rehab (a current injury in the profile) --(check-ins)--> return -> normal

Entering, from the day after the check-in (curricula/progression-rules.yaml, `pain`):
- a red flag (pain of `stop_running_at` or more, swelling, or pain above
  `advance_max` at a bone-stress site) stops running and plyometrics everywhere;
- pain above `hold_max`, or pain not settled by the next morning, steps back;
- pain above `advance_max`, or pain rising `rising_checkins` check-ins in a row
  (however low), holds.
A flag only ever raises a region's state; a hold under a step-back stays a step-back.

Leaving takes `exit_checkins` qualifying check-ins in a row, one level at a time:
pain of `advance_max` or less given for the region, not unsettled next morning,
no swelling, on a session that loaded the region as hard as the one that provoked
the state (or as hard as the state allows, when it allows less). A stop waits for
the clearance as well; a return climbs the run ladder a rung (a phase) once each
is run `repeats_per_phase` times that way, until the rung run before the stop.

This module decides the states. What a state lets a drill or a run do is
`engine/effects.py`; the words are the renderers'.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal, NamedTuple

from posecoach.model import LOAD_CLASSES, REGIONS, CheckIn, Prescription, Rules
from posecoach.model.values import LoadClass

Level = Literal["normal", "hold", "regress", "stop", "rehab", "return"]
# How far each level is from normal: a flag only moves a region up this order.
RANK: Mapping[Level, int] = {
    "normal": 0, "hold": 1, "regress": 2, "return": 3, "rehab": 3, "stop": 4,
}  # fmt: skip
Severity = Literal["none", "hold", "regress", "stop"]
# The most a state lets a drill load its region (a hold continues what is done).
ALLOWS: Mapping[Level, LoadClass] = {
    "normal": "plyometric", "hold": "plyometric", "regress": "heavy",
    "stop": "light", "rehab": "heavy", "return": "heavy",
}  # fmt: skip


class Snapshot(NamedTuple):
    """The load a region's state keeps to: what the runner was doing when it began."""

    doses: Mapping[str, Prescription]  # drill -> its last prescription done
    stage: int  # the run ladder's rung
    run_minutes: float  # the last run done
    last_done: Mapping[str, date] = {}  # drill -> the day it was last done

    def since(self, day: date) -> Snapshot:
        """Only the drills done after `day`: what the runner does now, after a step-back."""
        kept = {d: dose for d, dose in self.doses.items() if self.last_done.get(d, day) > day}
        return self._replace(doses=kept)


class RegionState(NamedTuple):
    level: Level = "normal"
    cause: CheckIn | None = None  # the check-in that set the level (None: the profile)
    provoked: LoadClass = "light"  # how hard the provoking session loaded the region
    good: int = 0  # qualifying check-ins in a row toward the next level down
    phase: int = 0  # return: the rung of the run ladder being run
    top: int = 0  # return: the rung run before the stop, where the return ends
    scores: tuple[int, ...] = ()  # the latest pain scores given here, oldest first
    snapshot: Snapshot | None = None
    # The heaviest load the state lets into sessions for the region: an exit can ask
    # for no heavier evidence than that (after a step-back, a hold has no hops).
    ceiling: LoadClass = "plyometric"
    flared: bool = False  # a flag came in a return: no run longer than the last one done

    def in_force(self) -> tuple[object, ...]:
        """What drafting a session reads of the state (engine/effects.py): when any of
        it changes, sessions already drafted are drafted again. A flag in a rehab
        keeps the level but not what it allows, so the level alone is not enough."""
        return (self.level, self.cause is None, self.phase, self.snapshot, self.flared,
                self.ceiling)  # fmt: skip


# A region's state by name; regions not named are normal with no scores yet.
Book = Mapping[str, RegionState]


def in_force(book: Book) -> dict[str, tuple[object, ...]]:
    """What the states in `book` let into sessions: equal before and after a check-in
    exactly when no session drafted before it has to be drafted again."""
    return {r: s.in_force() for r, s in book.items() if s.level != "normal"}


class Session(NamedTuple):
    """What the check-in's session loaded, by region, and whether it held a run."""

    loads: Mapping[str, LoadClass]
    ran: bool
    stage: int  # the rung it ran at (when it ran)


class Change(NamedTuple):
    """A region's level changed: for the ledger to record (by rule id) and word."""

    region: str
    before: Level
    after: Level
    checkin: CheckIn
    phase: int = 0


def at_start(current: Iterable[str], first_rung: int) -> dict[str, RegionState]:
    """A current injury in the profile starts its region in rehab; its return, when
    check-ins clear it, climbs back to the runner's first rung."""
    return {r: RegionState("rehab", top=first_rung) for r in sorted(set(current))}


def severity(checkin: CheckIn, region: str, rules: Rules, scores: tuple[int, ...]) -> Severity:
    """What one check-in says about `region` (already known to cover it)."""
    pain, rule = checkin.pain or 0, rules.pain
    if checkin.swelling or pain >= rule.stop_running_at:
        return "stop"
    if pain > rule.advance_max and checkin.where == region in rule.bone_stress_sites:
        return "stop"  # pain the runner places on a bone-stress site
    if pain > rule.hold_max or checkin.settled_next_morning is False:
        return "regress"
    if pain > rule.advance_max or rising(scores, rule.rising_checkins):
        return "hold"
    return "none"


def rising(scores: tuple[int, ...], count: int) -> bool:
    """The last `count` scores each higher than the one before."""
    last = scores[-count:]
    return len(last) == count and all(a < b for a, b in itertools.pairwise(last))


def covers(checkin: CheckIn, region: str) -> bool:
    """Whether a check-in speaks of `region`: it names it, or names no region."""
    return checkin.where is None or checkin.where == region


def heavier(one: LoadClass, other: LoadClass) -> bool:
    return LOAD_CLASSES.index(one) > LOAD_CLASSES.index(other)


def lighter_of(one: LoadClass, other: LoadClass) -> LoadClass:
    return other if heavier(one, other) else one


def _regions_of(checkin: CheckIn) -> tuple[str, ...]:
    return REGIONS if checkin.where is None else (checkin.where,)


def take(
    book: Book,
    checkin: CheckIn,
    session: Session | None,
    snapshot: Snapshot,
    rules: Rules,
) -> tuple[dict[str, RegionState], list[Change]]:
    """The book after one check-in (not a missed one), and the levels it changed."""
    new = dict(book)
    changes: list[Change] = []
    if checkin.cleared:
        for region, state in book.items():
            if state.level == "stop" and covers(checkin, region):
                new[region] = _returning(state)
                changes.append(Change(region, "stop", "return", checkin, 0))
    if checkin.pain is None and not checkin.swelling and checkin.settled_next_morning is not False:
        return new, changes  # no word on pain: neither a flag nor evidence of its absence
    for region in _regions_of(checkin):
        state = new.get(region, RegionState())
        scores = state.scores if checkin.pain is None else (*state.scores, checkin.pain)
        state = state._replace(scores=scores[-rules.pain.rising_checkins :])
        level = severity(checkin, region, rules, state.scores)
        if level == "none":
            new[region] = _qualifies(state, region, checkin, session, snapshot, rules, changes)
        else:
            new[region] = _flagged(state, level, region, checkin, session, snapshot, changes)
    return {r: s for r, s in new.items() if s != RegionState()}, changes


def _flagged(
    state: RegionState,
    level: Severity,
    region: str,
    checkin: CheckIn,
    session: Session | None,
    snapshot: Snapshot,
    changes: list[Change],
) -> RegionState:
    provoked = session.loads.get(region, "light") if session is not None else "light"
    kept = state.snapshot or snapshot  # never above the load already in force
    target: Level = level  # type: ignore[assignment]
    if state.level in ("return", "rehab") and level != "stop":
        # No progress in a return or a rehab after a flag: the load done now is what
        # it keeps to, the phase steps back on a step-back, and either waits for
        # check-ins in a row again.
        phase = max(0, state.phase - 1) if level == "regress" else state.phase
        return state._replace(cause=checkin, good=0, phase=phase, snapshot=snapshot, flared=True)
    if RANK[target] <= RANK[state.level]:
        return state._replace(good=0, snapshot=kept)  # no lower, and the count restarts
    changes.append(Change(region, state.level, target, checkin))
    top = max(state.top, snapshot.stage)
    ceiling = lighter_of(state.ceiling, ALLOWS[target])
    return RegionState(target, checkin, provoked, 0, 0, top, state.scores, kept, ceiling)


def _qualifies(
    state: RegionState,
    region: str,
    checkin: CheckIn,
    session: Session | None,
    current: Snapshot,
    rules: Rules,
    changes: list[Change],
) -> RegionState:
    """A check-in with little pain here: a step toward leaving the state, when the
    session behind it loaded the region enough to tell."""
    if state.level in ("normal", "stop") or checkin.pain is None:
        return state
    named = state.cause is not None and state.cause.where == region
    loaded = session.loads.get(region) if session is not None else None
    needed = lighter_of(state.provoked, needed_ceiling(state))
    if named and (loaded is None or heavier(needed, loaded)):
        # Pain placed here needs a session that loaded it enough to tell; pain placed
        # nowhere cannot ask that of every region, so any quiet check-in counts.
        return state  # not evidence either way: the count neither grows nor restarts
    if state.level == "return":
        if session is None or not session.ran or session.stage < state.phase:
            return state
        return _return_step(state, region, checkin, rules, changes)
    good = state.good + 1
    if good < rules.pain.exit_checkins:
        return state._replace(good=good)
    after: Level = {"hold": "normal", "regress": "hold", "rehab": "return"}[state.level]  # type: ignore[assignment]
    changes.append(Change(region, state.level, after, checkin))
    if after == "normal":
        return RegionState(scores=state.scores)
    if after == "return":
        return _returning(state)._replace(snapshot=current)
    # From a step-back to a hold: what goes on is what the step-back left (no hops).
    since = state.cause.date if state.cause is not None else checkin.date
    return state._replace(level=after, good=0, snapshot=current.since(since))


def _returning(state: RegionState) -> RegionState:
    return state._replace(level="return", good=0, phase=0, ceiling=ALLOWS["return"])


def needed_ceiling(state: RegionState) -> LoadClass:
    return lighter_of(state.ceiling, ALLOWS[state.level])


def _return_step(
    state: RegionState, region: str, checkin: CheckIn, rules: Rules, changes: list[Change]
) -> RegionState:
    good = state.good + 1
    if good < rules.return_to_run.repeats_per_phase:
        return state._replace(good=good)
    if state.phase >= state.top:
        changes.append(Change(region, "return", "normal", checkin))
        return RegionState(scores=state.scores)
    changes.append(Change(region, "return", "return", checkin, state.phase + 1))
    return state._replace(good=0, phase=state.phase + 1, flared=False)


def level_of(book: Book, region: str) -> Level:
    state = book.get(region)
    return state.level if state is not None else "normal"


def affected(book: Book, regions: Iterable[str]) -> list[tuple[str, RegionState]]:
    """The regions among `regions` that are not normal, with their states."""
    return [(r, book[r]) for r in regions if r in book and book[r].level != "normal"]


def stopped(book: Book) -> list[tuple[str, RegionState]]:
    """Regions with a red flag not yet cleared: running and plyometrics stop everywhere."""
    return [(r, s) for r, s in book.items() if s.level == "stop"]


def holds_progress(book: Book) -> bool:
    """Whether any region keeps the plan from progressing (the cadence target too)."""
    return any(s.level != "normal" for s in book.values())


def first_cause(book: Book) -> CheckIn | None:
    causes = [s.cause for s in book.values() if s.level != "normal" and s.cause is not None]
    return max(causes, key=lambda c: (c.date, c.recorded)) if causes else None


def since(book: Book) -> date | None:
    cause = first_cause(book)
    return cause.date if cause is not None else None
