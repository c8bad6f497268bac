"""posecoach form: running form from a side-view clip, and logging it with a session."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    FolderOption,
    app,
    completion,
    console,
    examples,
    json_help,
    parse_date,
    print_json,
    progress_bar,
    reports_errors,
    warn,
)
from posecoach.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from posecoach.commands.checkin import CheckInResult
    from posecoach.commands.form import FormRequest, FormResult
    from posecoach.folder.plan_folder import PlanFolder


@app.command(
    epilog=examples(
        "posecoach form run.mp4",
        "posecoach form run.mp4 --log",
        "posecoach form run.mp4 --picture ~/Desktop/strike.png --json",
        "posecoach form --landmarks run-landmarks.json",
    )
)
@reports_errors
def form(
    clip: Annotated[
        Path | None,
        typer.Argument(
            metavar="CLIP",
            help=N_("A side-view video of 10 s of steady running: .mp4, .mov or .avi."),
            show_default=False,
        ),
    ] = None,
    landmarks: Annotated[
        Path | None,
        typer.Option(
            "--landmarks",
            help=N_(
                "Read the body landmarks from this JSON file instead of finding them in the"
                " clip (a CLIP given as well is used only for the picture)."
            ),
        ),
    ] = None,
    save_landmarks: Annotated[
        Path | None,
        typer.Option("--save-landmarks", help=N_("Also write the landmarks found, as JSON.")),
    ] = None,
    picture: Annotated[
        Path | None,
        typer.Option(
            "--picture", help=N_("Where to write the picture (default: CLIP-NAME-form.png here).")
        ),
    ] = None,
    no_picture: Annotated[bool, typer.Option("--no-picture", help=N_("Write no picture."))] = False,
    log: Annotated[
        bool,
        typer.Option(
            "--log", help=N_("Log the figures with a session, as posecoach checkin --video does.")
        ),
    ] = False,
    day: Annotated[
        str | None,
        typer.Option("--date", help=N_("With --log: the session's day (default: today).")),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help=N_("With --log: the session's key."),
            autocompletion=completion.session_keys,
        ),
    ] = None,
    folder: FolderOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=json_help(
                N_(
                    "source, figures (cadence, lean, strike, bounce: each value, unit, spread,"
                    " count, estimate, verdict, past_line), cadence_from_strikes, target, faults,"
                    " notes, picture, logged"
                )
            ),
        ),
    ] = False,
) -> None:
    """Measure running form from a side-view clip: cadence, lean, where the foot lands
    and the bounce, against the plan's target and the Pose's markers, with a picture.

    Offline: needs the video extra (pip install "posecoach[video]")."""
    from posecoach.cli.form_view import show_form
    from posecoach.commands.form import FormRequest, default_picture, save
    from posecoach.errors import UsageError

    if (day is not None or session is not None) and not log:
        said = _("%(day)s and %(session)s say which session to log it with: add %(log)s")
        raise UsageError(said % {"day": "{day}", "session": "{session}", "log": "{log}"})
    found = _plan_folder(folder, required=log)
    request = FormRequest(
        clip=clip, landmarks=landmarks, folder=found, day=_today(found), picture=not no_picture
    )
    result = measured(request)
    source = clip or landmarks
    assert source is not None
    where = None if no_picture else (picture or default_picture(source, Path.cwd()))
    saved = save(result, None, save_landmarks)
    shown = False
    if not log and found is not None and not as_json and sys.stdin.isatty():
        show_form(console(), result)  # the figures first, then the question
        shown = True
        log = typer.confirm(_("Log these figures with today's session?"), default=False)
    logged = _log(found, result, where, day, session) if log and found is not None else None
    saved += list(logged.saved) if logged is not None else save(result, where, None)
    if as_json:
        from posecoach.commands.as_json import form_data

        print_json(form_data(result, where if where in saved else None, logged))
        return
    if not shown:
        show_form(console(), result)
    for path in saved:
        typer.echo(_("Wrote %(file)s.") % {"file": path})
    if logged is not None:
        from posecoach.cli.checkin_report import report_lines

        for line in report_lines(logged):
            typer.echo(line)
    elif found is not None:
        said = _("To log it with today's session: %(command)s")
        typer.echo(said % {"command": f"posecoach form {source} --log"})


def _plan_folder(given: Path | None, required: bool) -> PlanFolder | None:
    """The plan to compare with (and log to): found as every command finds it, but a
    form check needs none unless it is logged."""
    from posecoach.cli import plan_folder
    from posecoach.folder.plan_folder import PlanFolder

    if required or given is not None:
        return plan_folder(given).folder
    found = PlanFolder.find(None, Path.cwd())
    return plan_folder(None).folder if found.plan_file.exists() else None


def _today(found: PlanFolder | None) -> date | None:
    """The runner's today, for the week's cadence target."""
    from posecoach.cli import today
    from posecoach.errors import PosecoachError

    if found is None or not found.plan_file.exists():
        return None
    try:
        return today(found.read_plan().timezone)
    except PosecoachError:  # a damaged plan: the form check stands without a target
        return None


def measured(request: FormRequest) -> FormResult:
    """The form check, with a progress bar in a terminal while the runner is found."""
    from posecoach.commands.form import measure

    with progress_bar(_("Finding the runner")) as report:
        progress: Callable[[int, int], None] | None = None
        if report is not None:
            bar = report

            def progress(done: int, total: int) -> None:
                bar(done, total, _("frames"))

        return measure(request._replace(progress=progress))


def _log(
    found: PlanFolder,
    result: FormResult,
    picture: Path | None,
    day: str | None,
    session: str | None,
) -> CheckInResult:
    from posecoach.cli import now
    from posecoach.commands.checkin import CheckInRequest, record_checkin

    request = CheckInRequest(
        folder=found,
        day=parse_date(day, "day") if day else None,
        session=session,
        form=result,
        picture=picture,
    )
    checked = record_checkin(request, now())
    warn(checked.warnings)
    return checked
