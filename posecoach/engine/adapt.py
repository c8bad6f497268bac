"""Reading check-ins as the progression rules say (curricula/progression-rules.yaml).

Pure: check-ins in, verdicts out. The builder applies them week by week:
- pain during or after a session: 3 or less advance, 4-5 hold, more than 5 or
  not settled by the next morning regress, 7 or more or swelling stop running;
  plyometric drills loading a painful region stay out until a check-in there
  reports pain of 3 or less (S90-S94);
- cadence steps advance after `hold_checkins` consecutive check-ins on target
  without a pain flag, and hold while the check-ins fall short (S55, S60);
- `realign_after` missed sessions in a row realign the rest of the plan (S106).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from posecoach.model import REGIONS, CheckIn, Rules, Session

Load = Literal["advance", "hold", "regress"]
ALL_REGIONS = "everywhere"  # pain reported without a region


class LoadVerdict(NamedTuple):
    load: Load
    cause: CheckIn | None = None


def _pain(checkin: CheckIn) -> int:
    """Pain as reported; a check-in that reports none counts as pain-free."""
    return checkin.pain if checkin.pain is not None else 0


def severity(checkin: CheckIn, rules: Rules) -> Load | Literal["stop"]:
    pain, rule = _pain(checkin), rules.pain
    if checkin.swelling or pain >= rule.stop_running_at:
        return "stop"
    if pain > rule.hold_max or checkin.settled_next_morning is False:
        return "regress"
    if pain > rule.advance_max:
        return "hold"
    return "advance"


def load_verdict(checkins: Iterable[CheckIn], rules: Rules) -> LoadVerdict:
    """The week's load from the check-ins of the week before: the worst one decides."""
    order = {"advance": 0, "hold": 1, "regress": 2, "stop": 2}
    worst: LoadVerdict = LoadVerdict("advance")
    worst_rank = 0
    for checkin in checkins:
        if checkin.missed:
            continue
        level = severity(checkin, rules)
        if order[level] > worst_rank:
            worst_rank = order[level]
            worst = LoadVerdict("regress" if level == "stop" else level, checkin)
    return worst


@dataclass
class Restrictions:
    """What stays off the plan until a later check-in says it has settled."""

    no_plyometrics: dict[str, CheckIn] = field(default_factory=dict)  # region -> cause
    stop_running: CheckIn | None = None

    def apply(self, checkin: CheckIn, rules: Rules) -> None:
        if checkin.missed:
            return
        region = checkin.where or ALL_REGIONS
        level = severity(checkin, rules)
        if level == "stop":
            self.stop_running = checkin
        if level in ("stop", "regress"):
            self.no_plyometrics[region] = checkin
        elif level == "advance" and checkin.pain is not None:
            # Reported pain of 3 or less: that region (or, with no region, all) has settled.
            self.stop_running = None
            if checkin.where is None:
                self.no_plyometrics.clear()
            else:
                self.no_plyometrics.pop(checkin.where, None)
                self.no_plyometrics.pop(ALL_REGIONS, None)

    def blocked_regions(self) -> frozenset[str]:
        if ALL_REGIONS in self.no_plyometrics:
            return frozenset(REGIONS)
        return frozenset(self.no_plyometrics)


class CadenceEvidence(NamedTuple):
    """What the check-ins since the current step began say about the next one."""

    advance: bool  # enough consecutive check-ins on target
    seen: bool  # any cadence check-in at all since the step began
    checkins: tuple[CheckIn, ...] = ()


def cadence_evidence(
    checkins: Sequence[CheckIn], target_spm: int | None, rules: Rules
) -> CadenceEvidence:
    """Judge the cadence check-ins (oldest first) against the current target.

    Without a baseline there is no target in steps per minute to compare
    with, so any cadence check-in without a pain flag counts as on target.
    """
    rule = rules.cadence
    measured = [c for c in checkins if c.cadence is not None and not c.missed]
    if not measured:
        return CadenceEvidence(advance=False, seen=False)
    recent = measured[-rule.hold_checkins :]
    floor = target_spm * (1 - rule.tolerance_percent / 100) if target_spm else None

    def on_target(checkin: CheckIn) -> bool:
        assert checkin.cadence is not None
        pain_free = _pain(checkin) <= rules.pain.advance_max and not checkin.swelling
        return pain_free and (floor is None or checkin.cadence >= floor)

    enough = len(recent) == rule.hold_checkins and all(on_target(c) for c in recent)
    return CadenceEvidence(advance=enough, seen=True, checkins=tuple(recent))


def missed_keys(checkins: Iterable[CheckIn], sessions: Sequence[Session]) -> set[str]:
    """Keys of the sessions the log marks as missed (by key, or by date)."""
    by_date: dict[date, list[str]] = {}
    for session in sessions:
        by_date.setdefault(session.date, []).append(session.key)
    missed: set[str] = set()
    for checkin in checkins:
        if not checkin.missed:
            continue
        if checkin.session is not None:
            missed.add(checkin.session)
        else:
            missed.update(by_date.get(checkin.date, []))
    return missed


def missed_streak(sessions: Sequence[Session], missed: set[str], length: int) -> list[Session]:
    """The first run of `length` or more missed sessions in a row, or []."""
    streak: list[Session] = []
    for session in sessions:
        if session.key in missed:
            streak.append(session)
        else:
            if len(streak) >= length:
                return streak
            streak = []
    return streak if len(streak) >= length else []
