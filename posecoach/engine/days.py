"""Which days sessions fall on, and the heavy-days rule: at least one easy or
rest day between the heaviest calf and Achilles loads.

What counts as heavy, which sessions keep their load when the days cannot keep
them apart, and what a session kept light leaves out are all decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import combinations, pairwise
from typing import NamedTuple

from posecoach.model import WEEKDAYS, Item, RunnerProfile

CALF_REGIONS = frozenset({"calf", "achilles"})


def is_calf_plyometric(item: Item) -> bool:
    return item.plyometric and bool(CALF_REGIONS.intersection(item.loads))


def is_heavy_calf_strength(item: Item) -> bool:
    """Heel drops, single-leg and loaded calf raises: calf load as heavy as hops (a
    warm-up set of them is not)."""
    return item.counts_as == "calf-heavy" and item.block != "warm-up"


def is_heavy(item: Item, heavy_run_minutes: float) -> bool:
    """A heavy calf/Achilles load: a long new-form run, a plyometric calf drill, or
    heavy calf strength work."""
    if item.run is not None:
        return item.run.running_minutes >= heavy_run_minutes
    return is_calf_plyometric(item) or is_heavy_calf_strength(item)


class KeptLight(NamedTuple):
    """How a session that cannot be kept apart from a heavy day is kept light."""

    keep: list[bool]  # per item: False for the plyometric calf drills that go
    lighten: list[bool]  # per item: heavy calf strength, to give way to a lighter drill
    run_cap: float  # running minutes, held under the heavy-run length


def keep_light(items: Sequence[Item], heavy_run_minutes: float) -> KeptLight:
    # Runs go in half minutes: half a minute under the heavy length is the longest light run.
    return KeptLight(
        [not is_calf_plyometric(i) for i in items],
        [is_heavy_calf_strength(i) for i in items],
        heavy_run_minutes - 0.5,
    )


def spread_weekdays(available: Sequence[str], count: int) -> list[str]:
    """Pick `count` of the available weekdays, as evenly spread as possible.

    Gaps are measured around the week (Sunday to Monday is one day), so three
    sessions from Mon-Sun land on Mon, Wed, Fri or similar, not Mon, Tue, Wed.
    Ties go to the earliest days, which keeps the choice deterministic.
    """
    indices = sorted(WEEKDAYS.index(day) for day in available)

    def badness(chosen: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
        gaps = [(b - a) % 7 or 7 for a, b in zip(chosen, (*chosen[1:], chosen[0]), strict=True)]
        adjacent = sum(1 for gap in gaps if gap == 1)
        return (-min(gaps), adjacent, chosen)

    best = min(combinations(indices, count), key=badness)
    return [WEEKDAYS[i] for i in best]


def week_dates(week_start: date, weekdays: Sequence[str]) -> list[date]:
    """The dates in the 7 days from `week_start` that fall on `weekdays`, in order."""
    wanted = {WEEKDAYS.index(day) for day in weekdays}
    return [
        day
        for day in (week_start + timedelta(days=offset) for offset in range(7))
        if day.weekday() in wanted
    ]


def anchors(profile: RunnerProfile, week_start: date) -> list[date]:
    """The days around this week that load the calves and Achilles whatever the plan
    does: the runner's own long run and their races (a day kept apart, like a
    heavy day, so no hops or heavy calf work fall the day before)."""
    around = [week_start + timedelta(days=offset) for offset in range(-2, 9)]
    found = {d for d in around if WEEKDAYS[d.weekday()] == profile.long_run_day}
    found |= {race.date for race in profile.races if around[0] <= race.date <= around[-1]}
    return sorted(found)


def too_near(day: date, fixed: Sequence[date], min_gap_days: int) -> bool:
    return any(abs((day - other).days) < min_gap_days for other in fixed)


def near_race(profile: RunnerProfile, week_start: date, window_days: int) -> bool:
    """Whether any day of the week falls within `window_days` before a race."""
    week_end = week_start + timedelta(days=6)
    return any(
        week_start < race.date and race.date - timedelta(days=window_days) <= week_end
        for race in profile.races
    )


def place_slots(
    dates: list[date],
    heavy: list[bool],
    last_heavy: date | None,
    min_gap_days: int,
    strength_only: list[bool] | None = None,
    fixed: Sequence[date] = (),
) -> tuple[list[date], set[int]]:
    """Give each slot (in priority order) a date, heavy slots at least `min_gap_days` apart.

    Returns the date of each slot and the slots that had to be made light
    because no arrangement keeps them apart; the most important heavy slots
    keep their load. Among the heavy days, the slots heavy only for their calf
    strength work (`strength_only`) take the later ones, so the runs and hops
    keep their days and the strength session fits around them.
    """
    count = len(dates)
    heavy_slots = [i for i, h in enumerate(heavy) if h]
    demoted: set[int] = set()
    while True:
        positions = _heavy_positions(dates, len(heavy_slots), last_heavy, min_gap_days, fixed)
        if positions is not None:
            break
        demoted.add(heavy_slots.pop())  # the least important heavy slot goes light
    light_slots = [i for i in range(count) if i not in heavy_slots]
    light_positions = [p for p in range(count) if p not in positions]
    placed: dict[int, date] = {}
    later = strength_only or [False] * count
    heavy_slots.sort(key=lambda slot: later[slot])  # stable: priority order within each
    for slot, position in zip(heavy_slots, positions, strict=True):
        placed[slot] = dates[position]
    for slot, position in zip(light_slots, light_positions, strict=True):
        placed[slot] = dates[position]
    return [placed[slot] for slot in range(count)], demoted


def _heavy_positions(
    dates: list[date],
    wanted: int,
    last_heavy: date | None,
    min_gap_days: int,
    fixed: Sequence[date] = (),
) -> tuple[int, ...] | None:
    for positions in combinations(range(len(dates)), wanted):
        chosen = [dates[p] for p in positions]
        if any(too_near(day, fixed, min_gap_days) for day in chosen):
            continue
        previous = [last_heavy] if last_heavy is not None else []
        sequence = previous + chosen
        if all((b - a).days >= min_gap_days for a, b in pairwise(sequence)):
            return positions
    return None
