"""Laying a curriculum's phases across a plan of N weeks."""

from __future__ import annotations

from itertools import product
from typing import NamedTuple

from posecoach.model import Curriculum, Phase


class WeekOutline(NamedTuple):
    """What a week is before any session is placed: its phase and its load."""

    number: int
    phase: Phase
    deload: bool
    progress: float  # 0..1 through the phase's loading (non-deload) weeks


def apportion(nominal: list[int], total: int) -> list[int]:
    """Share `total` weeks among parts whose usual lengths are `nominal`.

    Largest-remainder apportionment keeps the proportions; every part keeps at
    least one week, so the teaching order survives any compression.
    """
    if total < len(nominal):
        raise ValueError(f"{total} weeks cannot hold {len(nominal)} phases")
    spare = total - len(nominal)  # weeks left once every part has its one
    stretch = [n - 1 for n in nominal]  # how much each part had beyond one
    whole = sum(stretch)
    shares = [s / whole for s in stretch] if whole else [1 / len(nominal)] * len(nominal)
    exact = [share * spare for share in shares]
    extra = [int(x) for x in exact]
    by_remainder = sorted(range(len(nominal)), key=lambda i: (-(exact[i] - extra[i]), i))
    for index in by_remainder[: spare - sum(extra)]:
        extra[index] += 1
    return [1 + e for e in extra]


def phase_lengths(phases: list[Phase], weeks: int) -> list[int]:
    """Compress or stretch the phases' nominal lengths to `weeks` in total."""
    return apportion([p.weeks for p in phases], weeks)


def _is_deload(number: int, every: int | None) -> bool:
    return bool(every and number % every == 0)


def clear_of_deloads(lengths: list[int], first: int, every: int | None) -> list[int]:
    """Phase lengths (each within a week of `lengths`, as close to them as can be) that
    start no phase after the first on a deload week: a new phase brings new drills,
    and a lighter week is for catching up, not for something new. Where no such
    lengths exist, `lengths` as they are."""

    def clear(candidate: tuple[int, ...]) -> bool:
        starts = [first + sum(candidate[:i]) for i in range(1, len(candidate))]
        return not any(_is_deload(start, every) for start in starts)

    if clear(tuple(lengths)):
        return lengths
    options = [
        option
        for option in product(*[(n + 1, n, n - 1) for n in lengths])
        if min(option) >= 1 and sum(option) == sum(lengths) and clear(option)
    ]
    if not options:
        return lengths
    # The least change; then the deload week ends the phase before rather than
    # opening the next (the longer earlier phase wins a tie).
    best = min(
        options,
        key=lambda o: (sum(abs(a - b) for a, b in zip(o, lengths, strict=True)), [-n for n in o]),
    )
    return list(best)


def _lay(
    phases: list[Phase], lengths: list[int], first: int, every: int | None
) -> list[WeekOutline]:
    lengths = clear_of_deloads(lengths, first, every)
    outlines: list[WeekOutline] = []
    number = first
    for phase, length in zip(phases, lengths, strict=True):
        numbers = range(number, number + length)
        loading = [n for n in numbers if not _is_deload(n, every)]
        for n in numbers:
            deload = _is_deload(n, every)
            at_start = deload or len(loading) <= 1
            progress = 0.0 if at_start else loading.index(n) / (len(loading) - 1)
            outlines.append(WeekOutline(n, phase, deload, progress))
        number += length
    return outlines


def relay(
    original: list[WeekOutline], resume_at: int, first: int, last: int, every: int | None
) -> list[WeekOutline]:
    """Weeks `first`..`last` laid anew with the content from week `resume_at` on.

    After a break the runner picks up where they left off; the rest of the
    curriculum is compressed into the weeks that remain. When fewer weeks
    remain than phases, the earliest phases (what was missed) come first.
    """
    remaining = original[resume_at - 1 :]
    phases: list[Phase] = []
    counts: list[int] = []
    for week in remaining:
        if phases and phases[-1].id == week.phase.id:
            counts[-1] += 1
        else:
            phases.append(week.phase)
            counts.append(1)
    weeks = last - first + 1
    phases, counts = phases[:weeks], counts[:weeks]
    return _lay(phases, apportion(counts, weeks), first, every)


def outline(curriculum: Curriculum, weeks: int) -> list[WeekOutline]:
    lengths = phase_lengths(curriculum.phases, weeks)
    return _lay(curriculum.phases, lengths, 1, curriculum.deload_every)
