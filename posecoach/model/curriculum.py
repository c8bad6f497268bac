"""A curriculum: the drill library, session templates, run ladder and phases.

Read from a built-in or user YAML file; the engine turns it into a plan.
"""

# ruff: noqa: RUF012
# Pydantic copies a field's `= []` default per instance; ruff cannot see that the
# base classes in values.py are pydantic models, so it takes them for class attributes.

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator

from posecoach import limits
from posecoach.model.values import (
    Block,
    Element,
    Figure,
    InLanguages,
    Input,
    LoadClass,
    Region,
    SessionKind,
    Slug,
    Span,
    Words,
    _SpanModel,
)

# The weekly strength work a drill counts toward (see Rules.strength): calf work two
# to three times a week, light (two legs, no weight, or a static hold) or heavy (heel
# drops, one leg or added weight: calf load, kept apart like plyometrics), and foot
# core three times a week.
Counts = Literal["calf-light", "calf-heavy", "foot-core"]

BONE_LOADED = ("shin", "foot-bones")  # what every landing and every run loads


class Dose(Input):
    """How much of a drill: sets of reps, seconds, metres or minutes.

    Each amount is a number or a [low, high] range; the engine moves from low
    to high across the weeks of a phase.
    """

    sets: Span = Field(default_factory=lambda: _SpanModel(low=1, high=1))
    reps: Span | None = None
    seconds: Span | None = None
    metres: Span | None = None
    minutes: Span | None = None
    per_side: bool = False
    note: Words | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        given = [name for name in ("reps", "seconds", "metres", "minutes") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(
                "a dose needs exactly one of reps, seconds, metres or minutes"
                + (f" (found {', '.join(given)})" if given else "")
            )
        unit, most = given[0], limits.DOSE_MOST[given[0]]
        if getattr(self, unit).high > most:
            raise ValueError(f"{getattr(self, unit).high:g} {unit} a set is more than {most:g}")
        if self.sets.high > limits.DOSE_SETS:
            raise ValueError(f"{self.sets.high:g} sets is more than {limits.DOSE_SETS:g}")
        return self

    @property
    def unit(self) -> str:
        for name in ("reps", "seconds", "metres", "minutes"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated dose without an amount")

    @property
    def amount(self) -> _SpanModel:
        span: _SpanModel = getattr(self, self.unit)
        return span


class Drill(Input):
    """One exercise of the library, described in the project's own words."""

    id: Slug
    name: Words
    element: Element
    purpose: Words
    setup: Words
    cues: list[Words] = Field(
        min_length=2,
        max_length=4,
        description="the key cue first: after a drill's first session in a phase, only it shows",
    )
    faults: list[Words] = Field(
        min_length=2,
        description="common faults, the most common first (the sheets watch for the first two)",
    )
    dose: Dose
    progression: Words
    regression: Words
    equipment: list[Words] = []
    loads: list[Region] = Field(min_length=1, description="the body regions it loads")
    load: LoadClass = Field(
        description="how hard it loads them: plyometric (hops, skips, jumps), heavy (heel"
        " drops, one-leg or loaded raises), moderate (running, moving drills) or light"
    )
    cadence: bool = False
    ladder: bool = False
    replaced_by: Slug | None = Field(
        default=None,
        description="the low-load drill that stands in while this one is left out for pain",
    )
    counts_as: Counts | None = Field(
        default=None, description="the weekly strength work it counts toward"
    )
    lighter: Slug | None = Field(
        default=None,
        description="the lighter drill that stands in on a day kept light, next to a heavy"
        " calf day",
    )
    figure: Figure | None = Field(default=None, description="stick figure of the key position")
    sources: list[Annotated[str, Field(pattern=r"^S\d+b?$")]] = Field(
        min_length=1, description="ids in curricula/sources.yaml (posecoach sources lists them)"
    )

    @model_validator(mode="after")
    def _ladder_is_running(self) -> Self:
        if self.ladder and self.element != "running":
            raise ValueError("only a running drill can take its dose from the run ladder")
        if self.plyometric or self.ladder:
            # Landings and new-form running load the bones of the shin and the foot
            # (Ridge 2013: bone marrow oedema in a slow forefoot transition).
            missing = [r for r in BONE_LOADED if r not in self.loads]
            if missing:
                kind = "a plyometric drill" if self.plyometric else "new-form running"
                raise ValueError(f"{kind} loads the {' and the '.join(missing)}: add to loads")
        return self

    @property
    def plyometric(self) -> bool:
        return self.load == "plyometric"

    @property
    def heavy(self) -> bool:
        """Heavy or eccentric loading of its regions."""
        return self.load == "heavy"

    @cached_property
    def made(self) -> dict[Any, Any]:
        """What the engine has made of this drill (its items, by dose and week), kept
        with the drill: a curriculum is read once per command, so this lives as long
        as the command, in no module. Not a field: never validated, dumped or compared."""
        return {}


class TemplateItem(Input):
    drill: Slug
    dose: Dose | None = None
    block: Block | None = None
    optional: bool = False


class SessionTemplate(Input):
    id: Slug
    title: Words
    kind: SessionKind
    focus: Words
    items: list[TemplateItem] = Field(min_length=1)


class RunStage(Input):
    """One rung of the new-form running ladder: repeats of run then walk."""

    run: float = Field(gt=0, le=90, description="minutes of running per repeat")
    walk: float = Field(ge=0, le=10, description="minutes of walking after each repeat")
    repeats: int = Field(ge=1, le=30)

    @property
    def run_minutes(self) -> float:
        return self.run * self.repeats


class Phase(Input):
    id: Slug
    name: Words
    focus: Words
    weeks: int = Field(ge=1, le=12, description="length in the curriculum's default plan")
    sessions: list[Slug] = Field(min_length=1, description="template ids, most important first")
    cadence_step: int = Field(
        default=0, ge=0, le=3, description="highest cadence step this phase may reach"
    )
    doses: dict[Slug, Dose] = Field(
        default_factory=dict,
        description="drill id -> its dose in this phase, where a template names none"
        " (how the calf load rises phase by phase)",
    )


class Curriculum(InLanguages):
    id: Slug
    name: Words
    summary: Words
    audience: Words
    weeks: int = Field(ge=2, le=26, description="default plan length")
    min_weeks: int = Field(default=1, ge=1)
    max_weeks: int = Field(default=26, le=52)
    deload_every: int | None = Field(default=4, ge=2, le=8)
    run_ladder: list[RunStage] = Field(min_length=1)
    drills: list[Drill] = Field(min_length=1)
    templates: list[SessionTemplate] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if sum(p.weeks for p in self.phases) != self.weeks:
            raise ValueError(
                f"the phases add up to {sum(p.weeks for p in self.phases)} weeks,"
                f" but weeks is {self.weeks}"
            )
        if not self.min_weeks <= self.weeks <= self.max_weeks:
            raise ValueError("weeks must lie between min_weeks and max_weeks")
        if self.min_weeks < len(self.phases):
            raise ValueError(
                f"min_weeks is {self.min_weeks}, but each of the {len(self.phases)} phases"
                " needs at least a week"
            )
        # A dose note that names another drill ("after the hops") reads wrong the day
        # that drill is left out: a session's text never leans on another drill.
        names = {d.id: d.name.casefold() for d in self.drills}
        for template in self.templates:
            for entry in template.items:
                note = (entry.dose.note or "").casefold() if entry.dose else ""
                leaning = [n for i, n in names.items() if i != entry.drill and n in note]
                if leaning:
                    raise ValueError(
                        f"template {template.id}: the note of {entry.drill} names another"
                        f" drill ({leaning[0]}): say it without it, as that drill may be left out"
                    )
        known = {d.id for d in self.drills}
        named = [d.lighter for d in self.drills if d.lighter]
        named += [drill for phase in self.phases for drill in phase.doses]
        if unknown := sorted(set(named) - known):
            raise ValueError(f"no drill has the id {', '.join(map(repr, unknown))}")
        return self

    @cached_property
    def made(self) -> dict[Any, Any]:
        """What the engine keeps of this curriculum while it builds from it (its drills
        by id), as Drill.made keeps a drill's items."""
        return {}

    # A scan, not a dict made on every call (the engine asks hundreds of times a plan);
    # from the end, as the dict did: the last of two with one id (loaders refuse that).
    def drill(self, drill_id: str) -> Drill:
        for drill in reversed(self.drills):
            if drill.id == drill_id:
                return drill
        raise KeyError(drill_id)

    def template(self, template_id: str) -> SessionTemplate:
        for template in reversed(self.templates):
            if template.id == template_id:
                return template
        raise KeyError(template_id)
