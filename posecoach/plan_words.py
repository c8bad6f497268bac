"""A plan's curriculum words in another language.

A plan is built from the curriculum's English texts (loaders.load_curriculum's
default), so plan.yaml, and every check and digest made from it, is the same
whatever language the runner reads: its words are data keyed by the drill,
template and phase ids beside them. Renderers that write for a runner in another
language take the plan through `in_language`, with the same curriculum loaded in
that language: drill names, cues, dose notes, session titles and foci, phase names
and foci, the plan's name, and the drill names inside remarks come out in it. The
words the engine never took from the curriculum (remarks, doses, dates) are the
renderers' own, from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from posecoach import i18n
from posecoach.i18n import ngettext
from posecoach.model import Curriculum, Item, Plan, Remark, Session, Week
from posecoach.model.plan import HomeWork, Param


def weeks_said(count: int) -> str:
    """'12 weeks' in the language in force, by the catalogue's plural forms ('1 tydzień',
    '2 tygodnie', '5 tygodni', '22 tygodnie')."""
    return ngettext("%(count)s week", "%(count)s weeks", count) % {"count": count}


def _weeks_in_name() -> re.Pattern[str]:
    """A count of weeks as the language in force says it, in any of its plural forms:
    a curriculum's name may give its usual length ('..., 12 tygodni'); a plan of
    another length says its own (plan.yaml keeps engine/build.plan_title's English)."""
    forms = {ngettext("%(count)s week", "%(count)s weeks", n) for n in range(1, 112)}
    said = (re.escape(form).replace(re.escape("%(count)s"), r"\d+") for form in forms)
    return re.compile(r"\b(?:" + "|".join(sorted(said, key=len, reverse=True)) + r")\b")


def in_language(plan: Plan, source: Curriculum, target: Curriculum, language: str) -> Plan:
    """`plan`, built from `source`, with its curriculum words as `target` (the same
    curriculum, loaded in `language`) gives them; everything else unchanged."""
    if source.id != plan.curriculum or target.id != plan.curriculum:
        raise ValueError(f"the plan was built from {plan.curriculum!r}, not {target.id!r}")
    return _Words(source, target).plan(plan, language)


class _Words:
    """The source's words mapped to the target's, by the ids that hold them."""

    def __init__(self, source: Curriculum, target: Curriculum) -> None:
        self.source, self.target = source, target
        self.names = {d.name: target.drill(d.id).name for d in source.drills}
        self.notes = {d.id: _notes(source, target, d.id) for d in source.drills}
        self.items: dict[int, Item] = {}  # the engine shares items: so do their words

    def plan(self, plan: Plan, language: str) -> Plan:
        own = plan.own_running
        if own is not None:
            own = own.model_copy(update={"advice": self.remark(own.advice)})
        return plan.model_copy(
            update={
                "curriculum_name": self.title(plan, language),
                "weeks": [self.week(week) for week in plan.weeks],
                "adjustments": [
                    a.model_copy(update={"params": self.params(a.params)}) for a in plan.adjustments
                ],
                "own_running": own,
            }
        )

    def title(self, plan: Plan, language: str) -> str:
        if self.target.name == self.source.name:
            return plan.curriculum_name
        with i18n.use(language):
            return _weeks_in_name().sub(lambda _: weeks_said(len(plan.weeks)), self.target.name)

    def week(self, week: Week) -> Week:
        phase = _by_id(self.target.phases, week.phase)
        return week.model_copy(
            update={
                "phase_name": phase.name if phase else week.phase_name,
                "focus": phase.focus if phase else week.focus,
                "sessions": [self.session(session) for session in week.sessions],
                "home": None if week.home is None else [self.home(work) for work in week.home],
            }
        )

    def session(self, session: Session) -> Session:
        template = _by_id(self.target.templates, session.template)
        return session.model_copy(
            update={
                "title": template.title if template else session.title,
                "focus": template.focus if template else session.focus,
                "items": [self.item(item) for item in session.items],
                "notes": [self.remark(note) for note in session.notes],
            }
        )

    def home(self, work: HomeWork) -> HomeWork:
        items = [self.item(item) for item in work.items]
        note = work.note
        if note is not None:
            note = self.remark(note)
            if isinstance(note.params.get("items"), list):  # 'name dose' of each item
                worded = [f"{item.name} {item.dose_text}" for item in items]
                note = note.model_copy(update={"params": {**note.params, "items": worded}})
        return work.model_copy(update={"items": items, "note": note})

    def item(self, item: Item) -> Item:
        done = self.items.get(id(item))
        if done is not None:
            return done
        source = _by_id(self.source.drills, item.drill)
        target = _by_id(self.target.drills, item.drill)
        if source is None or target is None:
            return item
        cues = [
            target.cues[source.cues.index(cue)] if cue in source.cues else cue for cue in item.cues
        ]
        dose = item.dose
        if dose is not None and dose.note is not None:
            note = self.notes[item.drill].get(dose.note, dose.note)
            dose = dose.model_copy(update={"note": note})
        words = {"name": target.name, "cues": cues, "dose": dose}
        done = self.items[id(item)] = item.model_copy(update=words)
        return done

    def remark(self, remark: Remark) -> Remark:
        return remark.model_copy(update={"params": self.params(remark.params)})

    def params(self, params: dict[str, Param]) -> dict[str, Param]:
        """Drill names in a remark's parameters (names, lists of them, or 'A | B')."""
        return {key: self.param(value) for key, value in params.items()}

    def param(self, value: Param) -> Param:
        if isinstance(value, str):
            return self.name(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [self.name(str(v)) for v in value]
        return value

    def name(self, text: str) -> str:
        if text in self.names:
            return self.names[text]
        parts = text.split(" | ")
        if len(parts) > 1 and all(part in self.names for part in parts):
            return " | ".join(self.names[part] for part in parts)
        return text


def _notes(source: Curriculum, target: Curriculum, drill_id: str) -> dict[str, str]:
    """A drill's dose notes, source to target: its own, its templates' and phases'."""
    pairs: list[tuple[Any, Any]] = [(source.drill(drill_id).dose, target.drill(drill_id).dose)]
    for mine, theirs in zip(source.templates, target.templates, strict=True):
        pairs += [
            (a.dose, b.dose)
            for a, b in zip(mine.items, theirs.items, strict=True)
            if a.drill == drill_id
        ]
    for mine_phase, their_phase in zip(source.phases, target.phases, strict=True):
        if drill_id in mine_phase.doses:
            pairs.append((mine_phase.doses[drill_id], their_phase.doses[drill_id]))
    return {a.note: b.note for a, b in pairs if a is not None and a.note and b is not None}


def _by_id(found: Iterable[Any], wanted: str) -> Any:
    for each in found:
        if each.id == wanted:
            return each
    return None
