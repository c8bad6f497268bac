"""posecoach plan, show, sheet, explain and progress: building a plan and reading it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    CurriculumOption,
    FolderOption,
    PaperOption,
    app,
    console,
    examples,
    parse_date,
    plan_folder,
    reports_errors,
    today,
    warn,
)
from posecoach.errors import UsageError

if TYPE_CHECKING:
    from posecoach.model import Plan
    from posecoach.render.html import Paper


def _paper(value: str | None) -> Paper | None:
    if value is None:
        return None
    if value.casefold() not in ("a4", "letter"):
        raise UsageError(f"{value!r} is not a paper size", "use a4 or letter", field="paper")
    return "a4" if value.casefold() == "a4" else "letter"


@app.command(
    epilog=examples(
        "posecoach plan", "posecoach plan --profile me.yaml --weeks 8 --start 2027-01-04"
    )
)
@reports_errors
def plan(
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile", "-p", help="Runner profile (YAML). Default: the plan folder's own."
        ),
    ] = None,
    curriculum: CurriculumOption = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", help="Plan length in weeks.")
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD.")] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Progression-rule overrides (YAML).")
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "--dir",
            "-o",
            "-d",
            help="The plan folder to write (default: the one you are in or above,"
            " else ./posecoach-plan).",
            show_default=False,
        ),
    ] = None,
    paper: PaperOption = None,
    all_day: Annotated[
        bool | None,
        typer.Option("--all-day/--timed", help="Calendar events all day, or at the session times."),
    ] = None,
    reminder: Annotated[
        int | None,
        typer.Option(
            "--reminder", min=0, max=1440, help="Calendar reminder, minutes before a session."
        ),
    ] = None,
    audio: Annotated[
        bool,
        typer.Option("--audio", help="Also write a click track for each session done to the beat."),
    ] = False,
) -> None:
    """Build a dated plan and write plan.yaml, plan.md, plan.html and plan.ics."""
    from posecoach.commands.plan import PlanRequest, regenerate
    from posecoach.plan_folder import PlanFolder

    target = PlanFolder.find_or_new(folder, Path.cwd())
    request = PlanRequest(
        folder=target,
        today=today,
        profile=profile,
        curriculum=curriculum,
        weeks=weeks,
        start=parse_date(start, "start") if start else None,
        rules=rules,
        paper=_paper(paper),
        all_day=all_day,
        reminder_minutes=reminder,
    )
    result = regenerate(request)
    warn(result.warnings)
    _summary(result.plan, result.written)
    for caution in result.cautions:
        typer.echo(f"Important: {caution}")
    if audio:
        from posecoach.commands.metronome import write_session_tracks

        for line in write_session_tracks(result.plan, target):
            typer.echo(line)


def _summary(built: Plan, written: list[Path]) -> None:
    """A few plain lines; plain echo spares importing rich on the main path."""
    from posecoach.render.text import clock, date_range, weekday_date

    lines = [
        f"{built.curriculum_name} for {built.runner}: {len(built.weeks)} weeks,"
        f" {len(built.sessions)} sessions, {date_range(built.start, built.end)}."
    ]
    if built.sessions:
        first = built.sessions[0]
        lines.append(
            f"First session: {weekday_date(first.date)} at {clock(first.time)}, {first.title}."
        )
    if built.adjustments:
        count = len(built.adjustments)
        lines.append(f"{count} adjustment(s) to the curriculum, each explained in plan.md.")
    lines.append("Wrote: " + ", ".join(str(path) for path in written))
    typer.echo("\n".join(lines))


WeekOption = Annotated[int | None, typer.Option("--week", "-w", help="Only this week.")]


@app.command(epilog=examples("posecoach show", "posecoach show --week 3"))
@reports_errors
def show(week: WeekOption = None, folder: FolderOption = None) -> None:
    """Show the plan in the terminal: an overview, or one week's sessions and drills."""
    from posecoach.cli.terminal import show_overview, show_week
    from posecoach.commands.sheet import check_week

    current = plan_folder(folder).read_plan()
    if week is None:
        show_overview(console(), current)
        return
    check_week(current, week)
    show_week(console(), current, week)


@app.command(
    epilog=examples(
        "posecoach sheet --week 3",
        "posecoach sheet --week 3 --paper letter --out ~/Desktop/week3.html",
    )
)
@reports_errors
def sheet(
    week: Annotated[int, typer.Option("--week", "-w", help="The week to print.")],
    folder: FolderOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Where to write it (default: week-NN.html in the plan folder)."
        ),
    ] = None,
    paper: PaperOption = None,
) -> None:
    """Write one week's printable drill sheet (HTML, ready to print to PDF)."""
    from posecoach.commands.sheet import write_sheet

    result = write_sheet(plan_folder(folder), week, _paper(paper), out)
    typer.echo(
        f"Wrote {result.path} (week {result.week}, {result.paper})."
        " Print it from a browser, or to PDF."
    )


@app.command(epilog=examples("posecoach explain", "posecoach explain --week 4"))
@reports_errors
def explain(week: WeekOption = None, folder: FolderOption = None) -> None:
    """Every change made to the curriculum's plan: what, why, by which rule and its sources."""
    from posecoach.cli.terminal import show_adjustments
    from posecoach.commands.sheet import check_week

    found = plan_folder(folder)
    current = found.read_plan()
    if week is not None:
        check_week(current, week)
    show_adjustments(console(), current, found.load_rules(), week)


@app.command(epilog=examples("posecoach progress"))
@reports_errors
def progress(folder: FolderOption = None) -> None:
    """Your check-ins so far, with the cadence trend against the targets."""
    from posecoach import checkin_log
    from posecoach.cli.terminal import show_progress

    found = plan_folder(folder)
    current = found.read_plan()
    log = checkin_log.read(found.checkin_log)
    warn(log.warnings)
    show_progress(console(), current, log.checkins)
