"""The weekly strength work (Rules.strength; S43-S49): calf and Achilles strength
in two to three sessions a week and foot core in three.

Forefoot running loads the calf and Achilles more than heel-first running does
(S34, S58, S59), so a runner on few sessions still gets that work: when the
phase's sessions for this runner hold too little of it, the phase's calf work
(from its strength session) is folded into technique and run sessions, the
ones that already carry hops first, and its foot-core work into any session.
What the sessions still cannot hold is done at home on other days; past three
calf sessions (six or seven sessions a week), the least needed lose theirs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from posecoach.engine import dosing
from posecoach.engine.drafts import Draft, draft, drill_of
from posecoach.engine.effects import Rulings
from posecoach.engine.state import Ladder
from posecoach.model import Curriculum, Item, Phase, Prescription, Remark, SessionTemplate
from posecoach.model.curriculum import TemplateItem
from posecoach.model.plan import HomeWork
from posecoach.model.rules import StrengthRule

Work = Literal["calf", "foot-core"]
CALF: frozenset[str] = frozenset({"calf-light", "calf-heavy"})

# Where folded calf work goes first: a session that already loads the calves.
CALF_HOSTS = ("technique", "run", "strength")


def _wanted(rule: StrengthRule) -> tuple[tuple[Work, int], ...]:
    return (("calf", rule.calf_sessions), ("foot-core", rule.foot_core_sessions))


def holds(items: Iterable[Item], work: Work) -> bool:
    """Whether a session's items count toward the week's calf or foot-core work
    (a warm-up set does not)."""
    kinds = CALF if work == "calf" else frozenset({"foot-core"})
    return any(i.counts_as in kinds and i.block != "warm-up" for i in items)


def holds_heavy_calf(items: Iterable[Item]) -> bool:
    return any(i.counts_as == "calf-heavy" and i.block != "warm-up" for i in items)


def phase_work(phase: Phase, curriculum: Curriculum, work: Work) -> list[TemplateItem]:
    """The phase's calf work (the calf drills of its first session that has them, a
    strength session first) or its foot-core work (the first foot-core drill)."""
    kinds = CALF if work == "calf" else frozenset({"foot-core"})
    templates = [curriculum.template(t) for t in phase.sessions]
    templates.sort(key=lambda t: t.kind != "strength")  # stable: phase order within each
    for template in templates:
        found = [
            entry.model_copy(update={"optional": False})
            for entry in template.items
            if drill_of(curriculum, entry.drill).counts_as in kinds
            and entry.block != "warm-up"
            and not entry.optional
        ]
        if found:
            return found if work == "calf" else found[:1]
    return []


def fold(
    drafts: Sequence[Draft], phase: Phase, curriculum: Curriculum, rule: StrengthRule
) -> dict[int, tuple[TemplateItem, ...]]:
    """slot -> the items to fold into it, so the week's sessions reach the rule's counts.

    The phase's calf work itself (heel drops, the loaded raises) goes first into the
    heaviest session when the runner's sessions leave out the phase's strength
    session, so its load keeps rising; then calf work goes into as many more
    sessions as the count needs, and foot core likewise."""
    extra: dict[int, list[TemplateItem]] = {}

    def drills(d: Draft) -> set[str]:
        return {i.drill for i in d.items} | {e.drill for e in extra.get(d.slot, [])}

    def add(host: Draft, entries: Sequence[TemplateItem]) -> None:
        present = drills(host)
        extra.setdefault(host.slot, []).extend(e for e in entries if e.drill not in present)

    calf_work = phase_work(phase, curriculum, "calf")
    hosts = sorted(
        (d for d in drafts if d.template.kind in CALF_HOSTS),
        key=lambda d: (not d.heavy(math.inf), CALF_HOSTS.index(d.template.kind)),
    )
    shown = {i.drill for d in drafts for i in d.items if i.block != "warm-up"}
    if hosts and any(e.drill not in shown for e in calf_work):
        add(hosts[0], calf_work)
    for work, wanted in _wanted(rule):
        items = calf_work if work == "calf" else phase_work(phase, curriculum, work)
        kinds = CALF if work == "calf" else frozenset({"foot-core"})

        def has(d: Draft, work: Work = work, kinds: frozenset[str] = kinds) -> bool:
            added = (drill_of(curriculum, e.drill).counts_as for e in extra.get(d.slot, []))
            return holds(d.items, work) or any(k in kinds for k in added)

        lacking = [d for d in (hosts if work == "calf" else drafts) if not has(d)]
        for host in lacking[: max(0, wanted - sum(1 for d in drafts if has(d)))]:
            add(host, items)
    return {slot: tuple(entries) for slot, entries in extra.items() if entries}


def spare_calf(drafts: Sequence[Draft], rule: StrengthRule) -> dict[int, frozenset[str]]:
    """slot -> the calf drills to leave out of it, past the rule's most calf sessions a
    week (a runner on six or seven sessions): those with heavy calf work stay first,
    then the more important."""
    with_calf = [d for d in drafts if holds(d.items, "calf")]
    with_calf.sort(key=lambda d: not any(i.counts_as == "calf-heavy" for i in d.items))
    return {
        d.slot: frozenset(i.drill for i in d.items if i.counts_as in CALF)
        for d in with_calf[rule.calf_sessions_most :]
    }


def rehome(
    drafts: Sequence[Draft],
    demoted: set[int],
    phase: Phase,
    curriculum: Curriculum,
    heavy_run_minutes: float,
) -> dict[int, tuple[TemplateItem, ...]]:
    """When a session with the phase's heavy calf work must be kept light, that work
    moves into the week's first heavy session that keeps its load (the calf load
    stays on one day, and the heel drops stay in the week): slot -> what it takes."""
    heavy_work = [
        e for e in phase_work(phase, curriculum, "calf")
        if drill_of(curriculum, e.drill).counts_as == "calf-heavy"
    ]  # fmt: skip
    light = [d for d in drafts if d.slot in demoted]
    staying = set().union(*(_main_drills(d) for d in drafts if d.slot not in demoted))
    lost = [
        e
        for e in heavy_work
        if e.drill not in staying and any(e.drill in _main_drills(d) for d in light)
    ]
    kept = [
        d
        for d in drafts
        if d.slot not in demoted and d.template.kind in CALF_HOSTS and d.heavy(heavy_run_minutes)
    ]
    kept.sort(key=lambda d: not holds(d.items, "calf"))  # one that has calf work already
    if not lost or not kept:
        return {}
    fresh = tuple(e for e in lost if e.drill not in {i.drill for i in kept[0].items})
    return {kept[0].slot: fresh} if fresh else {}


def _main_drills(d: Draft) -> set[str]:
    return {i.drill for i in d.items if i.block != "warm-up"}


def home_work(
    sessions: Sequence[Sequence[Item]],
    phase: Phase,
    curriculum: Curriculum,
    rule: StrengthRule,
    rulings: Rulings,
    ladder: Ladder,
    volume: float | None,
    known: frozenset[str] | None,
    done: Mapping[str, Prescription] | None = None,
    week: int = 1,
    light_new: bool = False,
) -> list[HomeWork]:
    """The calf and foot-core work the week's sessions could not hold, for other days;
    from `heavy_calf_from_week` the calf work counted is the heavy kind."""
    found: list[HomeWork] = []
    for work, wanted in _wanted(rule):
        missing = wanted - sum(1 for items in sessions if holds(items, work))
        if work == "calf" and week >= rule.heavy_calf_from_week:
            heavy_days = sum(1 for items in sessions if holds_heavy_calf(items))
            missing = max(missing, wanted - heavy_days)
        entries = phase_work(phase, curriculum, work)
        if missing <= 0 or not entries:
            continue
        template = SessionTemplate(
            id="home", title="At home", kind="strength", focus="At home", items=entries
        )
        drafted = draft(
            0, template, curriculum, rulings, ladder, volume,
            phase_doses=phase.doses, known=known, done=done, light_new=light_new,
        )  # fmt: skip
        items = [i for i in drafted.items if i.counts_as is not None]
        if items:
            heavy = any(i.counts_as == "calf-heavy" for i in items)
            note = Remark(
                id=f"home.{work}",
                params={
                    "days": missing,
                    "minutes": dosing.session_minutes([i.minutes for i in items]),
                    "items": [f"{i.name} {i.dose_text}" for i in items],
                    "heavy": heavy,
                },
            )
            found.append(
                HomeWork(counts_as=work, days=missing, items=items, heavy=heavy, note=note)
            )
    return found
