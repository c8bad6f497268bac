"""The words for the engine's advice to the runner: their own running, and what a
form check from a clip changes (render/wording.py words the rest, and says them all).
"""

from __future__ import annotations

from collections.abc import Callable

from posecoach.i18n import N_, _
from posecoach.render.text import fixed
from posecoach.render.wording_base import Params, _and, _day, _list, _num, _weeks

FORM_ELEMENTS = {"pull": N_("the pull"), "fall": N_("the fall"), "pose": N_("the Pose")}


def _fault(kind: str, measured: object, line: object) -> str:
    if kind == "overstriding":
        return _(
            "the foot landed %(measured)s leg lengths ahead of the hips (overstriding: the"
            " rule's line is %(line)s)"
        ) % {"measured": fixed(float(str(measured)), 2), "line": _num(line)}
    return _(
        "the trunk leaned %(measured)s° forward (a lean from the hips: the rule's line is"
        " %(line)s°)"
    ) % {"measured": f"{float(str(measured)):.0f}", "line": _num(line)}


def _numbers(value: object) -> list[float]:
    return [float(v) for v in value] if isinstance(value, list) else []


def _form(p: Params) -> str:
    faults = [
        _fault(k, m, line)
        for k, m, line in zip(
            _list(p.get("faults")),
            _numbers(p.get("measured")),
            _numbers(p.get("lines")),
            strict=False,
        )
    ]
    what = _and(
        [_(FORM_ELEMENTS[e]) if e in FORM_ELEMENTS else e for e in _list(p.get("elements"))]
    )
    values = {
        "day": _day(p.get("date")),
        "clip": p.get("clip"),
        "faults": "; ".join(faults),
        "what": what,
        "drills": ", ".join(_list(p.get("drills"))),
        "weeks": _weeks(p.get("weeks")),
    }
    if p.get("drills"):
        said = _(
            "Form check of %(day)s (%(clip)s): %(faults)s; the technique and run sessions add"
            " %(drills)s (work on %(what)s) for %(weeks)s after the clip, or until a new clip"
            " shows it has gone."
        )
    else:
        said = _(
            "Form check of %(day)s (%(clip)s): %(faults)s; the week's sessions already hold"
            " %(what)s drills: give them your attention."
        )
    return said % values


def _baseline(p: Params) -> str:
    if p.get("count_steps"):
        return _(
            "Before you start, do an easy baseline: 10 to 15 minutes of easy run/walk at a pace"
            " you can chat at, and count your steps for one minute of it to set your"
            " baseline_cadence."
        )
    return _(
        "Before you start, do an easy baseline: 10 to 15 minutes of easy run/walk at a pace"
        " you can chat at."
    )


def _keep(p: Params) -> str:
    injured = (
        _(
            "With a current injury, keep only as much of your own running as your"
            " physiotherapist or doctor clears. "
        )
        if p.get("injured")
        else ""
    )
    return injured + _(
        "Keep your own easy running (about %(volume)s %(units)s a week, longest %(longest)s"
        " %(units)s), but no more of it than now, and a little less in the first weeks while"
        " the drills and calf work are new; shorten it first if your calves ache above 3 out"
        " of 10. Run the plan's new-form minutes inside those runs, not on top of them: on a"
        " run day, do the warm-up drills and the run/walk first, then finish your run as"
        " usual. The plan's longest-run limit (no run more than a tenth longer than your"
        " longest of the last month) counts the whole run, your own part included."
    ) % {
        "volume": _num(p.get("volume")),
        "longest": _num(p.get("longest")),
        "units": p.get("units"),
    }


WORDS: dict[str, Callable[[Params], str]] = {
    "form.emphasis": _form,
    "own-running.inside": lambda p: _(
        "Part of your own easy run: the warm-up drills and this run/walk first, then"
        " finish the run in your usual easy way, no longer than your usual easy run."
    ),
    "own-running.keep": _keep,
    "own-running.pause": lambda p: _(
        "Your own running pauses while you learn the new form: the plan's run/walk"
        " sessions are all your running for now, and no run gets more than a tenth"
        " longer than your longest run of the month before the plan."
    ),
    "own-running.none": lambda p: _("You have no running to build on yet.") + " " + _baseline(p),
    "own-running.foundations": lambda p: (
        _(
            "You have no running to build on yet: start with the %(curriculum)s curriculum"
            " (drills, strength and a few minutes of run/walk) before this one."
        )
        % {"curriculum": p.get("curriculum")}
        + " "
        + _baseline(p)
    ),
}
