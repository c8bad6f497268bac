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

from posecoach.engine import days, dosing, running
from posecoach.engine.effects import STRENGTH_ONLY, DrillCall, Rulings, held
from posecoach.engine.regions import stopped
from posecoach.engine.state import Ladder, remark
from posecoach.model import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    Curriculum,
    Dose,
    Drill,
    Item,
    Prescription,
    Remark,
    RunWalk,
    SessionTemplate,
)
from posecoach.model.curriculum import TemplateItem
from posecoach.model.values import Block, SessionKind


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
    rulings: Rulings | None = None  # what the regions' states allowed it
    run_cap: float = math.inf  # running minutes allowed on top of the longest-run rule
    notes: tuple[Remark, ...] = ()
    removed: tuple[str, ...] = ()  # drills the regions' states took out
    title: str | None = None  # the id of its title when pain changed what it holds
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
    rulings: Rulings,
    ladder: Ladder,
    volume: float | None,
    run_cap: float = math.inf,
    *,
    extra: Sequence[TemplateItem] = (),
    phase_doses: Mapping[str, Dose] | None = None,
    known: frozenset[str] | None = None,
    without: frozenset[str] = frozenset(),
    done: Mapping[str, Prescription] | None = None,
    light_new: bool = False,
    steady: Mapping[str, Prescription] | None = None,
) -> Draft:
    """The template's items (and `extra` ones, before the cool-down) at this week's
    rung and dose progress, less what the regions' states leave out (a drill with a
    low-load stand-in gives way to it), no dose above what they allow; when `known`
    is given (a deload week), none of the drills the plan has not shown yet, nor
    the drills in `without` past the warm-up (`light_new`: but light new ones, in
    the weeks before a race). A drill not in `done` (never done: drill -> its last
    dose) starts at its first dose; while a region's state holds, a drill it lets in
    anew goes no further than that and its last dose. With `steady` (the weeks
    before a race), no drill goes past the dose last done."""
    items: list[Item] = []
    optional: list[bool] = []
    removed: list[str] = []
    phase_doses = phase_doses or {}
    for entry in _spliced(template.items, extra, curriculum):
        drill = drill_of(curriculum, entry.drill)
        new = known is not None and drill.id not in known
        if new and not (light_new and drill.load == "light"):
            continue  # a lighter week, or a race ahead: no time for something new
        if drill.id in without and entry.block != "warm-up":
            continue
        call = rulings.drill(drill)
        if call.out in ("region", "stop"):
            removed.append(drill.name)  # noted on this week's sessions
            stand_in = drill_of(curriculum, drill.replaced_by) if drill.replaced_by else None
            fresh = stand_in is not None and all(item.drill != stand_in.id for item in items)
            if stand_in is not None and fresh:
                stands = rulings.drill(stand_in, stand_in=True)
                if stands.out is None:
                    made = _item(stand_in, None, None, 0.0, volume)
                    if done is not None and stand_in.id in done:
                        made = _held(made, DrillCall(cap=done[stand_in.id]), volume)
                    items.append(_held(made, stands, volume))
                    optional.append(False)
        if call.out is not None:
            continue  # an injury's drills are noted once for the whole plan
        dose = entry.dose or phase_doses.get(drill.id)
        fresh = (done is not None and drill.id not in done) or call.first_dose
        progress = 0.0 if fresh else ladder.progress
        made = _item(drill, dose, entry.block, progress, volume, curriculum, ladder.stage)
        if call.first_dose and done is not None and drill.id in done:
            made = _held(made, DrillCall(cap=done[drill.id]), volume)
        if steady is not None and drill.id in steady:
            made = _held(made, DrillCall(cap=steady[drill.id]), volume)
        items.append(_held(made, call, volume))
        optional.append(entry.optional)
    title, kind = _retitled(items, rulings) if removed else (None, None)
    planned_run = any(drill_of(curriculum, e.drill).ladder for e in template.items)
    if title is None and planned_run and not any(i.run for i in items):
        title = "session.no-run"  # no event called a run without one
    return Draft(
        slot,
        template,
        tuple(items),
        tuple(optional),
        ladder.stage,
        volume,
        ladder.progress,
        rulings,
        run_cap=run_cap,
        removed=tuple(removed),
        title=title,
        kind=kind,
    )


def _held(item: Item, call: DrillCall, volume: float | None) -> Item:
    """The item at no more than the regions' states allow (a step-back: less)."""
    if item.dose is None or (call.cap is None and not call.cut):
        return item
    dose = held(item.dose, call, volume or 0.6)
    if dose == item.dose:
        return item
    return item.model_copy(update={"dose": dose, "minutes": dosing.prescription_minutes(dose)})


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
    curriculum: Curriculum | None = None,
    stage: int = 0,
) -> Item:
    """The drill as an item of a session: its run at the ladder's `stage`, else its
    dose at this `progress` and `volume`."""
    if drill.ladder and curriculum is not None:
        key: tuple[object, ...] = (block, id(curriculum), stage, volume)
    else:
        key = (block, id(dose_given), progress, volume)
    kept = drill.made
    found = kept.get(key)
    if found is None:
        if len(kept) >= 512:  # a plan needs a few dozen a drill: memory stays flat
            kept.clear()
        made = _new_item(drill, dose_given, block, progress, volume, curriculum, stage)
        found = kept[key] = (made, (dose_given, curriculum))
    item: Item = found[0]
    return item


def _new_item(
    drill: Drill,
    dose_given: Dose | None,
    block: Block | None,
    progress: float,
    volume: float | None,
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
        loads=drill.loads,
        load=drill.load,
        figure=drill.figure or DEFAULT_FIGURE[drill.element],
        minutes=minutes,
        counts_as=drill.counts_as,
    )


def _retitled(items: list[Item], rulings: Rulings) -> tuple[str | None, SessionKind | None]:
    """A session's name for what it holds once running is stopped, so no event
    called a run holds only stretches (the id of the title: renderers word it)."""
    if not stopped(rulings.book):
        return None, None
    if any(item.element not in STRENGTH_ONLY for item in items):
        return None, None
    if any(item.element != "mobility" for item in items):
        return "session.paused.strength", "strength"
    if items:
        return "session.paused.mobility", "mobility"
    return "session.paused.rest", "mobility"


def lighten(
    draft: Draft,
    curriculum: Curriculum,
    heavy_run_minutes: float,
    known: frozenset[str] | None,
    rulings: Rulings,
    why: str = "heavy-day",
) -> Draft:
    """Take the heavy calf load out of a session that cannot be kept apart (`why`:
    from another heavy day, or from the runner's long run or race): no
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
        lighter = _lighter(item, curriculum, known, rulings)
        if lighter is None or any(i.drill == lighter.id and i.block != "warm-up" for i in items):
            swapped.append((item.name, lighter.name if lighter is not None else None))
            continue
        made = _item(lighter, None, None, draft.progress, draft.deload)
        items.append(_held(made, rulings.drill(lighter), draft.deload))
        optional.append(is_optional)
        swapped.append((item.name, lighter.name))
    grouped: dict[str, list[str]] = {}
    for heavy, instead in swapped:
        if instead:
            grouped.setdefault(instead, []).append(heavy)
    said = remark(
        "heavy-days.kept-light",
        why=why,
        dropped=dropped,
        instead=list(grouped),
        of=[" | ".join(heavies) for heavies in grouped.values()],
        gone=[heavy for heavy, instead in swapped if not instead],
    )
    return draft._replace(
        items=tuple(items),
        optional=tuple(optional),
        run_cap=min(draft.run_cap, light.run_cap),
        notes=(*draft.notes, said),
    )


def _lighter(
    item: Item, curriculum: Curriculum, known: frozenset[str] | None, rulings: Rulings
) -> Drill | None:
    """The lighter drill that stands in for a heavy calf drill on a day kept light."""
    name = drill_of(curriculum, item.drill).lighter
    if name is None or (known is not None and name not in known):
        return None
    lighter = drill_of(curriculum, name)
    return None if rulings.drill(lighter).out is not None else lighter
