"""The one jinja2 Environment factory.

StrictUndefined turns a typo in a template into an error instead of an empty
string. Each kind of output gets the escaping it needs (see `environment`).
"""

from __future__ import annotations

import contextlib
import os
import re
from functools import cache
from pathlib import Path

import jinja2
import jinja2.bccache

from posecoach import i18n, resources
from posecoach.render import amounts, text, wording


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


class MarkdownDone(str):
    """Markdown a view already made safe in Python (entities, table cells): printed as
    it is, not escaped a second time."""


# An "&" that Markdown would read as the start of an entity ("&amp;", "&#38;").
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def markdown_text(value: object) -> object:
    """Every value printed into Markdown: HTML-special characters become entities.

    GitHub renders raw HTML inside Markdown, so a runner called "<b>Jo" would
    otherwise turn the page bold (or worse). A plain "&" ("Medicine & Science")
    is text to Markdown and stays as it is, read the same as a file and rendered;
    only one that would start an entity is escaped.
    """
    if isinstance(value, str) and not isinstance(value, MarkdownDone):
        return _ENTITY.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    return value


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling them took longer than
    rendering a whole plan). Keyed by each template's source, so an edited
    template is compiled afresh; a cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("POSECOACH_NO_CACHE"):
        return None
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = root / "posecoach" / f"templates-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder))


def yaml_comment(paragraph: str) -> str:
    """A paragraph as YAML comment lines of at most 88 characters: a translation is
    wrapped as the English is."""
    import textwrap

    return textwrap.fill(paragraph, 86, initial_indent="# ", subsequent_indent="# ",
                         break_on_hyphens=False, break_long_words=False)  # fmt: skip


@cache
def environment(kind: str) -> jinja2.Environment:
    """The Environment for `kind`: the top folder of its templates.

    html/ is autoescaped; markdown/ turns <, > and & into entities; anything
    else (the starter profile's YAML) is plain text whose template quotes it.
    """
    markdown = kind == "markdown"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        finalize=markdown_text if markdown else None,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Each call asks the language in force (posecoach.i18n.use), so one cached
    # Environment serves every language; newstyle: `_("... %(n)s", n=...)` escapes.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext,
        i18n.ngettext,
        newstyle=True,
        pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )
    env.filters.update(
        comment=yaml_comment,
        cell=markdown_cell,
        day_month=text.day_month,
        weekday_date=text.weekday_date,
        number=text.number,
        long_date=text.long_date,
        clock=text.clock,
        day_and_time=text.day_and_time,
        percent=text.percent,
        say=wording.say,
        home=wording.home,
        cadence=amounts.cadence,
        reason=wording.reason,
        rule_label=wording.rule_label,
        title_of=wording.title,
        focus_of=wording.focus,
    )
    return env


def render(template: str, **context: object) -> str:
    kind = template.split("/", 1)[0] if "/" in template else "text"
    return environment(kind).get_template(template).render(**context)


def template_text(name: str) -> str:
    """A template folder's file as it is (CSS or script a page inlines)."""
    return (resources.templates_dir() / name).read_text(encoding="utf-8")
