"""What the engine knows while it walks the weeks: its inputs, what carries from
one week to the next, and the ledger of what it changed and why.

The rule modules (regions, cadence, missed) are functions over these records.
`PlanState` is the one mutable object the week loop hands around. What a rule
decides anew each week (the rung, the cadence step) is an immutable NamedTuple
that the rule replaces; what grows as sessions are placed (the run history, the
regions' states, the last heavy day, the drills done) is changed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from posecoach.engine import days, matching, running
from posecoach.engine.layout import WeekOutline, outline
from posecoach.engine.regions import RegionState, Snapshot
from posecoach.engine.regions import Session as Laid
from posecoach.engine.regions import at_start as regions_at_start
from posecoach.model import (
    Adjustment,
    CheckIn,
    CheckInRef,
    Curriculum,
    Prescription,
    Remark,
    Rules,
    RunnerProfile,
    Week,
)
from posecoach.model.plan import Param

# Rules that can change a plan, by their name in Rules (and in the plan's adjustments).
RuleName = Literal[
    "pain", "cadence", "missed", "longest_run", "heavy_days", "own_running", "strength",
    "deload", "return_to_run", "injuries", "races", "form",
]  # fmt: skip

# Which of a week's sessions a note goes on: all, or those worked to the beat.
NoteScope = Literal["all", "beat"]


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

    def ran_on(self, key: str, day: date, planned: float) -> float:
        """The running minutes a session's check-in reports (a watch file), else the
        planned ones: the 110% rule counts what was run."""
        reported = [
            c.running_minutes
            for c in self.checkins
            if c.running_minutes is not None
            and (c.session == key or (c.session is None and c.date == day))
        ]
        return max(reported) if reported else planned

    def session_days(self, week: int) -> list[date]:
        """The days the week's sessions fall on, in order: the runner's days alone
        decide them (which session goes on which day is the heavy-days rule's)."""
        chosen = days.spread_weekdays(list(self.profile.days), self.profile.sessions_per_week)
        return days.week_dates(self.week_start(week), chosen)

    def session_key(self, week: int, day: date) -> str:
        """The key of the week's session on `day`: its place in the week's day order.
        It stays when the session's content changes (calendar events keep their UID),
        and no check-in can renumber a week: only a change of the runner's days."""
        return matching.session_key(self.profile.slug, week, self.session_days(week).index(day) + 1)

    def with_checkins_matched(self) -> Inputs:
        """The check-ins, each naming its session by its key in this plan."""
        table = [
            (self.session_key(week, day), day)
            for week in range(1, self.weeks + 1)
            for day in self.session_days(week)
        ]
        return self._replace(checkins=tuple(matching.matched(self.checkins, table)))


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


class WeekLoad(NamedTuple):
    """The load a week planned: what a region's snapshot keeps to."""

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
    # Each body region's state (engine/regions.py); a region not named is normal.
    regions: dict[str, RegionState] = field(default_factory=dict)
    last_heavy: date | None = None  # the last heavy calf/Achilles day
    rungs: dict[int, int] = field(default_factory=dict)  # week -> rung, to resume after a break
    realigned: set[date] = field(default_factory=set)  # days of realignments dealt with
    loads: dict[int, WeekLoad] = field(default_factory=dict)  # week -> the load it planned
    taken: int = 0  # how many of the (date-ordered) check-ins the rules have read so far
    runs: dict[str, float] = field(default_factory=dict)  # session key -> running minutes
    done_rung: int | None = None  # the rung of the last run actually done (not missed)
    last_run: float = 0.0  # running minutes of the plan's last run done (not missed)
    seen: set[str] = field(default_factory=set)  # drills the weeks so far have shown
    # The last prescription of each drill in a session done (not missed): what a
    # region's state keeps to, and which drills the runner has done at all.
    done: dict[str, Prescription] = field(default_factory=dict)
    done_on: dict[str, date] = field(default_factory=dict)  # drill -> the day last done
    laid: dict[str, Laid] = field(default_factory=dict)  # key -> what it loaded
    on_day: dict[date, list[str]] = field(default_factory=dict)  # day -> its sessions' keys
    weeks_done: dict[int, int] = field(default_factory=dict)  # week -> its sessions done

    @classmethod
    def at_start(cls, inputs: Inputs, first_step: int = 0) -> PlanState:
        history = running.RunHistory(inputs.rules.longest_run)
        # The profile's longest recent run counts as if run the day before the plan.
        history.add(inputs.start - timedelta(days=1), inputs.profile.longest_run_minutes)
        if inputs.profile.keeps_running:
            history.kept = inputs.profile.longest_run_minutes
        first_rung = min(
            running.START_STAGE[inputs.profile.background], len(inputs.curriculum.run_ladder) - 1
        )
        return cls(
            outlines=outline(inputs.curriculum, inputs.weeks),
            ladder=Ladder(stage=first_rung, progress=0.0, phase=""),
            cadence=CadenceStep(step=first_step, weeks=0, since=inputs.start),
            history=history,
            regions=regions_at_start(inputs.profile.current_injuries, first_rung),
        )

    def snapshot(self) -> Snapshot:
        """The load done so far, for a region's state to keep to: the drills done
        and their last doses, the rung of the last run and its running minutes
        (what was done in the plan, not what the week still plans)."""
        stage = self.done_rung if self.done_rung is not None else self.ladder.stage
        return Snapshot(dict(self.done), stage, self.last_run, dict(self.done_on))


class PendingNote(NamedTuple):
    remark: Remark
    scope: NoteScope


@dataclass
class Ledger:
    """The adjustments made so far, and the week-wide ones still to be noted on
    the next week's sessions. Each is a rule id with its parameters: the engine
    never words what it did (render/wording.py does, in the runner's language)."""

    rules: Rules
    adjustments: list[Adjustment] = field(default_factory=list)
    pending: list[PendingNote] = field(default_factory=list)

    def record(
        self,
        week: int,
        rule: RuleName,
        said: Remark,
        *,
        session: str | None = None,
        checkin: CheckIn | None = None,
        notes: NoteScope | None = None,
    ) -> None:
        """Record a change with its rule's sources; `notes` also puts it on the
        week's sessions (all of them, or those worked to the beat) when the week
        is laid out."""
        if notes is not None:
            self.pending.append(PendingNote(said, notes))
        self.adjustments.append(
            Adjustment(
                week=week,
                session=session,
                rule=rule,
                id=said.id,
                params=said.params,
                sources=list(getattr(self.rules, rule).sources),
                checkin=reference(checkin) if checkin else None,
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
            extra = [note.remark for note in self.pending if note.scope == "all" or beat]
            fresh = [r for r in extra if r not in session.notes]
            sessions.append(session.model_copy(update={"notes": [*fresh, *session.notes]}))
        self.pending = []
        return week.model_copy(update={"sessions": sessions})


def remark(rule_id: str, **params: Param) -> Remark:
    """What the engine says, as a rule id and its parameters (never a sentence)."""
    return Remark(id=rule_id, params=params)


def reference(checkin: CheckIn) -> CheckInRef:
    """The check-in behind a change, as its facts (the renderers word them)."""
    said: list[str] = []
    for code, present in (
        ("missed", checkin.missed),
        ("ill", checkin.ill),
        ("cadence", checkin.cadence is not None),
        ("pain", checkin.pain is not None),
        ("unsettled", checkin.settled_next_morning is False),
        ("swelling", checkin.swelling),
        ("cleared", bool(checkin.cleared)),
    ):
        if present:
            said.append(code)
    return CheckInRef(
        date=checkin.date,
        session=checkin.session,
        summary=said,
        pain=checkin.pain,
        where=checkin.where,
        cadence=checkin.cadence,
        cleared=checkin.cleared,
    )
