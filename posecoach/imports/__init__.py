"""Activity files (FIT, TCX, GPX, optionally gzipped) to check-in figures."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from posecoach import limits
from posecoach.i18n import N_, _, ngettext
from posecoach.imports.activity import (
    MAX_INDOOR_SAMPLE_SECONDS,
    MAX_RUNNING_SPM,
    MAX_SAMPLE_SECONDS,
    Activity,
    ActivityError,
    Leg,
    Sample,
    moving_cadence,
    steps_multiplier,
    timed,
)
from posecoach.imports.legs import SKIPPED, UNSPECIFIED, a_leg, judge, listing, the_runs
from posecoach.model import RunningDynamics

__all__ = ["ActivityError", "ActivitySummary", "read_activity", "summarise"]

MIN_SENSIBLE_SPM = float(limits.CADENCE_LOWEST)  # a mean below is not a running cadence
# What a FIT file is when it is not a recorded activity (file_id.type).
_KINDS = {
    "workout": N_("a workout file (the steps of a planned workout)"),
    "settings": N_("a settings file"), "device": N_("a device file"),
    "sport": N_("a sport-settings file"), "weight": N_("a weight-scale file"),
    "totals": N_("a totals file"), "goals": N_("a goals file"),
    "blood_pressure": N_("a blood-pressure file"), "schedules": N_("a schedule file"),
    "course": N_("a course (a planned route)"), "segment": N_("a segment file"),
    "monitoring_a": N_("a monitoring file (all-day steps and heart rate)"),
    "monitoring_b": N_("a monitoring file (all-day steps and heart rate)"),
    "monitoring_daily": N_("a monitoring file (all-day steps and heart rate)"),
    "unknown": N_("a FIT file of no type posecoach knows"),
}  # fmt: skip
# How the runner felt, rated on the watch: kept as data (the check-in's words are
# said where they are shown), marked here so the catalogue has them.
_FEELS = (
    (0, N_("very weak")), (25, N_("weak")), (50, N_("normal")), (75, N_("strong")),
    (100, N_("very strong")),
)  # fmt: skip


class ActivitySummary(NamedTuple):
    source: str
    sport: str
    local_date: date | None
    cadence: float | None  # ours: moving running time only, steps per minute
    device_cadence: float | None  # the watch's own average, steps per minute
    running_minutes: float
    dynamics: RunningDynamics | None
    warnings: list[str]
    legs: str | None = None  # "a swim, a ride and a run: used the run, 42 min" (multisport)
    rpe: int | None = None  # the effort the runner rated on the watch, 0-10
    feel: str | None = None  # how they felt, rated on the watch: "strong"
    treadmill: bool = False  # read as a treadmill or indoor run (see `indoors`)


def read_activity(path: Path) -> Activity:
    """Read an activity file of any supported kind, by its name, as a stream."""
    from posecoach.imports.stream import Stream

    name = path.name.casefold().removesuffix(".gz")
    if not name.endswith((".fit", ".tcx", ".gpx")):
        raise ActivityError(
            _("posecoach reads .fit, .tcx and .gpx files (also .tcx.gz and .gpx.gz)")
        )
    with Stream(path) as stream:
        if name.endswith(".fit"):
            from posecoach.imports.fit import read_fit

            return read_fit(path, stream.read)
        if name.endswith(".tcx"):
            from posecoach.imports.tcx import read_tcx

            return read_tcx(path, stream.read)
        from posecoach.imports.gpx import read_gpx

        return read_gpx(path, stream.read)


class _Run(NamedTuple):
    leg: Leg
    spm: float | None
    cadence_seconds: float
    running_seconds: float
    device: float | None
    dynamics: RunningDynamics | None


def _refusal(others: list[tuple[str, str]]) -> ActivityError:
    """Why a file with no run is refused, naming what it holds."""
    if len(others) > 1:
        held = listing([a_leg(sport) for sport, _reason in others])
        return ActivityError(_("this file holds %(held)s, and no run") % {"held": held})
    sport, reason = others[0] if others else (UNSPECIFIED, _("it holds no records"))
    if sport == "cycling":
        if reason:
            said = _("this is a ride, not a run: the file names no sport, but %(reason)s")
            return ActivityError(said % {"reason": reason})
        return ActivityError(
            _(
                "this is a ride, not a run: its cadence is not steps per minute"
                " (pedal strokes are never doubled into steps)"
            )
        )
    if sport == UNSPECIFIED:
        said = _("this is not a run: the file names no sport, and %(reason)s")
        return ActivityError(said % {"reason": reason})
    said = _("this is %(what)s, not a run: its cadence is not steps per minute")
    return ActivityError(said % {"what": a_leg(sport)})


def indoors(leg: Leg) -> bool:
    """A treadmill or indoor run: the device says so, or the file holds no GPS position
    (distance, speed and cadence then come from the watch's own sensor)."""
    return leg.indoor or leg.positions is False


def _run(leg: Leg, durations: list[tuple[Sample, float]], multiplier: float) -> _Run:
    moving = moving_cadence(durations, multiplier, indoors(leg))
    running = moving.running_seconds
    if running == 0 and not any(s.speed or s.cadence for s in leg.samples):
        # A named run with neither speed nor cadence (or only zeros): its recorded
        # time is all we know.
        running = sum(seconds for _sample, seconds in durations)
    device = None if leg.device_cadence is None else leg.device_cadence * multiplier
    return _Run(leg, moving.spm, moving.cadence_seconds, running, device, moving.dynamics)


def _mean(pairs: list[tuple[float | None, float]]) -> float | None:
    known = [(value, weight) for value, weight in pairs if value is not None]
    total = sum(weight for _value, weight in known)
    if not known:
        return None
    if total == 0:
        return sum(value for value, _weight in known) / len(known)
    return sum(value * weight for value, weight in known) / total


def _feel(value: int | None) -> str | None:
    if value is None:
        return None
    return min(_FEELS, key=lambda pair: abs(pair[0] - value))[1]


def summarise(path: Path, timezone: str) -> ActivitySummary:
    """The check-in figures of one activity file, refusing what is not a run."""
    activity = read_activity(path)
    if activity.kind != "activity":
        kind = _KINDS.get(activity.kind)
        what = (
            _(kind)
            if kind
            else _("a FIT %(kind)s file") % {"kind": activity.kind.replace("_", " ")}
        )
        raise ActivityError(_("this is %(what)s, not a recorded activity") % {"what": what})
    runs: list[_Run] = []
    others: list[tuple[str, str]] = []
    nouns: list[str] = []
    for leg in activity.legs:
        if leg.sport in SKIPPED:
            continue
        if leg.sport not in ("running", "walking", UNSPECIFIED):
            others.append((leg.sport, ""))
            nouns.append(a_leg(leg.sport))
            continue
        longest = MAX_INDOOR_SAMPLE_SECONDS if indoors(leg) else MAX_SAMPLE_SECONDS
        durations = timed(leg.samples, activity.paused, longest)
        multiplier = steps_multiplier([s for s, _seconds in durations])
        if leg.sport == UNSPECIFIED:
            verdict = judge(leg, durations, multiplier)
            if not verdict.running:
                others.append((verdict.sport, verdict.reason))
                nouns.append(a_leg(verdict.sport))
                continue
        runs.append(_run(leg, durations, multiplier))
        nouns.append(a_leg(leg.sport if leg.sport == "walking" else "running"))
    if not runs:
        raise _refusal(others)

    warnings = list(activity.warnings)
    running_seconds = sum(r.running_seconds for r in runs)
    if running_seconds > limits.RUNNING_MINUTES * 60:
        hours = int(f"{running_seconds / 3600:.0f}")
        said = ngettext(
            "it records %(count)s hour of running: posecoach reads one session of up to a day",
            "it records %(count)s hours of running: posecoach reads one session of up to a day",
            hours,
        )
        raise ActivityError(said % {"count": hours})
    cadence = _mean([(r.spm, r.cadence_seconds) for r in runs])
    if cadence is not None and not MIN_SENSIBLE_SPM <= cadence <= MAX_RUNNING_SPM:
        said = _(
            "its cadence values make no sense for a run (they come to %(spm)s steps/min): left out"
        )
        warnings.append(said % {"spm": f"{cadence:.0f}"})
        cadence = None
    device = _mean([(r.device, r.running_seconds) for r in runs])
    if device is not None and not MIN_SENSIBLE_SPM <= device <= MAX_RUNNING_SPM:
        device = None  # a device "average" that is not a running cadence is noise
    legs = None
    if len(nouns) > 1:
        used = the_runs([r.leg.sport for r in runs])
        legs = _("%(legs)s: used %(used)s, %(minutes)s min") % {
            "legs": listing(nouns),
            "used": used,
            "minutes": f"{running_seconds / 60:.0f}",
        }
    rated = next((r.leg for r in runs if r.leg.rpe is not None or r.leg.feel is not None), None)
    # The device's session averages describe a single run; for several legs, ours
    # (over the running records only) do.
    dynamics = runs[0].leg.dynamics if len(runs) == 1 else None
    return ActivitySummary(
        source=activity.source,
        sport="walking" if all(r.leg.sport == "walking" for r in runs) else "running",
        local_date=_local_date(activity, runs, timezone),
        cadence=None if cadence is None else round(cadence, 2),
        device_cadence=None if device is None else round(device, 2),
        running_minutes=round(running_seconds / 60, 1),
        dynamics=dynamics or next((r.dynamics for r in runs if r.dynamics), None),
        warnings=warnings,
        legs=legs,
        rpe=rated.rpe if rated else None,
        feel=_feel(rated.feel) if rated else None,
        treadmill=any(indoors(r.leg) for r in runs),
    )


def _local_date(activity: Activity, runs: list[_Run], timezone: str) -> date | None:
    """The file's own local date if it has one, else the first run's start in the runner's zone."""
    if activity.local_date is not None:
        return activity.local_date
    starts = [s.time for r in runs for s in r.leg.samples if isinstance(s.time, datetime)]
    return min(starts).astimezone(ZoneInfo(timezone)).date() if starts else None
