"""A session before its date is final: the template's items at this week's dose.

Drafting asks the pain rule which drills to leave out; a draft the days cannot
keep apart from a heavy calf day is kept light (engine/days.py decides how).
A draft may carry extra items folded in from another template (the weekly calf
and foot-core work, engine/weekly.py); on a deload week it introduces no drill
the plan has not shown before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from posecoach.engine import days, dosing, pain, running
from posecoach.engine.state import Ladder, Restrictions
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
from posecoach.model.curriculum import TemplateItem
from posecoach.model.values import Block, SessionKind

# What a session renamed for pain is about, in place of its template's focus.
PAUSED_FOCUS = (
    "Running is paused while the pain settles: only the gentle strength and mobility"
    " work below, and nothing that hurts more than 3 out of 10."
)


# Curriculum.drill scans its drills, and a plan looks drills up tens of thousands
# of times: a table made once per curriculum instead, kept with the curriculum
# itself (read once per command, so never shared with another command's build).
def drill_of(curriculum: Curriculum, drill_id: str) -> Drill:
    """`curriculum.drill(drill_id)`, from a table made once per curriculum."""
    held = curriculum.made.get("drills")
    if held is None or held[0] is not curriculum.drills:  # a copy with other drills
        held = curriculum.made["drills"] = (curriculum.drills, {d.id: d for d in curriculum.drills})
    table: dict[str, Drill] = held[1]
    return table[drill_id]


class Draft(NamedTuple):
    slot: int
    template: SessionTemplate
    items: tuple[Item, ...]
    optional: tuple[bool, ...]  # per item: may go first when the session runs long
    stage: int  # the rung of the run ladder this week aims for
    deload: float | None  # the volume factor on a deload week (or a week stepping back)
    progress: float = 0.0  # through the phase's doses, 0..1
    limits: Mapping[str, Prescription] | None = None  # a hold's most of each drill
    run_cap: float = math.inf  # running minutes allowed on top of the longest-run rule
    notes: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # drills a check-in took out
    title: str | None = None  # what the session is called when pain changed what it holds
    kind: SessionKind | None = None

    def heavy(self, heavy_run_minutes: float, strength: bool = True) -> bool:
        """Whether it is a heavy calf day (`strength`: counting heavy calf strength)."""
        return any(
            days.is_heavy(item, heavy_run_minutes)
            and (strength or not days.is_heavy_calf_strength(item))
            for item in self.items
        )


def draft(
    slot: int,
    template: SessionTemplate,
    curriculum: Curriculum,
    restrictions: Restrictions,
    ladder: Ladder,
    volume: float | None,
    limits: Mapping[str, Prescription] | None = None,
    run_cap: float = math.inf,
    *,
    extra: Sequence[TemplateItem] = (),
    phase_doses: Mapping[str, Dose] | None = None,
    known: frozenset[str] | None = None,
    without: frozenset[str] = frozenset(),
) -> Draft:
    """The template's items (and `extra` ones, before the cool-down) at this week's
    rung and dose progress, less what the pain rule leaves out (a heavy drill gives
    way to its low-load stand-in), no dose above what a hold or step-back allows
    (`limits`, by drill), and, when `known` is given (a deload week), none of the
    drills the plan has not shown yet, nor the drills in `without` past the warm-up."""
    items: list[Item] = []
    optional: list[bool] = []
    removed: list[str] = []
    phase_doses = phase_doses or {}
    for entry in _spliced(template.items, extra, curriculum):
        drill = drill_of(curriculum, entry.drill)
        if known is not None and drill.id not in known:
            continue  # a lighter week is no time for something new
        if drill.id in without and entry.block != "warm-up":
            continue
        exclusion = pain.leaves_out(drill, restrictions)
        if exclusion == "check-in":
            removed.append(drill.name)  # noted on this week's sessions
            stand_in = drill_of(curriculum, drill.replaced_by) if drill.replaced_by else None
            fresh = stand_in is not None and all(item.drill != stand_in.id for item in items)
            if stand_in is not None and fresh and not pain.leaves_out(stand_in, restrictions):
                items.append(_item(stand_in, None, None, 0.0, None, limits))
                optional.append(False)
        if exclusion is not None:
            continue  # an injury's drills are noted once for the whole plan
        dose = entry.dose or phase_doses.get(drill.id)
        items.append(
            _item(
                drill, dose, entry.block, ladder.progress, volume, limits, curriculum, ladder.stage
            )
        )
        optional.append(entry.optional)
    title, kind = _retitled(template, items, restrictions) if removed else (None, None)
    return Draft(
        slot,
        template,
        tuple(items),
        tuple(optional),
        ladder.stage,
        volume,
        ladder.progress,
        limits,
        run_cap=run_cap,
        removed=tuple(removed),
        title=title,
        kind=kind,
    )


def _spliced(
    entries: Sequence[TemplateItem], extra: Sequence[TemplateItem], curriculum: Curriculum
) -> list[TemplateItem]:
    """`extra` goes after the session's main work, before its closing stretches."""
    if not extra:
        return list(entries)
    blocks = [e.block or DEFAULT_BLOCK[drill_of(curriculum, e.drill).element] for e in entries]
    at = len(entries)
    while at > 0 and blocks[at - 1] == "mobility":
        at -= 1
    return [*entries[:at], *extra, *entries[at:]]


# Items are frozen, and a plan holds the same drill at the same dose many times
# (a squad, across athletes too): each is made (and validated) once, and kept with
# its drill (Drill.made: as long as the command's curriculum, in no module). Keyed
# by the identity of the curriculum's own objects, which the entry holds, so an
# id is never another object's while its entry lasts.


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
    """The drill as an item of a session: its run at the ladder's `stage`, else its
    dose at this `progress` and `volume` under the drill's limit."""
    limit = (limits or {}).get(drill.id)
    if drill.ladder and curriculum is not None:
        key: tuple[object, ...] = (block, id(curriculum), stage, volume)
    else:
        key = (block, id(dose_given), progress, volume, limit)
    kept = drill.made
    found = kept.get(key)
    if found is None:
        if len(kept) >= 512:  # a plan needs a few dozen a drill: memory stays flat
            kept.clear()
        made = _new_item(drill, dose_given, block, progress, volume, limits, curriculum, stage)
        found = kept[key] = (made, (dose_given, curriculum))
    item: Item = found[0]
    return item


def _new_item(
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
        counts_as=drill.counts_as,
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


def lighten(
    draft: Draft,
    curriculum: Curriculum,
    heavy_run_minutes: float,
    known: frozenset[str] | None,
    restrictions: Restrictions,
) -> Draft:
    """Take the heavy calf load out of a session that cannot be kept apart: no
    plyometric calf drills, a run under the heavy length, and each heavy calf
    strength drill swapped for its lighter one (so the week keeps its calf work)."""
    light = days.keep_light(draft.items, heavy_run_minutes)
    items: list[Item] = []
    optional: list[bool] = []
    dropped: list[str] = []
    swapped: list[tuple[str, str | None]] = []
    for item, is_optional, keep, heavier in zip(
        draft.items, draft.optional, light.keep, light.lighten, strict=True
    ):
        if not keep:
            dropped.append(item.name)
            continue
        if not heavier:
            items.append(item)
            optional.append(is_optional)
            continue
        lighter = _lighter(item, curriculum, known, restrictions)
        if lighter is None or any(i.drill == lighter.id and i.block != "warm-up" for i in items):
            swapped.append((item.name, lighter.name if lighter is not None else None))
            continue
        items.append(_item(lighter, None, None, draft.progress, draft.deload, draft.limits))
        optional.append(is_optional)
        swapped.append((item.name, lighter.name))
    note = days.light_note(dropped, swapped)
    return draft._replace(
        items=tuple(items),
        optional=tuple(optional),
        run_cap=min(draft.run_cap, light.run_cap),
        notes=(*draft.notes, note),
    )


def _lighter(
    item: Item, curriculum: Curriculum, known: frozenset[str] | None, restrictions: Restrictions
) -> Drill | None:
    """The lighter drill that stands in for a heavy calf drill on a day kept light."""
    name = drill_of(curriculum, item.drill).lighter
    if name is None or (known is not None and name not in known):
        return None
    lighter = drill_of(curriculum, name)
    return None if pain.leaves_out(lighter, restrictions) else lighter
