"""Gait figures from a landmark record, in plain numpy.

What was measured on synthetic clips with known form (docs: video-form.md)
shapes each method:

- **Cadence** from the hips' vertical bounce: they are lowest once a step (at
  mid-stance), so the steps are the minima of the hips' height, and cadence is
  the slope of their times (a missed minimum does not halve it). The foot
  strikes give a second figure from their median interval (never steps over
  time: a clip's first moments can hold a spurious strike).
- **Lean**: the hip-shoulder line against vertical, forward positive, per step.
- **Where the foot lands**: the ankle's distance ahead of the hips at each
  strike, in leg lengths (thigh + shank). The two feet are followed frame to
  frame by position, never by their left/right labels (which swap); each foot's
  contact starts where it comes down to its ground level, timed between frames.
- **Bounce**: the hips' rise and fall over each step, in leg lengths.

Contact time is not reported: at 30 or 60 frames a second it was off by 8 to
140 ms per step.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from posecoach import limits
from posecoach.errors import UsageError
from posecoach.i18n import N_, _
from posecoach.render.text import fixed
from posecoach.video import signals
from posecoach.video.landmarks import INDEX, Landmarks

Track = NDArray[np.float64]
PointTrack = Callable[[str], Track]  # a point's name -> frames x (x, y)

FILMING = N_(
    "film from the side, the whole body in frame, 3-6 m away, at 60 fps if the phone"
    " allows, for 10 s of steady running"
)  # said with _() where it is given
BAND = (2.0, 3.8)  # step frequencies looked for, Hz: 120 to 228 steps a minute
LEAST_STEPS = 6
LEAST_STRIKES = 4


class GaitError(UsageError):
    """The clip cannot be measured: what is wrong, and how to film it instead."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, _(FILMING) if hint is None else hint)


class Figure(NamedTuple):
    value: float
    spread: float  # standard deviation over the steps (or strikes)
    n: int  # how many steps (or strikes) it rests on


class Strike(NamedTuple):
    time: float  # in record frames, between frames
    foot: int  # 0 or 1: which followed foot
    position: float  # ankle ahead of the hips, leg lengths
    near: bool  # the foot nearer the camera (the finder sees it better than the other)


class Gait(NamedTuple):
    cadence: Figure  # steps per minute, from the hips
    cadence_from_strikes: float | None  # the foot strikes' own figure
    lean: Figure  # degrees, forward positive
    strike: Figure  # leg lengths ahead of the hips
    bounce: Figure  # leg lengths, peak to peak
    leg_px: float
    facing: int  # +1: running to the right of the frame
    strikes: tuple[Strike, ...]
    typical: Strike  # the strike nearest the median position
    found_share: float  # of the frames, those with the runner found
    notes: tuple[str, ...]


def measure(landmarks: Landmarks) -> Gait:
    """The gait figures of a landmark record, or a GaitError saying what stops them."""
    lm = landmarks
    fps = lm.fps
    if lm.seconds < limits.VIDEO_MIN_SECONDS:
        said = _("the clip is %(seconds)s s long: too short to time steps")
        raise GaitError(said % {"seconds": fixed(lm.seconds, 1)})
    found = lm.found()
    share = float(found.mean()) if len(found) else 0.0
    if share < 0.6:
        raise GaitError(
            _("no runner found")
            if share == 0
            else _("a runner was found in only %(share)s of the frames")
            % {"share": f"{share:.0%}"},
        )
    points = lm.points.copy()
    points[~found] = np.nan
    gap = max(1, round(0.25 * fps))

    def xy(name: str) -> NDArray[np.float64]:
        return points[:, INDEX[name], :2]

    hip = _middle(xy("left_hip"), xy("right_hip"))
    shoulder = _middle(xy("left_shoulder"), xy("right_shoulder"))
    feet = _follow_feet(points)
    leg = _leg_length(hip, feet)
    half = max(2, round(fps / 20))
    for foot in (0, 1):
        for axis in (0, 1):  # a point thrown across the frame for a frame or two
            feet[:, foot, 1, axis] = signals.despike(feet[:, foot, 1, axis], half, 0.08 * leg)
    _check_side_view(xy, leg)
    facing = _facing(xy, feet, hip, leg)

    height = -signals.fill_gaps(hip[:, 1], gap)  # image y grows downwards
    frequency = signals.dominant_frequency(height, fps, *BAND)
    if frequency is None:
        raise GaitError(_("no steady running found in the hips' movement"))
    step = fps / frequency  # frames a step
    smooth = signals.smooth(height, step / 12)
    lows = signals.minima(smooth, step * 0.8)
    steps = [
        (a, b)
        for a, b in itertools.pairwise(lows)
        if 0.7 * step <= b - a <= 1.4 * step and not np.isnan(smooth[int(a) : int(b) + 2]).any()
    ]
    if len(steps) < LEAST_STEPS:
        said = _("only %(count)s steady steps could be timed (at least %(least)s)")
        raise GaitError(said % {"count": len(steps), "least": LEAST_STEPS})
    cadence = _cadence(lows, steps, step, fps)
    sharp = signals.smooth(height, step / 16)  # the rise, less flattened
    bounce = _per_step(steps, lambda a, b: _rise(sharp, a, b) / leg)
    lean_frames = np.degrees(
        np.arctan2((shoulder[:, 0] - hip[:, 0]) * facing, hip[:, 1] - shoulder[:, 1])
    )
    lean = _per_step(steps, lambda a, b: float(_median(lean_frames[int(a) : int(b) + 1])))

    hip_x = signals.fill_gaps(hip[:, 0], gap)
    strikes = _strikes(feet, hip_x, leg, facing, step, gap)
    if len(strikes) < LEAST_STRIKES:
        said = _("the feet could be followed through only %(count)s strikes")
        raise GaitError(
            said % {"count": len(strikes)},
            _("keep the feet in frame: %(filming)s") % {"filming": _(FILMING)},
        )
    # Where the foot lands is read from the near foot: the far one is behind the
    # body for much of each step, and the finder places it worse (as in S114).
    near = [s for s in strikes if s.near]
    measured = near if len(near) >= LEAST_STRIKES else strikes
    positions = np.array([s.position for s in measured])
    middle = float(np.median(positions))
    typical = measured[int(np.argmin(np.abs(positions - middle)))]
    rate = signals.event_rate(np.array([s.time for s in strikes]), BAND[0] / fps, BAND[1] / fps)
    from_strikes = 60 * fps * rate[0] if rate is not None and rate[1] > 0.5 else None
    notes = _notes(share, cadence.value, from_strikes, fps)
    return Gait(
        cadence=cadence,
        cadence_from_strikes=from_strikes,
        lean=lean,
        strike=Figure(middle, float(np.std(positions)), len(measured)),
        bounce=bounce,
        leg_px=leg,
        facing=facing,
        strikes=tuple(strikes),
        typical=typical,
        found_share=share,
        notes=tuple(notes),
    )


def _median(values: NDArray[np.float64]) -> float:
    """The median of the known values (NaN when none is known, without a warning)."""
    known = values[~np.isnan(values)]
    return float(np.median(known)) if known.size else math.nan


def _middle(a: Track, b: Track) -> Track:
    """Halfway between two points, or the one that is known."""
    return np.where(np.isnan(a), b, np.where(np.isnan(b), a, (a + b) / 2))


def _cadence(
    lows: NDArray[np.float64], steps: list[tuple[float, float]], step: float, fps: float
) -> Figure:
    """Steps a minute from the slope of the minima's times against their step number
    (numbered from the expected step, so a missed minimum leaves a gap, not a long step)."""
    used = np.array(sorted({t for pair in steps for t in pair}))
    numbers = np.round((used - used[0]) / step)
    if len(np.unique(numbers)) != len(numbers):
        slope = float(np.median([b - a for a, b in steps]))
    else:
        slope = float(np.polyfit(numbers, used, 1)[0])
    each = [60 * fps / (b - a) for a, b in steps]
    return Figure(60 * fps / slope, float(np.std(each)), len(steps))


def _per_step(steps: list[tuple[float, float]], value: Callable[[float, float], float]) -> Figure:
    values = np.array([value(a, b) for a, b in steps])
    values = values[np.isfinite(values)]
    return Figure(float(np.median(values)), float(np.std(values)), len(values))


def _rise(height: NDArray[np.float64], a: float, b: float) -> float:
    """How far the hips rise between two low points, over the mean of the two."""
    first, last = math.ceil(a), math.floor(b) + 1
    if last <= first:
        return math.nan
    top = signals.peak(height, first + int(np.argmax(height[first:last])))
    base = (signals.at(height, a) + signals.at(height, b)) / 2
    low = (-signals.peak(-height, round(a)) - signals.peak(-height, round(b))) / 2
    return top - min(base, low)


Feet = NDArray[np.float64]  # frames x 2 feet x (knee, ankle, heel, toe) x (x, y, visibility)
LEG_POINTS = ("knee", "ankle", "heel", "foot_index")


def _follow_feet(points: NDArray[np.float64]) -> Feet:
    """The two legs followed frame to frame by where they are, not by their labels:
    each frame's pair is matched to the last frame's (moved on by its own speed) the
    way that moves the knees and ankles least."""
    legs = np.stack(
        [
            np.stack([points[:, INDEX[f"{side}_{part}"]] for part in LEG_POINTS], axis=1)
            for side in ("left", "right")
        ],
        axis=1,
    )
    out = np.full_like(legs, np.nan)
    last: NDArray[np.float64] | None = None
    before: NDArray[np.float64] | None = None
    for i, pair in enumerate(legs):
        if np.isnan(pair[:, :2, :2]).any():
            continue
        if last is None:
            chosen = pair
        else:
            guess = last if before is None else last + (last - before)
            keep = _distance(guess[0], pair[0]) + _distance(guess[1], pair[1])
            swap = _distance(guess[0], pair[1]) + _distance(guess[1], pair[0])
            chosen = pair if keep <= swap else pair[::-1]
        out[i] = chosen
        before, last = last, chosen
        if i > 0 and np.isnan(out[i - 1]).any():
            before = None  # after a gap, no speed to go on
    return out


def _distance(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Knee and ankle distances (the heel and toe follow the ankle)."""
    return float(np.hypot(*(a[0, :2] - b[0, :2])) + np.hypot(*(a[1, :2] - b[1, :2])))


def _leg_length(hip: NDArray[np.float64], feet: Feet) -> float:
    thigh = np.hypot(*(feet[:, :, 0, :2] - hip[:, None, :]).transpose(2, 0, 1))
    shank = np.hypot(*(feet[:, :, 1, :2] - feet[:, :, 0, :2]).transpose(2, 0, 1))
    leg = float(_median(thigh) + _median(shank))
    if not math.isfinite(leg) or leg < 20:
        raise GaitError(_("the runner is too small in the frame to measure"))
    return leg


def _check_side_view(xy: PointTrack, leg: float) -> None:
    """Seen from the side, the two hips (and shoulders) nearly cover each other; from
    the front or back they stand apart by a good part of a leg length."""
    hips = _median(np.abs(xy("left_hip")[:, 0] - xy("right_hip")[:, 0]))
    shoulders = _median(np.abs(xy("left_shoulder")[:, 0] - xy("right_shoulder")[:, 0]))
    if max(hips, 0.75 * shoulders) / leg > 0.22:
        raise GaitError(
            _("the runner is filmed from the front or back, not from the side"),
            _("film side on, the camera level with the hips: %(filming)s")
            % {"filming": _(FILMING)},
        )


def _facing(xy: PointTrack, feet: Feet, hip: Track, leg: float) -> int:
    """+1 when running toward the right of the frame: toes ahead of heels, the nose
    ahead of the ears, the knees bending forward."""
    toes = _median(feet[:, :, 3, 0] - feet[:, :, 2, 0])
    ears = (xy("left_ear")[:, 0] + xy("right_ear")[:, 0]) / 2
    nose = _median(xy("nose")[:, 0] - ears)
    knees = _median(feet[:, :, 0, 0] - (hip[:, None, 0] + feet[:, :, 1, 0]) / 2)
    votes = [v / leg for v in (toes, nose, knees) if math.isfinite(v)]
    score = sum(votes)
    if not votes or abs(score) < 0.02:
        raise GaitError(_("cannot tell which way the runner is running"))
    return 1 if score > 0 else -1


def _strikes(
    feet: Feet, hip_x: NDArray[np.float64], leg: float, facing: int, step: float, gap: int
) -> list[Strike]:
    """Every foot strike of both followed feet, oldest first: where a foot comes down
    to its ground level, timed between frames; a strike found on both (when both
    followed the same foot for a while) counts once."""
    found: list[Strike] = []
    for foot in (0, 1):
        y = signals.smooth(signals.fill_gaps(feet[:, foot, 1, 1], gap), 0.6)
        if np.isnan(y).all():
            continue
        ground, top = np.nanpercentile(y, 95), np.nanpercentile(y, 5)
        if ground - top < 0.1 * leg:
            continue  # this foot never leaves the ground in view: hidden, or not followed
        contact = np.nan_to_num(y, nan=-np.inf) > ground - 0.2 * (ground - top)
        # A blip (a foot put down for a frame or two by a landmark's jitter) is no
        # contact; a flicker within a contact does not split it.
        spans = [(a, b) for a, b in signals.runs(contact) if b - a >= max(2, 0.2 * step)]
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a - merged[-1][1] < 0.5 * step:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        for a, b in merged:
            strike = _landing(feet, foot, y, hip_x, a, b, step, leg, facing)
            if strike is not None:
                found.append(strike)
    found.sort()
    once: list[Strike] = []
    for strike in found:
        if once and strike.time - once[-1].time < 0.5 * step:
            if strike.near and not once[-1].near:
                once[-1] = strike
            continue
        once.append(strike)
    return once


def _landing(
    feet: Feet,
    foot: int,
    y: NDArray[np.float64],
    hip_x: NDArray[np.float64],
    start: int,
    end: int,
    step: float,
    leg: float,
    facing: int,
) -> Strike | None:
    """The strike that begins a contact: where the foot comes down within a sixth of
    its drop from this contact's own ground level (the far foot's ground sits higher
    in the frame than the near one's), timed between frames."""
    before = int(max(0, start - 0.8 * step))
    if start == 0 or np.isnan(y[before:start]).any():
        return None  # the contact began before the clip (or while the runner was lost)
    ground = float(np.median(y[start:end]))
    top = float(np.min(y[before:start]))
    line = ground - (ground - top) / 6
    i = start
    while i > before + 1 and y[i - 1] > line:
        i -= 1
    while i < end and y[i] <= line:
        i += 1
    if i >= end or y[i - 1] > line:
        return None
    time = i - 1 + (line - y[i - 1]) / (y[i] - y[i - 1])
    x = feet[:, foot, 1, 0]
    position = (signals.at(x, time) - signals.at(hip_x, time)) * facing / leg
    seen = signals.at(feet[:, foot, 1, 2], time)
    other = signals.at(feet[:, 1 - foot, 1, 2], time)
    if not math.isfinite(position):
        return None
    return Strike(time, foot, position, near=not seen < other)


def _notes(share: float, cadence: float, from_strikes: float | None, fps: float) -> list[str]:
    notes = []
    if share < 0.9:
        notes.append(
            _("The runner was lost in %(percent)s%% of the frames.")
            % {"percent": f"{(1 - share) * 100:.0f}"}
        )
    if from_strikes is None:
        notes.append(_("The foot strikes were too irregular to cross-check the cadence."))
    elif abs(from_strikes - cadence) > 0.08 * cadence:
        notes.append(
            _(
                "The foot strikes give %(strikes)s steps/min against the hips' %(hips)s: a foot"
                " was hidden at times, so the strike figures are rougher."
            )
            % {"strikes": f"{from_strikes:.0f}", "hips": f"{cadence:.0f}"}
        )
    if fps < 50:
        notes.append(
            _("At %(fps)s fps a strike is timed to a frame: 60 fps gives finer figures.")
            % {"fps": f"{fps:.0f}"}
        )
    return notes
