"""A session before its date is final: the template's items at this week's dose.

Drafting asks the pain rule which drills to leave out; a draft the days cannot
keep apart from a heavy calf day is kept light (engine/days.py decides how).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

from posecoach.engine import days, dosing, pain, running
from posecoach.engine.state import Ladder, Ledger, Restrictions
from posecoach.model import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    Curriculum,
    Dose,
    Drill,
    Item,
    Prescription,
    RunWalk,
    SessionTemplate,
)
from posecoach.model.values import Block, SessionKind

# What a session renamed for pain is about, in place of its template's focus.
PAUSED_FOCUS = (
    "Running is paused while the pain settles: only the gentle strength and mobility"
    " work below, and nothing that hurts more than 3 out of 10."
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
    title: str | None = None  # what the session is called when pain changed what it holds
    kind: SessionKind | None = None

    def heavy(self, heavy_run_minutes: float) -> bool:
        return any(days.is_heavy(item, heavy_run_minutes) for item in self.items)


def draft(
    slot: int,
    template: SessionTemplate,
    curriculum: Curriculum,
    restrictions: Restrictions,
    ladder: Ladder,
    volume: float | None,
    limits: Mapping[str, Prescription] | None = None,
    run_cap: float = math.inf,
) -> Draft:
    """The template's items at this week's rung and dose progress, less what the
    pain rule leaves out (a heavy drill gives way to its low-load stand-in), and
    no dose above what a hold or step-back allows (`limits`, by drill)."""
    items: list[Item] = []
    optional: list[bool] = []
    removed: list[str] = []
    entries = [(curriculum.drill(e.drill), e.dose, e.block, e.optional) for e in template.items]
    for drill, dose_given, block, is_optional in entries:
        exclusion = pain.leaves_out(drill, restrictions)
        if exclusion == "check-in":
            removed.append(drill.name)  # noted on this week's sessions
            stand_in = curriculum.drill(drill.replaced_by) if drill.replaced_by else None
            fresh = stand_in is not None and all(item.drill != stand_in.id for item in items)
            if stand_in is not None and fresh and not pain.leaves_out(stand_in, restrictions):
                items.append(_item(stand_in, None, None, 0.0, None, limits))
                optional.append(False)
        if exclusion is not None:
            continue  # an injury's drills are noted once for the whole plan
        items.append(
            _item(
                drill, dose_given, block, ladder.progress, volume, limits, curriculum, ladder.stage
            )
        )
        optional.append(is_optional)
    title, kind = _retitled(template, items, restrictions) if removed else (None, None)
    return Draft(
        slot,
        template,
        tuple(items),
        tuple(optional),
        ladder.stage,
        volume,
        run_cap=run_cap,
        removed=tuple(removed),
        title=title,
        kind=kind,
    )


def _item(
    drill: Drill,
    dose_given: Dose | None,
    block: Block | None,
    progress: float,
    volume: float | None,
    limits: Mapping[str, Prescription] | None,
    curriculum: Curriculum | None = None,
    stage: int = 0,
) -> Item:
    run: RunWalk | None = None
    dose: Prescription | None = None
    if drill.ladder and curriculum is not None:
        run = running.stage_run(curriculum.run_ladder[stage], volume)
        minutes = dosing.run_minutes(run)
    else:
        dose = dosing.prescribe(dose_given or drill.dose, progress, volume)
        dose = dosing.cap_dose(dose, (limits or {}).get(drill.id))
        minutes = dosing.prescription_minutes(dose)
    return Item(
        drill=drill.id,
        name=drill.name,
        element=drill.element,
        block=block or DEFAULT_BLOCK[drill.element],
        dose=dose,
        run=run,
        cues=drill.cues,
        cadence=drill.cadence,
        plyometric=drill.plyometric,
        loads=drill.loads,
        figure=drill.figure or DEFAULT_FIGURE[drill.element],
        minutes=minutes,
    )


def _retitled(
    template: SessionTemplate, items: list[Item], restrictions: Restrictions
) -> tuple[str | None, SessionKind | None]:
    """A session's name for what it holds once running is stopped, so no event
    called a run holds only stretches."""
    if restrictions.stop_running is None:
        return None, None
    if any(item.element not in pain.STRENGTH_ONLY for item in items):
        return None, None
    if any(item.element != "mobility" for item in items):
        return "Strength and mobility (running paused)", "strength"
    if items:
        return "Mobility (running paused)", "mobility"
    return "Rest day (running paused)", "mobility"


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
        run_cap=min(draft.run_cap, light.run_cap),
        notes=(*draft.notes, light.note),
    )
