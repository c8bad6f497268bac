"""Reading the check-ins into the regions' states as the plan is laid
(curricula/progression-rules.yaml: pain S90-S94, return_to_run, injuries).

The week loop calls `catch_up` before each session with that session's day, so
check-ins are read in date order and each takes effect from the day after it.
Each is read against the session it reports on (by key, else by day): what that
session loaded, by region, is what a state's exit asks for. Every change of a
region's level is recorded as a rule id with its parameters; so is each state
still in force at the start of a week, on that week's sessions.
"""

from __future__ import annotations

from datetime import date

from posecoach.engine import regions
from posecoach.engine.effects import Rulings, run_loads
from posecoach.engine.regions import Change, Session
from posecoach.engine.state import Inputs, Ledger, PlanState, RuleName, remark
from posecoach.model import REGIONS, CheckIn
from posecoach.model.values import LoadClass


def catch_up(inputs: Inputs, state: PlanState, ledger: Ledger, day: date, week: int) -> bool:
    """Read every check-in dated before `day` not read yet; True when one changed
    a region's state (so a session already drafted must be drafted again)."""
    changed = False
    while state.taken < len(inputs.checkins) and inputs.checkins[state.taken].date < day:
        checkin = inputs.checkins[state.taken]
        state.taken += 1
        if checkin.missed:
            continue
        before = state.regions
        book, changes = regions.take(
            before, checkin, session_of(state, checkin), state.snapshot(), inputs.rules
        )
        state.regions = book
        changed |= regions.in_force(book) != regions.in_force(before)
        for change in changes:
            _record(ledger, week, change, inputs.rules.pain.advance_max)
    return changed


def session_of(state: PlanState, checkin: CheckIn) -> Session | None:
    """What the check-in's session loaded: its own by key, else the day's sessions."""
    keys = [checkin.session] if checkin.session in state.laid else []
    keys = keys or state.on_day.get(checkin.date, [])
    laid = [state.laid[k] for k in keys if k in state.laid]
    if not laid:
        return None
    loads: dict[str, LoadClass] = {}
    for session in laid:
        for region, load in session.loads.items():
            if region not in loads or regions.heavier(load, loads[region]):
                loads[region] = load
    ran = any(s.ran for s in laid)
    return Session(loads, ran, max(s.stage for s in laid))


def _record(ledger: Ledger, week: int, change: Change, pain: int) -> None:
    """`pain`: the most a rung may hurt and still count (the pain rule's advance_max),
    said in the clearance note as the return-to-run rule applies it."""
    rule: RuleName = "return_to_run" if "return" in (change.before, change.after) else "pain"
    if change.before == "stop" and change.after == "return":
        said = remark("region.cleared", region=change.region, by=change.checkin.cleared, pain=pain)
    elif change.before == "return" and change.after == "return":
        said = remark("region.return-phase", region=change.region, rung=change.phase + 1)
    else:
        said = remark(f"region.{change.after}", region=change.region, was=change.before)
    ledger.record(week, rule, said, checkin=change.checkin)


def rulings(inputs: Inputs, state: PlanState, week: int) -> Rulings:
    """What the states in force allow, for the week's drafts."""
    return Rulings(
        state.regions,
        week,
        inputs.rules,
        tuple(inputs.profile.past_injuries),
        run_loads(inputs.curriculum.drills),
    )


def judge_week(inputs: Inputs, state: PlanState, ledger: Ledger, number: int) -> None:
    """Read the check-ins up to this week's first day, then note each state still in
    force on the week's sessions (what it keeps to, and what ends it): one note for
    the regions one check-in put in the same state."""
    catch_up(inputs, state, ledger, inputs.week_start(number), number)
    rules = inputs.rules
    groups: dict[tuple[object, ...], list[str]] = {}
    for region, found in sorted(state.regions.items()):
        if found.level != "normal":
            cause = (found.cause.date, found.cause.recorded) if found.cause else None
            groups.setdefault((found.level, cause, found.phase, found.good, found.top), []).append(
                region
            )
    for (level, _, phase, good, top), names in groups.items():
        found = state.regions[names[0]]
        rule: RuleName = "return_to_run" if level in ("return", "stop") else "pain"
        if level == "rehab" and found.cause is None:
            rule = "injuries"
        needs = (
            rules.return_to_run.repeats_per_phase if level == "return" else rules.pain.exit_checkins
        )
        said = remark(
            f"region.in-force.{level}",
            regions=[] if len(names) == len(REGIONS) else names,
            since=found.cause.date.isoformat() if found.cause else None,
            needs=max(0, needs - int(good)),  # type: ignore[call-overload]
            rung=int(phase) + 1,  # type: ignore[call-overload]
            top=int(top) + 1,  # type: ignore[call-overload]
            pain=rules.pain.advance_max,
            # After sessions that load it this hard: what tells whether it copes.
            load=regions.lighter_of(found.provoked, regions.needed_ceiling(found))
            if found.cause is not None and found.cause.where is not None
            else None,
        )
        ledger.record(number, rule, said, checkin=found.cause, notes="all")


def note_injuries(inputs: Inputs, ledger: Ledger) -> None:
    """Record, once for the plan, what each injury in the profile changes."""
    rules = inputs.rules.injuries
    for injury in inputs.profile.injuries:
        if injury.current:
            early = injury.region in rules.early_cadence
            said = remark(
                "injury.current", region=injury.region, kind=injury.kind, early_cadence=early
            )
        else:
            slow = injury.kind in rules.past_slow_ladder
            said = remark(
                "injury.past",
                region=injury.region,
                kind=injury.kind,
                plyometrics_from=rules.past_plyometrics_from_week,
                slow_ladder=slow,
            )
        # (A current one's state is noted on every session while it lasts: judge_week.)
        ledger.record(1, "injuries", said)
