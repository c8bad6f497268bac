"""The starter profile's answers, each checked as it is given, so the edge can ask again
at once with a suggestion (rather than after the last question).

`check(name, text, given)` reads one answer as typed and returns its value, or
raises a UsageError naming the answer (`field=name`) with a hint: the closest
IANA zone for 'Europe/Londn', the weekday for 'Wendesday', the format to use
for a date like 04/01/2027 that reads two ways. `given` holds the answers
before it, for the checks that depend on them (sessions against days).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from posecoach import limits, written
from posecoach.errors import UsageError, did_you_mean
from posecoach.i18n import _
from posecoach.model import WEEKDAY_NAMES, WEEKDAYS, weekday_key

BACKGROUNDS = ("new", "returning", "regular")
T = TypeVar("T")


def _as_answer(field: str, read: Callable[[str], T], text: str) -> T:
    """`read(text)`, with any problem named as the answer it is about."""
    try:
        return read(text)
    except UsageError as error:
        raise UsageError(error.message, error.hint, field=field) from None


def parse_start(text: str) -> date:
    """A date as people write it (see posecoach.written.read_date)."""
    return _as_answer("start", written.read_date, text)


def parse_zone(text: str) -> str:
    """An IANA zone in any case ('europe/london'); otherwise the closest one is suggested."""
    from posecoach.commands.zone import iana_name

    zone = _as_answer("timezone", written.read_zone, text)
    return iana_name(zone) or zone


def parse_days(text: str) -> dict[str, str]:
    """'Mon 07:00, Wed 18:30' -> {'Mon': '07:00', 'Wed': '18:30'}; a day with no time
    gets 07:00."""
    days: dict[str, str] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        pieces = part.split()
        day = weekday_key(pieces[0])
        if day is None:
            hint = did_you_mean(pieces[0], WEEKDAY_NAMES + WEEKDAYS)
            raise UsageError(
                _("%(given)r is not a weekday with a time") % {"given": part},
                hint or _("write it like 'Mon 07:00, Wed 18:30, Sat 09:00'"),
                field="days",
            )
        when = pieces[1] if len(pieces) == 2 else "07:00"
        match = re.fullmatch(r"(\d{1,2})[:.h](\d{2})", when)
        if len(pieces) > 2 or not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise UsageError(
                _("%(given)r is not a weekday with a time") % {"given": part},
                _("write it like 'Mon 07:00, Wed 18:30, Sat 09:00'"),
                field="days",
            )
        days[day] = f"{int(match[1]):02d}:{match[2]}"
    if not days:
        said, hint = _("no days given"), _("write them like 'Mon 07:00, Wed 18:30'")
        raise UsageError(said, hint, field="days")
    return dict(sorted(days.items(), key=lambda kv: WEEKDAYS.index(kv[0])))


def parse_units(text: str) -> str:
    return _as_answer("units", written.read_units, text)


def parse_background(text: str) -> str:
    value = text.strip().casefold()
    if value in BACKGROUNDS:
        return value
    raise UsageError(
        _("%(given)r is not a running background") % {"given": text.strip()},
        did_you_mean(value, BACKGROUNDS) or _("new, returning or regular"),
        field="background",
    )


def _number(name: str, text: str, low: float, high: float, whole: bool, unit: str) -> float:
    value = text.strip()
    try:
        number = float(int(value)) if whole else float(value)
    except ValueError:
        said = _("%(given)r is not a whole number") if whole else _("%(given)r is not a number")
        hint = _("for example %(low)s") % {"low": f"{low:g}"}
        raise UsageError(said % {"given": value}, hint, field=name) from None
    if not low <= number <= high:
        bounds = {"given": value, "unit": unit, "low": f"{low:g}", "high": f"{high:g}"}
        raise UsageError(
            _("%(given)s is not between %(low)s and %(high)s") % bounds,
            _("%(unit)s, %(low)s to %(high)s") % bounds,
            field=name,
        )
    return number


def check(name: str, text: str, given: Mapping[str, object] | None = None) -> object:
    """One answer as typed, checked and read; None for a blank optional answer."""
    given = given or {}
    value = text.strip()
    if name == "name":
        if not value or len(value) > 80:
            raise UsageError(_("a name of 1 to 80 characters, please"), field="name")
        return value
    if name in ("start", "baseline_cadence") and not value:
        return None
    if name == "start":
        return parse_start(value).isoformat()
    if name == "timezone":
        return parse_zone(value)
    if name == "days":
        parse_days(value)
        return value
    if name == "units":
        return parse_units(value)
    if name == "background":
        return parse_background(value)
    if name == "sessions":
        days = len(parse_days(str(given["days"]))) if given.get("days") else 7
        sessions = int(_number(name, value, 1, 7, True, _("sessions a week")))
        if sessions > days:
            counts = {"sessions": sessions, "days": days}
            raise UsageError(
                _("%(sessions)s sessions but %(days)s days to put them on") % counts,
                _("at most %(days)s, or give more days") % counts,
                field="sessions",
            )
        return sessions
    if name == "max_minutes":
        return int(_number(name, value, 20, 180, True, _("minutes")))
    if name == "weekly_volume":
        return _number(name, value, 0, 300, False, str(given.get("units") or "km"))
    if name == "longest_run":
        longest = _number(name, value, 0, 100, False, str(given.get("units") or "km"))
        weekly = given.get("weekly_volume")
        if isinstance(weekly, float) and weekly > 0 and longest > weekly * 4.5:
            figures = {"longest": f"{longest:g}", "weekly": f"{weekly:g}"}
            raise UsageError(
                _("%(longest)s is more than a month of your weekly %(weekly)s") % figures,
                _("check both figures"),
                field="longest_run",
            )
        return longest
    if name == "baseline_cadence":
        low, high = limits.CADENCE_LOWEST, limits.CADENCE_HIGHEST
        return int(_number(name, value, low, high, True, _("steps per minute")))
    raise KeyError(name)
