"""The words for what the engine did: each rule id with its parameters becomes a
sentence here, and only here (the engine records ids and numbers, never text).

Every id the engine can write has a function below; `say` refuses an unknown
one loudly in tests (tests/test_wording.py words every id the engine emits).
"""

from __future__ import annotations

from collections.abc import Callable

from posecoach.model import Adjustment, CheckInRef, Remark, Session
from posecoach.render import advice
from posecoach.render.text import weekday_date
from posecoach.render.wording_base import (
    KINDS,
    Params,
    _and,
    _checkins,
    _day,
    _list,
    _num,
    _regions,
    region,
)


def _injury(p: Params) -> str:
    """'Achilles tendinopathy', 'plantar fasciitis', 'bone stress injury (shin)'."""
    kind = str(p.get("kind"))
    if kind == "plantar-fasciitis":
        return KINDS[kind]
    if kind == "bone-stress":
        return f"{KINDS[kind]} ({region(p['region'])})"
    return f"{region(p['region'])} {KINDS.get(kind, 'injury')}"


def _region_change(p: Params, now: str) -> str:
    return f"The {region(p['region'])}: {now}"


def _where(p: Params) -> str:
    """'the calf and Achilles', or 'the whole body' when the pain had no place."""
    return f"the {_regions(p.get('regions'))}"


AFTER = {
    "light": "",
    "moderate": " after sessions with a run or running drills",
    "heavy": " after sessions with heel drops or calf raises",
    "plyometric": " after sessions with hops",
}


def _after(p: Params) -> str:
    """Which sessions' check-ins count: those that loaded the region enough to tell."""
    return AFTER.get(str(p.get("load")), "")


def _since(p: Params) -> str:
    return f" since {_day(p.get('since'))}" if p.get("since") else ""


WORDS: dict[str, Callable[[Params], str]] = {
    "text": lambda p: str(p.get("text", "")),
    "region.hold": lambda p: _region_change(
        p, "holding its load. Nothing new and nothing more for it until the pain settles."
    ),
    "region.regress": lambda p: _region_change(
        p,
        "stepping back. Less of everything that loads it, an easier run, and no hops or"
        " jumps on it.",
    ),
    "region.stop": lambda p: _region_change(
        p,
        "a warning sign. Running, hops and jumps stop, and only gentle work loads it."
        " See a physiotherapist or doctor; when they clear you, log it with"
        ' posecoach checkin --cleared "who, when".',
    ),
    "region.normal": lambda p: _region_change(p, "settled. The plan progresses again from here."),
    "region.return": lambda p: _region_change(
        p, "settled under its loading programme. Running returns, a rung at a time."
    ),
    "region.cleared": lambda p: _region_change(
        p,
        f"cleared to run by {p.get('by')}. Running returns from the first rung of the"
        " run ladder, each rung run twice without pain before the next.",
    ),
    "region.return-phase": lambda p: _region_change(
        p, f"return to running, up to rung {p.get('rung')} of the run ladder."
    ),
    "region.in-force.hold": lambda p: (
        f"Holding the load on {_where(p)}{_since(p)}: nothing new and nothing more for it"
        f" until {_checkins(p.get('needs'))} in a row there{_after(p)} report pain of"
        f" {p.get('pain')} or less, settled by the next morning."
    ),
    "region.in-force.regress": lambda p: (
        f"Stepping back for {_where(p)}{_since(p)}: less of what loads it, an easier run,"
        f" no hops or jumps on it, until {_checkins(p.get('needs'))} in a row there{_after(p)}"
        f" report pain of {p.get('pain')} or less, settled by the next morning."
    ),
    "region.in-force.stop": lambda p: (
        f"Running paused for {_where(p)}{_since(p)}: strength and mobility only, gentle on"
        " it. Please see a physiotherapist or doctor; once they clear you, log it:"
        ' posecoach checkin --cleared "who, when".'
    ),
    "region.in-force.rehab": lambda p: (
        f"Your injury ({_regions(p.get('regions'))}): a physiotherapist or doctor should clear"
        " you before you change your running technique. Its loading programme goes on, but no"
        " new-form running, hops or jumps on it until"
        f" {_checkins(p.get('needs'))} in a row there report pain of {p.get('pain')} or less."
    ),
    "region.in-force.return": lambda p: (
        f"Return to running for {_where(p)}: rung {p.get('rung')} of"
        f" {p.get('top')}; each rung twice with pain of {p.get('pain')} or less, settled by"
        " the next morning, before the next. No hops or jumps on it yet."
    ),
    "region.changed-this-week": lambda p: (
        f"Changed after a check-in earlier this week ({_regions(p.get('regions'))})."
    ),
    "region.left-out": lambda p: (
        f"Left out today: {_and(_list(p.get('drills')))}"
        + (
            ", while running is paused."
            if p.get("stopped")
            else f", for the {_regions(p.get('regions'))}."
        )
    ),
    "injury.current": lambda p: (
        f"Current {_injury(p)}: a"
        " physiotherapist or doctor should clear you before you change your running"
        " technique. Its loading programme goes on under pain monitoring (pain up to 5"
        " during, settled by the next morning); no new-form running, hops or jumps on it"
        " until 2 check-ins in a row there report pain of 3 or less."
        + (
            " The first cadence step (+5%) comes in week 1: a higher step rate lowers the"
            " load on it."
            if p.get("early_cadence")
            else ""
        )
    ),
    "injury.past": lambda p: (
        f"Past {_injury(p)}: hops and"
        f" jumps that load it start in week {p.get('plyometrics_from')}"
        + (
            ", and new-form running climbs a rung every other week."
            if p.get("slow_ladder")
            else "."
        )
        + " Stop and check in if the old pain comes back."
    ),
    "cadence.held-for-pain": lambda p: "Cadence target held: the pain comes first.",
    "cadence.rebaseline": lambda p: (
        f"Your last check-ins ({', '.join(_list(p.get('measured')))} steps/min) are more than"
        f" {_num(p.get('percent'))}% below the target of {p.get('target')}: count your steps"
        " for a minute of easy running and set baseline_cadence again. The rise waits."
    ),
    "cadence.up": lambda p: (
        f"Cadence target up to +{_num(p.get('percent'))}%: {_checkins(p.get('checkins'))} in"
        " a row on target without a pain flag."
    ),
    "cadence.held": lambda p: (
        f"Cadence target held at {p.get('spm') or 'your own'} steps/min instead of rising to"
        f" +{_num(p.get('next_percent'))}%: it rises after {_checkins(p.get('checkins'))} in a"
        " row on target"
        + (
            f", counted after the pain of {_day(p.get('after_flag'))}"
            if p.get("after_flag")
            else ""
        )
        + "."
    ),
    "cadence.at-ceiling": lambda p: (
        f"Your cadence of {p.get('spm')} steps/min is already at or above"
        f" {p.get('ceiling')}: the plan keeps it and coaches posture and the pull instead."
        " 180 is what racing elites were counted at, and cadence rises with speed."
    ),
    "cadence.capped": lambda p: (
        f"Cadence targets stop at {p.get('ceiling')} steps/min (your own is"
        f" {p.get('spm')}): more would not make a better runner."
    ),
    "race.inside": lambda p: (
        f"{p.get('name')} on {_day(p.get('date'))} falls in week {p.get('week')} of the"
        " transition. Changing your technique in a race block is a risk of its own: no new"
        " drill comes in the two weeks before it, and no hops or heavy calf work the day"
        " before. Or start the plan after the race:"
        f" posecoach plan --start {p.get('start_after')}."
    ),
    "missed.realign": lambda p: (
        (
            "After being ill"
            if p.get("ill")
            else f"{p.get('missed')} sessions missed within {p.get('days')} days"
        )
        + f": week {p.get('next_week')} repeats week {p.get('repeats')}'s work, the rest of"
        " the curriculum fits the weeks that remain, and a drill you have not done yet"
        " starts at its first dose."
    ),
    "longest-run.held": lambda p: (
        (
            "Run left out"
            if p.get("minutes") is None
            else f"Run held to {_num(p.get('minutes'))} running minutes"
        )
        + f": no run more than {p.get('percent')}% longer than your longest in the last"
        f" {p.get('days')} days (cap {_num(p.get('cap'))} min)."
    ),
    "run.longer-than-planned": lambda p: (
        f"You ran {_num(p.get('ran'))} minutes where the plan had {_num(p.get('planned'))}:"
        " the longest-run rule counts it. Keep to the plan's minutes while the form is new."
    ),
    "heavy-days.kept-light": lambda p: (
        "Kept light: "
        + (
            "your long run or race is a day away"
            if p.get("why") == "long-run"
            else "a heavy calf day is too close"
        )
        + " ("
        + (
            "; ".join(
                ([f"left out {_and(_list(p.get('dropped')))}"] if _list(p.get("dropped")) else [])
                + [
                    f"{lighter} instead of {_and(heavy.split(' | '))}"
                    for lighter, heavy in zip(
                        _list(p.get("instead")), _list(p.get("of")), strict=False
                    )
                ]
                + [f"left out {g}" for g in _list(p.get("gone"))]
            )
            or "a shorter run"
        )
        + ")."
    ),
    "session.shortened": lambda p: (
        f"Shortened to fit {p.get('minutes')} minutes: left out {_and(_list(p.get('drills')))}."
    ),
    "home.calf": lambda p: (
        f"Calf strength at home on {_more_days(p.get('days'))}, about {p.get('minutes')}"
        " minutes, with a day or more between it and a session with hops or heel drops: "
        + "; ".join(_list(p.get("items")))
        + "."
    ),
    "home.foot-core": lambda p: (
        f"Foot core at home on {_more_days(p.get('days'))}, about {p.get('minutes')}"
        " minutes: " + "; ".join(_list(p.get("items"))) + "."
    ),
    "session.paused.strength": lambda p: "Strength and mobility (running paused)",
    "session.paused.mobility": lambda p: "Mobility (running paused)",
    "session.paused.rest": lambda p: "Rest day (running paused)",
    "session.no-run": lambda p: "Drills and mobility (no running yet)",
}

PAUSED_FOCUS = (
    "Running is paused while the pain settles: only the gentle strength and mobility"
    " work below, and nothing that hurts more than 3 out of 10."
)


def _more_days(days: object) -> str:
    return f"{days} more day{'s' if days != 1 else ''} this week"


WORDS.update(advice.WORDS)


def say(said: Remark) -> str:
    """The sentence for a remark (KeyError for an id nobody words: a bug)."""
    return WORDS[said.id](said.params)


def reason(adjustment: Adjustment) -> str:
    return say(adjustment.remark)


def because(ref: CheckInRef) -> str:
    """'your check-in of Tue 20 Jan (pain 6 at the calf)'; a plan written before rule
    ids kept the check-in as a label ('2027-01-20 sam-w03-s2 (pain 6 at the calf)'):
    said the same way, its key and ISO date left out."""
    said = reported(ref)
    if ref.label is not None and not ref.summary:
        inside = ref.label.partition(" (")[2].removesuffix(")")
        said = inside or said
    return f"your check-in of {weekday_date(ref.date)} ({said})"


def reported(ref: CheckInRef) -> str:
    parts: list[str] = []
    for code in ref.summary:
        if code == "pain":
            where = f" at the {region(ref.where)}" if ref.where else ""
            parts.append(f"pain {ref.pain}{where}")
        elif code == "cadence":
            parts.append(f"cadence {ref.cadence:g}" if ref.cadence is not None else "cadence")
        elif code == "cleared":
            parts.append(f"cleared by {ref.cleared}")
        else:
            parts.append({"unsettled": "not settled next morning"}.get(code, code))
    return ", ".join(parts) or "a check-in"


def title(session: Session) -> str:
    return WORDS[session.title_id]({}) if session.title_id else session.title


NO_RUN_FOCUS = (
    "No run today: the drills and stretches below keep the form in your body while the"
    " pain settles; running comes back when your check-ins say so."
)


def focus(session: Session) -> str:
    if session.title_id == "session.no-run":
        return NO_RUN_FOCUS
    return PAUSED_FOCUS if session.title_id else session.focus


def notes(session: Session) -> list[str]:
    return [say(n) for n in session.notes]
