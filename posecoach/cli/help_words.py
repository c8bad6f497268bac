"""`--help` in the reader's language: our own formatter for every command's help.

Help texts are set when the commands are defined, before anyone knows the
language: an option's `help=` is marked with N_, a command's help is its
docstring (the catalogue reads those with `extract` below). Both are the
English msgids, translated here as the help is written, when --lang is known
(the root looks for it before any help is printed: cli/language.py). typer's and
click's own words in a help page ("Usage:", "Options", "[default: ...]", "Show
this message and exit.") are translated here too. English help is unchanged:
English translates every message to itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO, Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help

from posecoach.i18n import N_, gettext, pgettext

# typer's own help texts, for the catalogue (the options typer adds to every app).
TYPER_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
JSON_HELP = N_("Print JSON for scripts (dates ISO, times HH:MM, stable keys): %(keys)s.")
HEADINGS = {"Options": N_("Options"), "Arguments": N_("Arguments"), "Commands": N_("Commands")}
# What a value of an option is (the <...> after it), as typer names its type.
# Translators: the kind of value an option takes, shown as <path>, <str>, <int range>.
KINDS = (
    N_("path"),
    N_("str"),
    N_("int"),
    N_("int range"),
    N_("float"),
    N_("float range"),
    N_("id"),
    N_("plan id"),
    N_("list[Path]"),
)
_KIND = re.compile(r"<([A-Za-z \[\]]+)>")
# The usage line's placeholders, as click writes them.
_USAGE = re.compile(r"\[OPTIONS\]|COMMAND \[ARGS\]\.\.\.")
# The placeholders for an argument's or option's value (metavars), as the commands
# name them: said in the reader's language in the usage line and the lists.
METAVARS = ("SESSION", "FILE", "CLIP", "DIR", "NAME", "SPM", "folders", "kind", "YYYY-MM-DD")
_METAVAR = re.compile(r"(?<![\w-])(" + "|".join(METAVARS) + r")(?![\w-])")
# typer's notes after an option's help: "  [default: 3; 0<=x<=1440; required]".
_NOTES = re.compile(r"^(?P<help>.*?)(?:\s*\[(?P<notes>[^\[\]]*)\])?$", re.S)


def said(text: str) -> str:
    """A help text (a msgid) in the language in force."""
    start, _, end = JSON_HELP.partition("%(keys)s")
    if text.startswith(start) and text.endswith(end):  # a --json's help, naming its keys
        keys = text.removeprefix(start).removesuffix(end)  # a msgid where it says more
        return gettext(JSON_HELP) % {"keys": gettext(keys)}
    return gettext(text) if text else text


def _usage_words(args: str) -> str:
    def word(match: re.Match[str]) -> str:
        if match[0] == "[OPTIONS]":
            return "[" + pgettext("usage", "OPTIONS") + "]"
        return pgettext("usage", "COMMAND") + " [" + pgettext("usage", "ARGS") + "]..."

    return _USAGE.sub(word, args)


def metavar_words() -> dict[str, str]:
    """Each placeholder in the language in force (pgettext here, for the catalogue)."""
    return {
        "SESSION": pgettext("metavar", "SESSION"),
        "FILE": pgettext("metavar", "FILE"),
        "CLIP": pgettext("metavar", "CLIP"),
        "DIR": pgettext("metavar", "DIR"),
        "NAME": pgettext("metavar", "NAME"),
        "SPM": pgettext("metavar", "SPM"),
        "folders": pgettext("metavar", "folders"),
        "kind": pgettext("metavar", "kind"),
        "YYYY-MM-DD": pgettext("metavar", "YYYY-MM-DD"),
    }


def metavars(text: str) -> str:
    """The value placeholders in a usage line or an option's cell, in the reader's words."""
    words = metavar_words()
    return _METAVAR.sub(lambda match: words[match[1]], text)


def _kinds(first: str) -> str:
    return _KIND.sub(
        lambda match: f"<{gettext(match[1])}>" if match[1] in KINDS else match[0],
        first,
    )


def _notes(notes: str) -> str:
    worded = []
    for note in notes.split("; "):
        if note == "required":
            worded.append(pgettext("help", "required"))
        elif note.startswith("default: "):
            value = note.removeprefix("default: ")
            worded.append(pgettext("help", "default: %(value)s") % {"value": value})
        elif note.startswith("env var: "):
            value = note.removeprefix("env var: ")
            worded.append(pgettext("help", "env var: %(value)s") % {"value": value})
        else:  # a range, 0<=x<=1440: no words
            worded.append(note)
    return "; ".join(worded)


def _help_cell(text: str) -> str:
    match = _NOTES.match(text)
    if match is None or match["notes"] is None:
        return said(text)
    help_text = said(match["help"])
    notes = f"[{_notes(match['notes'])}]"
    return f"{help_text}  {notes}" if help_text else notes


def _example(line: str) -> str:
    if not line.startswith("  posecoach "):
        return line
    return "  " + gettext(line.removeprefix("  "))


class WordedFormatter(HelpFormatter):
    """click's help formatter, saying each of its words in the language in force."""

    def __init__(self, *args: Any, ctx: Context | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx = ctx
        self._section: str | None = None

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = pgettext("help", "Usage:") + " "
        super().write_usage(prog, metavars(_usage_words(args)), prefix)

    def write_text(self, text: str) -> None:
        lines = said(text).split("\n")  # a command's help is one msgid, its epilog is not
        worded = [pgettext("help", "Examples:") if line == "Examples:" else line for line in lines]
        # An example whose words are the reader's ('flu with fever') is a msgid (N_).
        worded = [_example(line) for line in worded]
        super().write_text("\n".join(worded))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self._section == "Commands":
            rows = [(name, self._short_help(name, text)) for name, text in rows]
        else:
            rows = [(metavars(_kinds(first)), _help_cell(second)) for first, second in rows]
        super().write_dl(rows, col_max, col_spacing)

    def _short_help(self, name: str, shown: str) -> str:
        """A command's line in a list of commands: the start of its help, cut to fit
        as click cuts it (click cut the English before this formatter saw it)."""
        group = self.ctx.command if self.ctx is not None else None
        found = group.get_command(self.ctx, name) if group is not None else None  # type: ignore[attr-defined]
        if found is None or found.short_help or not found.help:
            return said(shown)
        names = [n for n in group.list_commands(self.ctx) if n]  # type: ignore[union-attr]
        limit = self.width - 6 - max(len(n) for n in names)
        return make_default_short_help(said(found.help), limit)

    def section(self, name: str) -> Any:
        self._section = name
        return super().section(gettext(HEADINGS.get(name, name)))


class WordedContext(Context):
    """A context whose help is written by WordedFormatter."""

    formatter_class = WordedFormatter

    def make_formatter(self) -> HelpFormatter:
        return WordedFormatter(
            width=self.terminal_width, max_width=self.max_content_width, ctx=self
        )


def usage_prefix() -> str:
    """What the usage line starts with, in the language in force."""
    return pgettext("help", "Usage:") + " "


# ------------------------------------------------------------------ the catalogue


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[Any, ...]]:  # (lineno, funcname, message, comments)
    """Babel's Python extraction, plus each command's docstring (its help, as typer
    cleans it): pyproject's [tool.babel] maps posecoach/cli to this."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(map(_is_command, node.decorator_list)):
            doc = ast.get_docstring(node)
            if doc:
                yield node.body[0].lineno, None, doc, []
