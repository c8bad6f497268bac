"""The landmark record: where each body point was in each frame, and its JSON file.

`posecoach form CLIP --save-landmarks FILE` writes it, `--landmarks FILE`
reads it back (or landmarks found by another tool, in the same shape):

```json
{"format": "posecoach-landmarks", "version": 1, "fps": 60, "width": 1280,
 "height": 720, "clip_step": 1,
 "points": ["left_shoulder", "right_shoulder", "left_hip", ...],
 "frames": [null, [[640.5, 212.0, 0.98], [...], ...], ...]}
```

Each frame is `null` (nobody found) or one `[x, y, visibility]` per named
point, in pixels from the top left, visibility 0 to 1. `clip_step` is how many
of the clip's frames each record frame stands for (2 when a 120 fps clip was
read at 60). The point names are MediaPipe's; the shoulders, hips, knees and
ankles are required, the others optional.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from posecoach import limits
from posecoach.errors import InputError, Problem, UsageError
from posecoach.folder.store import reason
from posecoach.i18n import _

FORMAT = "posecoach-landmarks"

# MediaPipe's pose landmarks by index, the ones posecoach reads.
MEDIAPIPE_INDEX = {
    "nose": 0,
    "left_ear": 7,
    "right_ear": 8,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_elbow": 13,
    "right_elbow": 14,
    "left_wrist": 15,
    "right_wrist": 16,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
    "left_heel": 29,
    "right_heel": 30,
    "left_foot_index": 31,
    "right_foot_index": 32,
}
NAMES = tuple(MEDIAPIPE_INDEX)
INDEX = {name: i for i, name in enumerate(NAMES)}
REQUIRED = tuple(
    f"{side}_{part}" for part in ("shoulder", "hip", "knee", "ankle") for side in ("left", "right")
)

Points = NDArray[np.float64]  # frames x len(NAMES) x (x, y, visibility); NaN where not found


class Landmarks(NamedTuple):
    points: Points
    fps: float
    width: int
    height: int
    clip_step: int = 1  # clip frames per record frame

    @property
    def seconds(self) -> float:
        return len(self.points) / self.fps

    def xy(self, name: str) -> NDArray[np.float64]:
        """frames x 2: the point's position (NaN where it was not found)."""
        return self.points[:, INDEX[name], :2]

    def found(self) -> NDArray[np.bool_]:
        """Per frame: whether the required points were all found."""
        idx = [INDEX[n] for n in REQUIRED]
        return np.asarray(~np.isnan(self.points[:, idx, 0]).any(axis=1))


def empty(frames: int) -> Points:
    return np.full((frames, len(NAMES), 3), np.nan)


def to_json(landmarks: Landmarks) -> str:
    """The record as JSON, positions to 0.1 px and visibility to 0.01 (the finder's own
    error is some 10 px), in a stable layout: the same landmarks give the same bytes."""

    def frame(values: NDArray[np.float64]) -> list[list[float]] | None:
        if np.isnan(values[:, 0]).all():
            return None
        return [[_round(x, 1), _round(y, 1), _round(v, 2)] for x, y, v in values]

    frames = [frame(f) for f in landmarks.points]
    header = {
        "format": FORMAT,
        "version": 1,
        "fps": landmarks.fps,
        "width": landmarks.width,
        "height": landmarks.height,
        "clip_step": landmarks.clip_step,
        "points": list(NAMES),
    }
    # One frame a line: a diff of two records shows which frames differ.
    body = ",\n".join(json.dumps(f, separators=(",", ":")) for f in frames)
    return f'{json.dumps(header)[:-1]}, "frames": [\n{body}\n]}}\n'


def _round(value: float, digits: int) -> float:
    return round(float(value), digits) if math.isfinite(value) else 0.0


def read(path: Path) -> Landmarks:
    """A landmark file, checked whole: every problem is reported at once."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        said = _("%(path)s: cannot read it (%(why)s)") % {"path": path, "why": reason(error)}
        raise UsageError(said, field="landmarks") from None
    if size > limits.LANDMARK_BYTES:
        said = _("%(path)s: %(size)s MB is more than a landmark file holds (at most %(most)s MB)")
        most = limits.LANDMARK_BYTES // 2**20
        raise UsageError(
            said % {"path": path, "size": f"{size / 2**20:.0f}", "most": most}, field="landmarks"
        )
    try:
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as error:
        said = _("not JSON: %(why)s") % {"why": error.msg}
        raise InputError([Problem(source, error.lineno, "", said)]) from None
    except (OSError, UnicodeDecodeError) as error:
        said = _("%(path)s: cannot read it (%(why)s)") % {"path": path, "why": error}
        raise UsageError(said, field="landmarks") from None
    return parse(data, source)


def parse(data: Any, source: str) -> Landmarks:
    problems: list[Problem] = []

    def problem(location: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(source, None, location, message, hint))

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    "format",
                    _("not a %(format)s file") % {"format": FORMAT},
                    _("posecoach form saves one from a clip"),
                )
            ]
        )
    if data.get("version") != 1:
        said = _("version %(version)s is not one posecoach reads (1)")
        problem("version", said % {"version": repr(data.get("version"))})
    fps = _number(data.get("fps"), "fps", limits.VIDEO_MIN_FPS, limits.VIDEO_MAX_FPS, problem)
    width = _number(data.get("width"), "width", 16, 8192, problem)
    height = _number(data.get("height"), "height", 16, 8192, problem)
    step = _number(data.get("clip_step", 1), "clip_step", 1, 16, problem)
    names = data.get("points")
    frames = data.get("frames")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problem("points", _("expected a list of point names"))
        names = []
    unknown = [n for n in names if n not in INDEX]
    if unknown:
        problem(
            "points",
            _("unknown point %(name)s") % {"name": repr(unknown[0])},
            _("points are named as MediaPipe's: %(names)s") % {"names": ", ".join(NAMES)},
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        problem(
            "points",
            _("%(names)s missing") % {"names": ", ".join(missing)},
            _("the shoulders, hips, knees and ankles are needed"),
        )
    if len(set(names)) != len(names):
        problem("points", _("a point is named twice"))
    if not isinstance(frames, list):
        problem("frames", _("expected a list of frames"))
        frames = []
    if len(frames) > limits.LANDMARK_FRAMES:
        said = _("%(count)s frames is more than %(most)s")
        problem("frames", said % {"count": len(frames), "most": limits.LANDMARK_FRAMES})
        frames = []
    if problems:
        raise InputError(problems)
    points = empty(len(frames))
    columns = [INDEX[n] for n in names]
    for number, frame in enumerate(frames):
        if frame is None:
            continue
        try:
            values = np.asarray(frame, dtype=np.float64)
        except (TypeError, ValueError):
            values = np.empty(0)
        if values.shape != (len(names), 3) or not np.isfinite(values).all():
            said = _("expected %(count)s [x, y, visibility] triples of numbers")
            problem(f"frames[{number}]", said % {"count": len(names)})
            if len(problems) >= 20:
                break
            continue
        points[number, columns] = values
    if problems:
        raise InputError(problems)
    return Landmarks(points, float(fps), int(width), int(height), int(step))


def _number(value: Any, name: str, low: float, high: float, problem: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        said = _("expected a number from %(low)s to %(high)s, not %(value)s")
        problem(name, said % {"low": f"{low:g}", "high": f"{high:g}", "value": repr(value)})
        return low
    return float(value)
