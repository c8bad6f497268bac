"""The words for what the engine did: each rule id with its parameters becomes a
sentence here, and only here (the engine records ids and numbers, never text),
in the language in force (posecoach.i18n): each sentence is one message of the
catalogue, with its counts as plural forms.

Every id the engine can write has a function below; `say` refuses an unknown
one loudly in tests (tests/test_wording.py words every id the engine emits).
"""

from __future__ import annotations

from collections.abc import Callable

from posecoach.i18n import DEFAULT, _, language, ngettext, pgettext
from posecoach.model import Adjustment, CheckInRef, Remark, Session
from posecoach.model.plan import HomeWork
from posecoach.render import advice, amounts, wording_rules
from posecoach.render.text import day_in_sentence
from posecoach.render.wording_base import (
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
            " each rung run twice with pain of %(pain)s or less, settled by the next"
            " morning, before the next."
        )
        % {"by": p.get("by"), "pain": p.get("pain")},
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
        _("Changed after your check-in of %(day)s (%(regions)s).")
        % {**_until(p), "day": _day(p.get("on"))}
        if p.get("on")
        else _("Changed after a check-in earlier this week (%(regions)s).") % _until(p)
    ),
    # Named by the regions spared even while running is paused: heel drops and calf
    # raises are not running, they are left out for the tendon they load.
    "region.left-out": lambda p: (
        _("Left out today: %(drills)s, for the %(regions)s.")
        % {**_until(p), "drills": _and(_list(p.get("drills")))}
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
    "session.paused.strength": lambda p: _("Strength and mobility (running paused)"),
    "session.paused.mobility": lambda p: _("Mobility (running paused)"),
    "session.paused.rest": lambda p: _("Rest day (running paused)"),
    "session.no-run": lambda p: _("Drills and mobility (no running yet)"),
}

WORDS.update(advice.WORDS)
WORDS.update(wording_rules.WORDS)


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
    """'your check-in of Tue 20 Jan (pain 6 at the calf)'; a plan written before rule
    ids kept the check-in as a label ('2027-01-20 sam-w03-s2 (pain 6 at the calf)'):
    said the same way, its key and ISO date left out."""
    said = reported(ref)
    if ref.label is not None and not ref.summary:
        inside = ref.label.partition(" (")[2].removesuffix(")")
        said = inside or said
    return _("your check-in of %(day)s (%(reported)s)") % {
        "day": day_in_sentence(ref.date),
        "reported": said,
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
        elif code in ("missed", "ill", "swelling"):
            # The words a check-in's own summary uses (checkin_words.reported).
            parts.append(pgettext("check-in", code))
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


def _rule_names() -> dict[str, str]:
    """Each rule's name, as a runner reads it (the ids stay the rules file's keys)."""
    return {
        "languages": pgettext("rule", "languages"),
        "cadence": pgettext("rule", "cadence"),
        "pain": pgettext("rule", "pain"),
        "missed": pgettext("rule", "missed sessions"),
        "longest_run": pgettext("rule", "longest run"),
        "deload": pgettext("rule", "deload weeks"),
        "heavy_days": pgettext("rule", "heavy days"),
        "strength": pgettext("rule", "strength"),
        "own_running": pgettext("rule", "your own running"),
        "return_to_run": pgettext("rule", "return to running"),
        "injuries": pgettext("rule", "injuries"),
        "races": pgettext("rule", "races"),
        "form": pgettext("rule", "running form"),
    }


def rule_label(rule_id: str) -> str:
    """A rule as a runner reads it: in English its id ('return_to_run', as the rules
    file keys it); in another language its name, then the id a runner types or looks
    up in the rules file ('powrót do biegania (return_to_run)')."""
    if language() == DEFAULT:
        return rule_id
    name = _rule_names().get(rule_id)
    return rule_id if name is None else f"{name} ({rule_id})"
