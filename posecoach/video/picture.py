"""The report's picture: a typical foot strike, with what was measured drawn on it.

The frame where the near foot lands nearest the clip's median, cropped around
the runner: the skeleton (the far side dimmer), the trunk's line against
vertical with its angle, and a plumb line down from the hips with the
distance to the landing ankle in leg lengths (green under the hips, orange
past the rule's line). Without the clip (landmarks read from a file) the
skeleton is drawn on a plain ground. The same inputs give the same PNG bytes.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from posecoach.video.clip import cv2_module
from posecoach.video.gait import Gait
from posecoach.video.landmarks import INDEX, Landmarks

HEIGHT = 720  # the picture's height in pixels, whatever the clip's
BONES = (
    ("shoulder", "elbow"), ("elbow", "wrist"), ("shoulder", "hip"),
    ("hip", "knee"), ("knee", "ankle"), ("ankle", "heel"), ("heel", "foot_index"),
    ("ankle", "foot_index"),
)  # fmt: skip
WHITE, DARK = (245, 245, 245), (30, 30, 30)
YELLOW, CYAN = (40, 215, 250), (235, 200, 60)
GOOD, OVER = (90, 200, 90), (40, 140, 250)  # BGR: green, orange


class Marks(NamedTuple):
    """What the picture says beside what it shows."""

    title: str  # 'good-run.mp4 at 3.42 s'
    overstriding: bool


def draw(gait: Gait, landmarks: Landmarks, frame: Any | None, marks: Marks) -> bytes:
    """The PNG's bytes."""
    cv2 = cv2_module()
    index = min(len(landmarks.points) - 1, math.ceil(gait.typical.time))
    points = landmarks.points[index]
    if frame is None:
        frame = np.full((landmarks.height, landmarks.width, 3), 200, np.uint8)
    left, top, right, bottom = _crop(points, landmarks.width, landmarks.height)
    scale = HEIGHT / (bottom - top)
    image = cv2.resize(
        np.ascontiguousarray(frame[top:bottom, left:right]),
        (round((right - left) * scale), HEIGHT),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
    )

    def at(name: str) -> tuple[int, int]:
        x, y = points[INDEX[name], :2]
        return (round((x - left) * scale), round((y - top) * scale))

    _skeleton(cv2, image, points, at, gait.typical.foot)
    _lean(cv2, image, at, gait.facing, gait.lean.value, scale)
    _strike(cv2, image, at, gait, scale, marks.overstriding)
    _caption(cv2, image, marks.title)
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    assert ok
    return bytes(encoded)


def _crop(points: Any, width: int, height: int) -> tuple[int, int, int, int]:
    """The runner with a margin, a little wider than tall for the labels."""
    known = points[~np.isnan(points[:, 0])]
    xs, ys = known[:, 0], known[:, 1]
    tall = ys.max() - ys.min()
    cx, cy = (xs.max() + xs.min()) / 2, (ys.max() + ys.min()) / 2
    half_h = 0.75 * tall
    half_w = max(half_h * 1.3, (xs.max() - xs.min()) / 2 + 0.2 * tall)
    left, right = int(max(0, cx - half_w)), int(min(width, cx + half_w))
    top, bottom = int(max(0, cy - half_h)), int(min(height, cy + half_h))
    return left, top, max(right, left + 16), max(bottom, top + 16)


def _line(cv2: Any, image: Any, a: Any, b: Any, colour: Any, width: int) -> None:
    cv2.line(image, a, b, DARK, width + 3, cv2.LINE_AA)
    cv2.line(image, a, b, colour, width, cv2.LINE_AA)


def _skeleton(cv2: Any, image: Any, points: Any, at: Any, foot: int) -> None:
    # The side whose ankle is further from the camera's view is drawn dimmer, first.
    sides = sorted(("left", "right"), key=lambda s: points[INDEX[f"{s}_ankle"], 2])
    for side, colour in zip(sides, ((150, 150, 150), WHITE), strict=True):
        for a, b in BONES:
            first, second = f"{side}_{a}", f"{side}_{b}"
            if not np.isnan(points[[INDEX[first], INDEX[second]], 0]).any():
                _line(cv2, image, at(first), at(second), colour, 3)
        for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
            if not np.isnan(points[INDEX[f"{side}_{part}"], 0]):
                cv2.circle(image, at(f"{side}_{part}"), 5, colour, -1, cv2.LINE_AA)


def _mid(at: Any, part: str) -> tuple[int, int]:
    (ax, ay), (bx, by) = at(f"left_{part}"), at(f"right_{part}")
    return ((ax + bx) // 2, (ay + by) // 2)


def _lean(cv2: Any, image: Any, at: Any, facing: int, lean: float, scale: float) -> None:
    hip, shoulder = _mid(at, "hip"), _mid(at, "shoulder")
    length = math.hypot(shoulder[0] - hip[0], shoulder[1] - hip[1]) * 1.35
    end = (
        round(hip[0] + facing * length * math.sin(math.radians(lean))),
        round(hip[1] - length * math.cos(math.radians(lean))),
    )
    upright = (hip[0], round(hip[1] - length))
    _dashed(cv2, image, hip, upright, CYAN)
    _line(cv2, image, hip, end, YELLOW, 3)
    _label(cv2, image, f"trunk {lean:.0f} deg", (end[0] + facing * 12, end[1]), YELLOW, facing)


def _strike(cv2: Any, image: Any, at: Any, gait: Gait, scale: float, over: bool) -> None:
    hip = _mid(at, "hip")
    foot = _landing(at, gait, image.shape[0])
    ground = foot[1]
    _dashed(cv2, image, hip, (hip[0], ground), CYAN)
    colour = OVER if over else GOOD
    y = ground + 18
    _line(cv2, image, (hip[0], y), (foot[0], y), colour, 4)
    for x in (hip[0], foot[0]):
        _line(cv2, image, (x, y - 9), (x, y + 9), colour, 3)
    words = f"{gait.typical.position:+.2f} leg lengths"
    _label(cv2, image, words, ((hip[0] + foot[0]) // 2, y + 34), colour, 0)


def _landing(at: Any, gait: Gait, height: int) -> tuple[int, int]:
    """The landing ankle: of the two, the one further ahead of the hips."""
    hip = _mid(at, "hip")
    ankles = [at("left_ankle"), at("right_ankle")]
    ankles.sort(key=lambda p: (p[0] - hip[0]) * gait.facing)
    x, y = ankles[-1]
    return (x, min(y, height - 60))


def _dashed(cv2: Any, image: Any, a: Any, b: Any, colour: Any) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    dashes = max(1, int(length // 14))
    for k in range(0, dashes, 2):
        p = (round(a[0] + (b[0] - a[0]) * k / dashes), round(a[1] + (b[1] - a[1]) * k / dashes))
        q = (
            round(a[0] + (b[0] - a[0]) * (k + 1) / dashes),
            round(a[1] + (b[1] - a[1]) * (k + 1) / dashes),
        )
        _line(cv2, image, p, q, colour, 2)


def _label(cv2: Any, image: Any, text: str, at: Any, colour: Any, facing: int) -> None:
    font, size, weight = cv2.FONT_HERSHEY_DUPLEX, 0.8, 1
    (w, h), _ = cv2.getTextSize(text, font, size, weight)
    x = at[0] - (w // 2 if facing == 0 else (w if facing < 0 else 0))
    x = int(min(max(6, x), image.shape[1] - w - 6))
    y = int(min(max(h + 6, at[1] + h // 2), image.shape[0] - 48))
    cv2.rectangle(image, (x - 6, y - h - 6), (x + w + 6, y + 8), DARK, -1)
    cv2.putText(image, text, (x, y), font, size, colour, weight, cv2.LINE_AA)


def _caption(cv2: Any, image: Any, title: str) -> None:
    band = image[-40:]
    band[:] = (band * 0.35).astype(np.uint8)
    text = f"posecoach form: {title} (estimates from a 2D video)"
    font, size = cv2.FONT_HERSHEY_DUPLEX, 0.6
    while size > 0.3 and cv2.getTextSize(text, font, size, 1)[0][0] > image.shape[1] - 24:
        size -= 0.05
    cv2.putText(image, text, (12, image.shape[0] - 14), font, size, WHITE, 1, cv2.LINE_AA)
