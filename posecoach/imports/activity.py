"""What posecoach takes from an activity file, and the cadence it computes.

Watches store running cadence in strides per minute (one foot), some apps in
steps; a watch's own average counts standing still as zero cadence. So the
readers hand over raw samples and this module decides, the same way for every
format: steps per minute, averaged over moving running time only, each sample
weighted by how long it lasted (docs/activity-files.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from itertools import pairwise
from typing import NamedTuple

from posecoach.model import RunningDynamics

# A sample lasts until the next one, but never longer than this: a longer gap
# is a pause (auto-pause, smart recording around a stop), not running.
MAX_SAMPLE_SECONDS = 10.0
# Below these the runner is standing or walking, not running.
MIN_RUNNING_SPM = 120.0
MIN_RUNNING_SPEED = 1.4  # m/s, about 12 minutes a kilometre
# Raw running cadence above this is already in steps (the Runalyze rule).
STEPS_ALREADY_ABOVE = 130.0


class ActivityError(Exception):
    """An activity file posecoach cannot use, with the reason in words."""


class Sample(NamedTuple):
    time: datetime | float  # aware UTC, or seconds from an unknown start
    cadence: float | None  # as stored: strides or steps per minute
    speed: float | None = None  # m/s
    walking: bool = False  # the device marked this sample as walking
    dynamics: tuple[float | None, float | None, float | None, float | None] = (None,) * 4


class Activity(NamedTuple):
    source: str
    sport: str
    local_date: date | None  # from the device's own local time, when the file says it
    samples: list[Sample]
    paused: Sequence[tuple[float, float]] = ()  # timer stops, in seconds
    device_cadence: float | None = None  # the device's own average, steps per minute
    dynamics: RunningDynamics | None = None  # the device's session averages
    warnings: Sequence[str] = ()
    start: datetime | None = None  # aware UTC, for a local date in the runner's zone


def _seconds(moment: datetime | float, origin: datetime | float) -> float:
    if isinstance(moment, datetime) and isinstance(origin, datetime):
        return (moment - origin).total_seconds()
    if isinstance(moment, int | float) and isinstance(origin, int | float):
        return float(moment - origin)
    raise ActivityError("the file mixes absolute and relative timestamps")


def steps_multiplier(samples: list[Sample]) -> float:
    """2 when the running cadence is stored per foot (strides), 1 when already in steps."""
    running = [s.cadence for s in samples if s.cadence and s.cadence > 0]
    if not running:
        return 2.0
    running.sort()
    median = running[len(running) // 2]
    return 1.0 if median > STEPS_ALREADY_ABOVE else 2.0


class MovingCadence(NamedTuple):
    spm: float | None
    running_seconds: float
    dynamics: RunningDynamics | None


def moving_cadence(activity: Activity) -> MovingCadence:
    """Steps per minute over moving running time, weighted by each sample's duration."""
    samples = sorted(activity.samples, key=lambda s: _seconds(s.time, activity.samples[0].time))
    if len(samples) < 2:
        return MovingCadence(None, 0.0, None)
    origin = samples[0].time
    multiplier = steps_multiplier(samples)
    total_weight = 0.0
    weighted = 0.0
    dyn_sums = [0.0, 0.0, 0.0, 0.0]
    dyn_weights = [0.0, 0.0, 0.0, 0.0]
    for sample, following in pairwise(samples):
        start = _seconds(sample.time, origin)
        end = _seconds(following.time, origin)
        seconds = min(end - start, MAX_SAMPLE_SECONDS)
        if seconds <= 0 or sample.cadence is None or sample.cadence <= 0 or sample.walking:
            continue
        if any(stop <= start < resume for stop, resume in activity.paused):
            continue
        spm = sample.cadence * multiplier
        if spm < MIN_RUNNING_SPM:
            continue
        if sample.speed is not None and sample.speed < MIN_RUNNING_SPEED:
            continue
        total_weight += seconds
        weighted += spm * seconds
        for index, value in enumerate(sample.dynamics):
            if value is not None and value > 0:
                dyn_sums[index] += value * seconds
                dyn_weights[index] += seconds
    if total_weight == 0:
        return MovingCadence(None, 0.0, None)
    means = [s / w if w else None for s, w in zip(dyn_sums, dyn_weights, strict=True)]
    dynamics = None
    if any(m is not None for m in means):
        dynamics = RunningDynamics(
            ground_contact_ms=_round(means[0]),
            vertical_oscillation_mm=_round(means[1]),
            vertical_ratio_percent=_round(means[2], 2),
            step_length_mm=_round(means[3]),
        )
    return MovingCadence(round(weighted / total_weight, 2), total_weight, dynamics)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
