"""Laying a curriculum's phases across a plan of N weeks."""

from __future__ import annotations

from dataclasses import dataclass

from posecoach.model import Curriculum, Phase


@dataclass(frozen=True)
class WeekOutline:
    """What a week is before any session is placed: its phase and its load."""

    number: int
    phase: Phase
    deload: bool
    progress: float  # 0..1 through the phase's loading (non-deload) weeks


def phase_lengths(phases: list[Phase], weeks: int) -> list[int]:
    """Compress or stretch the phases' nominal lengths to `weeks` in total.

    Largest-remainder apportionment keeps the proportions; every phase keeps
    at least one week, so the teaching order survives any compression.
    """
    if weeks < len(phases):
        raise ValueError(f"{weeks} weeks cannot hold {len(phases)} phases")
    spare = weeks - len(phases)  # weeks left once every phase has its one
    stretch = [p.weeks - 1 for p in phases]  # how much each phase had beyond one
    total = sum(stretch)
    shares = [s / total for s in stretch] if total else [1 / len(phases)] * len(phases)
    exact = [share * spare for share in shares]
    extra = [int(x) for x in exact]
    by_remainder = sorted(range(len(phases)), key=lambda i: (-(exact[i] - extra[i]), i))
    for index in by_remainder[: spare - sum(extra)]:
        extra[index] += 1
    return [1 + e for e in extra]


def outline(curriculum: Curriculum, weeks: int) -> list[WeekOutline]:
    lengths = phase_lengths(curriculum.phases, weeks)
    every = curriculum.deload_every
    outlines: list[WeekOutline] = []
    number = 1
    for phase, length in zip(curriculum.phases, lengths, strict=True):
        numbers = range(number, number + length)
        loading = [n for n in numbers if not (every and n % every == 0)]
        for n in numbers:
            deload = bool(every and n % every == 0)
            at_start = deload or len(loading) <= 1
            progress = 0.0 if at_start else loading.index(n) / (len(loading) - 1)
            outlines.append(WeekOutline(n, phase, deload, progress))
        number += length
    return outlines
