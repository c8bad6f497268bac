"""plan.yaml: the canonical plan file (folder/plan_file.py reads it back)."""

from __future__ import annotations

from functools import partial
from typing import Any

from posecoach.model import Plan, Session
from posecoach.render.memo import RenderMemo
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


def render_plan_file(plan: Plan, memo: RenderMemo | None = None) -> str:
    """plan.yaml; `memo`: the command's, when it writes more than this plan."""
    kept = (memo or RenderMemo()).yaml_lines
    # Unset optional fields (a dose's other units, a missing baseline) are left out.
    data = plan.model_dump(mode="json", exclude_none=True, exclude=_WITHOUT_ITEMS)
    for week, week_data in zip(plan.weeks, data["weeks"], strict=True):
        week_data["sessions"] = [
            _with_items(session, found, kept)
            for session, found in zip(week.sessions, week_data["sessions"], strict=True)
        ]
    return HEADER + dump(data)


def _with_items(
    session: Session, found: dict[str, Any], kept: dict[tuple[int, int], tuple[object, list[str]]]
) -> dict[str, Any]:
    """The session's data with its items back in their place (the fields' order)."""
    items = [
        Shared(item, partial(item.model_dump, mode="json", exclude_none=True), kept)
        for item in session.items
    ]
    return {
        name: items if name == "items" else found[name]
        for name in Session.model_fields
        if name in found or name == "items"
    }
