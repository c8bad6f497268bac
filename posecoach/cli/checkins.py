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
    json_help,
    parse_date,
    plan_folder,
    print_json,
    progress_bar,
    reports_errors,
    warn,
)
from posecoach.i18n import N_, _

if TYPE_CHECKING:
    from posecoach.commands.form import FormResult
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot


@app.command(
    epilog=examples(
        "posecoach checkin --cadence 168 --rpe 4",
        "posecoach checkin --date 2027-01-20 --pain 6 --where calf --settled-next-morning no",
        "posecoach checkin --from ~/Downloads/morning-run.fit --rpe 3",
        "posecoach checkin --session runner-w02-s2 --missed",
        N_("posecoach checkin --missed --ill --note 'flu with fever'"),
        N_("posecoach checkin --cleared 'physio, 12 Feb'"),
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

        only = _("%(id)s: an id is only for %(undo)s") % {"id": checkin_id, "undo": "{undo}"}
        raise UsageError(only, field="checkin_id")
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
    with progress_bar(_("Click tracks")) as report:
        request = request._replace(progress=report)
        try:
            result = record_checkin(request, now)
        except NearestSession as nearest:
            planned = nearest.nearest
            from posecoach.render.text import sessions_day
            from posecoach.render.wording import title

            question = _("No session is planned that day. Log it for %(day)s (%(session)s)?") % {
                "day": sessions_day(planned.date),
                "session": title(planned),
            }
            if not asking or not typer.confirm(question, default=True):
                raise
            result = record_checkin(request._replace(session=planned.key), now)
    warn(result.warnings)
    from posecoach.cli.checkin_report import report_lines

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

    return str(typer.prompt(_("Where did it hurt?"), type=click.Choice(REGIONS)))


def _undo(folder: Snapshot, checkin_id: int | None, now: datetime) -> None:
    from posecoach.commands.undo import undo_checkin

    with progress_bar(_("Click tracks")) as report:
        result = undo_checkin(folder, checkin_id, now, report)
    from posecoach.cli.checkin_report import change_lines, updated
    from posecoach.render.checkin_words import checkin_sentence

    said = {"id": result.entry.id, "checkin": checkin_sentence(result.entry.checkin)}
    typer.echo(_("Took back check-in %(id)s, for %(checkin)s.") % said)
    for line in change_lines(result.changes, _("No longer in the plan:"), None):
        typer.echo(line)
    for line in updated(result.plan):
        typer.echo(line)


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
                N_(
                    "checkins (each: id, date, session, summary, source, recorded, taken_back,"
                    " taken_back_by, checkin: the log's record)"
                )
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
        from posecoach.cli.checkin_tables import NO_CHECKINS

        typer.echo(_(NO_CHECKINS) % {"command": "posecoach checkin --cadence 168 --rpe 4"})
        return
    from posecoach.cli.checkin_tables import show_checkins

    show_checkins(console(), log.entries)
    typer.echo(_("Take one back with: %(command)s") % {"command": "posecoach checkin --undo ID"})
