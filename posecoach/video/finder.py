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
from typing import Any, NamedTuple

import numpy as np

from posecoach.errors import UsageError
from posecoach.i18n import N_, _
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
        raise ExtraMissing(N_("MediaPipe (the video extra)")) from None

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
    """Every analysed frame's landmarks (NaN where nobody was found).

    A clip of more than `SPLIT_FRAMES` analysed frames is read as two halves, each
    followed from its own first frame: on two cores at once (a process each),
    else one after the other, with the same landmarks either way."""
    count = -(-clip.frames // clip.step)
    halves = count > SPLIT_FRAMES
    spans: list[tuple[int, int | None]] = (
        [(0, count // 2), (count // 2, None)] if halves else [(0, None)]
    )
    samples = [round(count * f) for f in (0.25, 0.5, 0.75)]
    with _native_stderr_quiet():
        if halves and (os.cpu_count() or 1) > 1:
            found = _in_parallel(clip, spans, samples, progress, count)
        else:
            found = [_find_span(clip, a, b, samples, _adding(progress, count, a)) for a, b in spans]
    points = np.concatenate([f.points for f in found])
    seen, looked = sum(f.seen for f in found), sum(f.looked for f in found)
    if looked and seen * 2 >= looked:
        said = _("%(path)s: %(seen)s of %(looked)s frames looked at hold a second person")
        raise UsageError(
            said % {"path": clip.path, "seen": seen, "looked": looked},
            _("film the runner alone: %(filming)s") % {"filming": _(FILMING)},
            field="clip",
        )
    return Landmarks(points, clip.fps / clip.step, clip.width, clip.height, clip.step)


SPLIT_FRAMES = 120  # a shorter clip costs less than a second process takes to start


class Span(NamedTuple):
    points: np.ndarray[Any, Any]  # analysed frames x points x (x, y, visibility)
    seen: int  # sample frames with a second person in them
    looked: int  # sample frames looked at for one


def _adding(progress: Progress | None, count: int, before: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _total: progress(min(count, before + done), count)


def _in_parallel(
    clip: Clip,
    spans: list[tuple[int, int | None]],
    samples: list[int],
    progress: Progress | None,
    count: int,
) -> list[Span]:
    """The spans in a process each (started fresh: MediaPipe's threads do not fork),
    the frames done counted in shared memory for the progress bar."""
    import multiprocessing
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")
    counters = context.Array("i", len(spans), lock=False)
    with ProcessPoolExecutor(
        len(spans), mp_context=context, initializer=_share, initargs=(counters,)
    ) as pool:
        futures = [
            pool.submit(_find_counted, clip, a, b, samples, n) for n, (a, b) in enumerate(spans)
        ]
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_EXCEPTION)
            if progress is not None:
                progress(min(count, sum(counters)), count)
            for future in done:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()  # type: ignore[misc]
        return [f.result() for f in futures]


_COUNTERS: Any = None  # in a worker: the frames each span has done, shared with the parent


def _share(counters: Any) -> None:
    global _COUNTERS
    _COUNTERS = counters


def _find_counted(clip: Clip, first: int, last: int | None, samples: list[int], n: int) -> Span:
    def count(done: int, _total: int) -> None:
        _COUNTERS[n] = done

    return _find_span(clip, first, last, samples, count)


def _find_span(
    clip: Clip, first: int, last: int | None, samples: list[int], progress: Progress | None
) -> Span:
    """Landmarks of the analysed frames `first` up to `last` (or the end), tracked
    from the first; the sample frames among them looked at for a second person."""
    mp = _mediapipe()
    cv2 = clips.cv2_module()
    count = -(-clip.frames // clip.step) + 8  # a header may undercount by a few frames
    stop = count if last is None else last
    points = empty(stop - first)
    kept: dict[int, Any] = {}
    done = 0
    with _pose(mp, static=False) as pose:
        end = None if last is None else last * clip.step
        for number, image in clips.frames(clip, first * clip.step, end):
            index = number // clip.step - first
            if index >= len(points):
                break
            rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
            found = _points(pose.process(rgb), clip.width, clip.height)
            if found is not None:
                points[index] = found
            if index + first in samples:
                kept[index] = rgb
            done = index + 1
            if progress is not None:
                progress(done, stop - first)
    points = points[:done]
    seen, looked = _second_person(mp, points, kept, clip.width, clip.height)
    return Span(points, seen, looked)


def _second_person(
    mp: Any, points: Any, kept: dict[int, Any], width: int, height: int
) -> tuple[int, int]:
    """In sample frames where the runner was found, the runner is covered over and the
    model asked again: (frames with another person in them, frames looked at)."""
    seen = looked = 0
    with _pose(mp, static=True) as pose:
        for index, rgb in sorted(kept.items()):
            runner = points[index]
            if np.isnan(runner[:, 0]).any():
                continue
            looked += 1
            left, top, right, bottom = _box(runner, width, height, 0.2)
            covered = rgb.copy()
            covered[top:bottom, left:right] = np.median(rgb.reshape(-1, 3), axis=0)
            other = _points(pose.process(covered), width, height)
            if other is None:
                continue
            required = other[[INDEX[n] for n in REQUIRED]]
            tall = np.ptp(other[:, 1]) >= 0.4 * np.ptp(runner[:, 1])
            if required[:, 2].mean() >= 0.6 and tall:
                seen += 1
    return seen, looked


def _box(points: Any, width: int, height: int, pad: float) -> tuple[int, int, int, int]:
    xs, ys = points[:, 0], points[:, 1]
    margin = pad * (ys.max() - ys.min())
    return (
        max(0, int(xs.min() - margin)),
        max(0, int(ys.min() - 1.5 * margin)),  # the head reaches above the eyes and ears
        min(width, int(xs.max() + margin) + 1),
        min(height, int(ys.max() + margin) + 1),
    )
