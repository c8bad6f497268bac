"""plan.yaml: the canonical plan file, and reading it back."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from posecoach.model import Plan
from posecoach.render.yaml_text import dump

HEADER = (
    "# posecoach plan: generated from a curriculum, a runner profile and the\n"
    "# progression rules. Edit those and run `posecoach plan` again rather than\n"
    "# editing this file. Session keys stay stable across regenerations.\n"
)


def render_plan_file(plan: Plan) -> str:
    # Unset optional fields (a dose's other units, a missing baseline) are left out.
    return HEADER + dump(plan.model_dump(mode="json", exclude_none=True))


def parse_plan_file(text: str) -> Plan:
    from posecoach.loaders import yaml_data

    return Plan.model_validate(yaml_data(text))


class PlanHeader(BaseModel):
    """What a new run needs from the last plan: which curriculum, when, how long, and
    in which zone (kept for a profile that names none)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    plan_id: str
    curriculum: str
    start: date
    end: date
    timezone: str | None = None

    @property
    def weeks(self) -> int:
        return ((self.end - self.start).days + 1) // 7


def parse_plan_header(text: str) -> PlanHeader:
    """Read the top-level fields only: they precede `weeks:`, which is the bulk.

    A full parse of a 12-week plan takes longer than building one.
    """
    from posecoach.loaders import yaml_data

    head = text.split("\nweeks:", 1)[0]
    return PlanHeader.model_validate(yaml_data(head))
