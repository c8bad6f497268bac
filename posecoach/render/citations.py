"""What a plan cites, and the references it ends with.

A plan cites the sources of the drills it uses, of the rules behind its
changes, and of its notes on the evidence. Outputs show each source as
"Name Year" and end with the full references, sorted by citation.
"""

from __future__ import annotations

from typing import NamedTuple

from posecoach import i18n
from posecoach.i18n import _
from posecoach.model import Curriculum, Plan
from posecoach.render import wording
from posecoach.sources import Bibliography, bibliography


class NoteView(NamedTuple):
    title: str
    text: str
    short: str  # one or two lines, where space is short (the sheets' cover)
    cites: str  # 'Arendse et al. 2004; Dallam et al. 2005'


class DrillSources(NamedTuple):
    name: str
    cites: str


class ReferenceLine(NamedTuple):
    cite: str
    text: str  # the full reference
    url: str


class Evidence(NamedTuple):
    notes: list[NoteView]
    drills: list[DrillSources]  # each drill of the plan with its sources
    references: list[ReferenceLine]


def notes(plan: Plan | None = None, bib: Bibliography | None = None) -> list[NoteView]:
    """The notes before the weeks: what to do with the runner's own running (said
    once here rather than on every session), then what the evidence shows."""
    bib = bib or bibliography(i18n.language())
    shown = [NoteView(n.title, n.text, n.short, bib.cite_all(n.sources)) for n in bib.notes]
    if plan is not None and plan.own_running is not None:
        sources = [s for a in plan.adjustments if a.rule == "own_running" for s in a.sources]
        advice = wording.say(plan.own_running.advice)
        title = _("Your own running")
        shown.insert(0, NoteView(title, advice, advice, bib.cite_all(sources)))
    return shown


# The references of each set of cited sources, written out once per set: plans cite
# the same few sets (a squad's plans, over and over). Kept by the caller (a
# RenderMemo, one per command), with the bibliography they were written from.
References = dict[frozenset[str], tuple[object, tuple[ReferenceLine, ...]]]


def find_evidence(plan: Plan, curriculum: Curriculum | None, kept: References) -> Evidence:
    """The notes, drills' sources and references `plan` cites (read, never changed,
    by the templates that show them); RenderMemo.evidence makes it once a plan."""
    bib = bibliography(i18n.language())
    cited = [s for note in bib.notes for s in note.sources]
    cited += [s for adjustment in plan.adjustments for s in adjustment.sources]
    drills: list[DrillSources] = []
    if curriculum is not None:
        known = {d.id: d for d in curriculum.drills}
        used = dict.fromkeys(item.drill for s in plan.sessions for item in s.items)
        for drill_id in used:
            if drill_id in known:
                drill = known[drill_id]
                drills.append(DrillSources(drill.name, bib.cite_all(drill.sources)))
                cited += drill.sources
    return Evidence(notes(plan, bib), drills, list(_references(bib, frozenset(cited), kept)))


def _references(
    bib: Bibliography, cited: frozenset[str], kept: References
) -> tuple[ReferenceLine, ...]:
    """Each set's references, kept with the bibliography itself (read once, never
    changed), so another one never gets these lines."""
    found = kept.get(cited)
    if found is None or found[0] is not bib:
        if len(kept) >= 256:
            kept.clear()
        lines = tuple(
            ReferenceLine(bib.citations[r.id], bib.entry(r), r.url) for r in bib.cited(cited)
        )
        found = kept[cited] = (bib, lines)
    return found[1]
