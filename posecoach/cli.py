"""The command-line interface: parse, load, build, render, write.

Each command is a thin shell around the library and imports it lazily, so
`posecoach --help` starts fast. Library errors become a clear message and an
exit code here, at the edge: 2 for bad input, 1 for other failures.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from posecoach import __version__
from posecoach.errors import InputError, PosecoachError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.model import Curriculum, Plan, Rules, RunnerProfile
    from posecoach.render.html import Paper
    from posecoach.render.plan_file import PlanHeader

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


def _next_monday(timezone: str) -> date:
    """The first Monday after today in the runner's zone: the edge reads the clock."""
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo(timezone)).date()
    return today + timedelta(days=7 - today.weekday())


def _read_plan(folder: Path, parse: Callable[[str], R]) -> R | None:
    """The folder's plan file read with `parse`, or None when there is none."""
    from posecoach.outputs import PLAN_FILE

    path = folder / PLAN_FILE
    if not path.is_file():
        return None
    try:
        return parse(path.read_text(encoding="utf-8"))
    except Exception:  # a damaged old plan is replaced, not fatal
        _console(stderr=True).print(f"warning: {path} could not be read; it will be replaced")
        return None


def _previous_plan(folder: Path) -> PlanHeader | None:
    from posecoach.render.plan_file import parse_plan_header

    return _read_plan(folder, parse_plan_header)


@dataclass(frozen=True)
class _InputFiles:
    """Where this run's inputs came from."""

    profile: Path
    curriculum: Path | None  # None for a built-in curriculum
    rules: Path | None

    def paths(self) -> list[Path]:
        from posecoach import resources

        given = [self.curriculum or resources.curricula_dir(), self.rules]
        return [self.profile, *(p for p in given if p is not None)]


def _load_inputs(
    folder: Path,
    profile: Path | None,
    curriculum: str | None,
    rules: Path | None,
    previous: PlanHeader | None,
) -> tuple[RunnerProfile, Curriculum, Rules, _InputFiles]:
    """Load profile, curriculum and rules, reporting the problems of all three at once."""
    from posecoach import loaders, resources
    from posecoach.store import CURRICULUM_FILE, PROFILE_FILE, RULES_FILE

    profile_path = profile or (folder / PROFILE_FILE)
    if not profile_path.is_file() and profile is None:
        profile_path = resources.default_profile_file()
    local_curriculum = folder / CURRICULUM_FILE
    builtin = resources.builtin_curricula()
    if curriculum is None:
        if local_curriculum.is_file():
            curriculum = str(local_curriculum)
        elif previous is not None and previous.curriculum in builtin:
            curriculum = previous.curriculum
    rules_path = rules or (folder / RULES_FILE if (folder / RULES_FILE).is_file() else None)

    problems = []
    loaded: list[Any] = []
    for load in (
        lambda: loaders.load_profile(profile_path),
        lambda: loaders.load_curriculum(curriculum),
        lambda: loaders.load_rules(rules_path),
    ):
        try:
            loaded.append(load())
        except InputError as error:
            problems.extend(error.problems)
            loaded.append(None)
    if problems:
        raise InputError(problems)
    curriculum_file = (
        None if (curriculum or resources.DEFAULT_CURRICULUM) in builtin else curriculum
    )
    files = _InputFiles(
        profile_path, Path(curriculum_file) if curriculum_file else None, rules_path
    )
    return loaded[0], loaded[1], loaded[2], files


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
) -> None:
    """Build a dated plan and write plan.yaml, plan.md, plan.html and plan.ics."""
    from posecoach.engine import build_plan
    from posecoach.outputs import ICS_FILE, OutputOptions, render_outputs
    from posecoach.store import CURRICULUM_FILE, PROFILE_FILE, write_files

    if weeks is not None and weeks < 1:
        raise UsageError(f"--weeks: {weeks} is not a number of weeks")
    start_day = _parse_date(start, "--start") if start else None
    previous = _previous_plan(out)
    runner, course, rule_set, inputs = _load_inputs(out, profile, curriculum, rules, previous)
    if start_day is None:
        start_day = runner.start or (previous.start if previous else None)
    if start_day is None:
        start_day = _next_monday(runner.timezone)
    if weeks is None and previous is not None and previous.curriculum == course.id:
        weeks = previous.weeks

    built = build_plan(course, runner, rule_set, start_day, weeks)
    options = OutputOptions.from_profile(runner, _paper(paper), all_day, reminder)
    previous_ics = out / ICS_FILE
    files: dict[str, bytes] = {}
    if inputs.profile.resolve() != (out / PROFILE_FILE).resolve():
        files[PROFILE_FILE] = inputs.profile.read_bytes()  # the folder keeps its own inputs
    if inputs.curriculum and inputs.curriculum.resolve() != (out / CURRICULUM_FILE).resolve():
        files[CURRICULUM_FILE] = inputs.curriculum.read_bytes()
    files |= render_outputs(
        built,
        options,
        previous_ics.read_bytes() if previous_ics.is_file() else None,
        _revision_time(inputs.paths()),
    )
    written = write_files(out, files)
    _summary(built, written)


def _paper(value: str | None) -> Paper | None:
    if value is None:
        return None
    if value.casefold() not in ("a4", "letter"):
        raise UsageError(f"--paper: {value!r} is not a paper size", "use a4 or letter")
    return "a4" if value.casefold() == "a4" else "letter"


def _revision_time(paths: list[Path]) -> datetime:
    """When the inputs last changed: the calendar's DTSTAMP for changed events.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) overrides the files'
    modification times, for byte-identical output anywhere.
    """
    from datetime import UTC

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number") from None
    latest = max(int(path.stat().st_mtime) for path in paths)
    return datetime.fromtimestamp(latest, UTC)


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
    from posecoach.render.plan_file import parse_plan_file
    from posecoach.terminal import show_overview, show_week

    current = _read_plan(folder, parse_plan_file)
    if current is None:
        raise UsageError(f"{folder}: holds no plan yet", "run `posecoach plan` first")
    if week is None:
        show_overview(_console(), current)
        return
    if not 1 <= week <= len(current.weeks):
        raise UsageError(f"--week: the plan has weeks 1 to {len(current.weeks)}, not {week}")
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
    from posecoach.render.plan_file import parse_plan_file
    from posecoach.store import PROFILE_FILE, write_files

    current = _read_plan(folder, parse_plan_file)
    if current is None:
        raise UsageError(f"{folder}: holds no plan yet", "run `posecoach plan` first")
    if not 1 <= week <= len(current.weeks):
        raise UsageError(f"--week: the plan has weeks 1 to {len(current.weeks)}, not {week}")
    size = _paper(paper)
    if size is None:
        profile_path = folder / PROFILE_FILE
        size = loaders.load_profile(profile_path).paper if profile_path.is_file() else "a4"
    target = out or folder / f"week-{week:02d}.html"
    html = render_html(current, size, weeks=[week]).encode()
    [written] = write_files(target.parent, {target.name: html})
    typer.echo(f"Wrote {written} (week {week}, {size}). Print it from a browser, or to PDF.")


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
    app()
