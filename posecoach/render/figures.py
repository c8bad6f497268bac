"""Stick figures of each drill's key position, drawn from joint data.

Each figure is a set of joints in a 100 x 100 box (y grows downwards) and,
where the drill needs one, a prop: a wall, a step, the floor. The fall is the
Pose rotated about the support foot, as the Pose Method describes it: the body
falls as one piece from the ankle. The renderer only turns this data into
lines; nothing here depends on a template.
"""

from __future__ import annotations

import math
from typing import NamedTuple

Point = tuple[float, float]


# Limbs as chains of joints; the head is drawn as a circle at "head".
LIMBS: tuple[tuple[str, ...], ...] = (
    ("neck", "hip"),
    ("neck", "elbow_l", "hand_l"),
    ("neck", "elbow_r", "hand_r"),
    ("hip", "knee_l", "ankle_l", "toe_l"),
    ("hip", "knee_r", "ankle_r", "toe_r"),
)

# The Running Pose: tall on the ball of the left foot, the right ankle under
# the hip, shoulders, hips and support ankle on one vertical line.
_POSE: dict[str, Point] = {
    "head": (50, 14), "neck": (50, 23), "hip": (50, 52),
    "elbow_l": (43, 36), "hand_l": (49, 45), "elbow_r": (58, 36), "hand_r": (53, 46),
    "knee_l": (52, 71), "ankle_l": (50, 88), "toe_l": (57, 90),
    "knee_r": (61, 64), "ankle_r": (50, 72), "toe_r": (56, 75),
}  # fmt: skip

_STAND: dict[str, Point] = {
    "head": (50, 12), "neck": (50, 21), "hip": (50, 51),
    "elbow_l": (45, 36), "hand_l": (44, 50), "elbow_r": (55, 36), "hand_r": (56, 50),
    "knee_l": (47, 70), "ankle_l": (47, 88), "toe_l": (54, 90),
    "knee_r": (53, 70), "ankle_r": (53, 88), "toe_r": (60, 90),
}  # fmt: skip

_PULL: dict[str, Point] = {
    **_POSE,
    "knee_r": (60, 60), "ankle_r": (45, 58), "toe_r": (49, 63),
    "elbow_l": (58, 34), "hand_l": (62, 43), "elbow_r": (42, 37), "hand_r": (40, 46),
}  # fmt: skip

_HOP: dict[str, Point] = {
    "head": (50, 10), "neck": (50, 19), "hip": (50, 47),
    "elbow_l": (43, 33), "hand_l": (46, 42), "elbow_r": (57, 33), "hand_r": (54, 42),
    "knee_l": (46, 65), "ankle_l": (48, 81), "toe_l": (55, 84),
    "knee_r": (54, 65), "ankle_r": (54, 81), "toe_r": (61, 84),
}  # fmt: skip

_RUN: dict[str, Point] = {
    "head": (54, 13), "neck": (53, 22), "hip": (49, 50),
    "elbow_l": (62, 33), "hand_l": (66, 26), "elbow_r": (43, 36), "hand_r": (38, 44),
    "knee_l": (51, 69), "ankle_l": (48, 87), "toe_l": (55, 89),
    "knee_r": (60, 62), "ankle_r": (44, 62), "toe_r": (47, 67),
}  # fmt: skip

_CALF_RAISE: dict[str, Point] = {
    "head": (46, 8), "neck": (46, 17), "hip": (46, 46),
    "elbow_l": (52, 31), "hand_l": (60, 28), "elbow_r": (40, 31), "hand_r": (40, 45),
    "knee_l": (46, 65), "ankle_l": (46, 80), "toe_l": (54, 86),
    "knee_r": (47, 65), "ankle_r": (47, 80), "toe_r": (55, 86),
}  # fmt: skip

_HEEL_DROP: dict[str, Point] = {
    **_CALF_RAISE,
    "head": (46, 16), "neck": (46, 25), "hip": (46, 54),
    "elbow_l": (52, 39), "hand_l": (60, 36), "elbow_r": (40, 39), "hand_r": (40, 53),
    "knee_l": (46, 73), "ankle_l": (46, 92), "toe_l": (54, 86),
    "knee_r": (47, 73), "ankle_r": (47, 92), "toe_r": (55, 86),
}  # fmt: skip

_BRIDGE: dict[str, Point] = {
    "head": (14, 84), "neck": (22, 82), "hip": (52, 66),
    "elbow_l": (30, 88), "hand_l": (40, 89), "elbow_r": (31, 87), "hand_r": (41, 88),
    "knee_l": (72, 62), "ankle_l": (74, 88), "toe_l": (81, 89),
    "knee_r": (73, 61), "ankle_r": (75, 88), "toe_r": (82, 89),
}  # fmt: skip

_SIDE_PLANK: dict[str, Point] = {
    "head": (16, 56), "neck": (23, 61), "hip": (52, 73),
    "elbow_l": (25, 88), "hand_l": (34, 89), "elbow_r": (33, 57), "hand_r": (44, 59),
    "knee_l": (70, 80), "ankle_l": (88, 87), "toe_l": (90, 89),
    "knee_r": (70, 79), "ankle_r": (88, 86), "toe_r": (91, 86),
}  # fmt: skip

_SIDE_LYING: dict[str, Point] = {
    "head": (14, 78), "neck": (22, 81), "hip": (52, 84),
    "elbow_l": (18, 88), "hand_l": (12, 80), "elbow_r": (36, 76), "hand_r": (48, 80),
    "knee_l": (68, 78), "ankle_l": (82, 88), "toe_l": (85, 89),
    "knee_r": (66, 68), "ankle_r": (82, 86), "toe_r": (85, 84),
}  # fmt: skip

_STEP_DOWN: dict[str, Point] = {
    "head": (44, 12), "neck": (45, 21), "hip": (48, 48),
    "elbow_l": (56, 30), "hand_l": (64, 30), "elbow_r": (36, 32), "hand_r": (30, 34),
    "knee_l": (59, 60), "ankle_l": (50, 74), "toe_l": (58, 75),
    "knee_r": (48, 67), "ankle_r": (44, 86), "toe_r": (50, 88),
}  # fmt: skip

_STRETCH: dict[str, Point] = {
    "head": (68, 17), "neck": (64, 25), "hip": (48, 50),
    "elbow_l": (76, 28), "hand_l": (86, 26), "elbow_r": (76, 30), "hand_r": (86, 30),
    "knee_l": (62, 66), "ankle_l": (60, 88), "toe_l": (67, 90),
    "knee_r": (36, 69), "ankle_r": (24, 88), "toe_r": (31, 90),
}  # fmt: skip


def _rotate(
    joints: dict[str, Point], about: Point, degrees: float, keep: tuple[str, ...] = ()
) -> dict[str, Point]:
    """Turn the joints about a point (clockwise on the page for positive degrees),
    leaving the `keep` joints (the foot on the ground) where they are."""
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    ax, ay = about
    return {
        name: (x, y) if name in keep else
        (round(ax + (x - ax) * cos - (y - ay) * sin, 1),
         round(ay + (x - ax) * sin + (y - ay) * cos, 1))
        for name, (x, y) in joints.items()
    }  # fmt: skip


# The fall: the whole Pose tipped forward from the support ankle, well short
# of the 22.5 degree limit Romanov gives for the fall angle (S4).
_FOOT = ("ankle_l", "toe_l")
_FALL = _rotate(_POSE, _POSE["ankle_l"], 15, keep=_FOOT)
_WALL_FALL = {
    **_rotate(_STAND, _STAND["ankle_l"], 18, keep=(*_FOOT, "ankle_r", "toe_r")),
    "hand_l": (80, 34),
    "hand_r": (80, 38),
}


class Drawing(NamedTuple):
    name: str
    joints: dict[str, Point]
    props: tuple[tuple[Point, Point], ...]  # straight lines: floor, wall, step


FLOOR = ((6.0, 90.5), (94.0, 90.5))
WALL = ((82.0, 6.0), (82.0, 90.5))
# The step's edge sits under the balls of the feet; the heels hang off it.
STEP = ((50.0, 86.5), (74.0, 86.5))
STEP_SIDE = ((50.0, 86.5), (50.0, 96.0))
BOX_TOP = ((38.0, 76.0), (62.0, 76.0))
BOX_SIDE = ((62.0, 76.0), (62.0, 90.5))


def drawing(name: str) -> Drawing:
    table: dict[str, tuple[dict[str, Point], tuple[tuple[Point, Point], ...]]] = {
        "stand": (_STAND, (FLOOR,)),
        "pose": (_POSE, (FLOOR,)),
        "fall": (_FALL, (FLOOR,)),
        "pull": (_PULL, (FLOOR,)),
        "hop": (_HOP, (FLOOR,)),
        "run": (_RUN, (FLOOR,)),
        "wall-fall": (_WALL_FALL, (FLOOR, WALL)),
        "calf-raise": (_CALF_RAISE, (STEP, STEP_SIDE)),
        "heel-drop": (_HEEL_DROP, (STEP, STEP_SIDE)),
        "bridge": (_BRIDGE, (FLOOR,)),
        "side-plank": (_SIDE_PLANK, (FLOOR,)),
        "side-lying": (_SIDE_LYING, (FLOOR,)),
        "step-down": (
            _STEP_DOWN,
            (((38.0, 76.0), (62.0, 76.0)), ((62.0, 76.0), (62.0, 90.5)), FLOOR),
        ),
        "stretch": (_STRETCH, (FLOOR, ((88.0, 6.0), (88.0, 90.5)))),
    }
    joints, props = table[name]
    return Drawing(name, joints, props)


def polylines(fig: Drawing) -> list[str]:
    """SVG `points` attributes, one per limb."""
    return [" ".join(f"{fig.joints[j][0]:g},{fig.joints[j][1]:g}" for j in limb) for limb in LIMBS]
