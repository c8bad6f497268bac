"""Values as people write them: dates, time zones and units, read one way by
`posecoach init`'s questions and by a profile file, so that what one accepts
(`miles`, `europe/london`) the other accepts too, and what one refuses gets
the same suggestion from both (`Europe/Londres`: did you mean 'Europe/London'?).

Each reader returns the value or raises a UsageError with a hint; it names no
field, since the caller knows which answer or key it was.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from posecoach import limits
from posecoach.errors import UsageError, did_you_mean
from posecoach.i18n import N_, _, ngettext

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
UNITS = {
    "km": "km", "kms": "km", "k": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    # Polish spellings, for a profile written in Polish
    "kilometr": "km", "kilometry": "km", "kilometrów": "km", "mila": "mi", "mil": "mi",
}  # fmt: skip
DATE_FORMATS = N_("2027-01-04 or 4 Jan 2027")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _month(word: str) -> int | None:
    folded = word.casefold().rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if len(folded) >= 3 and name.startswith(folded):
            return number
    return None


def _date(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        no_month = _("%(text)s is not a date: there is no month %(month)s")
        raise UsageError(no_month % {"text": repr(text), "month": month}, _write_it())
    try:
        value = date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
        if 1 <= year <= 9999:
            from posecoach.render.text import month_year

            name = month_year(date(year, month, 1))
        else:
            name = f"{MONTHS[month - 1].title()} {year}"
        said = ngettext(
            "%(text)s is not a date: %(month)s has %(count)s day",
            "%(text)s is not a date: %(month)s has %(count)s days",
            days,
        )
        raise UsageError(
            said % {"text": repr(text), "month": name, "count": days}, _write_it()
        ) from None
    if not limits.EARLIEST <= value <= limits.LATEST:
        between = _("a plan starts between %(earliest)s and %(latest)s")
        years = {"earliest": limits.EARLIEST.year, "latest": limits.LATEST.year}
        raise UsageError(_("%(text)s is too far off") % {"text": repr(text)}, between % years)
    return value


def _write_it() -> str:
    return _("write it like %(formats)s") % {"formats": _(DATE_FORMATS)}


WRITE_ISO = N_("write it as YYYY-MM-DD, e.g. 2027-01-04")


def read_date(text: str) -> date:
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
        two_ways = _("%(text)s reads two ways: %(one)s or %(other)s")
        write = _("write it as YYYY-MM-DD, %(iso)s, or as %(spoken)s")
        raise UsageError(
            two_ways
            % {"text": repr(value), "one": spoken(day_first), "other": spoken(month_first)},
            write % {"iso": day_first.isoformat(), "spoken": spoken(day_first)},
        )
    raise UsageError(_("%(text)s is not a date") % {"text": repr(value)}, _write_it())


def spoken(day: date) -> str:
    """'4 Jan 2027'."""
    return f"{day.day} {MONTHS[day.month - 1][:3].title()} {day.year}"


def file_date_problem(text: str) -> tuple[str, str]:
    """What is wrong with `text` where a file wants a date (YYYY-MM-DD, as YAML
    writes one), and how to write it: the date it means when that is clear."""
    value = text.strip()
    if match := _ISO.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        try:
            _date(year, month, int(match[3]), value)
        except UsageError as error:
            if 1 <= month <= 12 and 1 <= year <= 9999:
                last = calendar.monthrange(year, month)[1]
                last_day = _("the month's last day is %(day)s")
                return error.message, last_day % {"day": f"{year:04d}-{month:02d}-{last}"}
            return error.message, _(WRITE_ISO)
        return _("%(text)s is not a date") % {"text": repr(value)}, _(WRITE_ISO)
    try:
        meant = read_date(value)
    except UsageError as error:
        return error.message, _(WRITE_ISO)
    return (
        _("%(text)s is not written as YYYY-MM-DD") % {"text": repr(value)},
        _("write it as %(iso)s") % {"iso": meant.isoformat()},
    )


@cache
def _zones() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {zone.casefold(): zone for zone in available_timezones()}


def read_zone(text: str) -> str:
    """An IANA zone in any case ('europe/london' is 'Europe/London'); otherwise the
    closest one, or the zone of a city of that name, is suggested."""
    value = text.strip()
    exact = _zones().get(value.casefold())
    if exact is not None:
        return exact
    city = value.rsplit("/", 1)[-1].casefold().replace(" ", "_")
    cities = [z for z in _zones().values() if z.rsplit("/", 1)[-1].casefold() == city]
    hint = (
        _("did you mean %(choice)s?") % {"choice": repr(sorted(cities)[0])}
        if cities
        else did_you_mean(value, _zones().values())
    )
    raise UsageError(
        _("%(text)s is not an IANA time zone") % {"text": repr(value)},
        hint or _("write it as Region/City, e.g. Europe/Berlin or America/New_York"),
    )


def read_units(text: str) -> str:
    """'km' or 'mi' from any common spelling: 'miles', 'Kilometres', 'k'."""
    value = text.strip().casefold()
    if value in UNITS:
        return UNITS[value]
    said = _("%(text)s is not a unit") % {"text": repr(text.strip())}
    raise UsageError(said, did_you_mean(value, UNITS, UNITS) or _("km or mi"))
