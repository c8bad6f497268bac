"""A video file, checked before any frame is decoded, then read a frame at a time.

Everything a clip's header says is checked first (format by its first bytes,
frame size, frame rate, length), so a 4K, 10-minute or 5 fps clip is refused
at once; frames are then decoded one at a time and never held, and a file
that ends early or holds more frames than it says is refused when that shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from posecoach import limits
from posecoach.errors import PosecoachError, UsageError
from posecoach.i18n import N_, _
from posecoach.render.text import fixed, number

SUFFIXES = (".mp4", ".m4v", ".mov", ".avi")
# An MP4 or QuickTime file is a list of boxes, each a 4-byte size and a 4-byte type.
QUICKTIME_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
INSTALL = 'pip install "posecoach[video]"'


class ExtraMissing(PosecoachError):
    """The `video` extra is not installed (or has no wheel for this Python)."""

    def __init__(self, what: str) -> None:
        import sys

        if sys.version_info >= (3, 13):
            hint = _(
                "MediaPipe 0.10.21, the last with its pose model inside the package, has no"
                " wheel for Python 3.13 or newer: install posecoach with Python 3.11 or 3.12"
                " and %(install)s"
            ) % {"install": INSTALL}
        else:
            hint = _("install it with: %(install)s") % {"install": INSTALL}
        said = _("reading a clip needs %(what)s, which is not installed") % {"what": _(what)}
        super().__init__(said, hint)


def cv2_module() -> Any:
    """OpenCV, quiet: FFmpeg's own complaints about a damaged file would come before
    (and say less than) posecoach's message about it."""
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
    try:
        import cv2
    except ImportError:
        raise ExtraMissing(N_("OpenCV (the video extra)")) from None
    return cv2


class Clip(NamedTuple):
    path: Path
    fps: float
    width: int
    height: int
    frames: int  # as the header says

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def step(self) -> int:
        """Clip frames per analysed frame: slow motion is read at about 60 a second."""
        return max(1, round(self.fps / limits.VIDEO_ANALYSIS_FPS))


def _refuse(path: Path, message: str, hint: str | None = None) -> UsageError:
    return UsageError(f"{path}: {message}", hint, field="clip")


def check_file(path: Path) -> None:
    """What can be told without a decoder: the file, its size and its first bytes."""
    if not path.is_file():
        raise _refuse(path, _("no such file") if not path.exists() else _("not a file"))
    if path.suffix.casefold() not in SUFFIXES:
        raise _refuse(path, _("not a clip posecoach reads"), _("give an .mp4, .mov or .avi video"))
    size = path.stat().st_size
    if size > limits.VIDEO_BYTES:
        said = _("%(size)s MB is more than a clip of 10-30 s needs (at most %(most)s MB)")
        raise _refuse(
            path,
            said % {"size": f"{size / 2**20:.0f}", "most": limits.VIDEO_BYTES // 2**20},
            _("cut it to 10-20 s of steady running"),
        )
    with path.open("rb") as file:
        head = file.read(12)
    quicktime = len(head) >= 8 and head[4:8] in QUICKTIME_BOXES
    avi = head[:4] == b"RIFF" and head[8:12] == b"AVI "
    if not (quicktime or avi):
        raise _refuse(
            path,
            _("not a video: it does not start as an MP4, MOV or AVI file does")
            if head
            else _("the file is empty"),
        )


def open_clip(path: Path) -> Clip:
    """The clip's header, checked against the limits before any frame is decoded."""
    check_file(path)
    cv2 = cv2_module()
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        if not capture.isOpened():
            raise _refuse(
                path,
                _("cannot be read as a video: it is damaged or was cut short"),
                _("copy the clip from the phone again"),
            )
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    finally:
        capture.release()
    clip = Clip(path, fps, width, height, frames)
    check_header(clip)
    return clip


def check_header(clip: Clip) -> None:
    path, fps = clip.path, clip.fps
    if clip.width <= 0 or clip.height <= 0 or not fps > 0 or clip.frames <= 0:
        raise _refuse(path, _("the video does not say its size, frame rate or length"))
    size = f"{clip.width}×{clip.height}"
    if clip.width * clip.height > limits.VIDEO_PIXELS or max(clip.width, clip.height) > 1920:
        raise _refuse(
            path,
            _("%(size)s frames are larger than posecoach reads (at most 1920×1080)")
            % {"size": size},
            _("film at 1080p or 720p (60 fps if the phone allows), or export the clip at 1080p"),
        )
    if fps < limits.VIDEO_MIN_FPS:
        said = _(
            "%(fps)s frames a second is too few to time a step (a step takes about a third"
            " of a second)"
        )
        raise _refuse(
            path, said % {"fps": number(fps)}, _("film at 60 fps if the phone allows, else 30")
        )
    if fps > limits.VIDEO_MAX_FPS:
        said = _("%(fps)s frames a second is more than posecoach reads (at most 240)")
        raise _refuse(path, said % {"fps": number(fps)})
    if clip.seconds > limits.VIDEO_SECONDS:
        said = _("the clip runs %(length)s; posecoach reads clips of up to %(most)s s")
        raise _refuse(
            path,
            said % {"length": _duration(clip.seconds), "most": number(limits.VIDEO_SECONDS)},
            _("cut 10-20 s of steady running from it (the phone's own editor can trim it)"),
        )
    if clip.seconds < limits.VIDEO_MIN_SECONDS:
        said = _("the clip runs %(seconds)s s: too short to time steps")
        raise _refuse(
            path, said % {"seconds": fixed(clip.seconds, 1)}, _("film 10 s of steady running")
        )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{fixed(seconds, 1)} s"


def frames(clip: Clip, first: int = 0, last: int | None = None) -> Iterator[tuple[int, Any]]:
    """(clip frame number, BGR image) for every `clip.step`-th frame from `first` up
    to (not including) `last`, decoded one at a time (those before `first` decoded
    and dropped: seeking is not exact in every format). To the end of the clip, it
    refuses a file that ends well before its header says, or runs on past it."""
    cv2 = cv2_module()
    capture = cv2.VideoCapture(str(clip.path), cv2.CAP_FFMPEG)
    most = int(clip.frames * 1.05) + 10
    number = 0
    try:
        while last is None or number < last:
            ok = capture.grab()
            if not ok:
                break
            if number >= most:
                raise _refuse(clip.path, _("the file holds more frames than its header says"))
            if number >= first and number % clip.step == 0:
                ok, image = capture.retrieve()
                if not ok:
                    break
                yield number, image
            number += 1
    finally:
        capture.release()
    if last is None and number < 0.9 * clip.frames:
        said = _("the video stops at %(at)s s of its %(length)s s: the file was cut short")
        at, length = fixed(number / clip.fps, 1), fixed(clip.seconds, 1)
        raise _refuse(
            clip.path, said % {"at": at, "length": length}, _("copy the clip from the phone again")
        )


def frame_at(clip: Clip, wanted: int) -> Any | None:
    """One frame (BGR) by its number, decoding from the start (seeking is not exact in
    every format); None when the file has no such frame."""
    cv2 = cv2_module()
    capture = cv2.VideoCapture(str(clip.path), cv2.CAP_FFMPEG)
    try:
        for _frame in range(wanted):
            if not capture.grab():
                return None
        ok, image = capture.read()
        return image if ok else None
    finally:
        capture.release()
