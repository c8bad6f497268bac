"""The pain rule, and the load it allows (curricula/progression-rules.yaml, S90-S95).

Pain during or after a session, 0-10: 3 or less advance; 4-5 hold; more than 5,
or not settled by the next morning, step back; 7 or more, or swelling, stop
running. Each check-in takes effect from the day after it, the rest of its week
included, and each lasts until an all-clear, a later check-in in the same
region with pain of 3 or less:
- a hold keeps every later session at the reporting week's load (rung, doses,
  longest run); a step-back goes a rung down at the deload volume and stays there;
- a stop keeps running, technique and plyometric drills out, and the heavy
  loading of the painful region (heel drops, calf raises) gives way to its
  low-load stand-in; the plan says to see a professional;
- after a stop, running comes back at no more than half the last run done
  before it, and the region's plyometric drills only after two runs in a row
  with pain of 3 or less;
- a current injury in the profile keeps the region's plyometric drills out,
  slows the run ladder and holds the cadence until a check-in there is pain-free.

Every decision of the rule is made here and worded here. The week loop calls
`catch_up` before each session with that session's day, so the rule reads the
check-ins in date order as the plan is laid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Literal, NamedTuple

from posecoach.engine import dosing, running
from posecoach.engine.state import (
    EVERYWHERE,
    Inputs,
    Ledger,
    LoadLimit,
    PlanState,
    Restrictions,
)
from posecoach.model import REGIONS, CheckIn, Curriculum, Drill, Prescription, Rules

Load = Literal["advance", "hold", "regress"]
Severity = Literal["advance", "hold", "regress", "stop"]

# Why a drill is out of a session: a current injury (noted once for the plan) or
# a check-in (noted on the week's sessions it was taken from).
Exclusion = Literal["injury", "check-in"]

# What is left of a session while running is stopped.
STRENGTH_ONLY = ("strength", "stability", "mobility")
RUNS_BEFORE_PLYOMETRICS = 2  # pain-free runs in a row before a region's plyometrics return


class LoadVerdict(NamedTuple):
    load: Load
    cause: CheckIn | None = None


def _pain(checkin: CheckIn) -> int:
    """Pain as reported; a check-in that reports none counts as pain-free."""
    return checkin.pain if checkin.pain is not None else 0


def severity(checkin: CheckIn, rules: Rules) -> Severity:
    pain, rule = _pain(checkin), rules.pain
    if checkin.swelling or pain >= rule.stop_running_at:
        return "stop"
    if pain > rule.hold_max or checkin.settled_next_morning is False:
        return "regress"
    if pain > rule.advance_max:
        return "hold"
    return "advance"


def flags_pain(checkin: CheckIn, rules: Rules) -> bool:
    """Whether a check-in raises a pain flag: more pain than allows advancing,
    swelling, or pain not settled by the next morning."""
    return not checkin.missed and severity(checkin, rules) != "advance"


def covers(region: str, checkin: CheckIn) -> bool:
    """Whether a pain-free check-in gives the all-clear for `region`."""
    return region == EVERYWHERE or checkin.where is None or checkin.where == region


def _regions(keys: Mapping[str, object] | frozenset[str]) -> frozenset[str]:
    return frozenset(REGIONS) if EVERYWHERE in keys else frozenset(keys)


def blocked_regions(restrictions: Restrictions) -> frozenset[str]:
    return _regions(restrictions.no_plyometrics)


def stopped_regions(restrictions: Restrictions) -> frozenset[str]:
    return _regions(restrictions.stopped)


def holds_progress(verdict: LoadVerdict, restrictions: Restrictions) -> bool:
    """Whether the pain rule holds other progress back (the cadence target included):
    a hold or step-back in force, running stopped or just back after a stop, or a
    current injury not yet cleared."""
    return (
        verdict.load != "advance"
        or restrictions.stop_running is not None
        or bool(restrictions.injured)
        or bool(restrictions.awaiting_runs)  # the first runs back after a stop
    )


def verdict(state: PlanState) -> LoadVerdict:
    """The load the rule allows now, from the hold or step-back in force."""
    limit = state.limit
    return LoadVerdict("advance") if limit is None else LoadVerdict(limit.kind, limit.cause)


# ------------------------------------------------------------------ reading check-ins


def catch_up(inputs: Inputs, state: PlanState, ledger: Ledger, day: date, week: int) -> bool:
    """Read every check-in dated before `day` not read yet; True when one changed
    what the rule allows (so a session already drafted must be drafted again)."""
    changed = False
    while state.taken < len(inputs.checkins) and inputs.checkins[state.taken].date < day:
        checkin = inputs.checkins[state.taken]
        state.taken += 1
        if not checkin.missed:
            changed |= _take(inputs, state, ledger, checkin, week)
    return changed


def _take(inputs: Inputs, state: PlanState, ledger: Ledger, checkin: CheckIn, week: int) -> bool:
    rules = inputs.rules
    before = (state.restrictions, state.limit)
    level = severity(checkin, rules)
    region = checkin.where or EVERYWHERE
    r = state.restrictions
    no_plyometrics, stopped = dict(r.no_plyometrics), dict(r.stopped)
    awaiting, injured = dict(r.awaiting_runs), set(r.injured)
    if level == "stop":
        stopped[region] = checkin
        no_plyometrics[region] = checkin
        awaiting.pop(region, None)
        state.limit = _limit("regress", inputs, state, checkin, region, week)
        if state.history.kept_until is None:  # the runner's own running stops too
            state.history.kept_until = checkin.date
    elif level == "regress":
        no_plyometrics[region] = checkin
        state.limit = _limit("regress", inputs, state, checkin, region, week)
    elif level == "hold":
        if state.limit is None or state.limit.kind == "hold":
            state.limit = _limit("hold", inputs, state, checkin, region, week)
        else:  # the step-back in force stays, held to this week's load too, and waits
            current = state.limit  # for this region's all-clear as well
            held = _limit("hold", inputs, state, checkin, region, week)
            state.limit = held._replace(kind=current.kind, cause=current.cause)
    if level != "advance":
        # A flag restarts the count of pain-free runs a region is waiting for.
        awaiting = dict.fromkeys(awaiting, RUNS_BEFORE_PLYOMETRICS)
    else:
        if checkin.pain is not None:  # a pain score of 3 or less: the all-clear
            for cleared in [k for k in stopped if covers(k, checkin)]:
                del stopped[cleared]
                awaiting[cleared] = RUNS_BEFORE_PLYOMETRICS
                _start_return(inputs, state, ledger, checkin, week)
            for healed in [k for k in injured if covers(k, checkin)]:
                injured.discard(healed)
                awaiting[healed] = RUNS_BEFORE_PLYOMETRICS
                no_plyometrics[healed] = checkin
            for settled in [k for k in no_plyometrics if covers(k, checkin)]:
                if settled not in awaiting:
                    del no_plyometrics[settled]
            limit = state.limit
            if limit is not None:
                waiting_on = frozenset(k for k in limit.regions if not covers(k, checkin))
                state.limit = limit._replace(regions=waiting_on)
                if not waiting_on and not stopped:
                    state.limit = None
                    ledger.record(
                        week,
                        "pain",
                        f"All clear after {checkin.label}: the plan progresses again from here.",
                        checkin=checkin,
                    )
        if _is_run(checkin, state):
            # Runs after the return count; the check-in that gives the all-clear does not.
            for waiting in [k for k in awaiting if k in r.awaiting_runs]:
                awaiting[waiting] -= 1
                if awaiting[waiting] <= 0:
                    del awaiting[waiting]
                    no_plyometrics.pop(waiting, None)
    state.restrictions = Restrictions(no_plyometrics, stopped, awaiting, frozenset(injured))
    return (state.restrictions, state.limit) != before


def _is_run(checkin: CheckIn, state: PlanState) -> bool:
    """Whether a check-in reports a run: a cadence, or a planned session with running."""
    if checkin.cadence is not None:
        return True
    return checkin.session is not None and state.runs.get(checkin.session, 0) > 0


def _limit(
    kind: Literal["hold", "regress"],
    inputs: Inputs,
    state: PlanState,
    checkin: CheckIn,
    region: str,
    week: int,
) -> LoadLimit:
    """A hold at the reporting week's load, or a step back one rung below it; a
    step-back from a load already held or stepped back goes lower still."""
    reporting = max(1, min(week, (checkin.date - inputs.start).days // 7 + 1))
    load = state.loads.get(reporting) or state.loads.get(week)
    ladder = load.ladder if load is not None else state.ladder
    doses: Mapping[str, Prescription] = load.doses if load is not None else {}
    longest = load.longest_run if load is not None else 0.0
    current = state.limit
    regions = frozenset({region})
    if current is not None:  # never above what is already in force
        regions |= current.regions
        ladder = ladder._replace(stage=min(ladder.stage, current.stage))
        capped = {k: dosing.cap_dose(v, current.doses.get(k)) for k, v in doses.items()}
        doses = {**current.doses, **capped}  # a drill the week did not hold keeps its limit
        longest = min(longest, current.run_minutes)
    stage = max(0, ladder.stage - 1) if kind == "regress" else ladder.stage
    return LoadLimit(
        kind, regions, checkin, reporting, stage, ladder.progress, ladder.phase, doses, longest
    )


def _start_return(
    inputs: Inputs, state: PlanState, ledger: Ledger, checkin: CheckIn, week: int
) -> None:
    """Running comes back at no more than half the last run done before the stop,
    from the rung that fits it; the ladder climbs again from there."""
    stop = state.restrictions.stop_running
    last = state.history.last_before(stop.date if stop else checkin.date)
    entry = inputs.rules.longest_run.entry_minutes
    cap = max(0.5, running.half_minutes(last / 2)) if last > 0 else entry
    ladder = inputs.curriculum.run_ladder
    fitting = [i for i in range(state.ladder.stage + 1) if ladder[i].run_minutes <= cap]
    state.return_rung = fitting[-1] if fitting else 0
    # The first week back: every run under the cap (the day after the all-clear on).
    state.return_cap = (cap, checkin.date + timedelta(days=8))
    ledger.record(
        week,
        "pain",
        f"Running returns after {checkin.label}: at most {cap:g} running minutes (half the"
        " last run done before the stop), then up the run ladder a rung a week; plyometric"
        f" drills for that region only after {RUNS_BEFORE_PLYOMETRICS} runs in a row with"
        f" pain of {inputs.rules.pain.advance_max} or less.",
        checkin=checkin,
    )


# ------------------------------------------------------------------ the week's load


def judge_week(inputs: Inputs, state: PlanState, ledger: Ledger, number: int) -> LoadVerdict:
    """Read the check-ins up to this week's first day, then record the hold or
    step-back still in force, if any."""
    catch_up(inputs, state, ledger, inputs.week_start(number), number)
    found = verdict(state)
    limit = state.limit
    # While running is stopped, the stop's own note says all (a step-back's
    # "easier run" would read as if there were one).
    if limit is not None and number > 1 and state.restrictions.stop_running is None:
        ledger.record(
            number, "pain", limit_reason(limit, inputs.rules), checkin=limit.cause, notes="all"
        )
    return found


def limit_reason(limit: LoadLimit, rules: Rules) -> str:
    named = _region_names(sorted(limit.regions))
    where = "" if EVERYWHERE in limit.regions else f" at the {' and the '.join(named)}"
    clear = f"until a check-in{where} reports pain of {rules.pain.advance_max} or less"
    if limit.kind == "hold":
        return (
            f"Holding week {limit.week}'s load (no progression) after {limit.cause.label}, {clear}."
        )
    return f"Stepping back: lighter doses and an easier run after {limit.cause.label}, {clear}."


# ------------------------------------------------------------------ drills left out


def leaves_out(drill: Drill, restrictions: Restrictions) -> Exclusion | None:
    """Why the rule keeps `drill` out of a session, if it does."""
    if drill.plyometric and restrictions.injured.intersection(drill.loads):
        return "injury"
    if restrictions.stopped:
        if drill.element not in STRENGTH_ONLY or drill.plyometric:
            return "check-in"
        if drill.heavy and stopped_regions(restrictions).intersection(drill.loads):
            return "check-in"
    if drill.plyometric and blocked_regions(restrictions).intersection(drill.loads):
        return "check-in"
    return None


def explain_restrictions(
    restrictions: Restrictions, rules: Rules, removed: Sequence[str]
) -> tuple[str, CheckIn] | None:
    """Why check-ins took `removed` (drill names) out of a session, and the cause."""
    if not removed:
        return None
    stop = restrictions.stop_running
    clear = f"pain of {rules.pain.advance_max} or less and no swelling"
    if stop is not None:
        return (
            f"No running, technique or plyometric drills, and no heavy calf or Achilles work"
            f" on the painful region, after {stop.label}: strength and mobility only, with"
            " low-load holds in place of heel drops and calf raises. Please see a"
            " physiotherapist or doctor; running returns after a check-in there with"
            f" {clear}.",
            stop,
        )
    waiting = [k for k in restrictions.no_plyometrics if k in restrictions.awaiting_runs]
    painful = [k for k in restrictions.no_plyometrics if k not in restrictions.awaiting_runs]
    parts = []
    if painful:
        named = ", ".join(_region_names(painful))
        parts.append(
            f"Plyometric drills that load the {named} are left out ({', '.join(removed)})"
            f" until a check-in there reports pain of {rules.pain.advance_max} or less."
        )
    if waiting:
        named = ", ".join(_region_names(waiting))
        parts.append(
            f"Plyometric drills that load the {named} come back after"
            f" {RUNS_BEFORE_PLYOMETRICS} runs in a row with pain of"
            f" {rules.pain.advance_max} or less ({', '.join(removed)} left out until then)."
        )
    cause = list(restrictions.no_plyometrics.values())[-1]
    return " ".join(parts), cause


def why_changed(
    state: PlanState, rules: Rules, removed: Sequence[str]
) -> tuple[str, CheckIn | None] | None:
    """Why a session drafted again within its week changed: the drills check-ins took
    out of it, else the hold or step-back now in force; None when neither."""
    explained = explain_restrictions(state.restrictions, rules, removed)
    if explained is not None:
        return explained
    limit = state.limit
    return (limit_reason(limit, rules), limit.cause) if limit is not None else None


def _region_names(keys: Sequence[str]) -> list[str]:
    """'everywhere' reads as the whole body."""
    return sorted("whole body" if k == EVERYWHERE else k for k in keys)


def note_current_injuries(curriculum: Curriculum, injured: frozenset[str], ledger: Ledger) -> None:
    """Record, once for the plan, what a current injury changes and that it needs a
    professional's all-clear."""
    if not injured:
        return
    left_out = [d.name for d in curriculum.drills if d.plyometric and injured.intersection(d.loads)]
    regions = ", ".join(sorted(injured))
    out = f" Left out: {', '.join(left_out)}." if left_out else ""
    ledger.record(
        1,
        "pain",
        f"Current injury ({regions}): a physiotherapist or doctor should clear you before"
        " you change your running technique. Until a check-in there reports pain of 3 or"
        " less, plyometric drills that load it stay out, new-form running climbs a rung"
        f" every other week and the cadence target stays at your own.{out}",
        notes="all",  # on the first week's sessions too, so the calendar says it
    )
