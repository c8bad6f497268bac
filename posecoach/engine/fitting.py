"""Fitting a session into the runner's longest session.

Optional items go first (last first, the cool-down stretches last of them),
then the run gives up to half its running, then every drill loses sets in turn,
then the run shortens further, and only then do trailing items go: fewer sets
of every drill keep the session's whole lesson.
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
        dropped.insert(0, entries.pop(_next_optional(entries))[0].name)
    # The run is a run session's lesson: it gives up at most half its running before
    # the drills give up sets, and only then the rest.
    entries, _ = _shorter_runs(entries, run_cap, limit, keep=0.5)
    entries = fewer_sets(entries, limit)
    entries, gone = _shorter_runs(entries, run_cap, limit, keep=0.0)
    dropped.extend(gone)
    while _total(entries) > limit and len(entries) > 1:
        dropped.append(entries.pop(_next_trailing(entries))[0].name)
    return entries, dropped


def _shorter_runs(
    entries: list[Entry], run_cap: float, limit: float, keep: float
) -> tuple[list[Entry], list[str]]:
    """Shorten each run while the session runs long, keeping at least `keep` of its
    running time; a run with no room left at all goes (when `keep` is 0)."""
    entries = list(entries)
    gone: list[str] = []
    for index, (item, optional) in enumerate(entries):
        if item.run is None or _total(entries) <= limit:
            continue
        room = limit - (_total(entries) - item.minutes) - dosing.CHANGEOVER_SECONDS / 60
        least = running.fit_run(item.run, item.run.running_minutes * keep) if keep else None
        if least is not None:
            room = max(room, least.total_minutes)
        fitted = running.fit_run(item.run, run_cap, room)
        if fitted is None:
            gone.append(item.name)
            entries[index] = (item.model_copy(update={"minutes": 0.0}), optional)
        else:
            entries[index] = (with_run(item, fitted), optional)
    return [(item, optional) for item, optional in entries if item.minutes > 0], gone


def _next_trailing(entries: list[Entry]) -> int:
    """The item to go when even single sets run long: the last, but the run, the
    weekly calf and foot work and the cool-down stretches only after the rest."""
    keep = [
        item.run is not None or item.counts_as is not None or item.block == "mobility"
        for item, _ in entries
    ]
    others = [i for i, kept in enumerate(keep) if not kept]
    return others[-1] if others else len(entries) - 1


def _next_optional(entries: list[Entry]) -> int:
    """The optional item to go next: the last one, but the cool-down stretches only
    once the other optional extras are gone (calves tight from forefoot work need them)."""
    optional = [i for i, (_, is_optional) in enumerate(entries) if is_optional]
    extras = [i for i in optional if entries[i][0].block != "mobility"]
    return (extras or optional)[-1]


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
