"""posecoach workout: one session's FIT workout, for the watch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from posecoach.cli import (
    FolderOption,
    app,
    completion,
    examples,
    parse_date,
    plan_folder,
    reports_errors,
    today,
)
from posecoach.i18n import N_, _, ngettext


@app.command(
    epilog=examples(
        "posecoach workout",
        "posecoach workout runner-w03-s2",
        "posecoach workout --date 2027-01-20 --out next-run.fit",
    )
)
@reports_errors
def workout(
    session: Annotated[
        str | None,
        typer.Argument(
            metavar="[SESSION]",
            help=N_(
                "The session's key (posecoach show --week N lists them). Default: the"
                " session of the day, or the next one."
            ),
            autocompletion=completion.session_keys,
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option("--date", help=N_("The day, YYYY-MM-DD (default: today in the plan's zone).")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=N_(
                "Where to write it (default: workouts/ in the plan folder, kept current there)."
            ),
        ),
    ] = None,
    folder: FolderOption = None,
) -> None:
    """Write one session's FIT workout for the watch: its drills as steps to press lap
    after, its run/walk timed, a cadence target range on every run.

    `posecoach plan --watch` writes one for every session.
    """
    from posecoach.commands.workouts import WorkoutRequest, write_workout
    from posecoach.render.text import weekday_date

    request = WorkoutRequest(
        folder=plan_folder(folder).folder,
        today=today,
        session=session,
        day=parse_date(day, "day") if day else None,
        out=out,
    )
    result = write_workout(request)
    when = weekday_date(result.session.date)
    wrote = ngettext(
        'Wrote %(file)s: "%(name)s" (%(day)s), %(count)s step.',
        'Wrote %(file)s: "%(name)s" (%(day)s), %(count)s steps.',
        result.steps,
    )
    said = {"file": result.path, "name": result.name, "day": when, "count": result.steps}
    typer.echo(wrote % said)
    target = result.session.cadence
    if result.cadence is not None:
        low, high = result.cadence
        target_said = _(
            "Cadence target on the runs: %(low)s-%(high)s steps/min; the watch alerts outside."
        )
        typer.echo(target_said % {"low": low, "high": high})
    elif target is not None and target.spm is None and result.session.running_minutes:
        typer.echo(
            _(
                "No cadence target on the watch: this plan's targets are rises over your own"
                " cadence (add baseline_cadence to your profile and plan again)."
            )
        )
    if result.kept is not None:
        typer.echo(_("It is kept current as the plan changes."))
        typer.echo(_("On a Garmin watch: copy it to GARMIN/NewFiles over USB (see the README)."))
