"""The one jinja2 Environment factory.

StrictUndefined turns a typo in a template into an error instead of an empty
string. Each kind of output gets the escaping it needs (see `environment`).
"""

from __future__ import annotations

from functools import cache

import jinja2

from posecoach import resources
from posecoach.render import text


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_text(value: object) -> object:
    """Every value printed into Markdown: HTML-special characters become entities.

    GitHub renders raw HTML inside Markdown, so a runner called "<b>Jo" would
    otherwise turn the page bold (or worse).
    """
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


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
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell=markdown_cell,
        day_month=text.day_month,
        weekday_date=text.weekday_date,
        long_date=text.long_date,
        clock=text.clock,
        percent=text.percent,
    )
    return env


def render(template: str, **context: object) -> str:
    kind = template.split("/", 1)[0] if "/" in template else "text"
    return environment(kind).get_template(template).render(**context)
