"""Which planned session a check-in is for, whatever the keys were when it was logged.

A session's key is its week and its place in that week's day order
(`sam-w03-s2`: week 3, its second session). The days a week's sessions fall on
follow from the runner's days, sessions a week and start alone, so check-ins
never renumber a week: only a change of those does, and a key may then name
another day's session. A check-in therefore names its session twice: by key,
and by the day that session was planned on when it was logged (`session_day`).
Where the key's week still has a session on that day, the check-in is for it,
whatever its key is now; else for the session its key names.

Logs written before keys followed day order numbered a week's sessions by the
curriculum's priority, and their check-ins carry no `session_day`: for them the
check-in's own day tells which session it was (the command logged a session on
its own day unless told otherwise), and the key only where that day holds none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from posecoach.model import CheckIn

_KEY = re.compile(r"-w(\d+)-s(\d+)$")


def week_of(key: str) -> int | None:
    """The week a session key names: 'sam-w03-s2' -> 3."""
    found = _KEY.search(key)
    return int(found[1]) if found else None


def session_key(plan_id: str, week: int, slot: int) -> str:
    """The key of a week's `slot`-th session in day order."""
    return f"{plan_id}-w{week:02d}-s{slot}"


def keys_by_day(sessions: Iterable[tuple[str, date]]) -> dict[int, dict[date, str]]:
    """week -> day -> the key of the session on that day."""
    table: dict[int, dict[date, str]] = {}
    for key, day in sessions:
        week = week_of(key)
        if week is not None:
            table.setdefault(week, {})[day] = key
    return table


def session_for(checkin: CheckIn, table: Mapping[int, Mapping[date, str]]) -> str | None:
    """The key of the session `checkin` is for, in a plan whose days `table` holds."""
    key = checkin.session
    if key is None:
        return None
    week = week_of(key)
    day = checkin.session_day or checkin.date
    return table.get(week or 0, {}).get(day, key)


def matched(checkins: Sequence[CheckIn], sessions: Iterable[tuple[str, date]]) -> list[CheckIn]:
    """The check-ins, each naming its session by the key it has in this plan."""
    table = keys_by_day(sessions)
    found: list[CheckIn] = []
    for checkin in checkins:
        key = session_for(checkin, table)
        same = key == checkin.session
        found.append(checkin if same else checkin.model_copy(update={"session": key}))
    return found
