"""What the renderers share within one command, made once and passed down.

The engine shares one frozen Item among every session (and, in a squad, every
plan) holding the same drill at the same dose, so a plan's hundreds of drill
rows are a few dozen distinct ones: each output makes each distinct row once
(`rows`). plan.md, plan.html and the week sheets ask for the same plan's faded
cues and cited evidence (`coaching`, `evidence`), and plan.yaml writes each
shared item's lines once (`yaml_lines`).

None of it lives in a module: a command (a CLI run, one request of the server,
one `squad plan` worker) makes a RenderMemo and hands it to everything it
renders, so the server's threads never share one. Entries are kept by the
identity of frozen objects the entry itself holds, so an id is never another
object's while the entry lasts; each table is bounded, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from posecoach.model import Curriculum, Plan
from posecoach.render.citations import Evidence, ReferenceLine, find_evidence
from posecoach.render.feedback import Coaching, ItemMemo, faded_cues, watch_for

T = TypeVar("T")


class RenderMemo:
    """One command's memo of rendering (see the module)."""

    def __init__(self) -> None:
        self._rows: dict[Callable[..., Any], ItemMemo[Any]] = {}
        self._coaching: tuple[Plan, Curriculum | None, Coaching] | None = None
        self._evidence: tuple[Plan, Curriculum | None, Evidence] | None = None
        # plan.yaml's lines of each shared item, by its identity and indent.
        self.yaml_lines: dict[tuple[int, int], tuple[object, list[str]]] = {}
        # The references of each set of cited sources (a squad's plans cite a few sets).
        self.references: dict[frozenset[str], tuple[object, tuple[ReferenceLine, ...]]] = {}

    def rows(self, make: Callable[[Any, tuple[str, ...], str | None], T]) -> ItemMemo[T]:
        """The memo of what `make` makes of an item with its cues and fault."""
        found = self._rows.get(make)
        if found is None:
            found = self._rows[make] = ItemMemo(make)
        return found

    def coaching(self, plan: Plan, curriculum: Curriculum | None) -> Coaching:
        """The plan's faded cues and faults to watch for, made once for its outputs."""
        kept = self._coaching
        if kept is not None and kept[0] is plan and kept[1] is curriculum:
            return kept[2]
        found = Coaching(faded_cues(plan), watch_for(curriculum), self)
        self._coaching = (plan, curriculum, found)
        return found

    def evidence(self, plan: Plan, curriculum: Curriculum | None) -> Evidence:
        """The notes, drills' sources and references the plan cites, made once."""
        kept = self._evidence
        if kept is not None and kept[0] is plan and kept[1] is curriculum:
            return kept[2]
        found = find_evidence(plan, curriculum, self.references)
        self._evidence = (plan, curriculum, found)
        return found
