"""The form rule (Rules.form): a clip that shows overstriding, or a trunk leaning
from the hips, shifts the emphasis of the weeks after it to the matching drills.

The Pose lands the foot under the hips and leans the whole body from the
ankles, without a break at the hips (S1, S24). A form check (`posecoach
checkin --video`, or `posecoach form --log`) measures where the foot lands
and how far the trunk leans; past the rule's lines, the technique and run
sessions of the following weeks (starting with the next one, for the rule's
`weeks`) each get a drill of the elements the fault calls for that they lack:
the pull and the Pose for overstriding, the fall and the Pose for a lean from
the hips. The week's phase's own drills come first, then those shown before,
then the curriculum's others; never a plyometric one (the heavy-days rule
keeps its days), never one the pain rule leaves out, and nothing new in a
deload week. When the sessions already hold those elements, the change says
so and adds nothing. The latest clip decides: one without the fault ends the
emphasis.

One module and one entry point (`emphasis`), called once per week by the
session layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

from posecoach.engine import pain
from posecoach.engine.drafts import Draft, drill_of
from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import Inputs, Ledger, PlanState, remark
from posecoach.model import CheckIn, Curriculum, Drill, FormCheck, FormRule, Remark
from posecoach.model.curriculum import TemplateItem
from posecoach.model.rules import FormFault

# The sessions where drill work belongs (strength and mobility sessions keep theirs).
HOSTS = ("technique", "run")


class Fault(NamedTuple):
    kind: FormFault
    measured: float
    line: float


def faults(check: FormCheck, rule: FormRule) -> list[Fault]:
    """What a form check shows past the rule's lines (nothing from too few steps)."""
    found: list[Fault] = []
    enough = check.strike.count >= rule.least_steps / 2 and check.cadence.count >= rule.least_steps
    if enough and check.strike.value > rule.overstride_leg_lengths:
        found.append(Fault("overstriding", check.strike.value, rule.overstride_leg_lengths))
    if check.lean.count >= rule.least_steps and check.lean.value > rule.trunk_lean_degrees:
        found.append(Fault("hip_lean", check.lean.value, rule.trunk_lean_degrees))
    return found


class Emphasis(NamedTuple):
    """What a week's sessions add for a form check: slot -> drills, and the note."""

    extra: dict[int, tuple[TemplateItem, ...]]
    note: Remark | None = None

    def noted(self, drafts: Sequence[Draft]) -> list[Draft]:
        """The drafts, the note on those given drills."""
        if self.note is None:
            return list(drafts)
        return [
            d._replace(notes=(*d.notes, self.note)) if d.slot in self.extra else d for d in drafts
        ]


def in_force(inputs: Inputs, week: int) -> tuple[CheckIn, list[Fault]] | None:
    """The latest form check before the week starts, with its faults, while the rule's
    weeks after it last."""
    start = inputs.week_start(week)
    checks = [c for c in inputs.checkins if c.form is not None and c.date < start]
    if not checks:
        return None
    latest = checks[-1]  # the check-ins are in date order
    assert latest.form is not None
    rule = inputs.rules.form
    if start - latest.date > timedelta(days=7 * rule.weeks):
        return None
    found = faults(latest.form, rule)
    return (latest, found) if found else None


def emphasis(
    inputs: Inputs,
    state: PlanState,
    ledger: Ledger,
    week: WeekOutline,
    drafts: Sequence[Draft],
    known: frozenset[str] | None,
) -> Emphasis:
    """The drills a form check in force adds to this week's drafts (none without one)."""
    found = in_force(inputs, week.number)
    if found is None:
        return Emphasis({})
    cause, shown = found
    curriculum, rule = inputs.curriculum, inputs.rules.form
    rulings = pain.rulings(inputs, state, week.number)
    elements = list(dict.fromkeys(e for f in shown for e in rule.elements[f.kind]))
    choices = _choices(curriculum, state, week, known)
    extra: dict[int, tuple[TemplateItem, ...]] = {}
    for d in drafts:
        if d.template.kind not in HOSTS or d.title is not None:
            continue  # no drill work there, or renamed by the pain rule
        # An element the session works on already (in its warm-up too) needs no more.
        present = {drill_of(curriculum, i.drill).element for i in d.items}
        added = []
        for element in elements:
            drill = next(iter(choices.get(element, ())), None)
            if element in present or drill is None:
                continue
            if rulings.drill(drill).out is None:
                added.append(TemplateItem(drill=drill.id, block="drills"))
        if added:
            extra[d.slot] = tuple(added)
    names = list(
        dict.fromkeys(drill_of(curriculum, e.drill).name for items in extra.values() for e in items)
    )
    assert cause.form is not None
    worked = [drill_of(curriculum, e.drill).element for items in extra.values() for e in items]
    note = remark(
        "form.emphasis",
        date=cause.date.isoformat(),
        clip=cause.form.clip,
        faults=[str(f.kind) for f in shown],
        measured=[round(float(f.measured), 2) for f in shown],
        lines=[float(f.line) for f in shown],
        drills=names,
        elements=[str(e) for e in dict.fromkeys(worked or elements)],
        weeks=rule.weeks,
    )
    ledger.record(week.number, "form", note, checkin=cause)
    return Emphasis(extra, note)


def _choices(
    curriculum: Curriculum, state: PlanState, week: WeekOutline, known: frozenset[str] | None
) -> dict[str, list[Drill]]:
    """element -> the drills it may add, the week's phase's own first, then those shown
    before, then the rest, each in the curriculum's order: never plyometric, never new
    in a deload."""
    phase = {e.drill for t in week.phase.sessions for e in curriculum.template(t).items}
    order = {d.id: n for n, d in enumerate(curriculum.drills)}
    ranked = sorted(
        (d for d in curriculum.drills if not d.plyometric and (known is None or d.id in known)),
        key=lambda d: (d.id not in phase, d.id not in state.seen, order[d.id]),
    )
    by_element: dict[str, list[Drill]] = {}
    for drill in ranked:
        by_element.setdefault(drill.element, []).append(drill)
    return by_element
