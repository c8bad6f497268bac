"""Which legs of a file are runs: by the sport it names, or by the evidence.

A file names its sport in many words (FIT enums, TCX's Running/Biking/Other,
GPX's free text or Strava's numbers). A named run is a run. A leg whose sport
is unset, generic or "other" is a run only when its moving speed and cadence
are in running ranges for most of the moving time: a ride exported without a
type must not become 185 "steps/min" of pedal strokes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from posecoach.imports.activity import MAX_RUNNING_SPM, MIN_RUNNING_SPM, Leg, Sample

UNSPECIFIED = "generic"  # the sport of a leg that does not say
RUNS = {"running", "walking"}  # walk-run sessions are part of a transition plan
SKIPPED = {"transition"}  # changing shoes between legs: neither a run nor worth naming
# Strava's numeric activity types in GPX (1 ride, 9 run), and common words.
_WORDS = {
    "1": "cycling", "9": "running", "run": "running", "biking": "cycling",
    "ride": "cycling", "bike": "cycling", "walk": "walking", "hike": "hiking",
    "swim": "swimming", "other": UNSPECIFIED, "unknown": UNSPECIFIED, "": UNSPECIFIED,
    "all": UNSPECIFIED, "training": UNSPECIFIED, "multisport": UNSPECIFIED,
}  # fmt: skip
_NOUNS = {
    "running": "run", "walking": "walk", "cycling": "ride", "swimming": "swim",
    "hiking": "hike", "transition": "transition", "rowing": "row",
    UNSPECIFIED: "activity of no named sport", "fitness_equipment": "gym-machine workout",
}  # fmt: skip

MOVING_SPEED = 0.5  # m/s: below this the device is standing still
RUNNING_SPEEDS = (1.6, 6.0)  # m/s: a 10:25 to 2:47 min/km pace
MOST = 0.5  # "most of the moving time"


def sport_of(text: object) -> str:
    """A file's sport word, normalised: 'Biking', 'road_biking', '1' -> 'cycling'."""
    word = str(text or "").strip().casefold().replace(" ", "_").replace("-", "_")
    if word in _WORDS:
        return _WORDS[word]
    for part, sport in (("run", "running"), ("bik", "cycling"), ("cycl", "cycling"),
                        ("swim", "swimming"), ("walk", "walking"), ("hik", "hiking")):  # fmt: skip
        if part in word:
            return sport
    return word


def noun(sport: str) -> str:
    """'cycling' -> 'ride'; what a runner calls a leg of that sport."""
    return _NOUNS.get(sport, sport.replace("_", " ") + " activity")


def article(phrase: str) -> str:
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def listing(phrases: Sequence[str]) -> str:
    """['a swim', 'a ride', 'a run'] -> 'a swim, a ride and a run'."""
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


class Verdict(NamedTuple):
    running: bool
    sport: str  # what the evidence says it was: running, cycling, generic
    reason: str  # why, in the runner's words, when it is not a run


def judge(leg: Leg, durations: Sequence[tuple[Sample, float]], multiplier: float) -> Verdict:
    """Whether a leg of no named sport is a run, from its speed and cadence."""
    moving = speed_time = running_speed = fast = cadence_time = running_cadence = 0.0
    # A leg that records cadence at all must show a running cadence for most of
    # its moving time: zeros and gaps count against it (a hike at jogging speed
    # with its cadence mostly missing is not a run).
    records_cadence = any(sample.cadence is not None for sample, _ in durations)
    for sample, seconds in durations:
        has_cadence = sample.cadence is not None and sample.cadence > 0
        if not has_cadence and (sample.speed is None or sample.speed < MOVING_SPEED):
            continue
        moving += seconds
        if sample.speed is not None:
            speed_time += seconds
            running_speed += seconds * (RUNNING_SPEEDS[0] <= sample.speed <= RUNNING_SPEEDS[1])
            fast += seconds * (sample.speed > RUNNING_SPEEDS[1])
        if has_cadence and sample.cadence is not None:
            cadence_time += seconds
            spm = sample.cadence * multiplier
            running_cadence += seconds * (MIN_RUNNING_SPM <= spm <= MAX_RUNNING_SPM)
    if moving == 0:
        return Verdict(False, UNSPECIFIED, "it records no movement")
    if speed_time > MOST * moving:
        if fast > MOST * speed_time:
            return Verdict(False, "cycling", "it moves faster than running for most of the time")
        if running_speed <= MOST * speed_time:
            return Verdict(False, UNSPECIFIED, "it moves slower than running for most of the time")
    if records_cadence and running_cadence <= MOST * moving:
        return Verdict(
            False, UNSPECIFIED, "its cadence is not a running cadence for most of the time"
        )
    if speed_time <= MOST * moving and cadence_time <= MOST * moving:
        return Verdict(False, UNSPECIFIED, "it has neither speed nor cadence to tell")
    return Verdict(True, "running", "")
