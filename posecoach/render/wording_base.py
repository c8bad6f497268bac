"""What every wording module shares: region and injury names, lists said in
English, days and numbers as a runner reads them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from posecoach.model.plan import Param
from posecoach.render.text import weekday_date

Params = dict[str, Param]

REGION_NAMES = {
    "foot-bones": "top of the foot",
    "plantar-fascia": "sole of the foot",
    "lower-back": "lower back",
    "achilles": "Achilles",
}

KINDS = {
    "tendinopathy": "tendinopathy",
    "bone-stress": "bone stress injury",
    "plantar-fasciitis": "plantar fasciitis",
    "strain": "strain",
    "other": "injury",
}


def region(name: object) -> str:
    return REGION_NAMES.get(str(name), str(name))


def _regions(names: object) -> str:
    listed = [region(n) for n in _list(names)]
    return _and(listed) if listed else "whole body"


def _list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _day(value: object) -> str:
    return weekday_date(date.fromisoformat(str(value))) if value else ""


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _times(count: object) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _checkins(count: object) -> str:
    return "1 check-in" if count == 1 else f"{count} check-ins"


# ------------------------------------------------------------------ regions
