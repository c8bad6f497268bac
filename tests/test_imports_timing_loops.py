"""timed and moving_cadence, made faster for issue 14, against their plain versions.

The readers' per-sample loops were rewritten (offsets in one comprehension, no
pause bookkeeping when there are no pauses, the running tests inline); the
plain versions below are the definitions as they stood before, and any sample
list must get the same answer from both.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples

from posecoach.imports.activity import (
    MAX_INDOOR_SAMPLE_SECONDS,
    MAX_SAMPLE_SECONDS,
    MIN_RUNNING_SPEED,
    MIN_RUNNING_SPM,
    ActivityError,
    Moment,
    MovingCadence,
    Sample,
    moving_cadence,
    timed,
)

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

START = datetime(2027, 1, 5, 7, tzinfo=UTC)


def seconds_between(moment: Moment, origin: Moment) -> float:
    if isinstance(moment, datetime) and isinstance(origin, datetime):
        return (moment - origin).total_seconds()
    if isinstance(moment, int | float) and isinstance(origin, int | float):
        return float(moment - origin)
    raise ActivityError("the file mixes absolute and relative timestamps")


def plain_timed(
    samples: list[Sample], paused: list[tuple[Moment, Moment]], longest: float = MAX_SAMPLE_SECONDS
) -> list[tuple[Sample, float]]:
    if len(samples) < 2:
        return []
    origin = samples[0].time
    offsets = sorted((seconds_between(s.time, origin), i) for i, s in enumerate(samples))
    stops = sorted(
        (seconds_between(a, origin), seconds_between(b, origin))
        for a, b in paused
        if isinstance(a, datetime) == isinstance(origin, datetime)
    )
    result = []
    stop = 0
    for (start, index), (end, _) in pairwise(offsets):
        while stop < len(stops) and stops[stop][1] <= start:
            stop += 1
        seconds = min(end - start, longest)
        paused_now = any(a <= start < b for a, b in stops[stop : stop + 4])
        if seconds <= 0 or paused_now:
            continue
        result.append((samples[index], seconds))
    return result


def is_running(sample: Sample, spm: float | None, indoor: bool) -> bool:
    """Walking, too slow or too low a cadence is not running; indoors (issue 27) the
    cadence alone says so when there is one, and a speed of 0 is no speed."""
    speed = sample.speed
    if indoor and speed is not None and (spm is not None or speed <= 0):
        speed = None
    if sample.walking:
        return False
    if speed is not None and speed < MIN_RUNNING_SPEED:
        return False
    if spm is not None:
        return spm >= MIN_RUNNING_SPM
    return speed is not None


def plain_moving(
    durations: list[tuple[Sample, float]], multiplier: float, indoor: bool
) -> tuple[float | None, float, float, list[float | None]]:
    cadence_weight = running_weight = weighted = 0.0
    sums, weights = [0.0] * 4, [0.0] * 4
    for sample, seconds in durations:
        spm = sample.cadence * multiplier if sample.cadence and sample.cadence > 0 else None
        if not is_running(sample, spm, indoor):
            continue
        if spm is None:  # running by its speed: never longer than outdoors
            running_weight += min(seconds, MAX_SAMPLE_SECONDS)
            continue
        running_weight += seconds
        cadence_weight += seconds
        weighted += spm * seconds
        for index, value in enumerate(sample.dynamics):
            if value is not None and value > 0:
                sums[index] += value * seconds
                weights[index] += seconds
    if cadence_weight == 0:
        return None, 0.0, running_weight, [None] * 4
    means = [s / w if w else None for s, w in zip(sums, weights, strict=True)]
    return weighted / cadence_weight, cadence_weight, running_weight, means


def comparable(moving: MovingCadence) -> tuple[float | None, float, float, list[float | None]]:
    dynamics = moving.dynamics
    means: list[float | None] = (
        [None] * 4
        if dynamics is None
        else [
            dynamics.ground_contact_ms,
            dynamics.vertical_oscillation_mm,
            dynamics.vertical_ratio_percent,
            dynamics.step_length_mm,
        ]
    )
    return moving.spm, moving.cadence_seconds, moving.running_seconds, means


values = st.one_of(st.none(), st.just(0.0), st.just(math.nan), st.floats(-5, 250, allow_nan=False))
speeds = st.one_of(st.none(), st.just(0.0), st.floats(-1, 12, allow_nan=False))
dynamics = st.one_of(st.just((None,) * 4), st.tuples(values, values, values, values))


@st.composite
def samples(draw: st.DrawFn) -> list[Sample]:
    # Seconds from the start, in order mostly, with repeats and steps back.
    offsets = draw(st.lists(st.integers(-3, 40), max_size=40))
    moments = [START + timedelta(seconds=sum(offsets[: i + 1])) for i in range(len(offsets))]
    return [
        Sample(moment, draw(values), draw(speeds), draw(st.booleans()), draw(dynamics))
        for moment in moments
    ]


@st.composite
def pauses(draw: st.DrawFn) -> list[tuple[Moment, Moment]]:
    spans = draw(st.lists(st.tuples(st.integers(-10, 400), st.integers(0, 60)), max_size=6))
    return [
        (START + timedelta(seconds=a), START + timedelta(seconds=a + length)) for a, length in spans
    ]


@examples(150, 3000)
@given(samples(), pauses(), st.sampled_from([0.5, 1.0, 2.0]), st.booleans())
def test_the_loops_agree_with_their_plain_versions(
    points: list[Sample], paused: list[tuple[Moment, Moment]], multiplier: float, indoor: bool
) -> None:
    longest = MAX_INDOOR_SAMPLE_SECONDS if indoor else MAX_SAMPLE_SECONDS
    durations = timed(points, paused, longest)
    assert durations == plain_timed(points, paused, longest)
    assert timed(points) == plain_timed(points, [])
    ours, plain = (
        comparable(moving_cadence(durations, multiplier, indoor)),
        plain_moving(durations, multiplier, indoor),
    )
    assert ours[:3] == pytest.approx(plain[:3], nan_ok=True)
    rounded = [None if m is None else round(m, 2 if i == 2 else 1) for i, m in enumerate(plain[3])]
    assert ours[3] == rounded


def test_mixed_times_are_refused_as_before() -> None:
    relative = [Sample(0.0, 80.0), Sample(START, 80.0)]
    with pytest.raises(ActivityError, match="mixes absolute and relative"):
        timed(relative)
    with pytest.raises(ActivityError, match="mixes absolute and relative"):
        timed([Sample(START, 80.0), Sample(START, 80.0)], [(START, 5.0)])
