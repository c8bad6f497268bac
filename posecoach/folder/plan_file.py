"""Reading plan.yaml back: the whole plan, or only its header (render/plan_file.py
writes it)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from posecoach.model import Plan


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
