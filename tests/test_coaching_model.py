"""The coaching model as a state machine under random check-ins.

A runner with a random profile (days, length, injuries current and past, races,
a long-run day, a baseline cadence or none) checks in after sessions as the
weeks go by: pain anywhere, swelling, unsettled mornings, misses, illness, a
clinician's clearance, cadences, watch files with their running minutes. After
every check-in the plan is built again by the engine the CLI calls, and
tests/coaching_oracle.py checks it from the outside: held regions never rise
and take nothing new, red flags stop running and hops until a clearance, no run
passes 110% of the longest done, heavy calf days are never back to back nor
the day before a long run or race, the weekly calf and foot doses are kept,
cadence stays under its ceiling, and every change has a rule id the renderers
word. `pytest --soak` runs thousands of steps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from coaching_oracle import check_all
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sizing import scaled

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.model import REGIONS, WEEKDAYS, CheckIn, Injury, Plan, Race, RunnerProfile

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

RULES = loaders.load_rules()
TRANSITION = loaders.load_curriculum("pose-transition")
START = date(2027, 1, 4)
KINDS = ["tendinopathy", "bone-stress", "plantar-fasciitis", "strain", "other"]


@st.composite
def profiles(draw: st.DrawFn) -> RunnerProfile:
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    volume = draw(st.sampled_from([0.0, 5.0, 12.5, 25.0, 60.0]))
    longest = draw(st.floats(0, min(volume * 0.5, 30)).map(lambda v: round(v, 1)))
    injuries = [
        Injury(
            region=draw(st.sampled_from(REGIONS)),
            kind=draw(st.sampled_from(KINDS)),
            current=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    races = [
        Race(date=START + timedelta(days=draw(st.integers(-10, 120))), name="City 10K")
        for _ in range(draw(st.integers(0, 1)))
    ]
    return RunnerProfile(
        name="Model Runner",
        timezone="Europe/Berlin",
        days={d: time(7, 0) for d in days},  # type: ignore[misc]
        sessions_per_week=draw(st.integers(1, len(days))),
        max_session_minutes=draw(st.integers(20, 90)),
        background=draw(st.sampled_from(["new", "returning", "regular"])),
        weekly_volume=volume,
        longest_run_30d=longest,
        keep_running=draw(st.booleans()) if volume > 0 else None,
        baseline_cadence=draw(st.none() | st.integers(150, 195)),
        injuries=injuries,
        races=races,
        long_run_day=draw(st.none() | st.sampled_from(WEEKDAYS)),
    )


class Runner(RuleBasedStateMachine):
    """One runner's plan, rebuilt after each check-in and checked after each step."""

    def __init__(self) -> None:
        super().__init__()
        self.profile: RunnerProfile | None = None
        self.weeks = TRANSITION.weeks
        self.checkins: list[CheckIn] = []
        self.plan: Plan | None = None
        self.today = START
        self.clock = 0

    @initialize(profile=profiles(), weeks=st.integers(8, 16))
    def begin(self, profile: RunnerProfile, weeks: int) -> None:
        self.profile, self.weeks = profile, weeks
        self.rebuild()

    def rebuild(self) -> None:
        assert self.profile is not None
        self.plan = build_plan(
            TRANSITION, self.profile, RULES, START, self.weeks, tuple(self.checkins)
        )

    def _log(self, **fields: object) -> None:
        self.clock += 1
        recorded = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=self.clock)
        self.checkins.append(CheckIn(recorded=recorded, **fields))  # type: ignore[arg-type]
        self.rebuild()

    def _next_session(self, skip: int) -> tuple[str, date] | None:
        assert self.plan is not None
        ahead = [s for s in self.plan.sessions if s.date >= self.today]
        if not ahead:
            return None
        session = ahead[min(skip, len(ahead) - 1)]
        self.today = session.date + timedelta(days=1)
        return session.key, session.date

    @rule(
        skip=st.integers(0, 3),
        pain=st.none() | st.integers(0, 10),
        where=st.none() | st.sampled_from(REGIONS),
        settled=st.none() | st.booleans(),
        swelling=st.integers(0, 9).map(lambda n: n == 0),
        cadence=st.none() | st.floats(140, 200).map(round),
        minutes=st.none() | st.sampled_from([0.2, 4.0, 12.0, 25.0, 60.0, 95.0]),
    )
    def done(
        self,
        skip: int,
        pain: int | None,
        where: str | None,
        settled: bool | None,
        swelling: bool,
        cadence: float | None,
        minutes: float | None,
    ) -> None:
        found = self._next_session(skip)
        if found is None:
            return
        key, day = found
        self._log(
            date=day, session=key, pain=pain, where=where if pain is not None else None,
            settled_next_morning=settled, swelling=swelling, cadence=cadence,
            running_minutes=minutes,
        )  # fmt: skip

    @rule(skip=st.integers(0, 2))
    def missed(self, skip: int) -> None:
        found = self._next_session(skip)
        if found is not None:
            self._log(date=found[1], session=found[0], missed=True)

    @rule(skip=st.integers(0, 2))
    def ill(self, skip: int) -> None:
        found = self._next_session(skip)
        if found is not None:
            self._log(date=found[1], session=found[0], missed=True, ill=True)

    @rule(where=st.none() | st.sampled_from(REGIONS))
    def cleared(self, where: str | None) -> None:
        self._log(date=self.today, cleared="physio", pain=0 if where else None, where=where)

    @rule(pain=st.integers(0, 3))
    def quiet_run(self, pain: int) -> None:
        """A low-pain check-in on the next run, the kind a state's exit asks for."""
        assert self.plan is not None
        runs = [s for s in self.plan.sessions if s.date >= self.today and s.running_minutes]
        if runs:
            self.today = runs[0].date + timedelta(days=1)
            self._log(date=runs[0].date, session=runs[0].key, pain=pain, settled_next_morning=True)

    @invariant()
    def a_physiotherapist_would_sign_it(self) -> None:
        if self.plan is None or self.profile is None:
            return
        check_all(self.plan, self.profile, self.checkins, RULES)


Runner.TestCase.settings = settings(
    max_examples=scaled(25, 600),
    stateful_step_count=scaled(12, 40),
    deadline=None,
)
test_a_runner_checks_in_at_random = Runner.TestCase
