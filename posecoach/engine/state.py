"""What the engine knows while it walks the weeks: its inputs, what carries from
one week to the next, and the ledger of what it changed and why.

The rule modules (pain, cadence, missed) are functions over these records.
`PlanState` is the one mutable object the week loop hands around. What a rule
decides anew each week (the rung, the cadence step, the restrictions) is an
immutable NamedTuple that the rule replaces; what grows as sessions are placed
(the run history, the last heavy day, the rung per week) is changed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from posecoach.engine import running
from posecoach.engine.layout import WeekOutline, outline
from posecoach.model import (
    Adjustment,
    CheckIn,
    Curriculum,
    Prescription,
    Rules,
    RunnerProfile,
    Week,
)

# Rules that can change a plan, by their name in Rules (and in the plan's adjustments).
RuleName = Literal["pain", "cadence", "missed", "longest_run", "heavy_days", "own_running", "form"]

# Which of a week's sessions a note goes on: all, or those worked to the beat.
NoteScope = Literal["all", "beat"]

EVERYWHERE = "everywhere"  # the restriction key of pain reported without a region


class Inputs(NamedTuple):
    """Everything a plan is a function of; check-ins oldest first."""

    curriculum: Curriculum
    profile: RunnerProfile
    rules: Rules
    start: date
    weeks: int
    checkins: tuple[CheckIn, ...] = ()

    def week_start(self, number: int) -> date:
        return self.start + timedelta(days=7 * (number - 1))

    def checkins_between(self, since: date, until: date) -> list[CheckIn]:
        """The check-ins dated from `since` up to (not including) `until`, oldest first."""
        return [c for c in self.checkins if since <= c.date < until]

    def is_missed(self, key: str, day: date) -> bool:
        """Whether the log marks this session as missed (by its key, or by its day)."""
        return any(
            c.missed and (c.session == key or (c.session is None and c.date == day))
            for c in self.checkins
        )

    def session_key(self, week: int, slot: int) -> str:
        """A session's stable identity: it stays when the session moves or changes,
        so calendar events keep their UID."""
        return f"{self.profile.slug}-w{week:02d}-s{slot}"


class Ladder(NamedTuple):
    """How far the load has come: the run ladder's rung and the doses' progress."""

    stage: int  # the run ladder's rung
    progress: float  # through the phase's doses, 0..1
    phase: str  # the phase `progress` belongs to; "" when the next week starts it afresh


class CadenceStep(NamedTuple):
    """The cadence step in force and what the next one waits on."""

    step: int  # 0 is the runner's baseline
    weeks: int  # weeks at this step so far
    since: date  # check-ins from this day on judge the next step
    wait: bool = False  # after a realignment the cadence waits a week
    # Reached by a rise projected past the latest check-in: its targets (and those of
    # every later step) are provisional.
    projected: bool = False


class Restrictions(NamedTuple):
    """What stays off the plan until a later check-in says it has settled.

    Replaced, never changed in place: each mapping keeps the order in which
    regions were first restricted, and the latest region names the cause.
    """

    no_plyometrics: Mapping[str, CheckIn] = {}  # region (or EVERYWHERE) -> the check-in
    stopped: Mapping[str, CheckIn] = {}  # regions too painful to run on -> the check-in
    # After a stop (or a current injury) clears: pain-free runs still needed, by region,
    # before the plyometric drills that load it come back.
    awaiting_runs: Mapping[str, int] = {}
    injured: frozenset[str] = frozenset()  # current injuries not yet checked in pain-free

    @property
    def stop_running(self) -> CheckIn | None:
        """The latest check-in that stopped running, while any region is stopped."""
        return list(self.stopped.values())[-1] if self.stopped else None


class LoadLimit(NamedTuple):
    """A hold or step-back in force: no load above this until a check-in in each of
    `regions` reports pain of 3 or less (the pain rule's all-clear)."""

    kind: Literal["hold", "regress"]
    regions: frozenset[str]  # each needs its all-clear (EVERYWHERE: any region's will do)
    cause: CheckIn
    week: int  # the week whose load it keeps to
    stage: int  # the highest rung of the run ladder
    progress: float  # dose progress no further than this within `phase`
    phase: str
    doses: Mapping[str, Prescription]  # drill id -> the most of it per session
    run_minutes: float  # the longest run allowed


class WeekLoad(NamedTuple):
    """The load a week planned: what a hold keeps to and a step-back steps down from."""

    ladder: Ladder
    doses: Mapping[str, Prescription]  # drill id -> the most of it in one session
    longest_run: float  # running minutes of the week's longest run


@dataclass
class PlanState:
    """What one week hands to the next."""

    outlines: list[WeekOutline]  # the weeks as laid out; a realignment relays the rest
    ladder: Ladder
    cadence: CadenceStep
    history: running.RunHistory  # runs so far, for the 110% rule
    restrictions: Restrictions = field(default_factory=Restrictions)
    last_heavy: date | None = None  # the last heavy calf/Achilles day
    rungs: dict[int, int] = field(default_factory=dict)  # week -> rung, to resume after a break
    realigned: set[str] = field(default_factory=set)  # first keys of missed streaks dealt with
    limit: LoadLimit | None = None  # a hold or step-back waiting for its all-clear
    loads: dict[int, WeekLoad] = field(default_factory=dict)  # week -> the load it planned
    taken: int = 0  # how many of the (date-ordered) check-ins the rules have read so far
    runs: dict[str, float] = field(default_factory=dict)  # session key -> running minutes
    done_rung: int | None = None  # the rung of the last run actually done (not missed)
    return_cap: tuple[float, date] | None = None  # after a stop: run at most this, until then
    return_rung: int | None = None  # after a stop: the rung the next week runs at
    seen: set[str] = field(default_factory=set)  # drills the weeks so far have shown

    @classmethod
    def at_start(cls, inputs: Inputs) -> PlanState:
        history = running.RunHistory(inputs.rules.longest_run)
        # The profile's longest recent run counts as if run the day before the plan.
        history.add(inputs.start - timedelta(days=1), inputs.profile.longest_run_minutes)
        if inputs.profile.keeps_running:
            history.kept = inputs.profile.longest_run_minutes
        first_rung = running.START_STAGE[inputs.profile.background]
        return cls(
            outlines=outline(inputs.curriculum, inputs.weeks),
            ladder=Ladder(
                stage=min(first_rung, len(inputs.curriculum.run_ladder) - 1),
                progress=0.0,
                phase="",
            ),
            cadence=CadenceStep(step=0, weeks=0, since=inputs.start),
            history=history,
            restrictions=Restrictions(injured=inputs.profile.current_injuries),
        )


class PendingNote(NamedTuple):
    reason: str
    scope: NoteScope


@dataclass
class Ledger:
    """The adjustments made so far, and the week-wide ones still to be noted on
    the next week's sessions."""

    rules: Rules
    adjustments: list[Adjustment] = field(default_factory=list)
    pending: list[PendingNote] = field(default_factory=list)

    def record(
        self,
        week: int,
        rule: RuleName,
        reason: str,
        *,
        session: str | None = None,
        checkin: CheckIn | None = None,
        notes: NoteScope | None = None,
    ) -> None:
        """Record a change with its rule's sources; `notes` also puts it on the
        week's sessions (all of them, or those worked to the beat) when the week
        is laid out."""
        if notes is not None:
            self.pending.append(PendingNote(reason, notes))
        self.adjustments.append(
            Adjustment(
                week=week,
                session=session,
                rule=rule,
                reason=reason,
                sources=list(getattr(self.rules, rule).sources),
                checkin=checkin.label if checkin else None,
            )
        )

    def note_sessions(self, week: Week) -> Week:
        """Put the pending changes on the sessions they change, so the sheets and the
        calendar events say why (and an unaffected session's event stays as it was)."""
        if not self.pending:
            return week
        sessions = []
        for session in week.sessions:
            beat = any(item.cadence for item in session.items)
            extra = [note.reason for note in self.pending if note.scope == "all" or beat]
            sessions.append(session.model_copy(update={"notes": [*extra, *session.notes]}))
        self.pending = []
        return week.model_copy(update={"sessions": sessions})
