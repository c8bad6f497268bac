"""Mistakes on the command line itself (an unknown option or command, a missing
argument, a value of the wrong type) said in posecoach's style, as every other
error is: `error: --week: posecoach plan has no such option` and a `hint:`
line (did you mean '--weeks'?), on stderr, exit code 2.

typer (and click inside it) words these its own way ("Usage: ... Error: No
such option: --week (Possible options: --weeks)", with pydantic's text for a
bad number); the root group below catches them where they are raised and
words them again.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

import typer
from typer._click import exceptions as clicks  # typer keeps its own click since 0.2x
from typer._click.core import Command, Context
from typer.core import TyperGroup

from posecoach.cli.help_words import usage_prefix
from posecoach.errors import UsageError, did_you_mean, error_line
from posecoach.i18n import _


class WordedUsage(clicks.ClickException):
    """A usage error in our words, shown as `error: ...` with a hint."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.hint = hint
        # Worded now, in the command's language: click shows it after the command's
        # context (and its language) has ended.
        self.said = error_line(UsageError(message, hint).worded())

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(self.said, err=True)


class PosecoachGroup(TyperGroup):
    """The root command group: usage errors from any command below it are worded here."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        with _worded():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with _worded(ctx):
            return super().invoke(ctx)

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        found = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND] = found[0]  # for errors click raises without a context
        return found


_COMMAND = "posecoach.command"


@contextlib.contextmanager
def _worded(root: Context | None = None) -> Iterator[None]:
    try:
        yield
    except clicks.NoArgsIsHelpError:
        raise  # `posecoach squad` alone: the help, as asked for
    except clicks.UsageError as error:
        raise WordedUsage(*words(error, root)) from None


def words(error: clicks.UsageError, root: Context | None = None) -> tuple[str, str | None]:
    """The message and hint for one of click's usage errors."""
    ctx = error.ctx
    if ctx is not None:
        command = ctx.command_path
    elif root is not None:
        command = " ".join(filter(None, [root.command_path, root.meta.get(_COMMAND)]))
    else:
        command = "posecoach"
    said = {"command": command}
    more = _("`%(command)s --help` says what it takes") % said
    if isinstance(error, clicks.NoSuchOption):
        options = _options(ctx.command.params) if ctx is not None else []
        hint = did_you_mean(error.option_name, options)
        no_such = _("%(option)s: %(command)s has no such option")
        return no_such % {**said, "option": error.option_name}, hint or more
    if isinstance(error, clicks.MissingParameter):
        name = _name(error.param) if error.param is not None else _("a value")
        usage = ctx.get_usage().removeprefix(usage_prefix()) if ctx is not None else None
        usage = usage and usage.replace("{", "").replace("}", "")  # typer braces arguments
        run = _("run it as: %(usage)s") % {"usage": usage} if usage else more
        return _("%(command)s needs %(name)s") % {**said, "name": name}, run
    if isinstance(error, clicks.BadParameter):
        return _bad_value(error, more)
    if isinstance(error, clicks.BadOptionUsage):
        option = {"option": error.option_name}
        if "requires an argument" in error.message:
            return _("%(option)s needs a value") % option, more
        if "does not take a value" in error.message:
            return _("%(option)s takes no value") % option, _("give it alone: %(option)s") % option
    text = error.message
    if match := re.match(r"No such command (.+?)\.", text):
        name = _literal(match[1])
        group = ctx.command if ctx is not None else None
        listed = group.list_commands(ctx) if isinstance(group, TyperGroup) and ctx else []
        hint = did_you_mean(name, listed) or _("`%(command)s --help` lists its commands") % said
        return _("%(name)s: %(command)s has no such command") % {**said, "name": name}, hint
    if match := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text):
        extra = {**said, "arguments": match[1]}
        return _("%(arguments)s: %(command)s takes no such argument") % extra, more
    if text.startswith("Missing command"):
        lists = _("`%(command)s --help` lists them") % said
        return _("%(command)s needs a command") % said, lists
    return _plain(text), more


def _bad_value(error: clicks.BadParameter, more: str) -> tuple[str, str | None]:
    """A value of the wrong type: worded by error_words when typer's pydantic read it."""
    from pydantic import ValidationError

    name = _name(error.param) if error.param is not None else _("a value")
    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        from posecoach.error_words import describe

        said = describe(None, (), cause.errors()[0])
        return f"{name}: {said.message}", said.hint or more
    return f"{name}: {_plain(error.message)}", more


def _options(params: Sequence[Any]) -> list[str]:
    return [
        option
        for param in params
        for option in [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
        if option.startswith("-")
    ]


def _name(param: Any) -> str:
    """An option as typed (its long form), an argument by its metavar."""
    if getattr(param, "param_type_name", "") == "option":
        long = [o for o in param.opts if o.startswith("--")]
        return str(long[0] if long else param.opts[0])
    return str(param.metavar or (param.name or "value").upper())


def _literal(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return str(value)


def _plain(text: str) -> str:
    """click's sentence, as ours are written: lower case first, no full stop."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]
