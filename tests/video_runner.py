"""A synthetic runner seen from the side: every joint at every instant, with known form.

A runner on a treadmill (the hips stay put) whose cadence, trunk lean, foot
strike and bounce are set exactly:

- cadence: steps per minute (the stride takes 120 / cadence seconds);
- lean: the trunk's lean from vertical (the hip-shoulder line), degrees forward;
- strike: how far the ankle lands ahead of the hips, in leg lengths
  (leg length = thigh + shank, hip joint to ankle joint);
- bounce: the hips' rise and fall over a step, peak to peak, in leg lengths.

Plain math, no drawing: tests/video_clips.py draws it into video frames (with
OpenCV, the video extra), and the metric tests turn it straight into landmark
records, so they run without the extra.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

import numpy as np

from posecoach.video.landmarks import INDEX, Landmarks, empty

Point = tuple[float, float]

# Segment lengths as fractions of standing height (Winter's anthropometric table).
THIGH, SHANK, TRUNK = 0.245, 0.246, 0.288
UPPER_ARM, FOREARM, FOOT = 0.186, 0.146, 0.152
ANKLE_HEIGHT = 0.045  # ankle joint above the sole
STANCE_TRAVEL = 0.45  # how far the foot moves back under the hips in a stance, leg lengths
DUTY = 0.34  # the share of a stride one foot is on the ground


class ClipSpec(NamedTuple):
    name: str
    cadence: float = 172.0
    lean: float = 5.0
    strike: float = 0.08
    bounce: float = 0.08
    fps: float = 60.0
    seconds: float = 10.0
    width: int = 1280
    height: int = 720
    degraded: bool = False
    facing: Literal[1, -1] = 1  # 1: running to the right of the frame
    people: int = 1
    view: Literal["side", "front"] = "side"
    seed: int = 1

    @property
    def leg_length(self) -> float:
        return (THIGH + SHANK) * self.figure

    @property
    def figure(self) -> float:
        """The runner's standing height in pixels (about two thirds of the frame)."""
        return 0.65 * self.height


# The clips the accuracy tests measure (their landmarks are in tests/data/video).
CLIPS = (
    ClipSpec("good-160-60fps", cadence=160, lean=3.0, strike=0.06, bounce=0.09, seed=2),
    ClipSpec("overstride-172-30fps", cadence=172, lean=5.0, strike=0.26, bounce=0.10, fps=30),
    ClipSpec(
        "good-180-60fps-degraded",
        cadence=180,
        lean=8.0,
        strike=0.08,
        bounce=0.07,
        degraded=True,
        facing=-1,
        seed=3,
    ),
    ClipSpec("good-172-30fps", cadence=172, lean=5.0, strike=0.08, bounce=0.08, fps=30, seed=4),
    ClipSpec("hip-bend-166-60fps", cadence=166, lean=15.0, strike=0.09, bounce=0.08, seed=5),
)


def _rotate(vector: Point, degrees: float) -> Point:
    a = math.radians(degrees)
    x, y = vector
    return (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a))


def _knee(hip: Point, ankle: Point, a: float, b: float, forward: float) -> Point:
    """Two-link leg: the knee between hip and ankle, bent toward `forward` (+1 or -1),
    in world coordinates (y up)."""
    dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
    d = min(math.hypot(dx, dy), (a + b) * 0.999)
    cos_alpha = (a * a + d * d - b * b) / (2 * a * d)
    alpha = math.degrees(math.acos(max(-1.0, min(1.0, cos_alpha))))
    ux, uy = dx / d, dy / d
    kx, ky = _rotate((ux * a, uy * a), alpha * forward)
    return (hip[0] + kx, hip[1] + ky)


class Pose(NamedTuple):
    """One runner's joints at one instant, world coordinates in pixels (y up, x
    forward), and which feet are on the ground."""

    joints: dict[str, Point]
    contact: tuple[bool, bool]


def pose_at(spec: ClipSpec, t: float, phase: float = 0.0) -> Pose:
    """The runner at time `t` (seconds); legs 'a' (near) and 'b' (far)."""
    h, leg = spec.figure, spec.leg_length
    stride = 120.0 / spec.cadence
    stance = DUTY * stride
    joints: dict[str, Point] = {}
    # The hips are lowest at each mid-stance, twice a stride.
    mid = stance / 2
    hip_height = ANKLE_HEIGHT * h + leg * (
        0.88 - spec.bounce / 2 * math.cos(2 * math.pi * (t + phase - mid) * 2 / stride)
    )
    hip = (0.0, hip_height)
    joints["hip"] = hip
    contact = []
    for side, offset in (("a", 0.0), ("b", 0.5)):
        u = ((t + phase) / stride + offset) % 1.0
        strike_x, off_x = spec.strike * leg, (spec.strike - STANCE_TRAVEL) * leg
        if u * stride < stance:  # on the ground, moving back under the hips
            s = u * stride / stance
            ankle = (strike_x + (off_x - strike_x) * s, ANKLE_HEIGHT * h)
            tilt = -25.0 * max(0.0, s - 0.7) / 0.3  # the heel rises before toe-off
            contact.append(True)
        else:  # swinging forward and up under the buttock, then down ahead
            s = (u * stride - stance) / (stride - stance)
            ease = (1 - math.cos(math.pi * s)) / 2
            lift = 0.42 * leg * math.sin(math.pi * s) ** 1.3
            ankle = (off_x + (strike_x - off_x) * ease, ANKLE_HEIGHT * h + lift)
            tilt = -25.0 * (1 - s) ** 2
            contact.append(False)
        knee = _knee(hip, ankle, THIGH * h, SHANK * h, 1.0)
        heel = (ankle[0] - 0.25 * FOOT * h, ankle[1] - 0.8 * ANKLE_HEIGHT * h)
        toe = (ankle[0] + 0.75 * FOOT * h, ankle[1] - ANKLE_HEIGHT * h)
        joints[f"knee_{side}"] = knee
        joints[f"ankle_{side}"] = ankle
        joints[f"heel_{side}"] = _about(ankle, heel, tilt)
        joints[f"toe_{side}"] = _about(ankle, toe, tilt)
    lean = spec.lean + 0.6 * math.sin(4 * math.pi * (t + phase) / stride)
    shoulder = (
        hip[0] + TRUNK * h * math.sin(math.radians(lean)),
        hip[1] + TRUNK * h * math.cos(math.radians(lean)),
    )
    joints["shoulder"] = shoulder
    for side, offset in (("a", 0.5), ("b", 0.0)):  # each arm swings with the other leg
        swing = 32 * math.sin(2 * math.pi * ((t + phase) / stride + offset + 0.1))
        elbow = _offset(shoulder, UPPER_ARM * h, 180 + swing)
        joints[f"elbow_{side}"] = elbow
        joints[f"wrist_{side}"] = _offset(elbow, FOREARM * h, 180 + swing - 85)
    up = (shoulder[0] - hip[0], shoulder[1] - hip[1])
    norm = math.hypot(*up)
    joints["head"] = (
        shoulder[0] + up[0] / norm * 0.125 * h,
        shoulder[1] + up[1] / norm * 0.125 * h,
    )
    return Pose(joints, (contact[0], contact[1]))


def _about(centre: Point, point: Point, degrees: float) -> Point:
    x, y = _rotate((point[0] - centre[0], point[1] - centre[1]), degrees)
    return (centre[0] + x, centre[1] + y)


def _offset(origin: Point, length: float, degrees_from_up: float) -> Point:
    """A point `length` from `origin`, at an angle from straight up, forward positive."""
    a = math.radians(degrees_from_up)
    return (origin[0] + length * math.sin(a), origin[1] + length * math.cos(a))


# Which drawn joint stands for each landmark: leg "a" is the near one.
LANDMARK_OF = {
    "left_shoulder": "shoulder", "right_shoulder": "shoulder",
    "left_hip": "hip", "right_hip": "hip",
    "left_knee": "knee_a", "right_knee": "knee_b",
    "left_ankle": "ankle_a", "right_ankle": "ankle_b",
    "left_heel": "heel_a", "right_heel": "heel_b",
    "left_foot_index": "toe_a", "right_foot_index": "toe_b",
    "left_elbow": "elbow_a", "right_elbow": "elbow_b",
    "left_wrist": "wrist_a", "right_wrist": "wrist_b",
}  # fmt: skip


def true_landmarks(spec: ClipSpec, jitter: float = 0.0, seed: int = 0) -> Landmarks:
    """The runner's true joints as a landmark record (image pixels, as the drawn clip
    holds them), with optional Gaussian jitter in pixels; the face points follow the
    head, the nose ahead of the ears."""
    frames = round(spec.seconds * spec.fps)
    points = empty(frames)
    rng = np.random.default_rng(seed)
    floor, centre = 0.9 * spec.height, 0.5 * spec.width
    r = 0.062 * spec.figure
    for index in range(frames):
        pose = pose_at(spec, index / spec.fps, phase=0.13 * spec.seed)
        joints = dict(pose.joints)
        hx, hy = joints["head"]
        joints["nose"] = (hx + 0.9 * r, hy - 0.1 * r)
        joints["ear"] = (hx - 0.1 * r, hy - 0.1 * r)
        names = {**LANDMARK_OF, "nose": "nose", "left_ear": "ear", "right_ear": "ear"}
        for name, joint in names.items():
            x, y = joints[joint]
            points[index, INDEX[name]] = (centre + spec.facing * x, floor - y, 0.99)
    if jitter:
        points[:, :, :2] += rng.normal(0, jitter, points[:, :, :2].shape)
    return Landmarks(points, spec.fps, spec.width, spec.height)
