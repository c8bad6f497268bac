"""The command-line interface: parse, load, build, render, write.

Each command is a thin shell around the library and imports it lazily, so
`posecoach --help` starts fast. Library errors become a clear message and an
exit code here, at the edge: 2 for bad input, 1 for other failures.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from posecoach import __version__
from posecoach.errors import InputError, PosecoachError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.model import Plan
    from posecoach.render.html import Paper

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_FOLDER = Path("posecoach-plan")

app = typer.Typer(
    name="posecoach",
    help=(
        "A Pose Method running-technique coach: turns a drill curriculum and your runner"
        " profile into a dated, progressive plan (plan.yaml and plan.md)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rendering it with rich would import markdown-it and triple start-up time.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Messages on stderr stay on one line each (paths and hints are not wrapped).
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn posecoach's own errors into a message on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PosecoachError as error:
            console = _console(stderr=True)
            if isinstance(error, InputError):
                console.print(str(error), markup=False)
                count = len(error.problems)
                console.print(f"{count} problem{'s' if count != 1 else ''}; nothing was written.")
            else:
                console.print(f"error: {error}", markup=False)
            raise typer.Exit(error.exit_code) from None

    return wrapper


def _examples(*commands: str) -> str:
    """A help epilog of example commands, kept on their own lines (click's \\b)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"posecoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """A Pose Method running-technique coach."""


# --------------------------------------------------------------------------- plan


def _parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date", "write it as YYYY-MM-DD") from None


def _today(timezone: str) -> date:
    """Today in the runner's zone: the command line is where the clock is read."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone)).date()


def _check_week(plan: Plan, week: int) -> None:
    if not 1 <= week <= len(plan.weeks):
        raise UsageError(f"--week: the plan has weeks 1 to {len(plan.weeks)}, not {week}")


def _read_plan(folder: Path) -> Plan:
    from posecoach.render.plan_file import parse_plan_file
    from posecoach.workflow import read_plan_file

    current = read_plan_file(folder, parse_plan_file)
    if current is None:
        raise UsageError(f"{folder}: holds no plan yet", "run `posecoach plan` first")
    return current


@app.command(
    epilog=_examples(
        "posecoach plan", "posecoach plan --profile me.yaml --weeks 8 --start 2027-01-04"
    )
)
@reports_errors
def plan(
    profile: Path | None = typer.Option(
        None,
        "--profile",
        "-p",
        help="Runner profile (YAML). Default: the plan folder's own, else a default.",
    ),
    curriculum: str | None = typer.Option(
        None, "--curriculum", "-c", help="Built-in curriculum name or a curriculum file."
    ),
    weeks: int | None = typer.Option(None, "--weeks", "-w", help="Plan length in weeks."),
    start: str | None = typer.Option(None, "--start", help="First day, YYYY-MM-DD."),
    rules: Path | None = typer.Option(None, "--rules", help="Progression-rule overrides (YAML)."),
    out: Path = typer.Option(DEFAULT_FOLDER, "--out", "-o", help="The plan folder to write."),
    paper: str | None = typer.Option(
        None, "--paper", help="Drill sheet paper: a4 or letter (default: the profile's, a4)."
    ),
    all_day: bool | None = typer.Option(
        None, "--all-day/--timed", help="Calendar events all day, or at the session times."
    ),
    reminder: int | None = typer.Option(
        None, "--reminder", min=0, max=1440, help="Calendar reminder, minutes before a session."
    ),
    audio: bool = typer.Option(
        False, "--audio", help="Also write a click track for each session done to the beat."
    ),
) -> None:
    """Build a dated plan and write plan.yaml, plan.md, plan.html and plan.ics."""
    from posecoach.workflow import PlanRequest, regenerate

    request = PlanRequest(
        folder=out,
        today=_today,
        profile=profile,
        curriculum=curriculum,
        weeks=weeks,
        start=_parse_date(start, "--start") if start else None,
        rules=rules,
        paper=_paper(paper),
        all_day=all_day,
        reminder_minutes=reminder,
    )
    result = regenerate(request)
    _warn(result.warnings)
    _summary(result.plan, result.written)
    if audio:
        from posecoach.metronome import write_session_tracks

        for line in write_session_tracks(result.plan, out):
            typer.echo(line)


def _warn(warnings: list[str]) -> None:
    if warnings:
        console = _console(stderr=True)
        for warning in warnings:
            console.print(f"warning: {warning}", markup=False)


def _paper(value: str | None) -> Paper | None:
    if value is None:
        return None
    if value.casefold() not in ("a4", "letter"):
        raise UsageError(f"--paper: {value!r} is not a paper size", "use a4 or letter")
    return "a4" if value.casefold() == "a4" else "letter"


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


# --------------------------------------------------------------------------- show


@app.command(epilog=_examples("posecoach show", "posecoach show --week 3"))
@reports_errors
def show(
    week: int | None = typer.Option(None, "--week", "-w", help="Show one week in detail."),
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
) -> None:
    """Show the plan in the terminal: an overview, or one week's sessions and drills."""
    from posecoach.terminal import show_overview, show_week

    current = _read_plan(folder)
    if week is None:
        show_overview(_console(), current)
        return
    _check_week(current, week)
    show_week(_console(), current, week)


@app.command(
    epilog=_examples(
        "posecoach sheet --week 3",
        "posecoach sheet --week 3 --paper letter --out ~/Desktop/week3.html",
    )
)
@reports_errors
def sheet(
    week: int = typer.Option(..., "--week", "-w", help="The week to print."),
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write it (default: week-NN.html in the plan folder)."
    ),
    paper: str | None = typer.Option(
        None, "--paper", help="a4 or letter (default: the profile's, a4)."
    ),
) -> None:
    """Write one week's printable drill sheet (HTML, ready to print to PDF)."""
    from posecoach import loaders
    from posecoach.render.html import render_html
    from posecoach.store import PROFILE_FILE, write_files

    current = _read_plan(folder)
    _check_week(current, week)
    size = _paper(paper)
    if size is None:
        profile_path = folder / PROFILE_FILE
        size = loaders.load_profile(profile_path).paper if profile_path.is_file() else "a4"
    target = out or folder / f"week-{week:02d}.html"
    html = render_html(current, size, weeks=[week]).encode()
    [written] = write_files(target.parent, {target.name: html})
    typer.echo(f"Wrote {written} (week {week}, {size}). Print it from a browser, or to PDF.")


# --------------------------------------------------------------------------- check-ins


@app.command(
    epilog=_examples(
        "posecoach checkin --cadence 168 --rpe 4",
        "posecoach checkin --date 2027-01-20 --pain 6 --where calf --settled-next-morning no",
        "posecoach checkin --from ~/Downloads/morning-run.fit --rpe 3",
        "posecoach checkin --session runner-w03-s2 --missed",
    )
)
@reports_errors
def checkin(
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
    day: str | None = typer.Option(
        None, "--date", help="The session's day, YYYY-MM-DD (default: the file's, or today)."
    ),
    session: str | None = typer.Option(
        None, "--session", help="The session's key (default: the one planned that day)."
    ),
    cadence: float | None = typer.Option(None, "--cadence", help="Steps per minute."),
    rpe: int | None = typer.Option(None, "--rpe", help="Effort, 0 (rest) to 10 (all out)."),
    pain: int | None = typer.Option(None, "--pain", help="Pain during or after, 0 to 10."),
    where: str | None = typer.Option(None, "--where", help="Where it hurt: calf, achilles..."),
    settled: str | None = typer.Option(
        None, "--settled-next-morning", help="yes or no: had the pain settled by next morning?"
    ),
    swelling: bool = typer.Option(False, "--swelling", help="There was swelling."),
    missed: bool = typer.Option(False, "--missed", help="The session did not happen."),
    note: str = typer.Option("", "--note", help="Anything worth remembering."),
    source: Path | None = typer.Option(
        None, "--from", help="A watch's activity file: .fit, .tcx or .gpx (also .gz)."
    ),
) -> None:
    """Log how a session went (or that it was missed); the plan adapts and every output follows."""
    from posecoach.checkins import CheckInRequest, record_checkin

    result = record_checkin(
        CheckInRequest(
            folder=folder,
            day=_parse_date(day, "--date") if day else None,
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
    _warn(result.warnings)
    for line in result.lines:
        typer.echo(line)


@app.command(epilog=_examples("posecoach explain", "posecoach explain --week 4"))
@reports_errors
def explain(
    week: int | None = typer.Option(None, "--week", "-w", help="Only this week's changes."),
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
) -> None:
    """Every change made to the curriculum's plan: what, why, by which rule and its sources."""
    from posecoach import loaders
    from posecoach.store import RULES_FILE
    from posecoach.terminal import show_adjustments

    current = _read_plan(folder)
    if week is not None:
        _check_week(current, week)
    overrides = folder / RULES_FILE
    rules = loaders.load_rules(overrides if overrides.is_file() else None)
    show_adjustments(_console(), current, rules, week)


@app.command(epilog=_examples("posecoach progress"))
@reports_errors
def progress(
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
) -> None:
    """Your check-ins so far, with the cadence trend against the targets."""
    from posecoach import checkin_log
    from posecoach.terminal import show_progress

    current = _read_plan(folder)
    log = checkin_log.read(folder)
    _warn(log.warnings)
    show_progress(_console(), current, log.checkins)


# --------------------------------------------------------------------------- metronome


@app.command(
    epilog=_examples(
        "posecoach metronome 172 --minutes 30 --accent 2 --out cadence.wav",
        "posecoach metronome --ramp 165:175 --minutes 10 --out ramp.mp3",
        "posecoach metronome --session runner-w07-s2",
        "posecoach metronome 172 --live",
    )
)
@reports_errors
def metronome(
    bpm: float | None = typer.Argument(None, help="Beats (steps) per minute, 60 to 240."),
    minutes: float | None = typer.Option(None, "--minutes", "-m", help="Length (default 30)."),
    ramp: str | None = typer.Option(None, "--ramp", help="FROM:TO bpm, rising steadily."),
    accent: int = typer.Option(0, "--accent", help="Accent every Nth beat (2: left/right)."),
    sound: str = typer.Option("click", "--sound", help="click, wood or beep."),
    out: Path | None = typer.Option(None, "--out", "-o", help=".wav, .flac, .ogg or .mp3"),
    session: str | None = typer.Option(
        None, "--session", help="Follow a planned session (its key)."
    ),
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
    live: bool = typer.Option(False, "--live", help="Play it now, with a beat in the terminal."),
) -> None:
    """Write a click track at a cadence (or following a session), or play one live."""
    from posecoach.metronome import MetronomeRequest, run_metronome

    request = MetronomeRequest(
        bpm=bpm,
        minutes=minutes,
        ramp=ramp,
        accent=accent,
        sound=sound,
        out=out,
        session=session,
        folder=folder,
        live=live,
    )
    for line in run_metronome(request, _read_plan if session else None):
        typer.echo(line)


# --------------------------------------------------------------------------- feed

feed_app = typer.Typer(
    help="The calendar feed's secret token.", no_args_is_help=True, rich_markup_mode=None
)
sync_app = typer.Typer(
    help="Push the plan into a calendar server.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(feed_app, name="feed")
app.add_typer(sync_app, name="sync")


def _regenerate_folder(folder: Path) -> None:
    from posecoach.workflow import PlanRequest, regenerate

    regenerate(PlanRequest(folder=folder, today=_today))


@feed_app.command(
    "token", epilog=_examples("posecoach feed token", "posecoach feed token --rotate")
)
@reports_errors
def feed_token(
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
    rotate: bool = typer.Option(False, "--rotate", help="Replace it: the old address stops."),
) -> None:
    """Show the plan's secret feed token (made on first use), or replace it."""
    from posecoach.feed.tokens import ensure_token, new_token

    _read_plan(folder)
    token = new_token(folder) if rotate else ensure_token(folder)
    typer.echo(f"/{token}/plan.ics")
    if rotate:
        typer.echo("The old address no longer works: subscribe again with the new one.")


@app.command(
    epilog=_examples(
        "posecoach serve",
        "posecoach serve athletes/ana athletes/ben --port 8080 --public-url coach.example.org",
    )
)
@reports_errors
def serve(
    folders: list[Path] | None = typer.Argument(
        None, help="Plan folders (default: ./posecoach-plan)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8080, "--port", help="Port to listen on."),
    public_url: str | None = typer.Option(
        None, "--public-url", help="The HTTPS host subscribers reach (behind a proxy)."
    ),
) -> None:
    """Serve each plan's calendar at a secret address that calendar apps subscribe to."""
    from posecoach.feed.serve import addresses, make_app, prepare

    chosen = folders or [DEFAULT_FOLDER]
    feeds = prepare(chosen, _regenerate_folder)
    public = public_url or f"{host}:{port}"
    for feed in feeds:
        typer.echo(f"{feed.folder}:")
        for address in addresses(feed, public):
            typer.echo(f"  {address}")
    typer.echo(f"Listening on http://{host}:{port} (put HTTPS in front for phones). Ctrl-C stops.")
    import uvicorn

    def log(line: str) -> None:
        typer.echo(line, err=True)

    import gc

    gc.collect()
    gc.freeze()  # start-up objects (models, templates) need no more collecting: shorter pauses
    uvicorn.run(
        make_app(feeds, _regenerate_folder, log),
        host=host,
        port=port,
        access_log=False,  # the access log would print each subscriber's secret token
        log_level="warning",
        lifespan="off",
    )


@app.command(
    epilog=_examples(
        "posecoach publish --to /var/www/calendars",
        "posecoach publish athletes/* --to site/feeds --public-url coach.example.org/feeds",
    )
)
@reports_errors
def publish(
    folders: list[Path] | None = typer.Argument(
        None, help="Plan folders (default: ./posecoach-plan)."
    ),
    to: Path = typer.Option(..., "--to", help="The folder a static web host serves."),
    public_url: str | None = typer.Option(
        None, "--public-url", help="Where that folder is reachable, to print the addresses."
    ),
) -> None:
    """Write each plan's feed under its secret path, for nginx or any static host."""
    from posecoach.feed.serve import addresses, prepare
    from posecoach.feed.serve import publish as publish_feeds

    feeds = prepare(folders or [DEFAULT_FOLDER], _regenerate_folder)
    written = publish_feeds(feeds, to)
    for feed, path in zip(feeds, written, strict=True):
        typer.echo(f"{feed.folder} -> {path}")
        if public_url:
            for address in addresses(feed, public_url):
                typer.echo(f"  {address}")


@sync_app.command(
    "caldav",
    epilog=_examples(
        "POSECOACH_CALDAV_PASSWORD=... posecoach sync caldav https://dav.example.org/ --user sam"
    ),
)
@reports_errors
def sync_caldav_command(
    url: str = typer.Argument(..., help="The CalDAV server's address."),
    user: str = typer.Option(..., "--user", help="Your user name there."),
    folder: Path = typer.Option(DEFAULT_FOLDER, "--dir", "-d", help="The plan folder."),
    calendar: str | None = typer.Option(
        None, "--calendar", help="Calendar name (default: posecoach-<plan id>)."
    ),
) -> None:
    """Upsert the plan's events by UID and delete the plan's removed ones; idempotent.

    The password comes from POSECOACH_CALDAV_PASSWORD, or is asked for.
    """
    from posecoach.feed.caldav_sync import sync_caldav
    from posecoach.outputs import ICS_FILE

    plan = _read_plan(folder)
    password = os.environ.get("POSECOACH_CALDAV_PASSWORD")
    if password is None:
        password = typer.prompt("CalDAV password", hide_input=True)
    ics = (folder / ICS_FILE).read_bytes()
    result = sync_caldav(
        ics, plan.plan_id, url, user, password, calendar or f"posecoach-{plan.plan_id}"
    )
    typer.echo(
        f"Synced: {result.created} created, {result.updated} updated,"
        f" {result.deleted} deleted, {result.unchanged} unchanged."
    )


# --------------------------------------------------------------------------- library


@app.command(epilog=_examples("posecoach drills", "posecoach drills wall-fall"))
@reports_errors
def drills(
    drill_id: str | None = typer.Argument(None, metavar="[ID]", help="One drill to show in full."),
    curriculum: str | None = typer.Option(
        None, "--curriculum", "-c", help="Built-in curriculum name or a curriculum file."
    ),
) -> None:
    """List the drill library, or show one drill: purpose, setup, cues, dose, sources."""
    from posecoach.loaders import did_you_mean, load_curriculum
    from posecoach.terminal import show_drill, show_drills

    course = load_curriculum(curriculum)
    if drill_id is None:
        show_drills(_console(), course)
        return
    ids = [d.id for d in course.drills]
    if drill_id not in ids:
        raise UsageError(
            f"{course.id} has no drill {drill_id!r}",
            did_you_mean(drill_id, ids) or "`posecoach drills` lists them",
        )
    show_drill(_console(), course, course.drill(drill_id))


@app.command(epilog=_examples("posecoach curricula"))
@reports_errors
def curricula() -> None:
    """List the built-in curricula."""
    from posecoach.loaders import load_curriculum
    from posecoach.resources import builtin_curricula
    from posecoach.terminal import show_curricula

    show_curricula(_console(), [load_curriculum(name) for name in builtin_curricula()])


@app.command(epilog=_examples("posecoach validate profile.yaml my-curriculum.yaml"))
@reports_errors
def validate(
    files: list[Path] = typer.Argument(..., help="Profile, curriculum or rules files."),
) -> None:
    """Check files without writing anything; every problem is reported with its line."""
    from posecoach.loaders import load_any

    console = _console()
    failed = 0
    for path in files:
        try:
            kind = load_any(path)
        except InputError as error:
            failed += 1
            _console(stderr=True).print(str(error), markup=False)
        except UsageError as error:
            failed += 1
            _console(stderr=True).print(f"error: {error}", markup=False)
        else:
            console.print(f"ok: {path} ({kind})", markup=False)
    if failed:
        raise typer.Exit(2)


@app.command(epilog=_examples("posecoach schema profile > profile.schema.json"))
@reports_errors
def schema(
    kind: str = typer.Argument(..., help="curriculum, profile or rules."),
) -> None:
    """Print the JSON Schema of a file kind, for editors that validate and complete YAML."""
    import json

    from posecoach.loaders import did_you_mean
    from posecoach.model import Curriculum, Rules, RunnerProfile

    models: dict[str, Any] = {"curriculum": Curriculum, "profile": RunnerProfile, "rules": Rules}
    if kind not in models:
        raise UsageError(
            f"no schema for {kind!r}", did_you_mean(kind, models) or "curriculum, profile or rules"
        )
    typer.echo(json.dumps(models[kind].model_json_schema(), indent=2, sort_keys=True))


# --------------------------------------------------------------------------- init


@app.command(
    epilog=_examples(
        "posecoach init (asks questions)",
        "posecoach init --name Sam --days 'Mon 07:00, Wed 18:30, Sat 09:00'",
    )
)
@reports_errors
def init(
    out: Path = typer.Option(Path("profile.yaml"), "--out", "-o", help="Where to write it."),
    name: str | None = typer.Option(None, help="Your name, as shown on the plan."),
    start: str | None = typer.Option(None, help="First day, YYYY-MM-DD (default: next Monday)."),
    timezone: str | None = typer.Option(None, help="IANA time zone, e.g. Europe/Berlin."),
    days: str | None = typer.Option(
        None, help="Available days with times: 'Mon 07:00, Wed 18:30, Sat 09:00'."
    ),
    sessions: int | None = typer.Option(None, help="Sessions per week."),
    max_minutes: int | None = typer.Option(None, help="Longest session you have time for."),
    background: str | None = typer.Option(None, help="new, returning or regular."),
    weekly_volume: float | None = typer.Option(None, help="Running per week now (km or mi)."),
    longest_run: float | None = typer.Option(None, help="Longest run in the last 30 days."),
    baseline_cadence: int | None = typer.Option(None, help="Easy-run steps per minute, if known."),
    units: str | None = typer.Option(None, help="km or mi."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    interactive: bool | None = typer.Option(
        None,
        "--interactive/--no-interactive",
        help="Ask questions (default: when in a terminal and no answers are given as flags).",
    ),
) -> None:
    """Write a commented starter profile.yaml: asks in a terminal, takes flags otherwise."""
    from posecoach.starter import StarterAnswers, ask, render_starter

    if out.exists() and not force:
        raise UsageError(f"{out}: already exists", "use --force to overwrite it, or --out")
    answers = StarterAnswers(
        name=name,
        start=start,
        timezone=timezone,
        days=days,
        sessions=sessions,
        max_minutes=max_minutes,
        background=background,
        weekly_volume=weekly_volume,
        longest_run=longest_run,
        baseline_cadence=baseline_cadence,
        units=units,
    )
    if interactive is None:
        interactive = sys.stdin.isatty() and answers.is_empty()
    if interactive:
        answers = ask(answers)
    text = render_starter(answers, str(out))
    from posecoach.store import prepare_folder, write_atomic

    prepare_folder(out.parent if str(out.parent) else Path("."))
    write_atomic(out, text.encode())
    _console().print(f"Wrote {out}. Next: posecoach plan --profile {out}", markup=False)


def main() -> None:
    """The console script. posecoach uses no pydantic plugins; looking for them
    scans every installed package's metadata and costs more start-up time than
    building the plan, so the command line skips the scan (a user's own
    setting still wins)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Everything imported lives until exit. Freezing it spares later
    # collections a walk over it, and freezing again at the end spares the
    # collection interpreter shutdown runs over every object: between them,
    # about a tenth of a plan's start-up.
    gc.freeze()
    try:
        app()
    finally:
        gc.freeze()
