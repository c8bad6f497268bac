"""`--lang`, on every command from one place, and the language a command speaks.

The option is added to the root and to every command and group as the click
command tree is built (LanguageGroup), so `posecoach plan --lang pl` and
`posecoach --lang pl plan` both work and each command's help lists it. It is
eager and exposes no parameter: the command functions stay as they are, and
ask `flag()` when they need it (posecoach plan records it in the folder).

What a command speaks: --lang, else the plan folder's language (plan_folder in
cli/__init__.py switches to it; its help and usage errors read the folder's record
alone: folder_language), else the system locale's, else English. The
environment is read here, at the edge.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any

import typer

from posecoach import i18n
from posecoach.cli.help_words import WordedContext
from posecoach.cli.usage import PosecoachGroup
from posecoach.errors import InputError, nothing_written
from posecoach.i18n import N_

_META = "posecoach.lang"


def remember(ctx: typer.Context, value: str | None) -> str | None:
    """--lang's callback: checked, kept for the command, and spoken from now on."""
    if value is None:
        return None
    found = i18n.supported(value)
    if found is None:
        spoken = ", ".join(i18n.SUPPORTED)
        raise typer.BadParameter(
            i18n.gettext("%(value)s is not a language posecoach speaks (%(spoken)s)")
            % {"value": repr(value), "spoken": spoken}
        )
    ctx.meta[_META] = found
    if ctx.parent is not None:  # a command's own: within the root's scope (see invoke)
        i18n.switch(found)
    return found


HELP = N_(
    "The language you read: en or pl (default: the plan's, the profile's `language:`,"
    " else the system's)."
)


def _with_option(command: Any, option: Any) -> None:
    if not any(param.name == option.name for param in command.params):
        command.params.append(option)
    command.context_class = WordedContext  # its help in the reader's language
    for sub in getattr(command, "commands", {}).values():
        _with_option(sub, option)


class LanguageGroup(PosecoachGroup):
    """The root group: gives every command the root's --lang (the one option object,
    as typer made it), and runs each command in a language; its usage errors are
    worded as every other error (PosecoachGroup)."""

    context_class = WordedContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = next((p for p in self.params if p.name == "lang"), None)
        if option is not None:
            for sub in self.commands.values():
                _with_option(sub, option)

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        # --help is eager too and may come first (`plan --help --lang pl`): the help,
        # and any mistake on the line, are said in the language asked for anywhere on it.
        # Without --lang, a plan folder's help and mistakes speak the plan's language,
        # as the commands that run there do.
        asked = given(args)
        folders = None if asked else folder_language(args)
        with i18n.use(i18n.choose(asked, folders, system_language())):
            ctx = super().make_context(info_name, args, parent, **extra)
        ctx.meta[_ASKED] = asked
        ctx.meta[_FOLDERS] = folders
        return ctx

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        asked = flag() or ctx.meta.get(_ASKED)
        folders = ctx.meta.get(_FOLDERS)
        with i18n.use(i18n.choose(asked, folders, system_language())):
            return super().invoke(ctx)


_ASKED = "posecoach.lang-asked"
_FOLDERS = "posecoach.lang-folders"


def given_folder(args: list[str]) -> str | None:
    """The plan folder a command line names with -d/--dir, if any (before a `--`)."""
    for at, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--dir", "-d") and at + 1 < len(args):
            return args[at + 1]
        if arg.startswith("--dir="):
            return arg.removeprefix("--dir=")
        if arg.startswith("-d") and len(arg) > 2 and not arg.startswith("--"):
            return arg.removeprefix("-d")
    return None


def folder_language(args: list[str]) -> str | None:
    """The language recorded in the plan folder the command line works on (as the
    commands find it), read from its record alone; None when there is no plan there or
    its record cannot be read: the help must come whatever state the folder is in."""
    from pathlib import Path

    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot

    try:
        named = given_folder(args)
        found = PlanFolder.find_or_new(Path(named) if named else None, Path.cwd())
        if not found.holds_plan():
            return None
        return Snapshot(found).recorded_language()
    except Exception:  # a damaged folder: the system's language, silently
        return None


def given(args: list[str]) -> str | None:
    """The language a command line asks for with --lang, wherever it is (before a `--`)."""
    for at, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(args):
            return i18n.supported(args[at + 1])
        if arg.startswith("--lang="):
            return i18n.supported(arg.removeprefix("--lang="))
    return None


def flag() -> str | None:
    """The language given with --lang to the running command, if any."""
    from typer._click.globals import get_current_context  # typer's own click

    ctx = get_current_context(silent=True)
    found = ctx.meta.get(_META) if ctx is not None else None
    return found if isinstance(found, str) else None


def system_language() -> str | None:
    """The system locale's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    return i18n.from_environment(os.environ)


def speak_the_folders_language() -> None:
    """For a command that reads no plan (drills, curricula, sources, init): run in a plan
    folder, it speaks the plan's language, as the plan's own commands do (unless --lang)."""
    if flag() is not None:
        return
    from pathlib import Path

    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.folder.snapshot import Snapshot

    found = PlanFolder.find(None, Path.cwd())  # as the plan's commands find it
    if found.holds_plan():
        i18n.switch(Snapshot(found).spoken())


def input_problems(error: InputError, names: Mapping[str, str]) -> str:
    """A file's problems and the line under them, said in the language the file asks
    for (a profile's `language: pl`) unless --lang said otherwise."""
    spoken = error.spoken if flag() is None else None
    with i18n.use(spoken) if spoken else contextlib.nullcontext():
        return error.worded(names) + "\n" + nothing_written(len(error.problems))
