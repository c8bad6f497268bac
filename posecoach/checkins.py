"""`posecoach checkin`: turn what the runner says (or their watch file) into a
logged check-in, then regenerate the plan folder so every output adapts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from posecoach import checkin_log, loaders
from posecoach.errors import UsageError
from posecoach.model import REGIONS, CheckIn, Plan
from posecoach.render.text import weekday_date
from posecoach.store import PROFILE_FILE
from posecoach.workflow import PlanRequest, read_plan_file, regenerate


class CheckInRequest(NamedTuple):
    folder: Path
    day: date | None = None
    session: str | None = None
    cadence: float | None = None
    rpe: int | None = None
    pain: int | None = None
    where: str | None = None
    settled: str | None = None  # "yes" or "no"
    swelling: bool = False
    missed: bool = False
    note: str = ""
    source: Path | None = None


class CheckInResult(NamedTuple):
    checkin: CheckIn
    plan: Plan
    lines: list[str]
    warnings: list[str]


def _settled(value: str | None) -> bool | None:
    if value is None:
        return None
    answer = value.strip().casefold()
    if answer in ("yes", "y", "true"):
        return True
    if answer in ("no", "n", "false"):
        return False
    raise UsageError(f"--settled-next-morning: {value!r} is not yes or no")


def _region(value: str | None) -> str | None:
    if value is None:
        return None
    region = value.strip().casefold().replace(" ", "-")
    if region not in REGIONS:
        raise UsageError(
            f"--where: {value!r} is not a body region",
            loaders.did_you_mean(region, REGIONS) or f"one of {', '.join(REGIONS)}",
        )
    return region


def _session_key(plan: Plan, wanted: str | None, day: date) -> tuple[str | None, str | None]:
    """The session checked in for, and a warning when none can be matched."""
    keys = [s.key for s in plan.sessions]
    if wanted is not None:
        if wanted not in keys:
            raise UsageError(
                f"--session: the plan has no session {wanted!r}",
                loaders.did_you_mean(wanted, keys) or "`posecoach show --week N` lists the keys",
            )
        return wanted, None
    on_day = [s.key for s in plan.sessions if s.date == day]
    if len(on_day) == 1:
        return on_day[0], None
    if not on_day:
        return None, f"no session is planned on {day.isoformat()}; logged for the day"
    return None, f"several sessions on {day.isoformat()}: pass --session to choose one"


def _spans(weeks: list[int]) -> str:
    """[4, 5, 6, 9] -> '4-6, 9'."""
    spans: list[list[int]] = []
    for week in sorted(set(weeks)):
        if spans and week == spans[-1][-1] + 1:
            spans[-1].append(week)
        else:
            spans.append([week])
    return ", ".join(f"{s[0]}-{s[-1]}" if len(s) > 1 else f"{s[0]}" for s in spans)


def record_checkin(request: CheckInRequest, now: datetime) -> CheckInResult:
    """Log one check-in, regenerate the folder, and say what changed.

    Everything is checked before anything is written: a bad value, an unknown
    session or an unreadable activity file leaves the log untouched.
    """
    from posecoach.imports import ActivityError, summarise
    from posecoach.render.plan_file import parse_plan_file

    folder = request.folder
    before = read_plan_file(folder, parse_plan_file)
    if before is None:
        raise UsageError(f"{folder}: holds no plan yet", "run `posecoach plan` first")
    profile_path = folder / PROFILE_FILE
    profile = loaders.load_profile(profile_path if profile_path.is_file() else None)
    today = now.astimezone(ZoneInfo(profile.timezone)).date()
    warnings: list[str] = []
    lines: list[str] = []

    figures: dict[str, Any] = {}
    if request.source is not None:
        try:
            summary = summarise(request.source, profile.timezone)
        except ActivityError as error:
            raise UsageError(f"{request.source}: {error}") from None
        warnings += [f"{request.source.name}: {w}" for w in summary.warnings]
        figures = {
            "cadence": summary.cadence,
            "device_cadence": summary.device_cadence,
            "dynamics": summary.dynamics,
            "source": summary.source,
        }
        if request.day is None and summary.local_date is None:
            raise UsageError(
                f"{request.source}: the file does not say which day it was",
                "pass --date YYYY-MM-DD",
            )
        device = f" (the watch's own average, stops included: {summary.device_cadence:g})"
        lines.append(
            f"From {summary.source}: "
            + (
                f"cadence {summary.cadence:g} steps/min over {summary.running_minutes:g}"
                " running minutes"
                if summary.cadence is not None
                else "no running cadence"
            )
            + (device if summary.device_cadence is not None else "")
            + "."
        )
        day = request.day or summary.local_date
    else:
        day = request.day or today
    assert day is not None
    if request.cadence is not None:
        figures["cadence"] = request.cadence  # what the runner typed wins

    key, warning = _session_key(before, request.session, day)
    if warning:
        warnings.append(warning)
    fields = {
        "date": day,
        "recorded": now,
        "session": key,
        "rpe": request.rpe,
        "pain": request.pain,
        "where": _region(request.where),
        "settled_next_morning": _settled(request.settled),
        "swelling": request.swelling,
        "missed": request.missed,
        "note": request.note,
        **figures,
    }
    try:
        checkin = CheckIn.model_validate(fields)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'check-in'}: "
            + e["msg"].removeprefix("Value error, ")
            for e in error.errors()
        ]
        raise UsageError("; ".join(problems)) from None

    checkin_log.append(folder, checkin)
    result = regenerate(PlanRequest(folder=folder, today=lambda _zone: today))
    warnings += result.warnings
    session = next((s for s in result.plan.sessions if s.key == checkin.session), None)
    what = f"session {session.key} ({session.title})" if session else "no planned session"
    lines.insert(0, f"Checked in {weekday_date(checkin.date)}, {what}: {checkin.summary}.")
    seen = {(a.week, a.rule, a.reason) for a in before.adjustments}
    changes = [a for a in result.plan.adjustments if (a.week, a.rule, a.reason) not in seen]
    if changes:
        lines.append("The plan changed (posecoach explain --week N tells why):")
        weeks_by_reason: dict[str, list[int]] = {}
        for change in changes:
            weeks_by_reason.setdefault(change.reason, []).append(change.week)
        for reason, weeks in weeks_by_reason.items():
            label = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {_spans(weeks)}"
            lines.append(f"  {label}: {reason}")
    else:
        lines.append("The plan stays as it was.")
    lines.append("Updated: " + ", ".join(p.name for p in result.written))
    return CheckInResult(checkin, result.plan, lines, warnings)
