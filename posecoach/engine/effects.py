"""What the regions' states let a session hold: each drill in or out and at what
dose, and how far the run may go (the states themselves are engine/regions.py's).

One rule for every drill that loads a region not in its normal state:
- hold: nothing new that loads it, and nothing more of what is done (the dose
  and its added weight stay at the snapshot taken when the hold began);
- regress: as a hold, less of everything (fewer sets, or a shorter set), and no
  plyometrics;
- stop (a red flag anywhere): no running, no plyometric and no technique drills
  at all, and only light work (the low-load stand-ins) on the region itself;
- rehab (a current injury): its loading programme goes on and progresses under
  pain monitoring; no new-form running and no plyometrics on it;
- return: the run ladder from its first rung, a phase at a time; no plyometrics
  and nothing new on the region but light work.
After a past injury, plyometrics on it wait until a later week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

from posecoach.engine import dosing
from posecoach.engine.regions import Book, RegionState, Snapshot, affected, heavier, stopped
from posecoach.model import Drill, Prescription, Rules
from posecoach.model.profile import Injury

# Why a drill is out of a session.
Exclusion = Literal["stop", "region", "injury", "past-injury"]

# What is left of a session while running is stopped by a red flag.
STRENGTH_ONLY = ("strength", "stability", "mobility")
# What counts as new-form running for a current injury: the run and running drills.
RUNNING = ("running", "integration")


class DrillCall(NamedTuple):
    out: Exclusion | None = None
    cap: Prescription | None = None  # the most it may be, its note (added weight) too
    cut: bool = False  # less than the cap: a step-back
    region: str | None = None  # the region that decided, for the words
    first_dose: bool = False  # new to the runner while a state holds: at its first dose


class RunCall(NamedTuple):
    paused: bool = False  # no new-form running at all
    stage: int | None = None  # the highest rung of the run ladder allowed
    minutes: float = math.inf  # the most running minutes in one run
    region: str | None = None


class Rulings(NamedTuple):
    """The states in force on a day, and what the plan knows to judge drills by."""

    book: Book
    week: int
    rules: Rules
    past: tuple[Injury, ...] = ()
    run_loads: frozenset[str] = frozenset()  # the regions the plan's run loads

    def drill(self, drill: Drill, stand_in: bool = False) -> DrillCall:
        """Whether `drill` may be in a session, and how much of it (`stand_in`: it
        stands in, light, for one the states took out)."""
        if stopped(self.book) and (
            drill.ladder or drill.plyometric or drill.element not in STRENGTH_ONLY
        ):
            return DrillCall("stop", region=stopped(self.book)[0][0])
        found = DrillCall()
        for region, state in affected(self.book, drill.loads):
            call = _one(drill, state, stand_in)._replace(region=region)
            found = _stricter(found, call)
        if found.out is None and drill.plyometric:
            for injury in self.past:
                late = self.week < self.rules.injuries.past_plyometrics_from_week
                if late and injury.region in drill.loads:
                    return DrillCall("past-injury", region=injury.region)
        return found

    def run(self, ladder_top: int) -> RunCall:
        """How far new-form running may go while the states are in force."""
        if stopped(self.book):
            return RunCall(paused=True, region=stopped(self.book)[0][0])
        found = RunCall()
        for region, state in affected(self.book, sorted(self.run_loads)):
            found = _tighter_run(found, _run_for(state, ladder_top)._replace(region=region))
        return found


def _one(drill: Drill, state: RegionState, stand_in: bool) -> DrillCall:
    level, snapshot = state.level, state.snapshot
    if level == "stop":
        return DrillCall("region") if heavier(drill.load, "light") else _capped(drill, snapshot)
    if level == "rehab":
        if drill.plyometric or drill.ladder or drill.element in RUNNING:
            return DrillCall("injury")
        if state.cause is None:
            return DrillCall()  # the loading programme progresses under pain monitoring
        # After a flag in rehab: held, as a hold holds.
    if drill.ladder:
        return DrillCall()  # the run keeps to RunCall
    if drill.plyometric and level in ("regress", "return"):
        return DrillCall("region")
    known = snapshot is not None and drill.id in snapshot.doses
    if not known and not (stand_in or (level == "return" and drill.load == "light")):
        return DrillCall("region")  # nothing new while the region is not normal
    return _capped(drill, snapshot)._replace(cut=level == "regress" and known)


def _capped(drill: Drill, snapshot: Snapshot | None) -> DrillCall:
    """At no more than the snapshot's dose; a drill the snapshot does not hold (a light
    stand-in, new to the runner) stays at its first dose while the state lasts."""
    cap = snapshot.doses.get(drill.id) if snapshot is not None else None
    return DrillCall(cap=cap, first_dose=cap is None)


def _stricter(one: DrillCall, other: DrillCall) -> DrillCall:
    if one.out is not None:
        return one
    if other.out is not None:
        return other
    cap = one.cap
    if other.cap is not None:
        cap = other.cap if cap is None else dosing.cap_dose(cap, other.cap)
    return DrillCall(
        None,
        cap,
        one.cut or other.cut,
        one.region or other.region,
        one.first_dose or other.first_dose,
    )


def _run_for(state: RegionState, ladder_top: int) -> RunCall:
    level, snapshot = state.level, state.snapshot
    if level in ("stop", "rehab"):
        return RunCall(paused=True)
    if level == "return":
        # Never a run longer than the last one done before the stop; after a flag in the
        # return, none longer than the last one done (none at all, if none was).
        minutes = snapshot.run_minutes if snapshot is not None else 0.0
        if not state.flared:
            minutes = minutes or math.inf
        return RunCall(paused=minutes == 0, stage=min(state.phase, ladder_top), minutes=minutes)
    if snapshot is None:
        return RunCall()
    if level == "regress":
        return RunCall(stage=max(0, snapshot.stage - 1), minutes=snapshot.run_minutes)
    return RunCall(stage=snapshot.stage, minutes=snapshot.run_minutes)


def _tighter_run(one: RunCall, other: RunCall) -> RunCall:
    stages = [s for s in (one.stage, other.stage) if s is not None]
    return RunCall(
        one.paused or other.paused,
        min(stages) if stages else None,
        min(one.minutes, other.minutes),
        one.region or other.region,
    )


def held(dose: Prescription, call: DrillCall, volume_factor: float) -> Prescription:
    """`dose` under what the states allow: no more than the cap, with the cap's note
    (no added weight), and less again in a step-back."""
    if call.cap is not None:
        capped = dosing.cap_dose(dose, call.cap)
        if capped.note != call.cap.note:
            capped = capped.model_copy(update={"note": call.cap.note})
        dose = capped
    return dosing.cut_dose(dose, volume_factor) if call.cut else dose


def run_loads(drills: Sequence[Drill]) -> frozenset[str]:
    return frozenset(r for d in drills if d.ladder for r in d.loads)
