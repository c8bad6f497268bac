"""posecoach squad init, plan, status and publish: coach mode, a plan for every athlete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    app,
    console,
    examples,
    flag_names,
    json_help,
    now,
    parse_date,
    print_json,
    progress_bar,
    reports_errors,
    system_zone,
    warn,
)
from posecoach.errors import word
from posecoach.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from posecoach.squad.build import SquadResult
    from posecoach.squad.freshness import Update

squad_app = typer.Typer(
    help=N_("Coach mode: a squad folder of athletes, each with a plan of their own."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(squad_app, name="squad")

SquadArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DIR]",
        help=N_("The squad folder (default: the current folder)."),
        show_default=False,
    ),
]

OnlyOption = Annotated[
    list[str] | None,
    typer.Option("--only", help=N_("Only this athlete (by id; repeat for more)."), metavar="ID"),
]


@squad_app.command("init", epilog=examples("posecoach squad init", "posecoach squad init club"))
@reports_errors
def init(folder: SquadArgument = None) -> None:
    """Write a starter squad: squad.yaml and two example athletes to edit."""
    from posecoach.squad.folder import SquadFolder
    from posecoach.squad.starter import write_starter

    squad = SquadFolder(folder or Path("."))
    written = write_starter(squad)
    typer.echo(_("Wrote: %(files)s") % {"files": ", ".join(str(path) for path in written)})
    where = f" {folder}" if folder is not None else ""
    said = _("Edit them, then build every athlete's plan: %(command)s")
    typer.echo(said % {"command": f"posecoach squad plan{where}"})


@squad_app.command(
    "plan",
    epilog=examples(
        "posecoach squad init club && posecoach squad plan club",
        "posecoach squad init && posecoach squad plan --only ana --only ben --jobs 2",
    ),
)
@reports_errors
def plan(
    folder: SquadArgument = None,
    only: OnlyOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help=N_("Processes to build with (default: one a core).")
        ),
    ] = None,
) -> None:
    """Build every athlete's plan into plans/<id>/ (only files whose bytes change are written).

    Exit code 0 when every plan was built; 2 when some athletes failed, all of them on
    a problem in their files (fix them and run again: the others were written);
    1 when any failed for another reason.
    """
    from posecoach.squad.build import Clock, plan_squad
    from posecoach.squad.folder import SquadFolder

    squad = SquadFolder(folder or Path("."))
    clock = Clock(now())
    with progress_bar(_("Plans")) as report:
        result = plan_squad(squad, only or [], clock, system_zone(), workers=jobs, progress=report)
    from posecoach.squad.page import write_page

    _report(result)
    write_page(squad, result.squad.name, result.rows(squad, squad.athletes(), clock))
    typer.echo(_("Overview: %(file)s") % {"file": squad.html_file})
    if result.failed:
        raise typer.Exit(2 if all(o.bad_input for o in result.failed) else 1)


def _report(result: SquadResult) -> None:
    """Warnings and failures on stderr, each with its athlete; the summary on stdout."""
    names = flag_names(plan)
    err = console(stderr=True)
    for outcome in result.outcomes:
        for line in outcome.warnings:
            err.print(f"warning: {outcome.athlete}: {word(line, names)}", markup=False)
    for outcome in result.failed:
        reason = word(outcome.reason or "", names).replace("\n", "\n  ")
        err.print(f"failed: {outcome.athlete}:\n  {reason}", markup=False)
    total = len(result.outcomes)
    processes = (
        _("in this process")
        if result.workers == 1
        else ngettext("%(count)s process", "%(count)s processes", result.workers)
        % {"count": result.workers}
    )
    said = ngettext(
        "Squad %(squad)s: %(count)s athlete: %(built)s built, %(unchanged)s unchanged,"
        " %(failed)s failed (%(processes)s).",
        "Squad %(squad)s: %(count)s athletes: %(built)s built, %(unchanged)s unchanged,"
        " %(failed)s failed (%(processes)s).",
        total,
    )
    counts = {"built": result.count("built"), "unchanged": result.count("unchanged")}
    squad = {"squad": repr(result.squad.name), "count": total, "processes": processes}
    typer.echo(said % {**squad, **counts, "failed": len(result.failed)})
    for outcome in result.outcomes:
        for caution in outcome.cautions:
            important = {"athlete": outcome.athlete, "caution": caution}
            typer.echo(_("Important for %(athlete)s: %(caution)s") % important)
    if result.failed:
        listed = ", ".join(o.athlete for o in result.failed)
        failed = _("Failed: %(athletes)s (the reasons are above); the others were written.")
        typer.echo(failed % {"athletes": listed})


@squad_app.command(
    "status",
    epilog=examples(
        "posecoach squad init club && posecoach squad status club",
        "posecoach squad init && posecoach squad plan && posecoach squad status --json",
    ),
)
@reports_errors
def status(
    folder: SquadArgument = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=json_help(
                N_(
                    "squad, athletes (each: athlete, runner, problem, today, week, sessions,"
                    " done, missed, pain (each: date, pain, where, swelling, state), cadence,"
                    " cadence_target, cadence_off_percent, cadence_off_target, last_checkin,"
                    " days_since_checkin, silent, injuries, adjustments, adjustment_rules)"
                )
            ),
        ),
    ] = False,
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help=N_("The day, YYYY-MM-DD (default: today in each athlete's zone).")
        ),
    ] = None,
) -> None:
    """Every athlete's week: sessions done and missed, pain and current injuries, cadence
    against target, days since the last check-in and adjustments in force; those who need
    you first (pain, then a week or more of silence, then missed sessions, then cadence
    off target). A plan older than its inputs (a check-in, an edit
    of squad.yaml or an athlete's file) is rebuilt first, as `squad plan` builds it."""
    from posecoach.squad.build import Clock
    from posecoach.squad.folder import SquadFolder, read_squad
    from posecoach.squad.freshness import bring_up_to_date
    from posecoach.squad.page import write_page
    from posecoach.squad.status import row_data, squad_status

    squad_folder = SquadFolder(folder or Path("."))
    squad = read_squad(squad_folder)
    athletes = squad_folder.athletes()
    clock = Clock(now())
    # Rows read the plans: stale ones are rebuilt first, from the squad's files.
    update = bring_up_to_date(squad_folder, squad, athletes, clock, system_zone())
    warn(_update_notes(update))
    on = parse_date(day, "day") if day else None
    rows = squad_status(squad_folder, athletes, (lambda _: on) if on else clock, squad.rules)
    write_page(squad_folder, squad.name, rows)
    if as_json:
        print_json({"squad": squad.name, "athletes": [row_data(row) for row in rows]})
        return
    from posecoach.cli.squad_table import show_status

    show_status(console(), squad.name, rows)
    typer.echo(_("Overview: %(file)s") % {"file": squad_folder.html_file})


def _update_notes(update: Update) -> Iterator[str]:
    """What bringing the plans up to date did, for `status`: a line for the lot rebuilt
    (a squad.yaml edit rebuilds everyone), one for each plan that could not be."""
    for athlete in update.repaired:
        yield _("%(athlete)s: finished a write that was interrupted") % {"athlete": athlete}
    if update.rebuilt:
        listed = ", ".join(update.rebuilt[:10])
        if len(update.rebuilt) > 10:
            more = {"athletes": listed, "count": len(update.rebuilt) - 10}
            listed = _("%(athletes)s and %(count)s more") % more
        count = len(update.rebuilt)
        yield ngettext(
            "rebuilt %(count)s plan older than their inputs first: %(athletes)s",
            "rebuilt %(count)s plans older than their inputs first: %(athletes)s",
            count,
        ) % {"count": count, "athletes": listed}
    for problem in update.unready:
        if problem.kind == "not rebuilt":  # the others' rows say why there is no plan
            reason = problem.reason.replace("\n", "\n  ")
            older = _(
                "%(athlete)s: the plan is older than its inputs and cannot be rebuilt,"
                " so this is the plan built before:"
            )
            yield older % {"athlete": problem.athlete} + f"\n  {reason}"


@squad_app.command(
    "publish",
    epilog=examples(
        "posecoach squad init club && posecoach squad publish club --to /var/www/calendars",
        # No s3:// example here: the examples test runs each one, and one would reach
        # the network. The README shows it.
        "posecoach squad init && posecoach squad plan && posecoach squad publish --to site",
    ),
)
@reports_errors
def publish(
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="DIR|s3://BUCKET/PREFIX",
            help=N_(
                "The folder a static web host serves, or S3-compatible object storage"
                ' (needs: pip install "posecoach[s3]").'
            ),
        ),
    ],
    folder: SquadArgument = None,
    only: OnlyOption = None,
    endpoint_url: Annotated[
        str | None,
        typer.Option(
            "--endpoint-url",
            metavar="URL",
            help=N_(
                "The S3-compatible host, e.g. https://s3.example.org (default:"
                " AWS_ENDPOINT_URL, else Amazon S3). Credentials come from AWS_ACCESS_KEY_ID and"
                " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE; the region from AWS_REGION."
            ),
        ),
    ] = None,
) -> None:
    """Write every athlete's calendar feed under its own secret path, for nginx or any static
    host, or as objects in S3-compatible storage (--to s3://BUCKET/PREFIX, with Content-Type
    text/calendar and a five-minute Cache-Control, for a CDN in front); only feeds whose
    bytes change are written. With public_url in squad.yaml, each athlete's subscription
    address is printed (give each athlete only their own). A plan older than its inputs
    (a check-in, an edit of squad.yaml or an athlete's file) is rebuilt first, as `squad
    plan` builds it.

    Exit code 0 when every feed was published; 2 when some athletes have no plan (or a
    damaged one) to publish, or a problem in their file keeps their plan from being
    rebuilt, or the storage cannot be reached or refuses the credentials; 1 when any
    failed for another reason.
    """
    from posecoach.feed.serve import addresses
    from posecoach.squad.build import Clock
    from posecoach.squad.folder import SquadFolder, read_squad
    from posecoach.squad.publish import publish_squad

    squad_folder = SquadFolder(folder or Path("."))
    squad = read_squad(squad_folder)
    chosen = squad_folder.chosen(only or [])
    results = publish_squad(
        squad_folder, squad, chosen, to, Clock(now()), system_zone(), endpoint_url
    )
    names = flag_names(publish)
    err = console(stderr=True)
    for result in results:
        if result.feed is None or result.where is None:
            reason = word(result.problem or "", names).replace("\n", "\n  ")
            err.print(f"not published: {result.athlete}: {reason}", markup=False)
            continue
        unchanged = "" if result.written else " " + _("(unchanged)")
        typer.echo(f"{result.athlete} -> {result.where}{unchanged}")
        if squad.public_url:
            for address in addresses(result.feed, squad.public_url):
                typer.echo(f"  {address}")
    failed = [r for r in results if r.where is None]
    written = sum(1 for r in results if r.written)
    done = len(results) - len(failed)
    said = ngettext(
        "%(count)s feed published to %(to)s: %(written)s written, %(unchanged)s unchanged,"
        " %(failed)s not published.",
        "%(count)s feeds published to %(to)s: %(written)s written, %(unchanged)s unchanged,"
        " %(failed)s not published.",
        done,
    )
    counts = {"written": written, "unchanged": done - written, "failed": len(failed)}
    typer.echo(said % {"count": done, "to": to, **counts})
    if failed:
        raise typer.Exit(2 if all(r.bad_input for r in failed) else 1)
