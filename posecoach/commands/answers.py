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
from collections.abc import Mapping
from datetime import date
from functools import cache

from posecoach import limits
from posecoach.errors import UsageError, did_you_mean
from posecoach.model import WEEKDAY_NAMES, WEEKDAYS, weekday_key

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
UNITS = {
    "km": "km", "kms": "km", "k": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
}  # fmt: skip
BACKGROUNDS = ("new", "returning", "regular")
DATE_FORMATS = "2027-01-04 or 4 Jan 2027"


def _month(word: str) -> int | None:
    folded = word.casefold().rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if len(folded) >= 3 and name.startswith(folded):
            return number
    return None


def _date(year: int, month: int, day: int, text: str) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise UsageError(
            f"{text!r} is not a date", f"write it like {DATE_FORMATS}", field="start"
        ) from None
    if not limits.EARLIEST <= value <= limits.LATEST:
        raise UsageError(
            f"{text!r} is too far off",
            f"a plan starts between {limits.EARLIEST.year} and {limits.LATEST.year}",
            field="start",
        )
    return value


def parse_start(text: str) -> date:
    """A date as people write it: 2027-01-04, 2027/01/04, 4 Jan 2027, January 4, 2027,
    25/01/2027; 04/01/2027 reads two ways, so it is refused with the formats to use."""
    value = text.strip()
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value):
        return _date(int(match[1]), int(match[2]), int(match[3]), value)
    words = re.split(r"[\s,]+", value)
    if len(words) == 3:
        if words[0].isdigit() and (month := _month(words[1])) and words[2].isdigit():
            return _date(int(words[2]), month, int(words[0]), value)
        if (month := _month(words[0])) and words[1].isdigit() and words[2].isdigit():
            return _date(int(words[2]), month, int(words[1]), value)
    if match := re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", value):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if separator == "." or first > 12 or first == second:  # 25/01, or dots: day first
            return _date(year, second, first, value)
        if second > 12:  # 01/25/2027: month first
            return _date(year, first, second, value)
        day_first = _date(year, second, first, value)
        month_first = _date(year, first, second, value)
        raise UsageError(
            f"{value!r} reads two ways: {_spoken(day_first)} or {_spoken(month_first)}",
            f"write it as YYYY-MM-DD, {day_first.isoformat()}, or as {_spoken(day_first)}",
            field="start",
        )
    raise UsageError(f"{value!r} is not a date", f"write it like {DATE_FORMATS}", field="start")


def _spoken(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3].title()} {day.year}"


@cache
def _zones() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {zone.casefold(): zone for zone in available_timezones()}


def parse_zone(text: str) -> str:
    """An IANA zone in any case ('europe/london'); otherwise the closest one is suggested."""
    from posecoach.commands.zone import iana_name

    value = text.strip()
    exact = _zones().get(value.casefold())
    if exact is not None:
        return iana_name(exact) or exact
    cities = [z for z in _zones().values() if z.rsplit("/", 1)[-1].casefold() == value.casefold()]
    hint = (
        f"did you mean {sorted(cities)[0]!r}?" if cities else did_you_mean(value, _zones().values())
    )
    raise UsageError(
        f"{value!r} is not an IANA time zone",
        hint or "write it as Region/City, e.g. Europe/Berlin or America/New_York",
        field="timezone",
    )


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
                f"{part!r} is not a weekday with a time",
                hint or "write it like 'Mon 07:00, Wed 18:30, Sat 09:00'",
                field="days",
            )
        when = pieces[1] if len(pieces) == 2 else "07:00"
        match = re.fullmatch(r"(\d{1,2})[:.h](\d{2})", when)
        if len(pieces) > 2 or not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise UsageError(
                f"{part!r} is not a weekday with a time",
                "write it like 'Mon 07:00, Wed 18:30, Sat 09:00'",
                field="days",
            )
        days[day] = f"{int(match[1]):02d}:{match[2]}"
    if not days:
        raise UsageError("no days given", "write them like 'Mon 07:00, Wed 18:30'", field="days")
    return dict(sorted(days.items(), key=lambda kv: WEEKDAYS.index(kv[0])))


def parse_units(text: str) -> str:
    value = text.strip().casefold()
    if value in UNITS:
        return UNITS[value]
    raise UsageError(
        f"{text.strip()!r} is not a unit", did_you_mean(value, UNITS) or "km or mi", field="units"
    )


def parse_background(text: str) -> str:
    value = text.strip().casefold()
    if value in BACKGROUNDS:
        return value
    raise UsageError(
        f"{text.strip()!r} is not a running background",
        did_you_mean(value, BACKGROUNDS) or "new, returning or regular",
        field="background",
    )


def _number(name: str, text: str, low: float, high: float, whole: bool, unit: str) -> float:
    value = text.strip()
    try:
        number = float(int(value)) if whole else float(value)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise UsageError(f"{value!r} is not {kind}", f"for example {low:g}", field=name) from None
    if not low <= number <= high:
        raise UsageError(
            f"{value} is not between {low:g} and {high:g}", f"{unit}, {low:g} to {high:g}",
            field=name,
        )  # fmt: skip
    return number


def check(name: str, text: str, given: Mapping[str, object] | None = None) -> object:
    """One answer as typed, checked and read; None for a blank optional answer."""
    given = given or {}
    value = text.strip()
    if name == "name":
        if not value or len(value) > 80:
            raise UsageError("a name of 1 to 80 characters, please", field="name")
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
        sessions = int(_number(name, value, 1, 7, True, "sessions a week"))
        if sessions > days:
            raise UsageError(
                f"{sessions} sessions but {days} days to put them on",
                f"at most {days}, or give more days",
                field="sessions",
            )
        return sessions
    if name == "max_minutes":
        return int(_number(name, value, 20, 180, True, "minutes"))
    if name == "weekly_volume":
        return _number(name, value, 0, 300, False, str(given.get("units") or "km"))
    if name == "longest_run":
        longest = _number(name, value, 0, 100, False, str(given.get("units") or "km"))
        weekly = given.get("weekly_volume")
        if isinstance(weekly, float) and weekly > 0 and longest > weekly * 4.5:
            raise UsageError(
                f"{longest:g} is more than a month of your weekly {weekly:g}",
                "check both figures",
                field="longest_run",
            )
        return longest
    if name == "baseline_cadence":
        return int(_number(name, value, 120, 220, True, "steps per minute"))
    raise KeyError(name)
