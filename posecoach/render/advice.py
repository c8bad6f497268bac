"""The words for the engine's advice to the runner: their own running, and what a
form check from a clip changes (render/wording.py words the rest, and says them all).
"""

from __future__ import annotations

from collections.abc import Callable

from posecoach.render.wording_base import Params, _and, _day, _list, _num

FORM_ELEMENTS = {"pull": "the pull", "fall": "the fall", "pose": "the Pose"}


def _fault(kind: str, measured: object, line: object) -> str:
    if kind == "overstriding":
        return (
            f"the foot landed {float(str(measured)):.2f} leg lengths ahead of the hips"
            f" (overstriding: the rule's line is {_num(line)})"
        )
    return (
        f"the trunk leaned {float(str(measured)):.0f}° forward"
        f" (a lean from the hips: the rule's line is {_num(line)}°)"
    )


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
    what = _and([FORM_ELEMENTS.get(e, e) for e in _list(p.get("elements"))])
    weeks = p.get("weeks")
    lasts = f"{weeks} week{'s' if weeks != 1 else ''} after the clip"
    drills = _list(p.get("drills"))
    change = (
        f"the technique and run sessions add {', '.join(drills)} (work on {what}) for {lasts},"
        " or until a new clip shows it has gone"
        if drills
        else f"the week's sessions already hold {what} drills: give them your attention"
    )
    return f"Form check of {_day(p.get('date'))} ({p.get('clip')}): {'; '.join(faults)}; {change}."


def _baseline(p: Params) -> str:
    return (
        "Before you start, do an easy baseline: 10 to 15 minutes of easy run/walk at a pace"
        " you can chat at"
        + (
            ", and count your steps for one minute of it to set your baseline_cadence."
            if p.get("count_steps")
            else "."
        )
    )


WORDS: dict[str, Callable[[Params], str]] = {
    "form.emphasis": _form,
    "own-running.inside": lambda p: (
        "Part of your own easy run: the warm-up drills and this run/walk first, then"
        " finish the run in your usual easy way, no longer than your usual easy run."
    ),
    "own-running.keep": lambda p: (
        (
            "With a current injury, keep only as much of your own running as your"
            " physiotherapist or doctor clears. "
            if p.get("injured")
            else ""
        )
        + f"Keep your own easy running (about {_num(p.get('volume'))} {p.get('units')} a"
        f" week, longest {_num(p.get('longest'))} {p.get('units')}), but no more of it than"
        " now, and a little less in the first weeks while the drills and calf work are new;"
        " shorten it first if your calves ache above 3 out of 10. Run the plan's new-form"
        " minutes inside those runs, not on top of them: on a run day, do the warm-up drills"
        " and the run/walk first, then finish your run as usual. The plan's longest-run"
        " limit (no run more than a tenth longer than your longest of the last month)"
        " counts the whole run, your own part included."
    ),
    "own-running.pause": lambda p: (
        "Your own running pauses while you learn the new form: the plan's run/walk"
        " sessions are all your running for now, and no run gets more than a tenth"
        " longer than your longest run of the month before the plan."
    ),
    "own-running.none": lambda p: "You have no running to build on yet. " + _baseline(p),
    "own-running.foundations": lambda p: (
        f"You have no running to build on yet: start with the {p.get('curriculum')}"
        " curriculum (drills, strength and a few minutes of run/walk) before this one. "
        + _baseline(p)
    ),
}
