"""Synthetic side-view running clips with known form, drawn with OpenCV.

The runner of tests/video_runner.py (its cadence, lean, strike and bounce known
exactly) drawn on a treadmill seen from the side: tapered limbs, shirt, shorts,
shoes, a head with a face, arms swinging against the legs, on a gradient wall
and a floor whose stripes scroll with the belt, with pixel noise.

`degraded` blurs the motion, adds stronger noise and compresses each frame
hard. `people=2` puts a second runner beside the first; `view="front"` draws a
runner coming at the camera; `people=0` draws the empty scene.

Needs OpenCV (the `video` extra): only the video tests import it.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np
from numpy.typing import NDArray
from video_runner import (
    ANKLE_HEIGHT,
    CLIPS,
    DUTY,
    STANCE_TRAVEL,
    ClipSpec,
    Point,
    Pose,
    pose_at,
)

Image = NDArray[np.uint8]

__all__ = ["ANKLE_HEIGHT", "CLIPS", "ClipSpec", "frame", "render"]


class Scene(NamedTuple):
    """Where the world sits in the frame."""

    floor: float  # the floor's y in the image
    centre: float  # the hips' x in the image
    facing: int

    def image(self, point: Point) -> tuple[int, int]:
        return (round(self.centre + self.facing * point[0]), round(self.floor - point[1]))


SKIN, SHIRT, SHORTS, SHOE = (140, 170, 215), (60, 90, 200), (60, 50, 40), (235, 235, 235)


def _limb(
    img: Image, scene: Scene, a: Point, b: Point, wa: float, wb: float, colour: tuple[int, ...]
) -> None:
    """A tapered limb: a quadrilateral capped by round joints."""
    pa, pb = np.array(scene.image(a), float), np.array(scene.image(b), float)
    d = pb - pa
    n = np.array([-d[1], d[0]]) / (np.hypot(*d) or 1.0)
    poly = np.array([pa + n * wa, pb + n * wb, pb - n * wb, pa - n * wa], np.int32)
    cv2.fillConvexPoly(img, poly, colour, cv2.LINE_AA)
    for p, w in ((pa, wa), (pb, wb)):
        cv2.circle(img, (int(p[0]), int(p[1])), max(1, int(w)), colour, -1, cv2.LINE_AA)


def _shade(colour: tuple[int, ...], factor: float) -> tuple[int, ...]:
    return tuple(int(c * factor) for c in colour)


def draw_runner(img: Image, scene: Scene, pose: Pose, h: float) -> None:
    j = pose.joints
    for side, shade in (("b", 0.62), ("a", 1.0)):  # the far leg and arm first, darker
        skin, shoe = _shade(SKIN, shade), _shade(SHOE, shade)
        if side == "a":
            _torso(img, scene, j, h)
        _limb(img, scene, j["hip"], j[f"knee_{side}"], 0.042 * h, 0.028 * h, _shade(SHORTS, shade))
        _limb(img, scene, j[f"knee_{side}"], j[f"ankle_{side}"], 0.027 * h, 0.017 * h, skin)
        heel, toe, ankle = j[f"heel_{side}"], j[f"toe_{side}"], j[f"ankle_{side}"]
        shoe_poly = np.array([scene.image(p) for p in (ankle, heel, toe)], np.int32)
        cv2.fillConvexPoly(img, shoe_poly, shoe, cv2.LINE_AA)
        _limb(img, scene, heel, toe, 0.018 * h, 0.012 * h, shoe)
        _limb(
            img, scene, j["shoulder"], j[f"elbow_{side}"], 0.026 * h, 0.02 * h, _shade(SHIRT, shade)
        )
        _limb(img, scene, j[f"elbow_{side}"], j[f"wrist_{side}"], 0.018 * h, 0.014 * h, skin)
    _head(img, scene, j, h)


def _torso(img: Image, scene: Scene, j: dict[str, Point], h: float) -> None:
    _limb(img, scene, j["hip"], j["shoulder"], 0.07 * h, 0.068 * h, SHIRT)
    _limb(img, scene, j["hip"], _mix(j["hip"], j["shoulder"], 0.15), 0.07 * h, 0.072 * h, SHORTS)


def _mix(a: Point, b: Point, f: float) -> Point:
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)


def _head(img: Image, scene: Scene, j: dict[str, Point], h: float) -> None:
    _limb(img, scene, j["shoulder"], j["head"], 0.03 * h, 0.03 * h, SKIN)
    cx, cy = scene.image(j["head"])
    r = int(0.062 * h)
    cv2.circle(img, (cx, cy), r, SKIN, -1, cv2.LINE_AA)
    f = scene.facing
    cv2.ellipse(
        img,
        (cx - f * r // 4, cy - r // 3),
        (r, int(r * 0.75)),
        0,
        0,
        360,
        (40, 35, 30),
        -1,
        cv2.LINE_AA,
    )
    cv2.circle(img, (cx + f * int(r * 0.15), cy), int(r * 0.85), SKIN, -1, cv2.LINE_AA)
    cv2.circle(img, (cx + f * int(r * 0.55), cy - r // 6), max(2, r // 9), (30, 30, 30), -1)
    nose = np.array(
        [
            (cx + f * int(r * 0.85), cy - r // 10),
            (cx + f * int(r * 1.15), cy + r // 5),
            (cx + f * int(r * 0.85), cy + r // 4),
        ],
        np.int32,
    )
    cv2.fillConvexPoly(img, nose, SKIN, cv2.LINE_AA)
    cv2.line(
        img,
        (cx + f * int(r * 0.3), cy + r // 2),
        (cx + f * int(r * 0.65), cy + r // 2),
        (60, 60, 150),
        max(1, r // 12),
        cv2.LINE_AA,
    )
    cv2.circle(img, (cx - f * int(r * 0.1), cy + r // 10), max(2, r // 6), _shade(SKIN, 0.8), -1)


def draw_front_runner(
    img: Image, centre: tuple[int, int], h: float, t: float, cadence: float
) -> None:
    """A runner coming straight at the camera: legs side by side, lifting in turn."""
    cx, floor = centre
    stride = 120.0 / cadence
    hip_y = floor - int(0.53 * h)
    for side in (-1, 1):
        lift = max(0.0, math.sin(2 * math.pi * t / stride + (side + 1) * math.pi / 2)) * 0.12 * h
        hip = (cx + side * int(0.09 * h), hip_y)
        knee = (hip[0], int(hip_y + 0.245 * h - lift * 0.8))
        ankle = (hip[0], int(floor - 0.045 * h - lift))
        cv2.line(img, hip, knee, SHORTS, int(0.09 * h), cv2.LINE_AA)
        cv2.line(img, knee, ankle, SKIN, int(0.055 * h), cv2.LINE_AA)
        cv2.ellipse(
            img,
            (ankle[0], ankle[1] + int(0.03 * h)),
            (int(0.035 * h), int(0.03 * h)),
            0,
            0,
            360,
            SHOE,
            -1,
            cv2.LINE_AA,
        )
        shoulder = (cx + side * int(0.12 * h), floor - int(0.8 * h))
        hand = (shoulder[0] + side * int(0.05 * h), shoulder[1] + int(0.3 * h))
        cv2.line(img, shoulder, hand, SKIN, int(0.045 * h), cv2.LINE_AA)
    top = (cx - int(0.13 * h), floor - int(0.82 * h))
    cv2.rectangle(img, top, (cx + int(0.13 * h), hip_y + int(0.05 * h)), SHIRT, -1)
    head = (cx, floor - int(0.91 * h))
    cv2.circle(img, head, int(0.065 * h), SKIN, -1, cv2.LINE_AA)
    for side in (-1, 1):
        cv2.circle(
            img,
            (cx + side * int(0.022 * h), head[1] - int(0.01 * h)),
            max(2, int(0.007 * h)),
            (30, 30, 30),
            -1,
        )


@functools.lru_cache(maxsize=4)
def _scenery(w: int, h: int) -> Image:
    """The wall, shading from light to dark, the floor, and two posts."""
    floor = int(0.9 * h)
    ramp = np.linspace(0.0, 1.0, floor, dtype=np.float32)[:, None, None]
    top, bottom = np.array([225, 215, 200], np.float32), np.array([150, 160, 170], np.float32)
    img = np.empty((h, w, 3), np.uint8)
    img[:floor] = (top * (1 - ramp) + bottom * ramp).astype(np.uint8)
    img[floor:] = (90, 95, 100)
    for x in (int(0.12 * w), int(0.86 * w)):
        cv2.rectangle(img, (x, int(0.2 * h)), (x + w // 40, floor), (120, 110, 100), -1)
    return img


@functools.lru_cache(maxsize=4)
def _noise_bank(w: int, h: int, sigma: float, seed: int) -> tuple[NDArray[np.int16], ...]:
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(0, sigma, (h, w, 3)).astype(np.int16) for _ in range(5))


def background(spec: ClipSpec, t: float) -> Image:
    """The scenery with floor stripes that scroll as a treadmill belt would."""
    w, h = spec.width, spec.height
    floor = int(0.9 * h)
    img = _scenery(w, h).copy()
    belt = spec.leg_length * STANCE_TRAVEL / (DUTY * 120.0 / spec.cadence)  # px per second
    spacing = max(20, w // 12)
    shift = int(belt * t) % spacing
    for x in range(-spacing, w + spacing, spacing):
        xx = x - spec.facing * shift
        cv2.line(img, (xx, floor + 4), (xx - 30, h), (75, 80, 85), 3)
    return img


def frame(spec: ClipSpec, index: int, rng: np.random.Generator) -> Image:
    t = index / spec.fps
    img = background(spec, t)
    h = spec.figure
    floor = 0.9 * spec.height
    if spec.view == "front" and spec.people:
        draw_front_runner(img, (spec.width // 2, int(floor)), h, t, spec.cadence)
    elif spec.people:
        places = [0.5] if spec.people == 1 else [0.3, 0.72]
        for n, place in enumerate(places):
            scene = Scene(floor, place * spec.width, spec.facing)
            if n == 0:
                pose = pose_at(spec, t, phase=0.13 * spec.seed)
            else:
                other = spec._replace(height=int(spec.height * 0.9), cadence=spec.cadence * 1.04)
                pose = pose_at(other, t, phase=0.31)
            draw_runner(img, scene, pose, spec.figure if n == 0 else 0.9 * spec.figure)
    if spec.degraded:
        kernel = np.zeros((9, 9), np.float32)
        kernel[4, :] = 1 / 9  # horizontal motion blur
        img = cv2.filter2D(img, -1, kernel)
    sigma = 9.0 if spec.degraded else 3.0
    bank = _noise_bank(spec.width, spec.height, sigma, spec.seed)
    noise = np.roll(bank[int(rng.integers(len(bank)))], int(rng.integers(spec.width)), axis=1)
    img = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    if spec.degraded:
        ok, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 25])
        assert ok
        img = np.asarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), dtype=np.uint8)
    return img


def render(spec: ClipSpec, path: Path) -> Path:
    """Write the clip (MPEG-4 in an .mp4, or MJPEG in an .avi) and return its path."""
    fourcc = cv2.VideoWriter_fourcc(*("MJPG" if path.suffix == ".avi" else "mp4v"))
    writer = cv2.VideoWriter(str(path), fourcc, spec.fps, (spec.width, spec.height))
    assert writer.isOpened(), f"OpenCV cannot write {path}"
    rng = np.random.default_rng(spec.seed)
    try:
        for index in range(round(spec.seconds * spec.fps)):
            writer.write(frame(spec, index, rng))
    finally:
        writer.release()
    return path
