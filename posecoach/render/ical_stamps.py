"""Reading back the stamps of a plan.ics posecoach wrote before: each event's
fingerprint, SEQUENCE and LAST-MODIFIED, so an unchanged event keeps them and a
changed one counts up (render/ical.py writes them)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from posecoach.render.ical import FINGERPRINT, Stamp

_UNFOLD = re.compile(r"\r?\n[ \t]")


def previous_stamps(ics: bytes) -> dict[str, Stamp]:
    """UID -> stamp from a plan.ics that posecoach wrote before.

    A plain line reader: these four properties hold no escaped text, and a
    full parse of the calendar would cost more than writing it.
    """
    stamps: dict[str, Stamp] = {}
    current: dict[str, str] = {}
    for line in _UNFOLD.sub("", ics.decode("utf-8", errors="replace")).splitlines():
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "BEGIN" and value == "VEVENT":
            current = {}
        elif name in ("UID", "SEQUENCE", "LAST-MODIFIED", FINGERPRINT):
            current.setdefault(name, value)
        elif name == "END" and value == "VEVENT":
            try:
                modified = _utc_moment(current["LAST-MODIFIED"])
                stamps[current["UID"]] = Stamp(
                    current[FINGERPRINT], int(current["SEQUENCE"]), modified
                )
            except (KeyError, ValueError):
                continue  # an event we did not write, or a damaged one: start it afresh
    return stamps


def _utc_moment(value: str) -> datetime:
    """'20270104T070000Z' as a UTC datetime (strptime took most of reading a calendar);
    ValueError when it is not one."""
    day, time = value[:8], value[9:15]
    if len(value) != 16 or value[8:9] + value[15:] != "TZ" or not (day + time).isdigit():
        raise ValueError(value)
    return datetime(
        int(day[:4]), int(day[4:6]), int(day[6:]),
        int(time[:2]), int(time[2:4]), int(time[4:]), tzinfo=UTC,
    )  # fmt: skip
