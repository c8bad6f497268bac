"""The words for what the engine did: each rule id with its parameters becomes a
sentence here, and only here (the engine records ids and numbers, never text),
in the language in force (posecoach.i18n): each sentence is one message of the
catalogue, with its counts as plural forms.

Every id the engine can write has a function below; `say` refuses an unknown
one loudly in tests (tests/test_wording.py words every id the engine emits).
"""

from __future__ import annotations

from collections.abc import Callable

from posecoach.i18n import _, ngettext
from posecoach.model import Adjustment, CheckInRef, Remark, Session
from posecoach.model.plan import HomeWork
from posecoach.render import advice, amounts
from posecoach.render.text import weekday_date
from posecoach.render.wording_base import (
    KINDS,
    Params,
    _and,
    _count,
    _day,
    _list,
    _num,
    _regions,
    region,
)


def _first_upper(said: str) -> str:
    """A sentence that starts with a name ("łydka: ...") starts with a capital."""
    return said[:1].upper() + said[1:]


def _injury(p: Params) -> str:
    """'Achilles tendinopathy', 'plantar fasciitis', 'bone stress injury (shin)'."""
    kind = str(p.get("kind"))
    if kind == "plantar-fasciitis":
        return _(KINDS[kind])
    if kind == "bone-stress":
        return f"{_(KINDS[kind])} ({region(p['region'])})"
    # Translators: a region and what it has: "Achilles tendinopathy", "calf strain".
    return _("%(region)s %(kind)s") % {
        "region": region(p["region"]),
        "kind": _(KINDS.get(kind, "injury")),
    }


def _region_change(p: Params, now: str) -> str:
    # Translators: a region, then what changed for it: "The calf: holding its load. ..."
    return _first_upper(
        _("The %(region)s: %(change)s") % {"region": region(p["region"]), "change": now}
    )


def _after(p: Params) -> str:
    """Which sessions' check-ins count: those that loaded the region enough to tell."""
    load = str(p.get("load"))
    if load == "moderate":
        return _(" after sessions with a run or running drills")
    if load == "heavy":
        return _(" after sessions with heel drops or calf raises")
    if load == "plyometric":
        return _(" after sessions with hops")
    return ""


def _since(p: Params) -> str:
    return _(" since %(day)s") % {"day": _day(p.get("since"))} if p.get("since") else ""


def _until(p: Params) -> dict[str, object]:
    """What the 'until ... check-ins' sentences fill in."""
    return {
        "regions": _regions(p.get("regions")),
        "since": _since(p),
        "count": p.get("needs"),
        "after": _after(p),
        "pain": p.get("pain"),
    }


def _hold(p: Params) -> str:
    return _first_upper(
        ngettext(
            "Holding the load on the %(regions)s%(since)s: nothing new and nothing more for it"
            " until %(count)s check-in in a row there%(after)s report pain of %(pain)s or"
            " less, settled by the next morning.",
            "Holding the load on the %(regions)s%(since)s: nothing new and nothing more for it"
            " until %(count)s check-ins in a row there%(after)s report pain of %(pain)s or"
            " less, settled by the next morning.",
            _count(p.get("needs")),
        )
        % _until(p)
    )


def _regress(p: Params) -> str:
    return _first_upper(
        ngettext(
            "Stepping back for the %(regions)s%(since)s: less of what loads it, an easier run,"
            " no hops or jumps on it, until %(count)s check-in in a row there%(after)s report"
            " pain of %(pain)s or less, settled by the next morning.",
            "Stepping back for the %(regions)s%(since)s: less of what loads it, an easier run,"
            " no hops or jumps on it, until %(count)s check-ins in a row there%(after)s report"
            " pain of %(pain)s or less, settled by the next morning.",
            _count(p.get("needs")),
        )
        % _until(p)
    )


def _rehab(p: Params) -> str:
    return ngettext(
        "Your injury (%(regions)s): a physiotherapist or doctor should clear you before you"
        " change your running technique. Its loading programme goes on, but no new-form"
        " running, hops or jumps on it until %(count)s check-in in a row there report pain"
        " of %(pain)s or less.",
        "Your injury (%(regions)s): a physiotherapist or doctor should clear you before you"
        " change your running technique. Its loading programme goes on, but no new-form"
        " running, hops or jumps on it until %(count)s check-ins in a row there report pain"
        " of %(pain)s or less.",
        _count(p.get("needs")),
    ) % _until(p)


def _current_injury(p: Params) -> str:
    said = _(
        "Current %(injury)s: a physiotherapist or doctor should clear you before you change"
        " your running technique. Its loading programme goes on under pain monitoring (pain up"
        " to 5 during, settled by the next morning); no new-form running, hops or jumps on it"
        " until 2 check-ins in a row there report pain of 3 or less."
    ) % {"injury": _injury(p)}
    if p.get("early_cadence"):
        said += _(
            " The first cadence step (+5%) comes in week 1: a higher step rate lowers the load"
            " on it."
        )
    return said


def _past_injury(p: Params) -> str:
    values = {"injury": _injury(p), "week": p.get("plyometrics_from")}
    if p.get("slow_ladder"):
        said = _(
            "Past %(injury)s: hops and jumps that load it start in week %(week)s, and new-form"
            " running climbs a rung every other week."
        )
    else:
        said = _("Past %(injury)s: hops and jumps that load it start in week %(week)s.")
    return said % values + _(" Stop and check in if the old pain comes back.")


def _rebaseline(p: Params) -> str:
    return _(
        "Your last check-ins (%(measured)s steps/min) are more than %(percent)s%% below the"
        " target of %(target)s: count your steps for a minute of easy running and set"
        " baseline_cadence again. The rise waits."
    ) % {
        "measured": ", ".join(_list(p.get("measured"))),
        "percent": _num(p.get("percent")),
        "target": p.get("target"),
    }


def _cadence_held(p: Params) -> str:
    values = {
        "spm": p.get("spm") or _("your own"),
        "percent": _num(p.get("next_percent")),
        "count": p.get("checkins"),
        "flag": _day(p.get("after_flag")),
    }
    n = _count(p.get("checkins"))
    if p.get("after_flag"):
        return (
            ngettext(
                "Cadence target held at %(spm)s steps/min instead of rising to +%(percent)s%%: it"
                " rises after %(count)s check-in in a row on target, counted after the pain of"
                " %(flag)s.",
                "Cadence target held at %(spm)s steps/min instead of rising to +%(percent)s%%: it"
                " rises after %(count)s check-ins in a row on target, counted after the pain of"
                " %(flag)s.",
                n,
            )
            % values
        )
    return (
        ngettext(
            "Cadence target held at %(spm)s steps/min instead of rising to +%(percent)s%%: it"
            " rises after %(count)s check-in in a row on target.",
            "Cadence target held at %(spm)s steps/min instead of rising to +%(percent)s%%: it"
            " rises after %(count)s check-ins in a row on target.",
            n,
        )
        % values
    )


def _missed(p: Params) -> str:
    values = {
        "missed": p.get("missed"),
        "days": p.get("days"),
        "week": p.get("next_week"),
        "repeats": p.get("repeats"),
    }
    if p.get("ill"):
        said = _(
            "After being ill: week %(week)s repeats week %(repeats)s's work, the rest of the"
            " curriculum fits the weeks that remain, and a drill you have not done yet starts"
            " at its first dose."
        )
    else:
        said = ngettext(
            "%(missed)s session missed within %(days)s days: week %(week)s repeats week"
            " %(repeats)s's work, the rest of the curriculum fits the weeks that remain, and a"
            " drill you have not done yet starts at its first dose.",
            "%(missed)s sessions missed within %(days)s days: week %(week)s repeats week"
            " %(repeats)s's work, the rest of the curriculum fits the weeks that remain, and a"
            " drill you have not done yet starts at its first dose.",
            _count(p.get("missed")),
        )
    return said % values


def _longest_run(p: Params) -> str:
    values = {
        "minutes": _num(p.get("minutes")),
        "percent": p.get("percent"),
        "days": p.get("days"),
        "cap": _num(p.get("cap")),
    }
    if p.get("minutes") is None:
        said = _(
            "Run left out: no run more than %(percent)s%% longer than your longest in the last"
            " %(days)s days (cap %(cap)s min)."
        )
    else:
        said = _(
            "Run held to %(minutes)s running minutes: no run more than %(percent)s%% longer"
            " than your longest in the last %(days)s days (cap %(cap)s min)."
        )
    return said % values


def _kept_light(p: Params) -> str:
    changes = [_("left out %(drills)s") % {"drills": _and(_list(p.get("dropped")))}] * bool(
        _list(p.get("dropped"))
    )
    changes += [
        _("%(lighter)s instead of %(heavy)s")
        % {"lighter": lighter, "heavy": _and(heavy.split(" | "))}
        for lighter, heavy in zip(_list(p.get("instead")), _list(p.get("of")), strict=False)
    ]
    changes += [_("left out %(drills)s") % {"drills": gone} for gone in _list(p.get("gone"))]
    what = "; ".join(changes) or _("a shorter run")
    if p.get("why") == "long-run":
        return _("Kept light: your long run or race is a day away (%(changes)s).") % {
            "changes": what
        }
    return _("Kept light: a heavy calf day is too close (%(changes)s).") % {"changes": what}


def _more_days(days: object) -> str:
    return ngettext(
        "%(count)s more day this week", "%(count)s more days this week", _count(days)
    ) % {"count": days}


def _home(p: Params) -> str:
    values = {
        "days": _more_days(p.get("days")),
        "minutes": p.get("minutes"),
        "items": "; ".join(_list(p.get("items"))),
    }
    return (
        _(
            "Calf strength at home on %(days)s, about %(minutes)s minutes, with a day or more"
            " between it and a session with hops or heel drops: %(items)s."
        )
        % values
    )


WORDS: dict[str, Callable[[Params], str]] = {
    "text": lambda p: str(p.get("text", "")),
    "region.hold": lambda p: _region_change(
        p, _("holding its load. Nothing new and nothing more for it until the pain settles.")
    ),
    "region.regress": lambda p: _region_change(
        p,
        _(
            "stepping back. Less of everything that loads it, an easier run, and no hops or"
            " jumps on it."
        ),
    ),
    "region.stop": lambda p: _region_change(
        p,
        _(
            "a warning sign. Running, hops and jumps stop, and only gentle work loads it."
            " See a physiotherapist or doctor; when they clear you, log it with"
            ' posecoach checkin --cleared "who, when".'
        ),
    ),
    "region.normal": lambda p: _region_change(
        p, _("settled. The plan progresses again from here.")
    ),
    "region.return": lambda p: _region_change(
        p, _("settled under its loading programme. Running returns, a rung at a time.")
    ),
    "region.cleared": lambda p: _region_change(
        p,
        _(
            "cleared to run by %(by)s. Running returns from the first rung of the run ladder,"
            " each rung run twice without pain before the next."
        )
        % {"by": p.get("by")},
    ),
    "region.return-phase": lambda p: _region_change(
        p, _("return to running, up to rung %(rung)s of the run ladder.") % {"rung": p.get("rung")}
    ),
    "region.in-force.hold": _hold,
    "region.in-force.regress": _regress,
    "region.in-force.stop": lambda p: _first_upper(
        _(
            "Running paused for the %(regions)s%(since)s: strength and mobility only, gentle on"
            " it. Please see a physiotherapist or doctor; once they clear you, log it:"
            ' posecoach checkin --cleared "who, when".'
        )
        % _until(p)
    ),
    "region.in-force.rehab": _rehab,
    "region.in-force.return": lambda p: _first_upper(
        _(
            "Return to running for the %(regions)s: rung %(rung)s of %(top)s; each rung twice"
            " with pain of %(pain)s or less, settled by the next morning, before the next. No"
            " hops or jumps on it yet."
        )
        % {**_until(p), "rung": p.get("rung"), "top": p.get("top")}
    ),
    "region.changed-this-week": lambda p: (
        _("Changed after a check-in earlier this week (%(regions)s).") % _until(p)
    ),
    "region.left-out": lambda p: (
        (
            _("Left out today: %(drills)s, while running is paused.")
            if p.get("stopped")
            else _("Left out today: %(drills)s, for the %(regions)s.")
        )
        % {**_until(p), "drills": _and(_list(p.get("drills")))}
    ),
    "injury.current": _current_injury,
    "injury.past": _past_injury,
    "cadence.held-for-pain": lambda p: _("Cadence target held: the pain comes first."),
    "cadence.rebaseline": _rebaseline,
    "cadence.up": lambda p: (
        ngettext(
            "Cadence target up to +%(percent)s%%: %(count)s check-in in a row on target without a"
            " pain flag.",
            "Cadence target up to +%(percent)s%%: %(count)s check-ins in a row on target without a"
            " pain flag.",
            _count(p.get("checkins")),
        )
        % {"percent": _num(p.get("percent")), "count": p.get("checkins")}
    ),
    "cadence.held": _cadence_held,
    "cadence.at-ceiling": lambda p: (
        _(
            "Your cadence of %(spm)s steps/min is already at or above %(ceiling)s: the plan keeps"
            " it and coaches posture and the pull instead. 180 is what racing elites were counted"
            " at, and cadence rises with speed."
        )
        % {"spm": p.get("spm"), "ceiling": p.get("ceiling")}
    ),
    "cadence.capped": lambda p: (
        _(
            "Cadence targets stop at %(ceiling)s steps/min (your own is %(spm)s): more would not"
            " make a better runner."
        )
        % {"spm": p.get("spm"), "ceiling": p.get("ceiling")}
    ),
    "race.inside": lambda p: (
        _(
            "%(name)s on %(date)s falls in week %(week)s of the transition. Changing your"
            " technique in a race block is a risk of its own: no new drill comes in the two weeks"
            " before it, and no hops or heavy calf work the day before. Or start the plan after"
            " the race: posecoach plan --start %(start)s."
        )
        % {
            "name": p.get("name"),
            "date": _day(p.get("date")),
            "week": p.get("week"),
            "start": p.get("start_after"),
        }
    ),
    "missed.realign": _missed,
    "longest-run.held": _longest_run,
    "run.longer-than-planned": lambda p: (
        _(
            "You ran %(ran)s minutes where the plan had %(planned)s: the longest-run rule counts"
            " it. Keep to the plan's minutes while the form is new."
        )
        % {"ran": _num(p.get("ran")), "planned": _num(p.get("planned"))}
    ),
    "heavy-days.kept-light": _kept_light,
    "session.shortened": lambda p: (
        _("Shortened to fit %(minutes)s minutes: left out %(drills)s.")
        % {"minutes": p.get("minutes"), "drills": _and(_list(p.get("drills")))}
    ),
    "home.calf": _home,
    "home.foot-core": lambda p: (
        _("Foot core at home on %(days)s, about %(minutes)s minutes: %(items)s.")
        % {
            "days": _more_days(p.get("days")),
            "minutes": p.get("minutes"),
            "items": "; ".join(_list(p.get("items"))),
        }
    ),
    "session.paused.strength": lambda p: _("Strength and mobility (running paused)"),
    "session.paused.mobility": lambda p: _("Mobility (running paused)"),
    "session.paused.rest": lambda p: _("Rest day (running paused)"),
    "session.no-run": lambda p: _("Drills and mobility (no running yet)"),
}

WORDS.update(advice.WORDS)


def say(said: Remark) -> str:
    """The sentence for a remark (KeyError for an id nobody words: a bug)."""
    return WORDS[said.id](said.params)


def reason(adjustment: Adjustment) -> str:
    return say(adjustment.remark)


def home(work: HomeWork) -> str:
    """The work between sessions, its items worded here (the note's own list is the
    English the engine recorded before it kept only numbers)."""
    if work.note is None:
        return ""
    items = [f"{item.name} {amounts.dose(item)}" for item in work.items]
    return say(work.note.model_copy(update={"params": {**work.note.params, "items": items}}))


def because(ref: CheckInRef) -> str:
    """'your check-in of Tue 20 Jan (pain 6 at the calf)'."""
    if ref.label is not None:
        return ref.label
    return _("your check-in of %(day)s (%(reported)s)") % {
        "day": weekday_date(ref.date),
        "reported": reported(ref),
    }


def reported(ref: CheckInRef) -> str:
    parts: list[str] = []
    for code in ref.summary:
        if code == "pain" and ref.where:
            parts.append(
                _("pain %(pain)s at the %(region)s")
                % {"pain": ref.pain, "region": region(ref.where)}
            )
        elif code == "pain":
            parts.append(_("pain %(pain)s") % {"pain": ref.pain})
        elif code == "cadence":
            parts.append(
                _("cadence %(spm)s") % {"spm": _num(ref.cadence)}
                if ref.cadence is not None
                else _("cadence")
            )
        elif code == "cleared":
            parts.append(_("cleared by %(who)s") % {"who": ref.cleared})
        elif code == "unsettled":
            parts.append(_("not settled next morning"))
        else:
            parts.append(code)
    return ", ".join(parts) or _("a check-in")


def title(session: Session) -> str:
    return WORDS[session.title_id]({}) if session.title_id else session.title


def focus(session: Session) -> str:
    if session.title_id == "session.no-run":
        return _(
            "No run today: the drills and stretches below keep the form in your body while the"
            " pain settles; running comes back when your check-ins say so."
        )
    if session.title_id:
        return _(
            "Running is paused while the pain settles: only the gentle strength and mobility"
            " work below, and nothing that hurts more than 3 out of 10."
        )
    return session.focus


def notes(session: Session) -> list[str]:
    return [say(n) for n in session.notes]
