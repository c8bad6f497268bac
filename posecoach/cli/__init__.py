"""The command line: the edge where argv, the clock, the environment and the
terminal are met, and the only layer that knows the flags' names.

Each command is a few lines in one of this package's modules (one per group of
commands): parse the flags into a use-case's request (posecoach.commands),
call it, print its result. Commands import the library lazily, so
`posecoach --help` starts fast. Errors from below become a clear message and
an exit code here: 2 for bad input, 1 for other failures; a message's
`{field}` is worded as the flag that sets it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TextIO, TypeVar

import typer

from posecoach import __version__
from posecoach.cli import completion
from posecoach.errors import InputError, PosecoachError, RequestError, UsageError, error_line
from posecoach.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.commands.tracks import Progress
    from posecoach.commands.zone import SystemZone
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot

P = ParamSpec("P")
R = TypeVar("R")

from posecoach.cli import language  # noqa: E402 (--lang, before the app)
from posecoach.cli.help_words import JSON_HELP  # noqa: E402
from posecoach.cli.language import LanguageGroup, input_problems  # noqa: E402

app = typer.Typer(
    name="posecoach",
    cls=LanguageGroup,  # --lang on every command; usage errors worded as every other error
    help=N_(
        "A Pose Method running-technique coach: turns a drill curriculum and your runner"
        " profile into a dated, progressive plan (plan.yaml and plan.md)."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: rendering it with rich would import markdown-it and triple start-up time.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ------------------------------------------------------------------ shared options

FolderOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        "-d",
        help=N_("The plan folder (default: the one you are in or above, else ./posecoach-plan)."),
        show_default=False,
    ),
]
CurriculumOption = Annotated[
    str | None,
    typer.Option(
        "--curriculum",
        "-c",
        help=N_("Built-in curriculum name or a curriculum file."),
        autocompletion=completion.curricula,
    ),
]
PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help=N_("a4 or letter (default: the profile's, a4)."),
        autocompletion=completion.fixed("a4", "letter"),
    ),
]


# ------------------------------------------------------------------ printing


class _Trimmed:
    """Piped output without the spaces rich pads table cells with at the end of a line."""

    def __init__(self, file: TextIO) -> None:
        self.file = file

    def write(self, text: str) -> int:
        return self.file.write("\n".join(line.rstrip(" ") for line in text.split("\n")))

    def flush(self) -> None:
        self.file.flush()

    def isatty(self) -> bool:
        return False


def console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr): rich in a terminal, plain text when piped."""
    import sys

    from rich.console import Console

    if not stderr and not sys.stdout.isatty():
        return Console(file=_Trimmed(sys.stdout), highlight=False)  # type: ignore[arg-type]
    # Messages on stderr stay on one line each (paths and hints are not wrapped).
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def print_json(data: object) -> None:
    """Data for scripts on stdout: see posecoach.commands.as_json for the promises."""
    from posecoach.commands.as_json import dumps

    typer.echo(dumps(data))


def json_help(keys: str) -> str:
    """The help of a command's --json, naming its top-level keys."""
    return JSON_HELP % {"keys": keys}


@contextlib.contextmanager
def progress_bar(what: str) -> Iterator[Progress | None]:
    """A progress bar on stderr for long work, drawn from its first report and only in a
    terminal: piped, nothing is drawn. Transient: it is gone when the work is done."""
    import sys

    if not sys.stderr.isatty():  # asked before rich is imported: the plan's path stays quick
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    label = TextColumn("{task.description}")
    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), label)
    bar = Bar(*columns, console=console(stderr=True), transient=True)
    task = None

    def report(done: int, total: int, label: str) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total, description=label)

    try:
        yield report
    finally:
        if task is not None:
            bar.stop()


def examples(*commands: str) -> str:
    """A help epilog of example commands, kept on their own lines (click's \\b)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


def warn(warnings: Iterable[str]) -> None:
    from posecoach.errors import word

    lines = list(warnings)
    if lines:
        err = console(stderr=True)
        names = flag_names()
        for line in lines:
            err.print(f"warning: {word(line, names)}", markup=False)


# ------------------------------------------------------------------ errors and flag names


def _flags_of(command: Callable[..., object]) -> dict[str, str]:
    """Each parameter of a command function, as the user types it: '--dir', 'BPM'."""
    import typing

    from typer.models import ArgumentInfo, OptionInfo

    names: dict[str, str] = {}
    hints = typing.get_type_hints(command, include_extras=True)
    for parameter, hint in hints.items():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, OptionInfo):
                decls = [info.default, *(info.param_decls or ())]
                long = [d for d in decls if isinstance(d, str) and d.startswith("--")]
                names[parameter] = (
                    long[0].split("/")[0] if long else "--" + parameter.replace("_", "-")
                )
            elif isinstance(info, ArgumentInfo):
                names[parameter] = info.metavar or parameter.upper()
    return names


def flag_names(command: Callable[..., object] | None = None) -> dict[str, str]:
    """How the edge names request fields: the command's own flags first, then any
    other command's (a hint may point to another command's flag)."""
    names: dict[str, str] = {}
    groups = [app, *(group.typer_instance for group in app.registered_groups)]
    for group in groups:
        if group is None:
            continue
        for info in group.registered_commands:
            if info.callback is not None:
                for field, flag in _flags_of(info.callback).items():
                    names.setdefault(field, flag)
    if command is not None:
        names |= _flags_of(command)
    return names


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn posecoach's own errors into a message on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PosecoachError as error:
            err = console(stderr=True)
            text = error.worded(flag_names(command))
            if isinstance(error, InputError):
                err.print(input_problems(error, flag_names(command)), markup=False)
            elif isinstance(error, RequestError):
                names = flag_names(command)
                for problem in error.problems:
                    err.print(error_line(problem.worded(names)), markup=False)
            else:
                err.print(error_line(text), markup=False)
            raise typer.Exit(error.exit_code) from None

    return wrapper


# ------------------------------------------------------------------ the clock and the folder


def now() -> datetime:
    """The time, to the second: the command line is where the clock is read (once, here).

    POSECOACH_NOW (an ISO date and time, '2027-01-20T08:00Z') stands in for the clock,
    as SOURCE_DATE_EPOCH does for builds: to replay a runner's weeks, and for tests."""
    import os

    given = os.environ.get("POSECOACH_NOW")
    if given:
        try:
            moment = datetime.fromisoformat(given.replace("Z", "+00:00"))
        except ValueError:
            from posecoach.errors import UsageError

            raise UsageError(
                f"POSECOACH_NOW is {given!r}, not a date and time like 2027-01-20T08:00Z",
                "unset it to use the clock",
            ) from None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime.now(UTC).replace(microsecond=0)


def today(timezone: str) -> date:
    """Today in the runner's zone."""
    from zoneinfo import ZoneInfo

    return now().astimezone(ZoneInfo(timezone)).date()


def system_zone() -> SystemZone:
    """The system's time zone (TZ, /etc/localtime, /etc/timezone), else UTC: the
    environment is read here, at the edge."""
    from posecoach.commands.zone import system_zone as find

    return find(os.environ)


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        from posecoach.written import file_date_problem

        message, hint = file_date_problem(value)  # '31/12/2026': write it as 2026-12-31
        raise UsageError(message, hint, field=field) from None


def plan_folder(given: Path | None, up_to_date: bool = True) -> Snapshot:
    """The folder a command works on, found from the current folder like git finds a
    repo, and (unless the command rebuilds it anyway) brought up to date first: read
    once, as the snapshot the command goes on with."""
    from posecoach.commands.freshen import bring_up_to_date
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot

    found = PlanFolder.find(given, Path.cwd())
    if given is not None and found.path != given:
        said = _("%(folder)s holds no plan itself: using the one in %(found)s")
        warn([said % {"folder": given, "found": found}])
    if not found.path.is_dir():
        return Snapshot(found)
    snapshot, notes = bring_up_to_date(found, today, up_to_date, system_zone)
    warn(notes)
    speak_as(snapshot)
    return snapshot


def speak_as(snapshot: Snapshot) -> None:
    """Speak the plan's language from here on, unless --lang said otherwise."""
    from posecoach import i18n
    from posecoach.cli.language import flag

    if flag() is None:
        i18n.switch(snapshot.spoken())


def rebuild_folder(folder: PlanFolder) -> None:
    """Bring a folder's outputs up to date (the feed's refresh), reading the clock here."""
    from posecoach.commands.freshen import rebuild

    rebuild(folder, today, system_zone)


# ------------------------------------------------------------------ the root


def _version(value: bool) -> None:
    if value:
        typer.echo(f"posecoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version.")),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|pl",
            callback=language.remember,
            is_eager=True,
            expose_value=False,  # every command gets it; none takes it as a parameter
            help=language.HELP,
            show_default=False,
        ),
    ] = None,
) -> None:
    """A Pose Method running-technique coach."""


# The command modules register themselves on `app` once it exists, in the order
# `posecoach --help` lists them: the plan first, the library last.
# isort: off
from posecoach.cli import plans, checkins, form, metronome, workouts  # noqa: E402
from posecoach.cli import feeds, library, bibliography, squad  # noqa: E402
# isort: on

__all__ = [
    "app",
    "bibliography",
    "checkins",
    "feeds",
    "form",
    "library",
    "main",
    "metronome",
    "plans",
    "squad",
    "workouts",
]


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
