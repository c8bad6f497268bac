"""Turning a drill's dose range into this week's countable prescription."""

from __future__ import annotations

import math
from collections.abc import Iterable

from posecoach.model import Dose, Item, Prescription, RunWalk

# Rough timings for estimating how long a session takes; they only need to be
# good enough to keep a session inside the runner's longest session.
SECONDS_PER_REP = 3.0
REST_BETWEEN_SETS = 45.0
METRES_PER_SECOND = 1.0  # a drill run out plus the walk back
CHANGEOVER_SECONDS = 30.0  # moving from one item to the next


def _round_to(value: float, step: float) -> float:
    return max(step, round(value / step) * step)


def prescribe(dose: Dose, progress: float, deload_factor: float | None) -> Prescription:
    """The dose `progress` (0..1) of the way through its range, cut on a deload week."""
    sets = max(1, round(dose.sets.at(progress)))
    amount = dose.amount.at(progress)
    if deload_factor is not None:
        # Cut whole sets where there are sets to cut; a single set gets shorter instead.
        if sets > 1:
            sets = max(1, round(sets * deload_factor))
        else:
            amount = max(dose.amount.low * deload_factor, amount * deload_factor)
    unit = dose.unit
    return Prescription(
        sets=sets,
        reps=max(1, round(amount)) if unit == "reps" else None,
        seconds=int(_round_to(amount, 5)) if unit == "seconds" else None,
        metres=int(_round_to(amount, 5)) if unit == "metres" else None,
        minutes=_round_to(amount, 0.5) if unit == "minutes" else None,
        per_side=dose.per_side,
        note=dose.note,
    )


def prescription_minutes(prescription: Prescription) -> float:
    """An estimate of the time a prescription takes, rests included."""
    sides = 2 if prescription.per_side else 1
    if prescription.reps is not None:
        work = prescription.reps * SECONDS_PER_REP
    elif prescription.seconds is not None:
        work = prescription.seconds
    elif prescription.metres is not None:
        work = prescription.metres / METRES_PER_SECOND
    else:
        work = (prescription.minutes or 0) * 60
    # Sides follow each other without a rest; sets are rested, unless each is long.
    rests = (prescription.sets - 1) * REST_BETWEEN_SETS if work < 240 else 0
    total = prescription.sets * sides * work + rests + CHANGEOVER_SECONDS
    return total / 60


def run_minutes(run: RunWalk) -> float:
    return run.total_minutes + CHANGEOVER_SECONDS / 60


def session_minutes(item_minutes: list[float]) -> int:
    """A session's length in whole minutes, rounded up to the next 5."""
    return max(5, math.ceil(sum(item_minutes) / 5 - 1e-9) * 5)


def cap_dose(dose: Prescription, most: Prescription | None) -> Prescription:
    """`dose` held to no more sets and no more of each set than `most` (a hold's limit)."""
    if most is None:
        return dose
    update: dict[str, object] = {"sets": min(dose.sets, most.sets)}
    for unit in ("reps", "seconds", "metres", "minutes"):
        mine, theirs = getattr(dose, unit), getattr(most, unit)
        if mine is not None and theirs is not None and theirs < mine:
            update[unit] = theirs
    return dose.model_copy(update=update)


def cut_dose(dose: Prescription, factor: float) -> Prescription:
    """Less of `dose` (a step-back): fewer sets, or a shorter single set."""
    if dose.sets > 1:
        return dose.model_copy(
            update={"sets": max(1, min(dose.sets - 1, round(dose.sets * factor)))}
        )
    update: dict[str, object] = {}
    if dose.reps is not None:
        update["reps"] = max(1, min(dose.reps - 1, round(dose.reps * factor)))
    elif dose.seconds is not None:
        update["seconds"] = max(5, min(dose.seconds - 5, int(_round_to(dose.seconds * factor, 5))))
    elif dose.metres is not None:
        update["metres"] = max(5, min(dose.metres - 5, int(_round_to(dose.metres * factor, 5))))
    elif dose.minutes is not None:
        update["minutes"] = max(0.5, min(dose.minutes - 0.5, _round_to(dose.minutes * factor, 0.5)))
    return dose.model_copy(update=update)


def amount(dose: Prescription) -> float:
    """The countable amount of one set, whatever its unit."""
    return float(dose.reps or dose.seconds or dose.metres or dose.minutes or 0)


def most_per_drill(items: Iterable[Item]) -> dict[str, Prescription]:
    """The most of each dosed drill among `items`: a week's load, for a hold to keep to."""
    most: dict[str, Prescription] = {}
    for item in items:
        if item.dose is not None:
            known = most.get(item.drill)
            if known is not item.dose:  # the same dose again (items are shared) is no more
                most[item.drill] = item.dose if known is None else larger(known, item.dose)
    return most


def larger(one: Prescription, other: Prescription) -> Prescription:
    """The more of each: sets and the amount of a set (the most a hold allows)."""
    update: dict[str, object] = {"sets": max(one.sets, other.sets)}
    for unit in ("reps", "seconds", "metres", "minutes"):
        mine, theirs = getattr(one, unit), getattr(other, unit)
        if mine is not None and theirs is not None and theirs > mine:
            update[unit] = theirs
    if len(update) == 1 and update["sets"] == one.sets:
        return one  # already the more of each: a copy would be equal (and frozen)
    return one.model_copy(update=update)
