"""A form check: running form measured from a side-view clip (or its landmarks),
against the plan's cadence target and the form rule's lines.

Nothing is written by `measure`: the figures, the verdicts and the picture come
back in memory, so a check-in can refuse its other values before anything
reaches the disk; `save` writes the picture (and the landmarks, if asked).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from posecoach.errors import PosecoachError, UsageError
from posecoach.model import CadenceTarget, FormCheck, FormFigure, FormRule

if TYPE_CHECKING:
    from posecoach.engine.form import Fault
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.video.clip import Clip
    from posecoach.video.finder import Progress
    from posecoach.video.gait import Figure, Gait
    from posecoach.video.landmarks import Landmarks

ESTIMATES = (
    "The lean, where the foot lands and the bounce are estimates: no study has validated"
    " them from a phone video (one validated cadence and strike timing, Young et al. 2023)."
    " Contact time is not reported: at 30 or 60 frames a second it is not reliable."
)


class FormRequest(NamedTuple):
    clip: Path | None = None  # the video; with landmarks too, only for the picture
    landmarks: Path | None = None  # landmarks read from a file instead of found in the clip
    folder: PlanFolder | None = None  # a plan, for its cadence target and rules
    day: date | None = None  # the runner's today: whose week's target counts
    picture: bool = True
    progress: Progress | None = None


class Verdict(NamedTuple):
    text: str
    fault: bool = False  # past the form rule's line (or off the cadence target)


class FormResult(NamedTuple):
    source: Path  # the clip, or the landmark file
    check: FormCheck  # the figures as a check-in records them
    gait: Gait
    landmarks: Landmarks
    target: CadenceTarget | None
    tolerance: float  # percent either side of the target counted on it
    verdicts: dict[str, Verdict]  # by figure: cadence, lean, strike, bounce
    faults: list[Fault]
    rule: FormRule
    picture: bytes | None
    notes: list[str]


def measure(request: FormRequest) -> FormResult:
    """Read the clip (or landmarks), measure the gait, judge it; write nothing."""
    from posecoach import loaders
    from posecoach.folder.snapshot import Snapshot

    if request.clip is None and request.landmarks is None:
        raise UsageError("give a clip, or a landmark file with {landmarks}", field="clip")
    clip, landmarks = _landmarks(request)
    from posecoach.engine.form import faults
    from posecoach.video.gait import GaitError
    from posecoach.video.gait import measure as measure_gait

    source = request.landmarks or request.clip
    assert source is not None
    try:
        gait = measure_gait(landmarks)
    except GaitError as error:  # said of the file it came from
        field = "landmarks" if request.landmarks is not None else "clip"
        raise UsageError(f"{source}: {error.message}", error.hint, field=field) from None
    check = FormCheck(
        clip=(request.clip or source).name[-300:],
        cadence=_figure(gait.cadence, 1),
        lean=_figure(gait.lean, 1),
        strike=_figure(gait.strike, 3),
        bounce=_figure(gait.bounce, 3),
    )
    folder = request.folder
    rules = Snapshot(folder).rules() if folder is not None else loaders.load_rules()
    target = _target(folder, request.day)
    found = faults(check, rules.form)
    tolerance = rules.cadence.tolerance_percent
    verdicts = _verdicts(check, rules.form, target, tolerance)
    picture = None
    notes = list(gait.notes)
    if request.picture:
        picture = _picture(gait, landmarks, clip, check, found)
        if picture is None:
            notes.append(f"No picture: it needs OpenCV, which {clips_install()} brings.")
    return FormResult(
        source, check, gait, landmarks, target, tolerance, verdicts, found, rules.form,
        picture, notes,
    )  # fmt: skip


def _landmarks(request: FormRequest) -> tuple[Clip | None, Landmarks]:
    try:
        from posecoach.video import landmarks as records
    except ImportError:  # numpy, which every extra brings
        from posecoach.video.clip import ExtraMissing

        raise ExtraMissing("numpy (the video extra)") from None
    clip = None
    if request.clip is not None:
        from posecoach.video.clip import open_clip

        clip = open_clip(request.clip)
    if request.landmarks is not None:
        return clip, records.read(request.landmarks)
    from posecoach.video.finder import find_landmarks

    assert clip is not None
    return clip, find_landmarks(clip, request.progress)


def _figure(figure: Figure, digits: int) -> FormFigure:
    return FormFigure(
        value=round(figure.value, digits),
        spread=round(figure.spread, digits),
        count=figure.n,
    )


def _target(folder: PlanFolder | None, day: date | None) -> CadenceTarget | None:
    """The cadence target of the plan's week holding `day` (or its first week before
    the plan starts, its last after it ends)."""
    if folder is None or day is None or not folder.plan_file.exists():
        return None
    try:
        plan = folder.read_plan()
    except PosecoachError:
        return None  # a damaged plan: the form check stands without a target
    weeks = [w for w in plan.weeks if w.start <= day <= w.end]
    week = weeks[0] if weeks else (plan.weeks[0] if day < plan.start else plan.weeks[-1])
    return week.cadence


def _verdicts(
    check: FormCheck, rule: FormRule, target: CadenceTarget | None, tolerance: float
) -> dict[str, Verdict]:
    verdicts = {"cadence": _cadence_verdict(check.cadence.value, target, tolerance)}
    lean, line = check.lean.value, rule.trunk_lean_degrees
    verdicts["lean"] = (
        Verdict(f"past {line:g}°: leaning from the hips", True)
        if lean > line
        else Verdict(f"within {line:g}°")
    )
    strike, line = check.strike.value, rule.overstride_leg_lengths
    verdicts["strike"] = (
        Verdict(f"overstriding (past {line:g})", True)
        if strike > line
        else Verdict(f"under the hips (within {line:g})")
    )
    verdicts["bounce"] = Verdict("no line: compare your clips")
    return verdicts


def _cadence_verdict(value: float, target: CadenceTarget | None, tolerance: float) -> Verdict:
    if target is None:
        return Verdict("no plan to compare with")
    if target.spm is None:
        return Verdict(f"this week: {target.text}")
    low, high = target.spm * (1 - tolerance / 100), target.spm * (1 + tolerance / 100)
    if value < low:
        return Verdict(f"below this week's {target.spm}", True)
    if value > high:
        return Verdict(f"above this week's {target.spm}", True)
    return Verdict(f"on this week's {target.spm}")


def _picture(
    gait: Gait, landmarks: Landmarks, clip: Clip | None, check: FormCheck, found: list[Fault]
) -> bytes | None:
    try:
        from posecoach.video import clip as clips
        from posecoach.video.picture import Marks, draw

        clips.cv2_module()
    except PosecoachError:
        return None  # landmarks without OpenCV: the figures, but no picture
    frame = None
    index = min(len(landmarks.points) - 1, math.ceil(gait.typical.time))
    if clip is not None:
        frame = clips.frame_at(clip, index * landmarks.clip_step)
    seconds = index / landmarks.fps
    over = any(f.kind == "overstriding" for f in found)
    return draw(gait, landmarks, frame, Marks(f"{check.clip} at {seconds:.2f} s", over))


def clips_install() -> str:
    from posecoach.video.clip import INSTALL

    return INSTALL


def default_picture(source: Path, folder: Path) -> Path:
    """Where the picture goes unless asked: `<clip name>-form.png` in `folder`."""
    return folder / f"{source.stem}-form.png"


def save(result: FormResult, picture: Path | None, landmarks: Path | None) -> list[Path]:
    """Write the picture and the landmarks (each atomically); the paths written."""
    from posecoach.folder.store import write_atomic
    from posecoach.video.landmarks import to_json

    files: list[tuple[Path, bytes]] = []
    if picture is not None and result.picture is not None:
        files.append((picture, result.picture))
    if landmarks is not None:
        files.append((landmarks, to_json(result.landmarks).encode()))
    for path, data in files:
        try:
            write_atomic(path, data)
        except OSError as error:
            raise PosecoachError(f"{path}: cannot write ({error.strerror})") from None
    return [path for path, _ in files]
