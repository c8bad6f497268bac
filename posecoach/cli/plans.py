"""posecoach plan, show, sheet, explain and progress: building a plan and reading it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from posecoach.cli import (
    CurriculumOption,
    FolderOption,
    PaperOption,
    app,
    console,
    examples,
    flag_names,
    json_help,
    parse_date,
    plan_folder,
    print_json,
    progress_bar,
    reports_errors,
    system_zone,
    today,
    warn,
)
from posecoach.errors import UsageError, word
from posecoach.i18n import N_, _
from posecoach.i18n import language as current_language

if TYPE_CHECKING:
    from posecoach.render.html import Paper


def _paper(value: str | None) -> Paper | None:
    if value is None:
        return None
    if value.casefold() not in ("a4", "letter"):
        said = _("%(value)s is not a paper size") % {"value": repr(value)}
        raise UsageError(said, _("use a4 or letter"), field="paper")
    return "a4" if value.casefold() == "a4" else "letter"


@app.command(
    epilog=examples(
        "posecoach plan",
        "posecoach plan --profile me.yaml --weeks 8 --start 2027-01-04",
        "posecoach plan --watch",
    )
)
@reports_errors
def plan(
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile", "-p", help=N_("Runner profile (YAML). Default: the plan folder's own.")
        ),
    ] = None,
    curriculum: CurriculumOption = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", "-w", help=N_("Plan length in weeks."))
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help=N_("First day, YYYY-MM-DD."))] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help=N_("Progression-rule overrides (YAML)."))
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "--dir",
            "-o",
            "-d",
            help=N_(
                "The plan folder to write (default: the one you are in or above,"
                " else ./posecoach-plan). Its record keeps every choice given here for"
                " later rebuilds."
            ),
            show_default=False,
        ),
    ] = None,
    paper: PaperOption = None,
    all_day: Annotated[
        bool | None,
        typer.Option(
            "--all-day/--timed", help=N_("Calendar events all day, or at the session times.")
        ),
    ] = None,
    reminder: Annotated[
        int | None,
        typer.Option(
            "--reminder", min=0, max=1440, help=N_("Calendar reminder, minutes before a session.")
        ),
    ] = None,
    audio: Annotated[
        bool,
        typer.Option(
            "--audio", help=N_("Also write a click track for each session done to the beat.")
        ),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", help=N_("Also write a FIT workout for each session, for the watch.")
        ),
    ] = False,
) -> None:
    """Build a dated plan and write plan.yaml, plan.md, plan.html and plan.ics.

    Week sheets (posecoach sheet), click tracks and workouts in the plan folder
    are rewritten with it. Run again in the folder, it rebuilds from what the
    folder's record keeps (profile, curriculum, start, length, options); a flag
    given again changes that choice from then on, and says so.
    """
    from posecoach.cli import language
    from posecoach.commands.plan import PlanRequest, regenerate, unused_profile
    from posecoach.folder.plan_folder import PlanFolder

    target = PlanFolder.find_or_new(folder, Path.cwd())
    if folder is not None and target.path != folder:
        said = _("%(folder)s holds no plan itself: using the one in %(found)s")
        warn([said % {"folder": folder, "found": target}])
    with progress_bar(_("Click tracks")) as report:
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
            system_zone=system_zone,
            audio=audio,
            watch=watch,
            progress=report,
            planning=True,
            language=language.flag(),
            system_language=language.system_language,
        )
        unused = unused_profile(target, profile, Path.cwd())
        result = regenerate(request)
    warn([*result.warnings, *([unused] if unused else [])])
    from posecoach.commands.plan_summary import summary

    typer.echo("\n".join(summary(result, profile is not None, flag_names())))
    for caution in result.cautions:
        typer.echo(_("Important: %(caution)s") % {"caution": word(caution, flag_names())})


@app.command(epilog=examples("posecoach repair", "posecoach repair -d posecoach-plan"))
@reports_errors
def repair(folder: FolderOption = None) -> None:
    """Bring a plan folder back to what its record says it was built from.

    Finishes a write a crash interrupted, puts back the inputs the plan was built
    from that are missing (profile, rules, curriculum, check-ins: the folder's
    record keeps a copy of each), then rebuilds outputs that are missing or not as
    they were written. Inputs that are there are never changed.
    """
    from posecoach.commands.freshen import repair_folder
    from posecoach.folder.plan_folder import PlanFolder

    found = PlanFolder.find(folder, Path.cwd())
    if found.path.is_dir():  # its record says the language, if it can be read
        from posecoach.cli import speak_as
        from posecoach.folder.snapshot import Snapshot

        speak_as(Snapshot(found))
    done = repair_folder(found, today, system_zone)
    lines = []
    if done.finished:
        lines.append(_("Finished a write that was interrupted in %(folder)s.") % {"folder": found})
    if done.restored:
        lines.append(
            _("Put back %(files)s in %(folder)s: the copies the plan was built from.")
            % {"files": ", ".join(done.restored), "folder": found}
        )
    if done.unrestorable:
        raise UsageError(
            _("%(folder)s: %(files)s missing, and the folder keeps no copy of it to put back")
            % {"folder": found, "files": ", ".join(done.unrestorable)},
            _("restore it from a backup, or plan from another file: %(command)s")
            % {"command": "posecoach plan {profile} FILE"},
        )
    if done.rebuilt is not None:
        wrote = ", ".join(str(path) for path in done.rebuilt.written)
        said = _("Rebuilt the plan (%(reasons)s). Wrote: %(files)s")
        lines.append(said % {"reasons": "; ".join(done.reasons), "files": wrote})
    nothing = _("Nothing to repair: %(folder)s is as it was built.") % {"folder": found}
    typer.echo("\n".join(lines) or nothing)


WeekOption = Annotated[int | None, typer.Option("--week", "-w", help=N_("Only this week."))]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help=N_("The day, YYYY-MM-DD (default: today in the plan's zone).")),
]


def _json_option(keys: str) -> Any:
    return typer.Option("--json", help=json_help(keys))


@app.command(epilog=examples("posecoach show", "posecoach show --week 3", "posecoach show --json"))
@reports_errors
def show(
    week: WeekOption = None,
    folder: FolderOption = None,
    as_json: Annotated[
        bool,
        _json_option(
            N_(
                "plan_id, runner, curriculum, curriculum_name, start, end, timezone, today,"
                " current_week, weeks (each: number, start, end, phase, phase_name, focus, deload,"
                " current, cadence, session_count, minutes, running_minutes; with --week also"
                " sessions)"
            )
        ),
    ] = False,
) -> None:
    """Show the plan in the terminal: an overview (this week marked), or one week's sessions."""
    from posecoach.cli.terminal import show_overview, show_week
    from posecoach.commands.sheet import check_week, worded_plan
    from posecoach.commands.today import current_week

    current = worded_plan(plan_folder(folder))
    day = today(current.timezone)
    this_week = current_week(current, day)
    number = this_week.number if this_week else None
    if week is not None:
        check_week(current, week)
    if as_json:
        from posecoach.commands.as_json import plan_data

        print_json(plan_data(current, day, number, week))
    elif week is None:
        show_overview(console(), current, number)
    else:
        show_week(console(), current, week, day)


@app.command(
    "today", epilog=examples("posecoach today", "posecoach today --date 2027-01-06 --json")
)
@reports_errors
def today_command(
    day: DateOption = None,
    folder: FolderOption = None,
    as_json: Annotated[
        bool,
        _json_option(
            N_(
                "date, timezone, state (session, rest, before or after the plan), week, sessions,"
                " next, days_to_next, week_at_a_glance; a session has key, date, weekday, time,"
                " title, kind, focus, minutes, cadence, status, items (drill, name, element,"
                " block, dose, to_the_beat, cues), notes"
            )
        ),
    ] = False,
) -> None:
    """Today's session with its drills, doses, cues and cadence target (on a rest day, the
    next one and when), and the week at a glance."""
    from posecoach.commands.sheet import worded_plan
    from posecoach.commands.today import day_view

    found = plan_folder(folder)
    current = worded_plan(found)
    when = parse_date(day, "day") if day else today(current.timezone)
    log = found.log()
    warn(log.warnings)
    view = day_view(current, when, log.checkins)
    if as_json:
        from posecoach.commands.as_json import today_data

        print_json(today_data(current, view))
        return
    from posecoach.cli.terminal import show_today

    show_today(console(), current, view)


@app.command(
    epilog=examples(
        "posecoach sheet --week 3",
        "posecoach sheet --week 3 --paper letter --out ~/Desktop/week3.html",
    )
)
@reports_errors
def sheet(
    week: Annotated[int, typer.Option("--week", "-w", help=N_("The week to print."))],
    folder: FolderOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help=N_("Where to write it (default: week-NN.html in the plan folder).")
        ),
    ] = None,
    paper: PaperOption = None,
) -> None:
    """Write one week's printable drill sheet (HTML, ready to print to PDF)."""
    from posecoach.commands.sheet import write_sheet

    found = plan_folder(folder)
    result = write_sheet(found, week, _paper(paper), out)
    typer.echo(
        _("Wrote %(file)s (week %(week)s, %(paper)s). Print it from a browser, or to PDF.")
        % {"file": result.path, "week": result.week, "paper": result.paper}
    )
    if out is None:
        typer.echo(_("It is rewritten whenever the plan changes (a check-in, a new plan)."))


@app.command(epilog=examples("posecoach explain", "posecoach explain --week 4"))
@reports_errors
def explain(week: WeekOption = None, folder: FolderOption = None) -> None:
    """Every change made to the curriculum's plan: what, why, by which rule and its sources."""
    from posecoach.cli.terminal import show_adjustments
    from posecoach.commands.sheet import check_week, worded_plan

    found = plan_folder(folder)
    current = worded_plan(found)
    if week is not None:
        check_week(current, week)
    show_adjustments(console(), current, found.rules(current_language()), week)


@app.command(epilog=examples("posecoach progress", "posecoach progress --json"))
@reports_errors
def progress(
    folder: FolderOption = None,
    as_json: Annotated[
        bool,
        _json_option(
            N_(
                "runner, checkins (each: date, session, week, missed, cadence, device_cadence,"
                " target, rpe, pain, where, note, form), cadence_first, cadence_last, missed"
            )
        ),
    ] = False,
) -> None:
    """Your check-ins so far, with the cadence trend against the targets, and the form
    checks logged from clips."""

    found = plan_folder(folder)
    current = found.plan()
    log = found.log()
    warn(log.warnings)
    if as_json:
        from posecoach.commands.as_json import progress_data

        print_json(progress_data(current, log.checkins))
        return
    from posecoach.cli.checkin_tables import show_progress
    from posecoach.cli.form_view import show_form_progress

    show_progress(console(), current, log.checkins)
    show_form_progress(console(), current, log.checkins)
