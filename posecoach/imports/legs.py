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

from posecoach.i18n import N_, _, ngettext
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
# What a runner calls a leg of each sport, with its article (said where it is used).
_A_LEG = {
    "running": N_("a run"), "walking": N_("a walk"), "cycling": N_("a ride"),
    "swimming": N_("a swim"), "hiking": N_("a hike"), "transition": N_("a transition"),
    "rowing": N_("a row"), UNSPECIFIED: N_("an activity of no named sport"),
    "fitness_equipment": N_("a gym-machine workout"),
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


def a_leg(sport: str) -> str:
    """'cycling' -> 'a ride': what a runner calls a leg of that sport, in the language in
    force."""
    if sport in _A_LEG:
        return _(_A_LEG[sport])
    named = sport.replace("_", " ")
    if named[:1] in tuple("aeiou"):
        return _("an %(sport)s activity") % {"sport": named}
    return _("a %(sport)s activity") % {"sport": named}


def the_runs(sports: Sequence[str]) -> str:
    """The legs read as the run: 'the run', 'the walk', 'the 2 runs'."""
    if len(sports) > 1:
        return ngettext("the %(count)s run", "the %(count)s runs", len(sports)) % {
            "count": len(sports)
        }
    return _("the walk") if sports[0] == "walking" else _("the run")


def listing(phrases: Sequence[str]) -> str:
    """['a swim', 'a ride', 'a run'] -> 'a swim, a ride and a run'."""
    if len(phrases) == 1:
        return phrases[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(phrases[:-1]), "last": phrases[-1]}


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
    records_cadence = any(sample.cadence is not None for sample, _seconds in durations)
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
        return Verdict(False, UNSPECIFIED, _("it records no movement"))
    if speed_time > MOST * moving:
        if fast > MOST * speed_time:
            return Verdict(False, "cycling", _("it moves faster than running for most of the time"))
        if running_speed <= MOST * speed_time:
            slower = _("it moves slower than running for most of the time")
            return Verdict(False, UNSPECIFIED, slower)
    if records_cadence and running_cadence <= MOST * moving:
        return Verdict(
            False, UNSPECIFIED, _("its cadence is not a running cadence for most of the time")
        )
    if speed_time <= MOST * moving and cadence_time <= MOST * moving:
        return Verdict(False, UNSPECIFIED, _("it has neither speed nor cadence to tell"))
    return Verdict(True, "running", "")
