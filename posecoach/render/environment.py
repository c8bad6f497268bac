"""The one jinja2 Environment factory.

StrictUndefined turns a typo in a template into an error instead of an empty
string; HTML templates are autoescaped, Markdown ones escape table cells
through the `cell` filter.
"""

from __future__ import annotations

from functools import cache

import jinja2

from posecoach import resources
from posecoach.render import text


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
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
    return environment().get_template(template).render(**context)
