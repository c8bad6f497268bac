"""Activity files (FIT, TCX, GPX, optionally gzipped) to check-in figures."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from posecoach.imports.activity import Activity, ActivityError, moving_cadence
from posecoach.model import RunningDynamics

__all__ = ["ActivityError", "ActivitySummary", "summarise"]

ACCEPTED_SPORTS = {"running", "walking", "unknown", "other", "generic", "training"}


class ActivitySummary(NamedTuple):
    source: str
    sport: str
    local_date: date | None
    cadence: float | None  # ours: moving running time only, steps per minute
    device_cadence: float | None  # the watch's own average, steps per minute
    running_minutes: float
    dynamics: RunningDynamics | None
    warnings: list[str]


def read_activity(path: Path) -> Activity:
    """Read an activity file of any supported kind, by its name."""
    name = path.name.casefold()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ActivityError(f"cannot read the file ({error.strerror})") from None
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ActivityError(f"not a readable .gz file ({error})") from None
        name = name[:-3]
    if name.endswith(".fit"):
        from posecoach.imports.fit import read_fit

        if path.name.casefold().endswith(".gz"):
            raise ActivityError("unpack the .fit.gz file first")
        return read_fit(path)
    if name.endswith(".tcx"):
        from posecoach.imports.tcx import read_tcx

        return read_tcx(path, data)
    if name.endswith(".gpx"):
        from posecoach.imports.gpx import read_gpx

        return read_gpx(path, data)
    raise ActivityError("posecoach reads .fit, .tcx and .gpx files (also .tcx.gz and .gpx.gz)")


def summarise(path: Path, timezone: str) -> ActivitySummary:
    """The check-in figures of one activity file, refusing what is not a run."""
    activity = read_activity(path)
    if activity.sport not in ACCEPTED_SPORTS:
        what = "a ride" if activity.sport == "cycling" else f"a {activity.sport} activity"
        raise ActivityError(
            f"this is {what}, not a run: its cadence is not steps per minute"
            + (
                " (pedal strokes are never doubled into steps)"
                if activity.sport == "cycling"
                else ""
            )
        )
    moving = moving_cadence(activity)
    local_date = activity.local_date
    if local_date is None and activity.start is not None:
        local_date = activity.start.astimezone(ZoneInfo(timezone)).date()
    warnings = list(activity.warnings)
    if moving.spm is None:
        warnings.append("no running cadence in this file")
    return ActivitySummary(
        source=activity.source,
        sport=activity.sport,
        local_date=local_date,
        cadence=moving.spm,
        device_cadence=activity.device_cadence,
        running_minutes=round(moving.running_seconds / 60, 1),
        dynamics=activity.dynamics or moving.dynamics,
        warnings=warnings,
    )
