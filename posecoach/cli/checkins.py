"""posecoach checkin: tell the plan how a session went, and see what changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    FolderOption,
    app,
    examples,
    flag_names,
    parse_date,
    plan_folder,
    reports_errors,
    warn,
)

if TYPE_CHECKING:
    from posecoach.commands.checkin import CheckInResult
    from posecoach.imports import ActivitySummary


@app.command(
    epilog=examples(
        "posecoach checkin --cadence 168 --rpe 4",
        "posecoach checkin --date 2027-01-20 --pain 6 --where calf --settled-next-morning no",
        "posecoach checkin --from ~/Downloads/morning-run.fit --rpe 3",
        "posecoach checkin --session runner-w03-s2 --missed",
    )
)
@reports_errors
def checkin(
    folder: FolderOption = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help="The session's day, YYYY-MM-DD (default: the file's, or today)."
        ),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="The session's key (default: the one planned that day)."),
    ] = None,
    cadence: Annotated[float | None, typer.Option("--cadence", help="Steps per minute.")] = None,
    rpe: Annotated[
        int | None, typer.Option("--rpe", help="Effort, 0 (rest) to 10 (all out).")
    ] = None,
    pain: Annotated[
        int | None, typer.Option("--pain", help="Pain during or after, 0 to 10.")
    ] = None,
    where: Annotated[
        str | None, typer.Option("--where", help="Where it hurt: calf, achilles...")
    ] = None,
    settled: Annotated[
        str | None,
        typer.Option(
            "--settled-next-morning", help="yes or no: had the pain settled by next morning?"
        ),
    ] = None,
    swelling: Annotated[bool, typer.Option("--swelling", help="There was swelling.")] = False,
    missed: Annotated[bool, typer.Option("--missed", help="The session did not happen.")] = False,
    note: Annotated[str, typer.Option("--note", help="Anything worth remembering.")] = "",
    source: Annotated[
        Path | None,
        typer.Option("--from", help="A watch's activity file: .fit, .tcx or .gpx (also .gz)."),
    ] = None,
) -> None:
    """Log how a session went (or that it was missed); the plan adapts and every output follows."""
    from posecoach.commands.checkin import CheckInRequest, record_checkin

    result = record_checkin(
        CheckInRequest(
            folder=plan_folder(folder),
            day=parse_date(day, "day") if day else None,
            session=session,
            cadence=cadence,
            rpe=rpe,
            pain=pain,
            where=where,
            settled=settled,
            swelling=swelling,
            missed=missed,
            note=note,
            source=source,
        ),
        now=datetime.now(UTC).replace(microsecond=0),
    )
    warn(result.warnings)
    for line in _report(result):
        typer.echo(line)


def _activity_lines(activity: ActivitySummary) -> list[str]:
    """'From run.fit: cadence 180.6 steps/min over 41.2 running minutes (...).'"""
    from posecoach.errors import word

    lines = []
    if activity.legs is not None:
        lines.append(f"From {activity.source}: {activity.legs}.")
    if activity.cadence is not None:
        read = (
            f"cadence {activity.cadence:g} steps/min over {activity.running_minutes:g}"
            " running minutes"
        )
        if activity.device_cadence is not None:
            read += f" (the watch's own average, stops included: {activity.device_cadence:g})"
    else:
        read = (
            f"{activity.running_minutes:g} running minutes; the file has no cadence"
            " (add yours with {cadence} STEPS_PER_MINUTE)"
        )
        if activity.device_cadence is not None:
            read += f"; the watch's own average, stops included: {activity.device_cadence:g}"
    # After the legs line the source is already named: say which part is read.
    lead = f"From {activity.source}" if activity.legs is None else "  Its running"
    lines.append(word(f"{lead}: {read}.", flag_names(checkin)))
    if activity.rpe is not None or activity.feel is not None:
        rated = [f"effort {activity.rpe}/10" if activity.rpe is not None else "",
                 f"felt {activity.feel}" if activity.feel else ""]  # fmt: skip
        lines.append(f"Rated on the watch: {', '.join(filter(None, rated))}.")
    return lines


def _spans(weeks: list[int]) -> str:
    """[4, 5, 6, 9] -> '4-6, 9'."""
    spans: list[list[int]] = []
    for week in sorted(set(weeks)):
        if spans and week == spans[-1][-1] + 1:
            spans[-1].append(week)
        else:
            spans.append([week])
    return ", ".join(f"{s[0]}-{s[-1]}" if len(s) > 1 else f"{s[0]}" for s in spans)


def _report(result: CheckInResult) -> list[str]:
    from posecoach.render.text import weekday_date

    checkin, session = result.checkin, result.session
    what = f"session {session.key} ({session.title})" if session else "no planned session"
    lines = [f"Checked in {weekday_date(checkin.date)}, {what}: {checkin.summary}."]
    if result.activity is not None:
        lines += _activity_lines(result.activity)
    if result.changes:
        lines.append("The plan changed (posecoach explain --week N tells why):")
        for change in result.changes:
            weeks = change.weeks
            label = f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {_spans(weeks)}"
            lines.append(f"  {label}: {change.reason}")
    else:
        lines.append("The plan stays as it was.")
    lines.append("Updated: " + ", ".join(p.name for p in result.plan.written))
    return lines
