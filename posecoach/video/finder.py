"""The runner's body landmarks in every frame, by MediaPipe's pose model, offline.

MediaPipe 0.10.21's legacy pose solution at model complexity 1 ships both of
its models (pose_detection.tflite, pose_landmark_full.tflite) inside the wheel;
complexities 0 and 2 fetch theirs from the internet on first use, so they are
never used, and the downloader is replaced by a refusal for good measure.
Tracking mode follows the runner from frame to frame (the detector runs again
only when the runner is lost); the same clip gives the same landmarks.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from posecoach.errors import UsageError
from posecoach.video import clip as clips
from posecoach.video.clip import Clip, ExtraMissing
from posecoach.video.gait import FILMING
from posecoach.video.landmarks import INDEX, MEDIAPIPE_INDEX, REQUIRED, Landmarks, empty

MODEL_COMPLEXITY = 1  # the only one whose model is inside the wheel
Progress = Callable[[int, int], None]  # (frames done, frames in all)


def _mediapipe() -> Any:
    # MediaPipe's C++ logging would fill the terminal with its start-up lines.
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import mediapipe as mp
        from mediapipe.python.solutions import download_utils
    except ImportError:
        raise ExtraMissing("MediaPipe (the video extra)") from None

    def refuse(path: str) -> None:
        raise RuntimeError(f"posecoach never downloads models (MediaPipe asked for {path})")

    download_utils.download_oss_model = refuse  # nothing posecoach uses should call it
    return mp


def _pose(mp: Any, *, static: bool) -> Any:
    return mp.solutions.pose.Pose(
        static_image_mode=static,
        model_complexity=MODEL_COMPLEXITY,
        smooth_landmarks=True,
        enable_segmentation=False,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )


def _points(result: Any, width: int, height: int) -> np.ndarray[Any, Any] | None:
    if result.pose_landmarks is None:
        return None
    marks = result.pose_landmarks.landmark
    return np.array(
        [
            (marks[i].x * width, marks[i].y * height, marks[i].visibility)
            for i in MEDIAPIPE_INDEX.values()
        ]
    )


@contextlib.contextmanager
def _native_stderr_quiet() -> Iterator[None]:
    """MediaPipe's C++ side logs its start-up to file descriptor 2 whatever it is
    told; that goes to /dev/null while it runs, and Python's own stderr (a
    progress bar, a warning) to a copy of the real one."""
    sys.stderr.flush()
    real = os.dup(2)
    sink = os.open(os.devnull, os.O_WRONLY)
    python_stderr = sys.stderr
    copy = os.fdopen(os.dup(real), "w", buffering=1, encoding=python_stderr.encoding)
    os.dup2(sink, 2)
    sys.stderr = copy
    try:
        yield
    finally:
        copy.flush()
        sys.stderr = python_stderr
        os.dup2(real, 2)
        copy.close()
        os.close(real)
        os.close(sink)


def find_landmarks(clip: Clip, progress: Progress | None = None) -> Landmarks:
    """Every analysed frame's landmarks (NaN where nobody was found)."""
    with _native_stderr_quiet():
        return _find(clip, progress)


def _find(clip: Clip, progress: Progress | None) -> Landmarks:
    mp = _mediapipe()
    cv2 = clips.cv2_module()
    count = -(-clip.frames // clip.step)
    points = empty(count + 8)  # a header may undercount by a few frames
    # Kept to look for a second person once the runner is known in them.
    samples = {round(count * f) * clip.step for f in (0.25, 0.5, 0.75)}
    kept: dict[int, Any] = {}
    done = 0
    with _pose(mp, static=False) as pose:
        for number, image in clips.frames(clip):
            index = number // clip.step
            if index >= len(points):
                break
            rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
            found = _points(pose.process(rgb), clip.width, clip.height)
            if found is not None:
                points[index] = found
            if number in samples:
                kept[index] = rgb
            done = index + 1
            if progress is not None:
                progress(done, count)
    landmarks = Landmarks(points[:done], clip.fps / clip.step, clip.width, clip.height, clip.step)
    _one_person(mp, landmarks, kept)
    return landmarks


def _one_person(mp: Any, landmarks: Landmarks, kept: dict[int, Any]) -> None:
    """Refuse a clip with a second person: in frames where the runner was found, the
    runner is covered over and the model asked again."""
    seen = 0
    looked = 0
    with _pose(mp, static=True) as pose:
        for index, rgb in kept.items():
            runner = landmarks.points[index]
            if np.isnan(runner[:, 0]).any():
                continue
            looked += 1
            left, top, right, bottom = _box(runner, landmarks.width, landmarks.height, 0.2)
            covered = rgb.copy()
            covered[top:bottom, left:right] = np.median(rgb.reshape(-1, 3), axis=0)
            other = _points(pose.process(covered), landmarks.width, landmarks.height)
            if other is None:
                continue
            required = other[[INDEX[n] for n in REQUIRED]]
            tall = np.ptp(other[:, 1]) >= 0.4 * np.ptp(runner[:, 1])
            if required[:, 2].mean() >= 0.6 and tall:
                seen += 1
    if looked and seen * 2 >= looked:
        raise UsageError(
            f"{seen} of {looked} frames looked at hold a second person",
            "film the runner alone: " + FILMING,
            field="clip",
        )


def _box(points: Any, width: int, height: int, pad: float) -> tuple[int, int, int, int]:
    xs, ys = points[:, 0], points[:, 1]
    margin = pad * (ys.max() - ys.min())
    return (
        max(0, int(xs.min() - margin)),
        max(0, int(ys.min() - 1.5 * margin)),  # the head reaches above the eyes and ears
        min(width, int(xs.max() + margin) + 1),
        min(height, int(ys.max() + margin) + 1),
    )
