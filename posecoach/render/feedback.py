"""Faded feedback: how many cues each drill shows, and the one fault to watch for.

Gait retraining works best when feedback is full at first and then taken away
(Crowell and Davis faded it over the last sessions). So within each phase a
drill shows all its cues the first time it appears, and from then on only its
key cue (the first one the curriculum lists). A new phase starts afresh. Every
drill also carries a "watch for": the two most common faults its curriculum lists.
A drill back after weeks without it shows its cues in full again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from posecoach.model import Curriculum, Item, Plan

if TYPE_CHECKING:
    from posecoach.render.memo import RenderMemo

T = TypeVar("T")

ItemKey = tuple[str, int]  # a session's key and the item's place in it


class Coaching(NamedTuple):
    """What a plan's outputs show of each drill (made by RenderMemo.coaching), and the
    memo its outputs make their drill rows through."""

    cues: dict[ItemKey, list[str]]  # the cues shown for each item of the plan
    watch: dict[str, str]  # drill id -> the fault to watch for
    memo: RenderMemo

    def cues_of(self, session: str, index: int, full: list[str]) -> list[str]:
        return self.cues.get((session, index), full)


# A drill back after this many weeks without it is a revisit: its cues in full again.
REVISIT_WEEKS = 2


def faded_cues(plan: Plan) -> dict[ItemKey, list[str]]:
    """All cues where a drill is new in its phase or back after a break of
    REVISIT_WEEKS or more (a revisit, a realigned week), then its key cue alone."""
    seen: set[tuple[str, str]] = set()
    last: dict[str, int] = {}
    shown: dict[ItemKey, list[str]] = {}
    for week in plan.weeks:
        for session in week.sessions:
            for index, item in enumerate(session.items):
                back = week.number - last.get(item.drill, week.number) >= REVISIT_WEEKS
                new = (week.phase, item.drill) not in seen or back
                seen.add((week.phase, item.drill))
                last[item.drill] = week.number
                shown[session.key, index] = list(item.cues if new else item.cues[:1])
    return shown


def watch_for(curriculum: Curriculum | None) -> dict[str, str]:
    """The two most common faults of each drill, for the sheets' "watch for"."""
    if curriculum is None:
        return {}
    return {drill.id: " ".join(drill.faults[:2]) for drill in curriculum.drills if drill.faults}


def sentences(parts: Iterable[str]) -> str:
    """Cues as running text: each ends with a full stop (unless it has its own), then
    a space, so cues never run together as '.;'."""
    texts = [part.strip() for part in parts if part.strip()]
    return " ".join(t if t.endswith((".", "!", "?")) else f"{t}." for t in texts)


class ItemMemo(Generic[T]):
    """What an output makes of an item with the cues and fault it shows, made once
    within a command (a RenderMemo holds one per output).

    The engine shares one frozen Item among every session (and plan) with the same
    drill at the same dose, so a plan's hundreds of drill rows are a few dozen
    distinct ones, across a squad too. Kept by the item's identity (hashing the
    model field by field cost more than the row); each entry holds its item, so an
    id is never another item's while the entry lasts. Bounded: a plan has a few dozen
    distinct rows, a squad a dozen more an athlete (doses follow volume), and memory
    stays flat.
    """

    def __init__(self, make: Callable[[Item, tuple[str, ...], str | None], T]) -> None:
        self._make = make
        self._held: dict[tuple[int, tuple[str, ...], str | None], tuple[Item, T]] = {}

    def __call__(self, item: Item, cues: tuple[str, ...], watch: str | None) -> T:
        key = (id(item), cues, watch)
        found = self._held.get(key)
        if found is None or found[0] is not item:
            if len(self._held) >= 1024:
                self._held.clear()
            found = self._held[key] = (item, self._make(item, cues, watch))
        return found[1]
