"""The pain rule, and the week's load it decides (curricula/progression-rules.yaml).

Pain during or after a session: 3 or less advance, 4-5 hold, more than 5 or
not settled by the next morning regress, 7 or more or swelling stop running;
plyometric drills loading a painful region stay out until a check-in there
reports pain of 3 or less (S90-S94). A current injury in the profile keeps the
plyometric drills that load it out of the whole plan.

Every decision of the rule is made here, and its adjustments are worded here:
how severe a check-in is, the week's verdict, what stays restricted, the
week's rung, dose progress and volume, which drills a session leaves out, and
whether the rule holds other progressions back (cadence asks `holds_progress`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Literal, NamedTuple

from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import EVERYWHERE, Inputs, Ladder, Ledger, PlanState, Restrictions
from posecoach.model import REGIONS, CheckIn, Curriculum, Drill, Rules, RunnerProfile

Load = Literal["advance", "hold", "regress"]
Severity = Literal["advance", "hold", "regress", "stop"]

# Why a drill is out of a session: a current injury (noted once for the plan) or
# a check-in (noted on the week's sessions it was taken from).
Exclusion = Literal["injury", "check-in"]

# What is left of a session while running is stopped.
_STRENGTH_ONLY = ("strength", "stability", "mobility")


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
    """Whether a check-in raises a pain flag: more pain than allows advancing, or swelling."""
    return _pain(checkin) > rules.pain.advance_max or checkin.swelling


def load_verdict(checkins: Iterable[CheckIn], rules: Rules) -> LoadVerdict:
    """The week's load from the check-ins of the week before: the worst one decides."""
    order = {"advance": 0, "hold": 1, "regress": 2, "stop": 2}
    worst: LoadVerdict = LoadVerdict("advance")
    worst_rank = 0
    for checkin in checkins:
        if checkin.missed:
            continue
        level = severity(checkin, rules)
        if order[level] > worst_rank:
            worst_rank = order[level]
            worst = LoadVerdict("regress" if level == "stop" else level, checkin)
    return worst


def restrict(restrictions: Restrictions, checkin: CheckIn, rules: Rules) -> Restrictions:
    """The restrictions after one more check-in."""
    if checkin.missed:
        return restrictions
    level = severity(checkin, rules)
    no_plyometrics = dict(restrictions.no_plyometrics)
    stop_running = restrictions.stop_running
    if level == "stop":
        stop_running = checkin
    if level in ("stop", "regress"):
        # A region already restricted keeps its place; only its cause is updated.
        no_plyometrics[checkin.where or EVERYWHERE] = checkin
    elif level == "advance" and checkin.pain is not None:
        # Reported pain of 3 or less: that region (or, with no region, all) has settled.
        stop_running = None
        if checkin.where is None:
            no_plyometrics.clear()
        else:
            no_plyometrics.pop(checkin.where, None)
            no_plyometrics.pop(EVERYWHERE, None)
    return Restrictions(no_plyometrics, stop_running)


def blocked_regions(restrictions: Restrictions) -> frozenset[str]:
    if EVERYWHERE in restrictions.no_plyometrics:
        return frozenset(REGIONS)
    return frozenset(restrictions.no_plyometrics)


def holds_progress(verdict: LoadVerdict, restrictions: Restrictions) -> bool:
    """Whether the pain rule says hold or regress (or running is stopped): then
    nothing else may progress, the cadence target included."""
    return verdict.load != "advance" or restrictions.stop_running is not None


# ------------------------------------------------------------------ the week's load


def judge_week(inputs: Inputs, state: PlanState, ledger: Ledger, number: int) -> LoadVerdict:
    """Read last week's check-ins: update the restrictions, and decide (and record)
    whether this week advances, holds or steps back."""
    rules = inputs.rules
    week_start = inputs.week_start(number)
    last_week = inputs.checkins_between(week_start - timedelta(days=7), week_start)
    for checkin in last_week:
        state.restrictions = restrict(state.restrictions, checkin, rules)
    # Check-ins before the plan may restrict drills, but the first week's load is the plan's.
    verdict = load_verdict(last_week, rules) if number > 1 else LoadVerdict("advance")
    if verdict.load != "advance":
        cause = verdict.cause
        assert cause is not None
        what = {
            "hold": "Holding last week's load (no progression this week)",
            "regress": "Stepping back: lighter doses and an easier run",
        }[verdict.load]
        ledger.record(number, "pain", f"{what} after {cause.label}.", checkin=cause, notes="all")
    return verdict


def week_ladder(
    carried: Ladder, week: WeekOutline, verdict: LoadVerdict, ladder_top: int
) -> Ladder:
    """This week's rung and dose progress: one rung up a week, held on a deload
    week or when the rule says hold, one rung down (even on a deload week) when
    it says regress. Doses never get ahead of where they were within a phase
    while held or stepping back."""
    same_phase = carried.phase == week.phase.id
    held = min(week.progress, carried.progress) if same_phase else week.progress
    if week.number == 1:
        stage, progress = carried.stage, week.progress
    elif verdict.load == "regress":
        stage, progress = max(0, carried.stage - 1), held
    elif week.deload or verdict.load == "hold":
        stage, progress = carried.stage, held
    else:
        stage, progress = min(ladder_top, carried.stage + 1), week.progress
    return Ladder(stage=stage, progress=progress, phase=week.phase.id)


def week_volume(week: WeekOutline, verdict: LoadVerdict, rules: Rules) -> float | None:
    """The volume factor for a deload week, and for a week stepping back."""
    return rules.deload.volume_factor if week.deload or verdict.load == "regress" else None


# ------------------------------------------------------------------ drills left out


def _loads_injury(drill: Drill, injured: frozenset[str]) -> bool:
    return drill.plyometric and bool(injured.intersection(drill.loads))


def leaves_out(
    drill: Drill, injured: frozenset[str], restrictions: Restrictions
) -> Exclusion | None:
    """Why the rule keeps `drill` out of this week's sessions, if it does."""
    if _loads_injury(drill, injured):
        return "injury"
    if restrictions.stop_running is not None and drill.element not in _STRENGTH_ONLY:
        return "check-in"
    if drill.plyometric and blocked_regions(restrictions).intersection(drill.loads):
        return "check-in"
    return None


def explain_restrictions(
    restrictions: Restrictions,
    rules: Rules,
    ledger: Ledger,
    week: int,
    removed: Sequence[str],
) -> str | None:
    """Record what check-ins took out of this week (`removed`, by name); the
    reason, for the sessions it was taken from."""
    if not removed:
        return None
    stop = restrictions.stop_running
    if stop is not None:
        reason = (
            f"Strength and mobility only, no running or technique drills, after {stop.label}."
            " Please see a physiotherapist or doctor; running returns after a check-in"
            f" with pain of {rules.pain.advance_max} or less and no swelling."
        )
        cause = stop
    else:
        regions = ", ".join(sorted(restrictions.no_plyometrics))
        reason = (
            f"Plyometric drills that load the {regions} are left out ({', '.join(removed)})"
            f" until a check-in there reports pain of {rules.pain.advance_max} or less."
        )
        cause = list(restrictions.no_plyometrics.values())[-1]
    ledger.record(week, "pain", reason, checkin=cause)
    return reason


def note_current_injuries(curriculum: Curriculum, profile: RunnerProfile, ledger: Ledger) -> None:
    """Record, once for the plan, the drills a current injury keeps out of it."""
    injured = profile.current_injuries
    left_out = [d.name for d in curriculum.drills if _loads_injury(d, injured)]
    if left_out:
        regions = ", ".join(sorted(injured))
        ledger.record(
            1,
            "pain",
            f"Current injury ({regions}): plyometric drills that load it are left"
            f" out of the whole plan: {', '.join(left_out)}.",
        )
