"""posecoach checkin: tell the plan how a session went, and see what changed."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    FolderOption,
    app,
    completion,
    examples,
    flag_names,
    json_help,
    parse_date,
    plan_folder,
    print_json,
    progress_bar,
    reports_errors,
    warn,
)
from posecoach.i18n import N_

if TYPE_CHECKING:
    from posecoach.commands.checkin import CheckInResult
    from posecoach.commands.form import FormResult
    from posecoach.commands.plan import PlanChange, PlanResult
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot
    from posecoach.imports import ActivitySummary


@app.command(
    epilog=examples(
        "posecoach checkin --cadence 168 --rpe 4",
        "posecoach checkin --date 2027-01-20 --pain 6 --where calf --settled-next-morning no",
        "posecoach checkin --from ~/Downloads/morning-run.fit --rpe 3",
        "posecoach checkin --session runner-w02-s2 --missed",
        "posecoach checkin --missed --ill --note 'flu with fever'",
        "posecoach checkin --cleared 'physio, 12 Feb'",
        "posecoach checkin --session runner-w02-s2 --pain 2 --where calf --replace",
        "posecoach checkin --video run.mp4 --rpe 4",
        "posecoach checkin --undo",
    )
)
@reports_errors
def checkin(
    folder: FolderOption = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help=N_("The session's day, YYYY-MM-DD (default: the file's, or today).")
        ),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help=N_("The session's key (default: the one planned that day)."),
            autocompletion=completion.session_keys,
        ),
    ] = None,
    cadence: Annotated[
        float | None, typer.Option("--cadence", help=N_("Steps per minute."))
    ] = None,
    rpe: Annotated[
        int | None, typer.Option("--rpe", help=N_("Effort, 0 (rest) to 10 (all out)."))
    ] = None,
    pain: Annotated[
        int | None, typer.Option("--pain", help=N_("Pain during or after, 0 to 10."))
    ] = None,
    where: Annotated[
        str | None,
        typer.Option(
            "--where",
            help=N_("Where it hurt: calf, achilles..."),
            autocompletion=completion.regions,
        ),
    ] = None,
    settled: Annotated[
        str | None,
        typer.Option(
            "--settled-next-morning", help=N_("yes or no: had the pain settled by next morning?")
        ),
    ] = None,
    swelling: Annotated[bool, typer.Option("--swelling", help=N_("There was swelling."))] = False,
    missed: Annotated[
        bool, typer.Option("--missed", help=N_("The session did not happen."))
    ] = False,
    ill: Annotated[
        bool,
        typer.Option("--ill", help=N_("Ill (a cold, a fever): the plan picks up where you were.")),
    ] = False,
    cleared: Annotated[
        str | None,
        typer.Option(
            "--cleared",
            help=N_(
                "After a warning sign: who cleared you to run again, and when"
                " ('physio, 12 Feb'). Running then returns step by step."
            ),
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help=N_("Replace the session's check-in instead of refusing.")),
    ] = False,
    note: Annotated[str, typer.Option("--note", help=N_("Anything worth remembering."))] = "",
    source: Annotated[
        Path | None,
        typer.Option("--from", help=N_("A watch's activity file: .fit, .tcx or .gpx (also .gz).")),
    ] = None,
    clip: Annotated[
        Path | None,
        typer.Option(
            "--video",
            help=N_(
                "A side-view clip of the session: its form figures are logged with it and"
                " its picture written here (needs the video extra; see posecoach form)."
            ),
        ),
    ] = None,
    undo: Annotated[
        bool,
        typer.Option(
            "--undo",
            help=N_(
                "Take back a check-in: the latest, or the one whose ID follows"
                " (posecoach checkins lists them)."
            ),
        ),
    ] = False,
    checkin_id: Annotated[
        int | None,
        typer.Argument(metavar="ID", help=N_("With --undo: the check-in to take back.")),
    ] = None,
) -> None:
    """Log how a session went (or that it was missed); the plan adapts and every output follows."""
    from posecoach.commands.checkin import CheckInRequest, NearestSession, record_checkin

    found = plan_folder(folder, up_to_date=False)  # a check-in rebuilds it anyway
    from posecoach.cli import now as clock

    now = clock()
    if undo:
        _undo(found, checkin_id, now)
        return
    if checkin_id is not None:
        from posecoach.errors import UsageError

        raise UsageError(f"{checkin_id}: an id is only for {{undo}}", field="checkin_id")
    asking = sys.stdin.isatty()
    if pain is not None and where is None and asking:
        where = _ask_region()
    request = CheckInRequest(
        folder=found.folder,
        snapshot=found,
        day=parse_date(day, "day") if day else None,
        session=session,
        cadence=cadence,
        rpe=rpe,
        pain=pain,
        where=where,
        settled=settled,
        swelling=swelling,
        missed=missed,
        ill=ill,
        cleared=cleared,
        replace=replace,
        note=note,
        source=source,
    )
    if clip is not None:
        measured, picture = _form_check(found.folder, clip, request.day, now)
        request = request._replace(form=measured, picture=picture)
    with progress_bar("Click tracks") as report:
        request = request._replace(progress=report)
        try:
            result = record_checkin(request, now)
        except NearestSession as nearest:
            planned = nearest.nearest
            from posecoach.render.text import sessions_day
            from posecoach.render.wording import title

            question = (
                "No session is planned that day. Log it for"
                f" {sessions_day(planned.date)} ({title(planned)})?"
            )
            if not asking or not typer.confirm(question, default=True):
                raise
            result = record_checkin(request._replace(session=planned.key), now)
    warn(result.warnings)
    for line in report_lines(result):
        typer.echo(line)


def _form_check(
    found: PlanFolder, clip: Path, day: date | None, now: datetime
) -> tuple[FormResult, Path]:
    """The clip measured before anything is logged (a bad clip leaves the log as it was)."""
    from posecoach.cli.form import measured
    from posecoach.commands.form import FormRequest, default_picture

    if day is None:
        from zoneinfo import ZoneInfo

        day = now.astimezone(ZoneInfo(found.read_plan().timezone)).date()
    result = measured(FormRequest(clip=clip, folder=found, day=day))
    return result, default_picture(clip, Path.cwd())


def _ask_region() -> str:
    import click

    from posecoach.model import REGIONS

    return str(typer.prompt("Where did it hurt?", type=click.Choice(REGIONS)))


def _undo(folder: Snapshot, checkin_id: int | None, now: datetime) -> None:
    from posecoach.commands.undo import undo_checkin

    with progress_bar("Click tracks") as report:
        result = undo_checkin(folder, checkin_id, now, report)
    from posecoach.render.checkin_words import checkin_sentence

    checkin = result.entry.checkin
    typer.echo(f"Took back check-in {result.entry.id}, for {checkin_sentence(checkin)}.")
    for line in _change_lines(result.changes, "No longer in the plan:", None):
        typer.echo(line)
    for line in _updated(result.plan):
        typer.echo(line)


def _updated(result: PlanResult) -> list[str]:
    """What a rebuild wrote, and what it removed from the folder."""
    from posecoach.errors import word
    from posecoach.render.text import counted

    lines = ["Updated: " + ", ".join(p.name for p in result.written)]
    tracks = result.tracks
    if tracks is not None and tracks.written:
        lines.append(f"Rewrote {counted(len(tracks.written), 'click track')} in audio/.")
    workouts = result.workouts
    if workouts is not None and workouts.written:
        them = "it" if len(workouts.written) == 1 else "them"
        rewrote = counted(len(workouts.written), "workout")
        lines.append(f"Rewrote {rewrote} in workouts/: copy {them} to the watch again.")
    notes = [*result.notes, *(workouts.notes if workouts else [])]
    return lines + [f"Note: {word(note, flag_names())}" for note in notes]


@app.command(
    epilog=examples("posecoach checkins", "posecoach checkins --json", "posecoach checkin --undo 3")
)
@reports_errors
def checkins(
    folder: FolderOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=json_help(
                "checkins (each: id, date, session, summary, source, recorded, taken_back,"
                " taken_back_by, checkin: the log's record)"
            ),
        ),
    ] = False,
) -> None:
    """Every check-in in the log with its id, including those taken back."""
    from posecoach.cli import console
    from posecoach.commands.undo import list_checkins

    log = list_checkins(plan_folder(folder))
    warn(log.warnings)
    if as_json:
        from posecoach.commands.as_json import checkins_data

        print_json(checkins_data(log.entries))
        return
    if not log.entries:
        typer.echo("No check-ins yet. After a session: posecoach checkin --cadence 168 --rpe 4")
        return
    from posecoach.cli.checkin_tables import show_checkins

    show_checkins(console(), log.entries)
    typer.echo("Take one back with: posecoach checkin --undo ID")


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
    if activity.treadmill:
        lines.append(
            "  Read as a treadmill or indoor run (the file has no GPS): the running time is"
            " judged by your cadence, since the watch's own speed is a guess."
        )
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


def _weeks(weeks: list[int]) -> str:
    return f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {_spans(weeks)}"


def report_lines(result: CheckInResult) -> list[str]:
    from posecoach.render.checkin_words import checkin_sentence

    lines = [f"Checked in {checkin_sentence(result.checkin, result.session)}."]
    if result.activity is not None:
        lines += _activity_lines(result.activity)
    if result.form is not None:
        from posecoach.cli.form_view import form_lines

        lines += form_lines(result.form)
        lines += [f"Wrote {path}." for path in result.saved]
    heading = "The plan changed (posecoach explain --week N tells why):"
    lines += _change_lines(result.changes, heading, "The plan stays as it was.")
    return lines + _updated(result.plan)


def _change_lines(changes: list[PlanChange], heading: str, none: str | None) -> list[str]:
    """What changed from this week on, then one line for the weeks already over (the
    plan's record of them follows the check-ins too, but the runner has lived them)."""
    ahead = [change for change in changes if change.weeks]
    past = sorted({week for change in changes for week in change.past})
    if not ahead and not past:
        return [none] if none else []
    lines = [heading] if ahead else []
    lines += [f"  {_weeks(change.weeks)}: {change.reason}" for change in ahead]
    if past:
        lines.append(
            f"{_weeks(past).capitalize()}, already over, changed in the plan's record only"
            f" (posecoach explain --week {past[-1]})."
        )
    if not ahead and none:
        lines.insert(0, "Nothing changes from this week on.")
    return lines
