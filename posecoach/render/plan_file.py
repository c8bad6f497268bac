"""plan.yaml: the canonical plan file, and reading it back."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict

from posecoach.model import Plan, Session
from posecoach.render.yaml_text import Shared, dump

HEADER = (
    "# posecoach plan: generated from a curriculum, a runner profile and the\n"
    "# progression rules. Edit those and run `posecoach plan` again rather than\n"
    "# editing this file. Session keys stay stable across regenerations.\n"
)


# Sessions' items are most of a plan, and the engine shares one frozen Item among
# every session (and plan) that holds the same drill at the same dose: each is
# converted and written once (see yaml_text.Shared), the rest of the plan as is.
_WITHOUT_ITEMS = {"weeks": {"__all__": {"sessions": {"__all__": {"items"}}}}}


def render_plan_file(plan: Plan) -> str:
    # Unset optional fields (a dose's other units, a missing baseline) are left out.
    data = plan.model_dump(mode="json", exclude_none=True, exclude=_WITHOUT_ITEMS)
    for week, week_data in zip(plan.weeks, data["weeks"], strict=True):
        week_data["sessions"] = [
            _with_items(session, found)
            for session, found in zip(week.sessions, week_data["sessions"], strict=True)
        ]
    return HEADER + dump(data)


def _with_items(session: Session, found: dict[str, Any]) -> dict[str, Any]:
    """The session's data with its items back in their place (the fields' order)."""
    items = [
        Shared(item, partial(item.model_dump, mode="json", exclude_none=True))
        for item in session.items
    ]
    return {
        name: items if name == "items" else found[name]
        for name in Session.model_fields
        if name in found or name == "items"
    }


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
