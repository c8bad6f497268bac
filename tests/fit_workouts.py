"""Workout files read back by three decoders that are not ours, and what plan.yaml says
they must hold.

Garmin's own SDK (its Decoder, with its integrity check), fitdecode and fit-tool
each decode a workout into the same plain record, so a test can assert that all
of them read the same steps, and compare those with the steps a session in
plan.yaml calls for (`expected_steps`, written from the issue's rules, not from
the renderer's code).
"""

from __future__ import annotations

import io
import math
from typing import Any, NamedTuple

from posecoach.model import Session

STRIDES = 2  # steps in a stride: FIT keeps running cadence per foot


class Step(NamedTuple):
    name: str | None
    duration: str  # "open" (until lap), "time", "repeat"
    seconds: float | None  # a timed step's length
    repeat: tuple[int, int] | None  # a repeat step's (first step, times)
    cadence: tuple[int, int] | None  # strides per minute, low and high
    intensity: str | None


class Workout(NamedTuple):
    name: str
    sport: str
    steps: list[Step]
    serial: int


def _step(index: int, fields: dict[str, Any]) -> Step:
    kind = fields["duration_type"]
    duration = {"open": "open", "time": "time", "repeat_until_steps_cmplt": "repeat"}[kind]
    cadence = None
    if fields.get("target_type") == "cadence":
        cadence = (fields["custom_target_cadence_low"], fields["custom_target_cadence_high"])
    repeat = (fields["duration_step"], fields["repeat_steps"]) if duration == "repeat" else None
    assert fields["message_index"] == index
    return Step(
        fields.get("wkt_step_name"),
        duration,
        fields.get("duration_time") if duration == "time" else None,
        repeat,
        cadence,
        fields.get("intensity"),
    )


def by_garmin_sdk(data: bytes) -> Workout:
    """Garmin's Decoder: the file must pass its integrity check and read without errors."""
    from garmin_fit_sdk import Decoder, Stream

    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    [file_id] = messages["file_id_mesgs"]
    assert file_id["type"] == "workout"
    [workout] = messages["workout_mesgs"]
    steps = [_step(i, dict(m)) for i, m in enumerate(messages["workout_step_mesgs"])]
    assert workout["num_valid_steps"] == len(steps)
    name, sport, serial = workout["wkt_name"], workout["sport"], file_id["serial_number"]
    return Workout(str(name), str(sport), steps, int(serial))


def by_fitdecode(data: bytes) -> Workout:
    """fitdecode, refusing any checksum that does not match."""
    import fitdecode

    found: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                fields = {f.name: f.value for f in frame.fields if f.value is not None}
                found.setdefault(frame.name, []).append(fields)
    [file_id] = found["file_id"]
    assert file_id["type"] == "workout"
    [workout] = found["workout"]
    steps = [_step(i, m) for i, m in enumerate(found["workout_step"])]
    assert workout["num_valid_steps"] == len(steps)
    return Workout(workout["wkt_name"], workout["sport"], steps, file_id["serial_number"])


def by_fit_tool(data: bytes) -> list[tuple[str | None, float | None, int | None, int | None]]:
    """fit-tool's reading of each step (name, seconds, cadence low and high), after its
    own validation of the wire format and the profile's fields."""
    from fit_tool import ProfileScope, validate_fit_file  # type: ignore[import-untyped]
    from fit_tool.fit_file import FitFile  # type: ignore[import-untyped]

    fit = FitFile.from_bytes(data)
    report = validate_fit_file(fit, profile_scope=ProfileScope.FULL)
    # fit-tool's one complaint: it would not count repeat steps in num_valid_steps.
    # Garmin's cookbook (WorkoutEncode, the pool swim and 800 m repeats workouts)
    # counts every step message, repeats included, as the SDK test above checks.
    errors = [f.message for f in report.findings if "num_valid_steps" not in f.message]
    assert errors == []
    steps = [r.message for r in fit.records if type(r.message).__name__ == "WorkoutStepMessage"]
    return [
        (
            s.workout_step_name,
            s.duration_time,
            s.custom_target_cadence_low if s.target_type == 3 else None,
            s.custom_target_cadence_high if s.target_type == 3 else None,
        )
        for s in steps
    ]


def decoded(data: bytes) -> Workout:
    """The workout as Garmin's SDK reads it, after checking that fitdecode reads the same
    and fit-tool the same steps."""
    workout = by_garmin_sdk(data)
    assert by_fitdecode(data) == workout
    assert by_fit_tool(data) == [
        (s.name, s.seconds, *(s.cadence or (None, None))) for s in workout.steps
    ]
    return workout


def cadence_band(spm: int, tolerance_percent: float) -> tuple[int, int]:
    """Whole strides per minute around the target's steps: the on-target range, never
    narrower than a stride either side."""
    low = math.floor(spm * (1 - tolerance_percent / 100) / STRIDES)
    high = math.ceil(spm * (1 + tolerance_percent / 100) / STRIDES)
    return min(low, math.floor(spm / STRIDES) - 1), max(high, math.ceil(spm / STRIDES) + 1)


class Expected(NamedTuple):
    duration: str
    seconds: float | None
    repeat: tuple[int, int] | None
    cadence: tuple[int, int] | None


def expected_steps(session: Session, tolerance_percent: float) -> list[Expected]:
    """The steps the issue asks for a session: an open step per drill, strength or
    mobility item; per run/walk its run and walk (a repeat step when there are several),
    then its last run; continuous running as one timed step; each running step with the
    cadence range when the target has a tempo; then a cool-down filling the session's
    minutes, when a minute or more is left."""
    spm = session.cadence.spm if session.cadence else None
    band = cadence_band(spm, tolerance_percent) if spm is not None else None
    steps: list[Expected] = []
    used = 0.0
    for item in session.items:
        run = item.run
        if run is None:
            steps.append(Expected("open", None, None, None))
            used += item.minutes * 60
            continue
        used += run.total_minutes * 60
        if run.walk_minutes == 0:
            steps.append(Expected("time", round(run.running_minutes * 60), None, band))
            continue
        first = len(steps)
        if run.repeats:
            steps.append(Expected("time", round(run.run_minutes * 60), None, band))
            steps.append(Expected("time", round(run.walk_minutes * 60), None, None))
        if run.repeats > 1:
            steps.append(Expected("repeat", None, (first, run.repeats), None))
        if run.final_run_minutes:
            steps.append(Expected("time", round(run.final_run_minutes * 60), None, band))
    left = round(session.minutes * 60 - used)
    if left >= 60:
        steps.append(Expected("time", left, None, None))
    return steps


def as_expected(workout: Workout) -> list[Expected]:
    return [Expected(s.duration, s.seconds, s.repeat, s.cadence) for s in workout.steps]


def total_seconds(workout: Workout, session: Session) -> float:
    """How long the workout takes: its timed steps, repeats unrolled, and each lap-button
    step for as long as its item in plan.yaml is planned to take."""
    estimates = iter(item.minutes * 60 for item in session.items if item.run is None)
    lengths: list[float] = []
    for step in workout.steps:
        if step.duration == "open":
            lengths.append(next(estimates))
        elif step.duration == "time":
            assert step.seconds is not None
            lengths.append(step.seconds)
        else:
            assert step.repeat is not None
            first, times = step.repeat
            lengths.append((times - 1) * sum(lengths[first:]))
    assert next(estimates, None) is None  # every lap-button item has its step
    return sum(lengths)
