"""FIT files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

fitdecode streams the file and keeps every record it read before a damaged
part, so a truncated file yields what it holds, with a warning.
"""

from __future__ import annotations

import warnings as warnings_module
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from posecoach.imports.activity import Activity, ActivityError, Sample
from posecoach.model import RunningDynamics


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def read_fit(path: Path) -> Activity:
    import fitdecode

    samples: list[Sample] = []
    warnings: list[str] = []
    session: dict[str, Any] = {}
    sport = ""
    local_offset: timedelta | None = None
    paused: list[tuple[Any, Any]] = []
    stopped_at: Any = None
    first_time: Any = None
    try:
        with (
            warnings_module.catch_warnings(record=True) as caught,
            fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.WARN) as reader,
        ):
            warnings_module.simplefilter("always")
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                # Native fields only: developer fields (Stryd's, say) reuse names in other units.
                values = {
                    f.name: f.value
                    for f in frame.fields
                    if not getattr(f.field_def, "is_dev", False)
                }
                if frame.name == "record":
                    time = values.get("timestamp")
                    if time is None:
                        continue
                    first_time = first_time if first_time is not None else time
                    cadence = _number(values.get("cadence"))
                    if cadence is not None:
                        cadence += _number(values.get("fractional_cadence")) or 0.0
                    speed = _number(values.get("enhanced_speed")) or _number(values.get("speed"))
                    samples.append(
                        Sample(
                            time=time,
                            cadence=cadence,
                            speed=speed,
                            walking=values.get("activity_type") == "walking",
                            dynamics=(
                                _number(values.get("stance_time")),
                                _number(values.get("vertical_oscillation")),
                                _number(values.get("vertical_ratio")),
                                _number(values.get("step_length")),
                            ),
                        )
                    )
                elif frame.name == "event" and values.get("event") == "timer":
                    kind = values.get("event_type")
                    if kind in ("stop", "stop_all", "stop_disable", "stop_disable_all"):
                        stopped_at = values.get("timestamp")
                    elif kind == "start" and stopped_at is not None:
                        paused.append((stopped_at, values.get("timestamp")))
                        stopped_at = None
                elif frame.name == "session" and not session:
                    session = values
                    sport = str(values.get("sport") or "")
                elif frame.name == "sport" and not sport:
                    sport = str(values.get("sport") or "")
                elif frame.name == "activity":
                    local, utc = values.get("local_timestamp"), values.get("timestamp")
                    if isinstance(local, datetime) and isinstance(utc, datetime):
                        # fitdecode labels local wall time as UTC: the difference is the offset.
                        local_offset = local.replace(tzinfo=None) - utc.replace(tzinfo=None)
    except fitdecode.FitHeaderError:
        raise ActivityError("not a FIT file, or its header is damaged") from None
    except (fitdecode.FitEOFError, fitdecode.FitCRCError, fitdecode.FitParseError) as error:
        if not samples:
            raise ActivityError(f"the file is damaged before any record ({error})") from None
        warnings.append(
            f"the file is damaged or ends early ({type(error).__name__}); "
            f"used the {len(samples)} records before that"
        )

    if any("crc" in str(w.message).casefold() for w in caught):
        warnings.append("the file's checksum does not match: it may be damaged; read it anyway")

    start = session.get("start_time") or first_time
    local_date = None
    if isinstance(start, datetime):
        local_date = (start + (local_offset or timedelta())).date()
    device = _number(session.get("avg_running_cadence")) or _number(session.get("avg_cadence"))
    if device is not None:
        device = round(2 * (device + (_number(session.get("avg_fractional_cadence")) or 0.0)), 2)
    session_dynamics = RunningDynamics(
        ground_contact_ms=_positive(session.get("avg_stance_time")),
        vertical_oscillation_mm=_positive(session.get("avg_vertical_oscillation")),
        vertical_ratio_percent=_positive(session.get("avg_vertical_ratio")),
        step_length_mm=_positive(session.get("avg_step_length")),
    )
    has_dynamics = any(v is not None for v in session_dynamics.model_dump().values())
    return Activity(
        source=path.name,
        sport=sport or "unknown",
        local_date=local_date,
        samples=samples,
        paused=[(_to_seconds(a, first_time), _to_seconds(b, first_time)) for a, b in paused
                if a is not None and b is not None and first_time is not None],
        device_cadence=device if sport in ("running", "walking", "") else None,
        dynamics=session_dynamics if has_dynamics else None,
        warnings=warnings,
    )  # fmt: skip


def _positive(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


def _to_seconds(moment: Any, origin: Any) -> float:
    if isinstance(moment, datetime) and isinstance(origin, datetime):
        return (moment - origin).total_seconds()
    return float(moment) - float(origin)
