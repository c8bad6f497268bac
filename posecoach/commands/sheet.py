"""One week's printable drill sheet, written on its own (the whole plan's is plan.html)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from posecoach.errors import UsageError
from posecoach.model import Plan
from posecoach.plan_folder import PlanFolder
from posecoach.render.html import Paper


class SheetResult(NamedTuple):
    path: Path
    week: int
    paper: Paper


def check_week(plan: Plan, week: int) -> None:
    if not 1 <= week <= len(plan.weeks):
        raise UsageError(f"the plan has weeks 1 to {len(plan.weeks)}, not {week}", field="week")


def write_sheet(
    folder: PlanFolder, week: int, paper: Paper | None = None, out: Path | None = None
) -> SheetResult:
    """Write `week`'s sheet to `out` (default: week-NN.html in the folder)."""
    from posecoach.render.html import render_html
    from posecoach.store import write_files

    plan = folder.read_plan()
    check_week(plan, week)
    size = paper or folder.load_profile().paper
    target = out or folder.sheet_file(week)
    html = render_html(plan, size, weeks=[week]).encode()
    [written] = write_files(target.parent, {target.name: html})
    return SheetResult(written, week, size)
