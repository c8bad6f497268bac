"""Small, locale-free text helpers shared by the renderers.

Dates are spelled from our own tables rather than strftime, whose day and
month names follow the machine's locale and would break byte-identical output.
"""

from __future__ import annotations

from datetime import date, time

from posecoach.model import WEEKDAYS

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_month(day: date) -> str:
    """'8 Dec'."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def weekday_date(day: date) -> str:
    """'Tue 8 Dec'."""
    return f"{WEEKDAYS[day.weekday()]} {day_month(day)}"


def spoken_date(day: date) -> str:
    """'Monday 7 December', as said in a sentence."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def sessions_day(day: date) -> str:
    """ "Monday's session, 7 December": a planned session as a runner names it."""
    return f"{DAY_NAMES[day.weekday()]}'s session, {day.day} {MONTH_NAMES[day.month - 1]}"


def long_date(day: date) -> str:
    """'Tue 8 Dec 2026'."""
    return f"{weekday_date(day)} {day.year}"


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


def percent(value: float) -> str:
    return f"+{value:g}%" if value else "baseline"
