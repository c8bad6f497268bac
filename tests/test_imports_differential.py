"""Our moving cadence against the same definition computed on Garmin's own FIT SDK.

The definition is written out again here, independently of posecoach.imports:
records of the running sessions (each session's time window), each lasting
until the next record (at most 10 s, nothing while the timer is stopped),
strides doubled unless the 90th percentile of the stored values is above 115
(already steps), walking, slower than 1.4 m/s or under 120 steps/min left out.
Only the decoder differs: garmin-fit-sdk instead of fitdecode.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import pytest

from posecoach.imports import ActivityError, summarise

ACTIVITIES = Path(__file__).parent / "data" / "activities"
# garmin-fit-sdk does not decode compressed-timestamp records (Forerunner 70
# era): it reads no records at all from this file.
SDK_CANNOT_READ = {"compressed-speed-distance.fit"}
TOLERANCE = 1.5  # steps/min


def running_fit_files() -> list[str]:
    names = []
    for path in sorted(ACTIVITIES.rglob("*.fit")):
        try:
            cadence = summarise(path, "UTC").cadence
        except ActivityError:
            continue
        if cadence is not None and path.name not in SDK_CANNOT_READ:
            names.append(path.relative_to(ACTIVITIES).as_posix())
    return names


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def sdk_moving_cadence(path: Path) -> float | None:
    from garmin_fit_sdk import Decoder, Stream

    decoded, _errors = Decoder(Stream.from_file(str(path))).read()
    # The SDK types its messages as `object`: they are lists of dicts of field values.
    messages = cast(dict[str, list[dict[str, Any]]], decoded)
    records = [
        r for r in messages.get("record_mesgs", []) if isinstance(r.get("timestamp"), datetime)
    ]
    sessions = messages.get("session_mesgs", [])
    paused: list[tuple[datetime, datetime]] = []
    stopped: datetime | None = None
    for event in messages.get("event_mesgs", []):
        if event.get("event") != "timer":
            continue
        if str(event.get("event_type")).startswith("stop"):
            stopped = event["timestamp"]
        elif event.get("event_type") == "start" and stopped is not None:
            paused.append((stopped, event["timestamp"]))
            stopped = None
    legs = []
    for session in sessions:
        if session.get("sport") not in ("running", "walking"):
            continue
        if len(sessions) == 1:
            legs.append(records)
            continue
        start, end = session["start_time"], session["timestamp"]
        end = max(end, start + timedelta(seconds=float(session["total_elapsed_time"])))
        slack = timedelta(seconds=2)
        legs.append([r for r in records if start - slack <= r["timestamp"] <= end + slack])
    total = weighted = 0.0
    for leg in legs:
        leg = sorted(leg, key=lambda r: r["timestamp"])
        raw = sorted(
            c + (_number(r.get("fractional_cadence")) or 0.0)
            for r in leg
            if (c := _number(r.get("cadence"))) is not None and c > 0
        )
        multiplier = 1.0 if raw and raw[int(len(raw) * 0.9)] > 115 else 2.0
        for record, following in pairwise(leg):
            moment = record["timestamp"]
            seconds = min((following["timestamp"] - moment).total_seconds(), 10.0)
            if seconds <= 0 or any(a <= moment < b for a, b in paused):
                continue
            cadence = _number(record.get("cadence"))
            speed = _number(record.get("enhanced_speed")) or _number(record.get("speed"))
            if cadence is None or cadence <= 0 or record.get("activity_type") == "walking":
                continue
            spm = (cadence + (_number(record.get("fractional_cadence")) or 0.0)) * multiplier
            if spm < 120 or (speed is not None and speed < 1.4):
                continue
            total += seconds
            weighted += spm * seconds
    return weighted / total if total else None


FILES = running_fit_files()


def test_the_corpus_has_running_fit_files_to_compare() -> None:
    assert len(FILES) >= 4, FILES


@pytest.mark.parametrize("name", FILES)
def test_moving_cadence_agrees_with_garmin_fit_sdk(name: str) -> None:
    ours = summarise(ACTIVITIES / name, "UTC").cadence
    theirs = sdk_moving_cadence(ACTIVITIES / name)
    assert ours is not None
    assert theirs is not None, "garmin-fit-sdk found no running records"
    assert ours == pytest.approx(theirs, abs=TOLERANCE)
