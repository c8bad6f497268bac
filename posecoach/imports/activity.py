"""What posecoach takes from an activity file, and the cadence it computes.

Watches store running cadence in strides per minute (one foot), some apps in
steps; a watch's own average counts standing still as zero cadence. So the
readers hand over raw samples, grouped into legs (a FIT session, a TCX
activity, a GPX segment), and this module decides, the same way for every
format: steps per minute, averaged over moving running time only, each sample
weighted by how long it lasted (docs/activity-files.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import pairwise
from typing import NamedTuple, NoReturn

from posecoach import limits
from posecoach.i18n import _
from posecoach.model import RunningDynamics

# A sample lasts until the next one, but never longer than this: a longer gap
# is a pause (auto-pause, smart recording around a stop), not running.
MAX_SAMPLE_SECONDS = 10.0
# Indoors, with no GPS, a watch's smart recording writes a record only when
# something changes, and on a treadmill little does: a running sample there lasts
# up to this long (the timer's own stops are pauses still).
MAX_INDOOR_SAMPLE_SECONDS = 30.0
# Below these the runner is standing or walking, not running.
MIN_RUNNING_SPM = 120.0
MIN_RUNNING_SPEED = 1.4  # m/s, about 12 minutes a kilometre
# No human runs above this for a whole session: a mean beyond it means the
# file's values are not steps (or not running) whatever they claim.
MAX_RUNNING_SPM = float(limits.CADENCE_HIGHEST)
# Raw running cadence (90th percentile) above this is already in steps: as
# strides it would be over 230 steps/min, as steps it is a slow jog.
STEPS_ALREADY_ABOVE = 115.0
# ... and above this it is steps counted twice (a device that doubles what is
# already steps): as steps it would be over 280 a minute, halved a jog of 140 or more.
DOUBLED_ABOVE = 280.0


class ActivityError(Exception):
    """An activity file posecoach cannot use, with the reason in words."""


Moment = datetime | float  # aware UTC, or seconds from an unknown start (old FIT files)
# Running dynamics: stance ms, vertical oscillation mm, vertical ratio %, step length mm.
Dynamics = tuple[float | None, float | None, float | None, float | None]
NO_DYNAMICS: Dynamics = (None, None, None, None)  # the one a sample without them shares


class Sample(NamedTuple):
    time: Moment
    cadence: float | None  # as stored: strides or steps per minute
    speed: float | None = None  # m/s
    walking: bool = False  # the device marked this sample as walking
    dynamics: Dynamics = NO_DYNAMICS


class Leg(NamedTuple):
    """One sport's part of a file: a FIT session, a TCX activity, a GPX segment."""

    sport: str  # normalised by legs.sport_of: running, cycling, swimming, generic...
    samples: list[Sample]
    device_cadence: float | None = None  # the device's own average, as stored (raw)
    dynamics: RunningDynamics | None = None  # the device's session averages
    rpe: int | None = None  # the runner's own rating typed into the watch, 0-10
    feel: int | None = None  # 0 (very weak) to 100 (very strong), typed into the watch
    indoor: bool = False  # treadmill or indoor, the device says: no speed is expected
    positions: bool | None = None  # whether it has GPS positions (None: cannot tell)


class Activity(NamedTuple):
    source: str
    legs: list[Leg]
    local_date: date | None = None  # from the file's own local time, when it says it
    paused: Sequence[tuple[Moment, Moment]] = ()  # timer stops
    warnings: Sequence[str] = ()
    kind: str = "activity"  # a FIT file's type: activity, workout, settings...


def _mixed() -> NoReturn:
    raise ActivityError(_("the file mixes absolute and relative timestamps"))


def _offsets(moments: Iterable[Moment], origin: Moment) -> list[float]:
    """Seconds from `origin` to each moment (one comprehension: it runs per sample)."""
    if isinstance(origin, datetime):
        return [(m - origin).total_seconds() if isinstance(m, datetime) else _mixed()
                for m in moments]  # fmt: skip
    return [float(m - origin) if not isinstance(m, datetime) else _mixed() for m in moments]


def timed(samples: Sequence[Sample], paused: Sequence[tuple[Moment, Moment]] = (),
          longest: float = MAX_SAMPLE_SECONDS) -> list[tuple[Sample, float]]:  # fmt: skip
    """Each sample with how long it lasted: until the next, at most `longest`, nothing
    while paused."""
    if len(samples) < 2:
        return []
    origin = samples[0].time
    offsets = _offsets((s.time for s in samples), origin)
    order = sorted(range(len(samples)), key=offsets.__getitem__)  # stable: ties keep file order
    # Stops in the other kind of time than the samples' cannot be placed among them.
    kept = [(a, b) for a, b in paused if isinstance(a, datetime) == isinstance(origin, datetime)]
    stops = sorted(zip(_offsets([a for a, _ in kept], origin),
                       _offsets([b for _, b in kept], origin), strict=True))  # fmt: skip
    result = []
    if not stops:  # TCX and GPX never have any: the loop without their bookkeeping
        for index, following in pairwise(order):
            seconds = offsets[following] - offsets[index]
            if seconds > 0:
                result.append((samples[index], min(seconds, longest)))
        return result
    stop = 0  # samples and stops both in time order: one walk over each
    for index, following in pairwise(order):
        start = offsets[index]
        while stop < len(stops) and stops[stop][1] <= start:
            stop += 1
        seconds = min(offsets[following] - start, longest)
        paused_now = any(a <= start < b for a, b in stops[stop : stop + 4])  # overlaps are rare
        if seconds <= 0 or paused_now:
            continue
        result.append((samples[index], seconds))
    return result


def steps_multiplier(samples: Sequence[Sample]) -> float:
    """2 when the running cadence is stored per foot (strides), 1 when already in steps,
    0.5 when a device doubled what was already steps.

    Decided from the values (per leg), by the range a running cadence can have, not
    trusted from the format: the 90th percentile is the running part even of a run
    with walking breaks.
    """
    values = sorted(s.cadence for s in samples if s.cadence and s.cadence > 0)
    if not values:
        return 2.0
    top = values[int(len(values) * 0.9)]
    if top > DOUBLED_ABOVE:
        return 0.5
    return 1.0 if top > STEPS_ALREADY_ABOVE else 2.0


class MovingCadence(NamedTuple):
    spm: float | None
    cadence_seconds: float  # running time with a cadence
    running_seconds: float  # running time, with or without a cadence
    dynamics: RunningDynamics | None


def moving_cadence(durations: Sequence[tuple[Sample, float]], multiplier: float,
                   indoor: bool = False) -> MovingCadence:  # fmt: skip
    """Steps per minute over moving running time, weighted by each sample's duration.

    A sample is not running when the device marked it walking, or its speed is
    under MIN_RUNNING_SPEED, or its cadence under MIN_RUNNING_SPM; without a
    cadence it counts as running by its speed. Indoors (a treadmill, or no GPS)
    the speed comes from the watch's own sensor, a guess, or from a distance it
    updates every few seconds: a sample with a cadence is judged by its cadence
    alone, and one without by its speed when it has one above 0. A sample lasts
    at most MAX_SAMPLE_SECONDS unless it is running indoors (`timed` gave it up to
    MAX_INDOOR_SAMPLE_SECONDS). (One loop, its tests inline: it runs per sample.)
    """
    cadence_weight = running_weight = weighted = 0.0
    dyn_sums = [0.0, 0.0, 0.0, 0.0]
    dyn_weights = [0.0, 0.0, 0.0, 0.0]
    for sample, seconds in durations:
        cadence, speed = sample.cadence, sample.speed
        if not (cadence and cadence > 0):  # none, zero, or NaN: running by its speed
            if indoor and speed is not None and speed <= 0:
                speed = None  # treadmills write speed 0 without a footpod
            if not sample.walking and speed is not None and speed >= MIN_RUNNING_SPEED:
                running_weight += min(seconds, MAX_SAMPLE_SECONDS)
            continue
        if indoor:
            speed = None  # the cadence says whether the runner is running
        if sample.walking or (speed is not None and speed < MIN_RUNNING_SPEED):
            continue
        spm = cadence * multiplier
        if spm < MIN_RUNNING_SPM:
            continue
        running_weight += seconds
        cadence_weight += seconds
        weighted += spm * seconds
        if sample.dynamics is not NO_DYNAMICS:  # TCX and GPX have none: skip the four
            for index, value in enumerate(sample.dynamics):
                if value is not None and value > 0:
                    dyn_sums[index] += value * seconds
                    dyn_weights[index] += seconds
    if cadence_weight == 0:
        return MovingCadence(None, 0.0, running_weight, None)
    means = [s / w if w else None for s, w in zip(dyn_sums, dyn_weights, strict=True)]
    dynamics = None
    if any(m is not None for m in means):
        dynamics = RunningDynamics(
            ground_contact_ms=_round(means[0]),
            vertical_oscillation_mm=_round(means[1]),
            vertical_ratio_percent=_round(means[2], 2),
            step_length_mm=_round(means[3]),
        )
    return MovingCadence(weighted / cadence_weight, cadence_weight, running_weight, dynamics)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
