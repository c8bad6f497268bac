"""Results as plain data for scripts (`--json`): stable keys, ISO dates, times as HH:MM.

Every key is always present (null when there is nothing to say), so a script can
rely on the shape; new keys may be added, none is renamed or removed. Each
command's help lists its top-level keys.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from posecoach.render import wording
from posecoach.render.checkin_words import reported
from posecoach.render.text import clock

if TYPE_CHECKING:
    from pathlib import Path

    from posecoach.commands.checkin import CheckInResult
    from posecoach.commands.form import FormResult
    from posecoach.commands.today import DayView
    from posecoach.folder.checkin_log import LogEntry
    from posecoach.model import CadenceTarget, CheckIn, Curriculum, Drill, Plan, Session, Week

Data = dict[str, Any]


def dumps(data: Any) -> str:
    """The one way posecoach writes JSON: indented, UTF-8 as is, keys in their set order."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def cadence_data(target: CadenceTarget | None) -> Data | None:
    if target is None:
        return None
    return {
        "text": target.text,
        "spm": target.spm,
        "step": target.step,
        "percent": target.percent,
        "provisional": bool(target.provisional),
    }


def session_data(session: Session, status: str | None = None) -> Data:
    return {
        "key": session.key,
        "date": session.date.isoformat(),
        "weekday": session.weekday,
        "time": clock(session.time),
        "title": wording.title(session),
        "kind": session.kind,
        "focus": wording.focus(session),
        "minutes": session.minutes,
        "cadence": cadence_data(session.cadence),
        "status": status,
        "items": [
            {
                "drill": item.drill,
                "name": item.name,
                "element": item.element,
                "block": item.block,
                "dose": item.dose_text,
                "to_the_beat": item.cadence,
                "cues": list(item.cues),
            }
            for item in session.items
        ],
        "notes": wording.notes(session),
    }


def week_data(week: Week, current: bool, sessions: bool = False) -> Data:
    data: Data = {
        "number": week.number,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "phase": week.phase,
        "phase_name": week.phase_name,
        "focus": week.focus,
        "deload": week.deload,
        "current": current,
        "cadence": cadence_data(week.cadence),
        "session_count": len(week.sessions),
        "minutes": week.minutes,
        "running_minutes": week.running_minutes,
    }
    if sessions:
        data["sessions"] = [session_data(s) for s in week.sessions]
    return data


def plan_data(plan: Plan, today: date, current: int | None, week: int | None) -> Data:
    """`show --json`: the plan's weeks, or one week with its sessions."""
    data: Data = {
        "plan_id": plan.plan_id,
        "runner": plan.runner,
        "curriculum": plan.curriculum,
        "curriculum_name": plan.curriculum_name,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "timezone": plan.timezone,
        "today": today.isoformat(),
        "current_week": current,
    }
    chosen = [w for w in plan.weeks if week is None or w.number == week]
    data["weeks"] = [week_data(w, w.number == current, sessions=week is not None) for w in chosen]
    return data


def today_data(plan: Plan, view: DayView) -> Data:
    """`today --json`."""
    status = {g.session.key: g.status for g in view.glance}
    return {
        "date": view.day.isoformat(),
        "timezone": plan.timezone,
        "state": view.state,
        "week": None if view.week is None else view.week.number,
        "sessions": [session_data(s, status.get(s.key)) for s in view.sessions],
        "next": None if view.next is None else session_data(view.next),
        "days_to_next": view.days_to_next,
        "week_at_a_glance": [
            {
                "key": g.session.key,
                "date": g.session.date.isoformat(),
                "weekday": g.session.weekday,
                "time": clock(g.session.time),
                "title": wording.title(g.session),
                "minutes": g.session.minutes,
                "today": g.today,
                "status": g.status,
            }
            for g in view.glance
        ],
    }


def progress_data(plan: Plan, checkins: list[CheckIn]) -> Data:
    """`progress --json`: the check-ins in force against the targets."""
    targets = {w.number: w.cadence for w in plan.weeks}
    rows = []
    for checkin in checkins:
        week = (checkin.date - plan.start).days // 7 + 1
        rows.append(
            {
                "date": checkin.date.isoformat(),
                "session": checkin.session,
                "week": week if week in targets else None,
                "missed": checkin.missed,
                "cadence": checkin.cadence,
                "device_cadence": checkin.device_cadence,
                "target": cadence_data(targets.get(week)),
                "rpe": checkin.rpe,
                "pain": checkin.pain,
                "where": checkin.where,
                "note": checkin.note,
                "form": checkin.form.model_dump(mode="json") if checkin.form else None,
            }
        )
    cadences = [c.cadence for c in checkins if c.cadence is not None]
    return {
        "runner": plan.runner,
        "checkins": rows,
        "cadence_first": cadences[0] if cadences else None,
        "cadence_last": cadences[-1] if cadences else None,
        "missed": sum(1 for c in checkins if c.missed),
    }


def checkins_data(entries: list[LogEntry]) -> Data:
    """`checkins --json`: every check-in in the log, with its id, taken back or not."""
    return {
        "checkins": [
            {
                "id": entry.id,
                "date": entry.checkin.date.isoformat(),
                "session": entry.checkin.session,
                "summary": reported(entry.checkin),
                "source": entry.checkin.source,
                "recorded": entry.checkin.recorded.isoformat(),
                "taken_back": entry.retracted_by is not None,
                "taken_back_by": entry.retracted_by,
                "checkin": entry.checkin.model_dump(mode="json"),
            }
            for entry in entries
        ]
    }


def drill_data(curriculum: Curriculum, drill: Drill) -> Data:
    from posecoach.sources import bibliography

    used = [t.id for t in curriculum.templates if any(i.drill == drill.id for i in t.items)]
    citations = [bibliography().cite(s) for s in drill.sources]  # "Author Year", as sources
    return {**drill.model_dump(mode="json"), "used_in": used, "citations": citations}


def drills_data(curriculum: Curriculum) -> Data:
    """`drills --json`."""
    return {
        "curriculum": curriculum.id,
        "name": curriculum.name,
        "drills": [drill_data(curriculum, d) for d in curriculum.drills],
    }


UNITS = {
    "cadence": "steps/min",
    "lean": "degrees",
    "strike": "leg lengths",
    "bounce": "leg lengths",
}


def form_data(result: FormResult, picture: Path | None, logged: CheckInResult | None) -> Data:
    """`form --json`: the figures with their spreads, counts and verdicts."""
    check = result.check
    figures = {}
    for name, unit in UNITS.items():
        figure = getattr(check, name)
        verdict = result.verdicts[name]
        figures[name] = {
            "value": figure.value,
            "unit": unit,
            "spread": figure.spread,
            "count": figure.count,
            "estimate": name != "cadence",
            "verdict": verdict.text,
            "past_line": verdict.fault,
        }
    return {
        "source": str(result.source),
        "figures": figures,
        "cadence_from_strikes": (
            round(result.gait.cadence_from_strikes, 1)
            if result.gait.cadence_from_strikes is not None
            else None
        ),
        "target": cadence_data(result.target),
        "faults": [f.kind for f in result.faults],
        "notes": result.notes,
        "picture": str(picture) if picture is not None else None,
        "logged": (
            {"date": logged.checkin.date.isoformat(), "session": logged.checkin.session}
            if logged is not None
            else None
        ),
    }
