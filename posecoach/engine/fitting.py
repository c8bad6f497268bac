"""Fitting a session into the runner's longest session.

Optional items go first (last first), then the run is shortened, then every
drill loses sets in turn, and only then do trailing items go: fewer sets of
every drill keep the session's whole lesson.
"""

from __future__ import annotations

from posecoach.engine import dosing, running
from posecoach.model import Item, RunWalk

# An item of a session and whether it is optional.
Entry = tuple[Item, bool]


def with_run(item: Item, run: RunWalk) -> Item:
    return item.model_copy(update={"run": run, "minutes": dosing.run_minutes(run)})


def _total(entries: list[Entry]) -> float:
    return sum(item.minutes for item, _ in entries)


def fit_session(
    entries: list[Entry], run_cap: float, limit: float
) -> tuple[list[Entry], list[str]]:
    """Trim a session to `limit` minutes; returns what is kept and the names left out."""
    entries = list(entries)
    dropped: list[str] = []
    while _total(entries) > limit and any(optional for _, optional in entries):
        index = max(i for i, (_, optional) in enumerate(entries) if optional)
        dropped.insert(0, entries.pop(index)[0].name)
    for index, (item, optional) in enumerate(entries):
        if item.run is not None and _total(entries) > limit:
            room = limit - (_total(entries) - item.minutes) - dosing.CHANGEOVER_SECONDS / 60
            fitted = running.fit_run(item.run, run_cap, room)
            if fitted is None:
                dropped.append(item.name)
                entries[index] = (item.model_copy(update={"minutes": 0.0}), optional)
            else:
                entries[index] = (with_run(item, fitted), optional)
    entries = [(item, optional) for item, optional in entries if item.minutes > 0]
    entries = fewer_sets(entries, limit)
    while _total(entries) > limit and len(entries) > 1:
        dropped.append(entries.pop()[0].name)
    return entries, dropped


def fewer_sets(entries: list[Entry], limit: float) -> list[Entry]:
    """Take a set off each item in turn, last first, while the session runs long."""
    entries = list(entries)
    while _total(entries) > limit:
        changed = False
        for index in reversed(range(len(entries))):
            item, optional = entries[index]
            if item.dose is None or item.dose.sets <= 1:
                continue
            dose = item.dose.model_copy(update={"sets": item.dose.sets - 1})
            minutes = dosing.prescription_minutes(dose)
            entries[index] = (item.model_copy(update={"dose": dose, "minutes": minutes}), optional)
            changed = True
            if _total(entries) <= limit:
                return entries
        if not changed:
            break
    return entries
