"""The words for the plan's own rules: injuries, cadence, missed sessions, the
longest run, heavy days and the work at home (render/wording.py says them all, and
words what the pain rules do)."""

from __future__ import annotations

from collections.abc import Callable

from posecoach.i18n import _, ngettext
from posecoach.render.wording_base import (
    KINDS,
    Params,
    _and,
    _count,
    _day,
    _list,
    _num,
    region,
)


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
}
