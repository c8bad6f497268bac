"""plan.yaml: the canonical plan file, and reading it back."""

from __future__ import annotations

from typing import Any

import yaml

from posecoach.model import Plan

HEADER = (
    "# posecoach plan: generated from a curriculum, a runner profile and the\n"
    "# progression rules. Edit those and run `posecoach plan` again rather than\n"
    "# editing this file. Session keys stay stable across regenerations.\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style everywhere, and long text kept on one line per value."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render_plan_file(plan: Plan) -> str:
    data = plan.model_dump(mode="json")
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return HEADER + body


def parse_plan_file(text: str) -> Plan:
    data: Any = yaml.safe_load(text)
    return Plan.model_validate(data)
