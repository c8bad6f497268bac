"""When each click falls: exact beat times, rounded to a sample only once.

A beat time is computed in closed form as a float and becomes a sample index
by round(rate * t). Adding a whole number of samples per beat instead drifts
by about 50 ms an hour at 173 or 181 bpm (docs/metronome.md). Ramps integrate
the tempo: for bpm(t) = b0 + k*t the n-th beat falls at
    t_n = 120 n / (b0 + sqrt(b0^2 + 120 k n)),
a form that avoids cancellation and reduces to 60 n / b0 when k = 0.
Segments carry the beat phase across their boundaries, silent ones included.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple

MIN_BPM, MAX_BPM = 60.0, 240.0


class Segment(NamedTuple):
    """A stretch of the track: clicks from `start_bpm` to `end_bpm`, or silence."""

    seconds: float
    start_bpm: float
    end_bpm: float
    silent: bool = False
    label: str = ""

    @property
    def beats(self) -> float:
        """How many beats the segment spans (its tempo integrated over its length)."""
        return (self.start_bpm + self.end_bpm) * self.seconds / 120


def ramp_time(beat: float, start_bpm: float, end_bpm: float, seconds: float) -> float:
    """Seconds from a segment's start to its `beat`-th beat (beat may be fractional)."""
    slope = (end_bpm - start_bpm) / seconds if seconds else 0.0  # bpm per second
    root = math.sqrt(start_bpm * start_bpm + 120.0 * slope * beat)
    return 120.0 * beat / (start_bpm + root)


class Onset(NamedTuple):
    time: float  # seconds from the start of the track
    accent: bool
    segment: int  # index of the segment it belongs to


def onsets(segments: list[Segment], accent_every: int = 0, offset: float = 0.0) -> Iterator[Onset]:
    """Every click of the track, in order.

    The phase runs on through silent segments, so a run after a walk break
    picks up the beat where it would have been. Accents count clicks within
    each clicking segment, the first click of each segment accented.
    """
    start = offset
    phase = 0.0  # beats elapsed since the track began, as a fraction of the next beat
    for index, segment in enumerate(segments):
        first = math.ceil(phase - 1e-9) - phase  # beats from segment start to its first beat
        span = segment.beats
        count = 0
        beat = first
        while beat < span - 1e-9:
            if not segment.silent:
                accent = bool(accent_every) and count % accent_every == 0
                at = ramp_time(beat, segment.start_bpm, segment.end_bpm, segment.seconds)
                yield Onset(start + at, accent, index)
                count += 1
            beat += 1.0
        phase += span
        start += segment.seconds


def sample_index(time: float, rate: int) -> int:
    return round(rate * time)
