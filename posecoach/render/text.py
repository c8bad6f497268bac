"""Dates, times and numbers in the runner's language, by Babel (CLDR data).

Never strftime: its day and month names follow the machine's locale, and output
must be byte-identical anywhere. Each pattern is a message of the catalogue, so
a language picks its own order and case: "Tue 8 Dec" in English, "wtorek,
8 grudnia" in Polish (the month in the genitive after a day), and "grudzień
2026" (the nominative) where a month stands alone, as in a heading.

Babel is imported on the first date, not with the module: `posecoach --help`
never pays for it.
"""

from __future__ import annotations

from datetime import date, time
from functools import cache, lru_cache

from posecoach.i18n import DEFAULT, N_, gettext, language, pgettext


@lru_cache(maxsize=4096)  # a plan's few hundred dates, in one or two patterns each
def _format(day: date, pattern: str, chosen: str) -> str:
    from babel.dates import format_date

    return format_date(day, pattern, locale=chosen)


def _date(day: date, pattern: str) -> str:
    return _format(day, pattern, language())


def day_month(day: date) -> str:
    """'8 Dec'; '8 gru'."""
    # Translators: a CLDR date pattern (d: day, MMM: short month), in a range of dates.
    return _date(day, pgettext("date pattern", "d MMM"))


def weekday_date(day: date) -> str:
    """'Tue 8 Dec'; 'wtorek, 8 grudnia'."""
    # Translators: a CLDR date pattern (EEE: short weekday, EEEE: its whole name,
    # MMMM: the month's whole name, in the case that follows a day).
    return _date(day, pgettext("date pattern", "EEE d MMM"))


def short_weekday_date(day: date) -> str:
    """'Tue 8 Dec'; 'wt. 8 gru': a day in a narrow table column, cut short nowhere."""
    # Translators: a CLDR date pattern for a narrow column: short weekday and month.
    return _date(day, pgettext("date pattern, short", "EEE d MMM"))


def day_in_sentence(day: date) -> str:
    """A day inside a sentence, after 'since', 'of', 'on': 'Tue 8 Dec'; Polish drops the
    weekday, whose case would follow the preposition: 'od 8 grudnia', 'z 8 grudnia'."""
    # Translators: a CLDR date pattern for a day after a preposition ("since", "from").
    return _date(day, pgettext("date pattern in a sentence", "EEE d MMM"))


def spoken_date(day: date) -> str:
    """'Monday 7 December', as said in a sentence; 'poniedziałek, 7 grudnia'."""
    # Translators: a CLDR date pattern: the weekday's and the month's whole names.
    return _date(day, pgettext("date pattern", "EEEE d MMMM"))


def done_date(day: date) -> str:
    """The day a session was done or logged, after those words: 'done Tuesday 8
    December'; Polish drops the weekday, whose case would follow: 'zrobiony 8 grudnia'."""
    # Translators: a CLDR date pattern for a day after "done" or "logged".
    return _date(day, pgettext("date pattern after done", "EEEE d MMMM"))


# A planned session as a runner names it, by its weekday: one message a weekday, as a
# language may say each its own way ("trening ze środy", "trening z czwartku").
SESSIONS_DAY = (
    N_("Monday's session, %(date)s"),
    N_("Tuesday's session, %(date)s"),
    N_("Wednesday's session, %(date)s"),
    N_("Thursday's session, %(date)s"),
    N_("Friday's session, %(date)s"),
    N_("Saturday's session, %(date)s"),
    N_("Sunday's session, %(date)s"),
)


def sessions_day(day: date) -> str:
    """ "Monday's session, 7 December"; "trening z poniedziałku, 7 grudnia"."""
    # Translators: a CLDR date pattern: the day and the month's whole name.
    said = _date(day, pgettext("date pattern", "d MMMM"))
    return gettext(SESSIONS_DAY[day.weekday()]) % {"date": said}


def long_date(day: date) -> str:
    """'Tue 8 Dec 2026'; 'wtorek, 8 grudnia 2026'."""
    # Translators: a CLDR date pattern: weekday_date's with the year (y).
    return _date(day, pgettext("date pattern", "EEE d MMM y"))


def today_heading(day: date) -> str:
    """The day in the heading of `posecoach today`: 'Thu 7 Jan 2027'; in Polish as the
    phone page's heading says it ('czwartek, 7 stycznia'), one form for both."""
    # Translators: a CLDR date pattern for the day in the heading of `posecoach today`;
    # say it as weekday_date's pattern does, as the phone page's heading does.
    return _date(day, pgettext("date pattern in today's heading", "EEE d MMM y"))


def month_year(day: date) -> str:
    """'December 2026'; 'grudzień 2026' (LLLL: the month standing alone, nominative)."""
    # Translators: a CLDR date pattern for a heading: LLLL is the month on its own.
    return _date(day, pgettext("date pattern", "LLLL y"))


def date_range(first: date, last: date) -> str:
    """'7 Dec – 13 Dec 2026', or with both years when they differ."""
    if first.year == last.year:
        return f"{day_month(first)} – {day_month(last)} {last.year}"
    return f"{day_month(first)} {first.year} – {day_month(last)} {last.year}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 adjustment', '3 adjustments' (`plural` where adding an s will not do)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def clock(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def day_and_time(day: date, at: time, joiner: str) -> str:
    """A session's day and time together, as every place that names a session shows
    them: `joiner` is how this place joins them in English (', ' in a plan.md heading,
    ' · ' on a page, ' ' in the terminal); another language says them one way in
    every place ('wtorek, 5 stycznia, 18:30')."""
    if language() == DEFAULT:
        return f"{weekday_date(day)}{joiner}{clock(at)}"
    # Translators: a session's day (weekday_date's pattern) and its start time.
    said = pgettext("session's day and time", "%(day)s, %(time)s")
    return said % {"day": weekday_date(day), "time": clock(at)}


@cache
def _decimal_symbol(chosen: str) -> str:
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(chosen)


def number(value: float) -> str:
    """A count or measure as the runner writes it, to six significant digits as
    Python's `g` writes it: '5.25', '12'; Polish '5,25' (the decimal sign from CLDR)."""
    said = f"{value:g}"
    return said.replace(".", _decimal_symbol(language())) if "." in said else said


@lru_cache(maxsize=1024)
def _fixed(value: float, places: int, chosen: str) -> str:
    from decimal import Decimal

    from babel.numbers import format_decimal

    pattern = "0." + "0" * places if places else "0"
    # Rounded as Python rounds the float (Babel would round its shortest decimal text,
    # half to even: 12.345 to 12.34 where Python says 12.35).
    exact = Decimal(f"{value:.{places}f}")
    return format_decimal(exact, pattern, locale=chosen, group_separator=False)


def grouped(count: int) -> str:
    """A large count as the runner's language writes it: '100,000'; Polish '100 000'
    (as CLDR groups it). English is Python's own grouping, which spares Babel's import."""
    if language() == DEFAULT:
        return f"{count:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(count, locale=language()))


def fixed(value: float, places: int) -> str:
    """`value` with exactly `places` decimals: '0.30'; Polish '0,30'."""
    return _fixed(value, places, language())


def percent(value: float) -> str:
    return f"+{number(value)}%" if value else pgettext("cadence", "baseline")
