"""A session before its date is final: the template's items at this week's dose.

Drafting asks the pain rule which drills to leave out; a draft the days cannot
keep apart from a heavy calf day is kept light (engine/days.py decides how).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from posecoach.engine import days, dosing, pain, running
from posecoach.engine.state import Ladder, Ledger, Restrictions
from posecoach.model import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    Curriculum,
    Item,
    Prescription,
    RunWalk,
    SessionTemplate,
)


class Draft(NamedTuple):
    slot: int
    template: SessionTemplate
    items: tuple[Item, ...]
    optional: tuple[bool, ...]  # per item: may go first when the session runs long
    stage: int  # the rung of the run ladder this week aims for
    deload: float | None  # the volume factor on a deload week (or a week stepping back)
    run_cap: float = math.inf  # running minutes allowed on top of the longest-run rule
    notes: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # drills a check-in took out

    def heavy(self, heavy_run_minutes: float) -> bool:
        return any(days.is_heavy(item, heavy_run_minutes) for item in self.items)


def draft(
    slot: int,
    template: SessionTemplate,
    curriculum: Curriculum,
    injured: frozenset[str],
    restrictions: Restrictions,
    ladder: Ladder,
    volume: float | None,
) -> Draft:
    """The template's items at this week's rung and dose progress, less what the
    pain rule leaves out."""
    items: list[Item] = []
    optional: list[bool] = []
    removed: list[str] = []
    for entry in template.items:
        drill = curriculum.drill(entry.drill)
        exclusion = pain.leaves_out(drill, injured, restrictions)
        if exclusion == "check-in":
            removed.append(drill.name)  # noted on this week's sessions
        if exclusion is not None:
            continue  # an injury's drills are noted once for the whole plan
        run: RunWalk | None = None
        dose: Prescription | None = None
        if drill.ladder:
            run = running.stage_run(curriculum.run_ladder[ladder.stage], volume)
            minutes = dosing.run_minutes(run)
        else:
            dose = dosing.prescribe(entry.dose or drill.dose, ladder.progress, volume)
            minutes = dosing.prescription_minutes(dose)
        items.append(
            Item(
                drill=drill.id,
                name=drill.name,
                element=drill.element,
                block=entry.block or DEFAULT_BLOCK[drill.element],
                dose=dose,
                run=run,
                cues=drill.cues,
                cadence=drill.cadence,
                plyometric=drill.plyometric,
                loads=drill.loads,
                figure=drill.figure or DEFAULT_FIGURE[drill.element],
                minutes=minutes,
            )
        )
        optional.append(entry.optional)
    return Draft(
        slot, template, tuple(items), tuple(optional), ladder.stage, volume, removed=tuple(removed)
    )


def lighten(draft: Draft, heavy_run_minutes: float, ledger: Ledger, week: int, key: str) -> Draft:
    """Take the heavy calf load out of a session that cannot be kept apart."""
    light = days.keep_light(draft.items, heavy_run_minutes)
    ledger.record(week, "heavy_days", light.note, session=key)
    kept = [
        (item, optional)
        for item, optional, keep in zip(draft.items, draft.optional, light.keep, strict=True)
        if keep
    ]
    return draft._replace(
        items=tuple(item for item, _ in kept),
        optional=tuple(optional for _, optional in kept),
        run_cap=light.run_cap,
        notes=(*draft.notes, light.note),
    )
