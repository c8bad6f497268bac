"""FIT files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

fitdecode streams the file and keeps every record it read before a damaged
part, so a truncated file yields what it holds, with a warning. A FIT file
holds one session per sport (a triathlon has five, transitions included):
each session becomes a leg with the records inside its time window.
"""

from __future__ import annotations

import warnings as warnings_module
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from posecoach.imports.activity import Activity, ActivityError, Leg, Moment, Sample
from posecoach.imports.legs import sport_of
from posecoach.model import RunningDynamics

_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all"}
_RECORD_FIELDS = {
    "timestamp", "cadence", "fractional_cadence", "enhanced_speed", "speed", "activity_type",
    "stance_time", "vertical_oscillation", "vertical_ratio", "step_length",
}  # fmt: skip
_INDOOR = {"treadmill", "indoor_running", "virtual_activity", "indoor_walking"}
SLACK_SECONDS = 2.0  # a record stamped just outside its session still belongs to it


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _native(frame: Any) -> dict[str, Any]:
    # Native fields only: developer fields (Stryd's, say) reuse names in other units.
    return {f.name: f.value for f in frame.fields if not getattr(f.field_def, "is_dev", False)}


def _sample(frame: Any) -> Sample | None:
    values = {
        f.name: f.value
        for f in frame.fields
        if f.name in _RECORD_FIELDS and not getattr(f.field_def, "is_dev", False)
    }
    time = values.get("timestamp")
    if not isinstance(time, datetime):
        time = _number(time)  # device-relative seconds (old files), or nothing usable
        if time is None:
            return None
    cadence = _number(values.get("cadence"))
    if cadence is not None:
        cadence += _number(values.get("fractional_cadence")) or 0.0
    return Sample(
        time=time,
        cadence=cadence,
        speed=_number(values.get("enhanced_speed")) or _number(values.get("speed")),
        walking=values.get("activity_type") == "walking",
        dynamics=(
            _number(values.get("stance_time")),
            _number(values.get("vertical_oscillation")),
            _number(values.get("vertical_ratio")),
            _number(values.get("step_length")),
        ),
    )


class _Reading:
    """What a pass over the frames collects."""

    def __init__(self) -> None:
        self.kind = "activity"
        self.samples: list[Sample] = []
        self.sessions: list[dict[str, Any]] = []
        self.sport = ""
        self.paused: list[tuple[Moment, Moment]] = []
        self.stopped_at: Any = None
        self.local_offset: timedelta | None = None

    def take(self, frame: Any) -> None:
        name = frame.name
        if name == "record":
            sample = _sample(frame)
            if sample is not None:
                self.samples.append(sample)
            return
        if name not in ("event", "session", "sport", "activity", "file_id"):
            return
        values = _native(frame)
        if name == "event" and values.get("event") == "timer":
            kind = values.get("event_type")
            if kind in _STOPS:
                self.stopped_at = values.get("timestamp")
            elif kind == "start" and self.stopped_at is not None:
                resumed = values.get("timestamp")
                if resumed is not None and type(resumed) is type(self.stopped_at):
                    self.paused.append((self.stopped_at, resumed))
                self.stopped_at = None
        elif name == "session":
            self.sessions.append(values)
        elif name == "sport" and not self.sport:
            self.sport = str(values.get("sport") or "")
        elif name == "file_id" and values.get("type") is not None:
            self.kind = str(values["type"])
        elif name == "activity":
            local, utc = values.get("local_timestamp"), values.get("timestamp")
            if isinstance(local, datetime) and isinstance(utc, datetime):
                # fitdecode labels local wall time as UTC: the difference is the offset.
                self.local_offset = local.replace(tzinfo=None) - utc.replace(tzinfo=None)


def _decode(data: bytes, reading: _Reading) -> list[str]:
    import fitdecode

    warnings: list[str] = []
    failure: Exception | None = None
    with warnings_module.catch_warnings(record=True) as caught:
        warnings_module.simplefilter("always")
        frames = iter(fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.WARN))
        while True:
            # Only the decoder is guarded: a mistake in our own handling of a
            # frame must surface as the bug it is, not as "a damaged file".
            try:
                frame = next(frames, None)
            except fitdecode.FitHeaderError:
                raise ActivityError("not a FIT file, or its header is damaged") from None
            except Exception as error:
                # fitdecode raises its own errors, but also ValueError, struct.error,
                # AssertionError... on malformed bytes; what was read before is sound.
                failure = error
                break
            if frame is None:
                break
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                reading.take(frame)
    if failure is not None:
        if not reading.samples and not reading.sessions:
            raise ActivityError(
                f"the FIT file is damaged: nothing could be read from it ({_why(failure)})"
            )
        warnings.append(
            f"the file is damaged or ends early ({_why(failure)}); "
            f"used the {len(reading.samples)} records before that"
        )
    if any("crc" in str(w.message).casefold() for w in caught):
        warnings.append("the file's checksum does not match: it may be damaged; read it anyway")
    return warnings


def _why(error: Exception) -> str:
    return type(error).__name__


def read_fit(path: Path, data: bytes) -> Activity:
    reading = _Reading()
    warnings = _decode(data, reading)
    sessions = reading.sessions or [{"sport": reading.sport}]
    windows = [_window(s) for s in sessions]
    legs = []
    for session, window in zip(sessions, windows, strict=True):
        if len(sessions) == 1:
            samples = reading.samples
        else:
            samples = [s for s in reading.samples if _inside(s.time, window)]
        legs.append(_leg(session, samples))
    local_date = None
    start = next((w[0] for w in windows if isinstance(w[0], datetime)), None)
    if start is None:
        start = next((s.time for s in reading.samples if isinstance(s.time, datetime)), None)
    if isinstance(start, datetime) and reading.local_offset is not None:
        local_date = (start + reading.local_offset).date()
    return Activity(
        source=path.name,
        legs=legs,
        local_date=local_date,
        paused=reading.paused,
        warnings=warnings,
        kind=reading.kind,
    )


def _window(session: dict[str, Any]) -> tuple[Any, Any]:
    start, end = session.get("start_time"), session.get("timestamp")
    elapsed = _number(session.get("total_elapsed_time"))
    if isinstance(start, datetime) and elapsed is not None:
        end = max(end, start + timedelta(seconds=elapsed)) if isinstance(end, datetime) \
            else start + timedelta(seconds=elapsed)  # fmt: skip
    return start, end


def _inside(moment: Moment, window: tuple[Any, Any]) -> bool:
    start, end = window
    if not isinstance(moment, datetime) or not isinstance(start, datetime):
        return False
    if not isinstance(end, datetime):
        return moment >= start - timedelta(seconds=SLACK_SECONDS)
    slack = timedelta(seconds=SLACK_SECONDS)
    return start - slack <= moment <= end + slack


def _leg(session: dict[str, Any], samples: list[Sample]) -> Leg:
    sport = sport_of(session.get("sport"))
    device = _number(session.get("avg_running_cadence")) or _number(session.get("avg_cadence"))
    if device is not None:
        device += _number(session.get("avg_fractional_cadence")) or 0.0
    dynamics = RunningDynamics(
        ground_contact_ms=_positive(session.get("avg_stance_time")),
        vertical_oscillation_mm=_positive(session.get("avg_vertical_oscillation")),
        vertical_ratio_percent=_positive(session.get("avg_vertical_ratio")),
        step_length_mm=_positive(session.get("avg_step_length")),
    )
    has_dynamics = any(v is not None for v in dynamics.model_dump().values())
    rpe = _number(session.get("workout_rpe"))  # Borg CR10 times ten
    feel = _number(session.get("workout_feel"))
    return Leg(
        sport=sport,
        samples=samples,
        device_cadence=device if device else None,
        dynamics=dynamics if has_dynamics else None,
        rpe=None if rpe is None or not 0 <= rpe <= 100 else round(rpe / 10),
        feel=None if feel is None or not 0 <= feel <= 100 else round(feel),
        indoor=str(session.get("sub_sport") or "") in _INDOOR,
    )


def _positive(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None
