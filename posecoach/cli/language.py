"""`--lang`, on every command from one place, and the language a command speaks.

The option is added to the root and to every command and group as the click
command tree is built (LanguageGroup), so `posecoach plan --lang pl` and
`posecoach --lang pl plan` both work and each command's help lists it. It is
eager and exposes no parameter: the command functions stay as they are, and
ask `flag()` when they need it (posecoach plan records it in the folder).

What a command speaks: --lang, else the plan folder's language (plan_folder in
cli/__init__.py switches to it), else the system locale's, else English. The
environment is read here, at the edge.
"""

from __future__ import annotations

import os
from typing import Any

import typer

from posecoach import i18n
from posecoach.cli.usage import PosecoachGroup

_META = "posecoach.lang"


def remember(ctx: typer.Context, value: str | None) -> str | None:
    """--lang's callback: checked, kept for the command, and spoken from now on."""
    if value is None:
        return None
    found = i18n.supported(value)
    if found is None:
        spoken = ", ".join(i18n.SUPPORTED)
        raise typer.BadParameter(f"{value!r} is not a language posecoach speaks ({spoken})")
    ctx.meta[_META] = found
    if ctx.parent is not None:  # a command's own: within the root's scope (see invoke)
        i18n.switch(found)
    return found


HELP = (
    "The language you read: en or pl (default: the plan's, the profile's `language:`,"
    " else the system's)."
)


def _with_option(command: Any, option: Any) -> None:
    if not any(param.name == option.name for param in command.params):
        command.params.append(option)
    for sub in getattr(command, "commands", {}).values():
        _with_option(sub, option)


class LanguageGroup(PosecoachGroup):
    """The root group: gives every command the root's --lang (the one option object,
    as typer made it), and runs each command in a language; its usage errors are
    worded as every other error (PosecoachGroup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = next((p for p in self.params if p.name == "lang"), None)
        if option is not None:
            for sub in self.commands.values():
                _with_option(sub, option)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        with i18n.use(i18n.choose(flag(), system=system_language())):
            return super().invoke(ctx)


def flag() -> str | None:
    """The language given with --lang to the running command, if any."""
    from typer._click.globals import get_current_context  # typer's own click

    ctx = get_current_context(silent=True)
    found = ctx.meta.get(_META) if ctx is not None else None
    return found if isinstance(found, str) else None


def system_language() -> str | None:
    """The system locale's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    return i18n.from_environment(os.environ)
