"""Shell completion of values: session keys, body regions, drill and source ids,
curricula, time zones, and the few fixed words some options take.

A completer runs on every Tab press, so it builds nothing: it reads plan.yaml (or a
curriculum, the bibliography) as text, line by line where it can, and never loads
the plan's model. It never fails either: a folder it cannot read, a damaged file or
a missing one completes nothing, and the shell falls back to file names. Each value
comes with a few words of help, which zsh, fish and PowerShell show beside it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import typer

from posecoach.limits import YAML_BYTES

Choices = list[tuple[str, str]]  # (value, help)


def _quiet(completer: Callable[[typer.Context, str], Iterable[tuple[str, str]]]) -> Callable[
    [typer.Context, str], Choices
]:  # fmt: skip
    """The values that start with what was typed; none at all, rather than a traceback,
    when anything goes wrong (a Tab press must never print an error into the line)."""

    @functools.wraps(completer)
    def complete(ctx: typer.Context, incomplete: str) -> Choices:
        try:
            return [(v, h) for v, h in completer(ctx, incomplete) if v.startswith(incomplete)]
        except Exception:  # anything at all: completion stays silent
            return []

    return complete


def _read(path: Path) -> str:
    """A file's text, if it is of a size any of posecoach's inputs may be."""
    if path.stat().st_size > YAML_BYTES:
        return ""
    return path.read_text(encoding="utf-8")


def _plan_text(ctx: typer.Context) -> str:
    """plan.yaml of the folder the command would work on (--dir, or found as git finds a
    repository), as text."""
    from posecoach.folder.plan_folder import PlanFolder

    given = ctx.params.get("folder")
    folder = PlanFolder.find(Path(given) if given else None, Path.cwd())
    return _read(folder.file(PlanFolder.PLAN))


def _top_level(text: str, key: str) -> str | None:
    found = re.search(rf"^{key}: *(.+?) *$", text, re.MULTILINE)
    return found[1].strip("'\"") if found else None


@_quiet
def session_keys(ctx: typer.Context, incomplete: str) -> Choices:
    """The plan's session keys, each with its day and title: `runner-w03-s2`."""
    choices: Choices = []
    key = day = title = ""
    for line in _plan_text(ctx).splitlines():
        if line.startswith("  - key: "):
            if key:
                choices.append((key, f"{day} {title}".strip()))
            key, day, title = line[len("  - key: ") :].strip(), "", ""
        elif key and line.startswith("    title: "):
            title = line[len("    title: ") :].strip().strip("'\"")
        elif key and line.startswith("    date: "):
            day = line[len("    date: ") :].strip()
    if key:
        choices.append((key, f"{day} {title}".strip()))
    return choices


@_quiet
def regions(ctx: typer.Context, incomplete: str) -> Choices:
    from posecoach.model.values import REGIONS

    return [(region, "") for region in REGIONS]


@_quiet
def curricula(ctx: typer.Context, incomplete: str) -> Choices:
    """The built-in curricula (a curriculum file completes as a file name)."""
    from posecoach import resources

    return [(name, "") for name in resources.builtin_curricula()]


def _curriculum_file(ctx: typer.Context) -> Path:
    """The curriculum a command would read: --curriculum, else the plan's, else the
    default."""
    from posecoach import resources
    from posecoach.folder.plan_folder import PlanFolder

    builtin = resources.builtin_curricula()
    given = ctx.params.get("curriculum")
    if given:
        return builtin.get(given) or Path(given)
    try:
        name = _top_level(_plan_text(ctx), "curriculum")
    except OSError:  # no plan here: the built-in default
        name = None
    if name is None:
        return builtin[resources.DEFAULT_CURRICULUM]
    if name in builtin:
        return builtin[name]
    given_folder = ctx.params.get("folder")
    folder = PlanFolder.find(Path(given_folder) if given_folder else None, Path.cwd())
    return folder.file(PlanFolder.CURRICULUM)


def _listed(path: Path, key: str, help_key: str) -> Choices:
    """The ids of a YAML file's list under `key`, each with its `help_key`, read with the
    bounds every input is read with (a file past them completes nothing)."""
    from posecoach.yaml_reading import read_document

    entries = read_document(path).data[key]
    return [(str(entry["id"]), str(entry.get(help_key) or "")) for entry in entries]


@_quiet
def drill_ids(ctx: typer.Context, incomplete: str) -> Choices:
    """The drills of the curriculum the command would read, each with its name."""
    return _listed(_curriculum_file(ctx), "drills", "name")


@_quiet
def source_ids(ctx: typer.Context, incomplete: str) -> Choices:
    """The bibliography's ids (S55), each with its authors and year."""
    from posecoach import resources

    path = resources.curricula_dir() / resources.SOURCES_FILE
    return [(id_, f"{who}") for id_, who in _listed(path, "references", "authors")]


@_quiet
def time_zones(ctx: typer.Context, incomplete: str) -> Choices:
    """IANA zones from the system's database: `Europe/Lon` -> `Europe/London`."""
    from zoneinfo import available_timezones

    return [(zone, "") for zone in sorted(available_timezones())]


def fixed(*words: str) -> Callable[[typer.Context, str], Choices]:
    """A completer for an option that takes one of a few words (--paper a4|letter)."""

    @_quiet
    def complete(ctx: typer.Context, incomplete: str) -> Choices:
        return [(word, "") for word in words]

    return complete
