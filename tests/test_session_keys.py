"""Session keys under random check-ins and rebuilds: a property of the engine.

A session's key is its week and its place in that week's day order
(`runner-w02-s1` is week 2's first session). A runner checks in as the weeks go
by, fills in sessions they forgot to log, takes check-ins back and changes the
days they train on; the plan is built again after every step. Throughout:

- every week's keys follow its days (s1 the first day, s2 the next, ...);
- no check-in is orphaned by a renumbering: while its week still has a session
  on the day it was logged for, the check-in belongs to that session (the
  status `today` shows, the duplicate check and the engine all read this);
  else to the session its key names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sizing import scaled

from posecoach import loaders
from posecoach.commands.today import plan_checkins, statuses
from posecoach.engine import build_plan
from posecoach.engine.matching import week_of
from posecoach.model import REGIONS, WEEKDAYS, CheckIn, Plan, RunnerProfile

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

RULES = loaders.load_rules()
TRANSITION = loaders.load_curriculum("pose-transition")
START = date(2027, 1, 4)
WEEKS = 8

days_a_week = st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=6, unique=True)


def profile(days: list[str], per_week: int) -> RunnerProfile:
    return RunnerProfile(
        name="Key Runner",
        timezone="Europe/Berlin",
        days={d: time(7, 0) for d in days},  # type: ignore[misc]
        sessions_per_week=min(per_week, len(days)),
        max_session_minutes=45,
        background="returning",
        weekly_volume=15,
        longest_run_30d=6,
        long_run_day="Sun",  # a fixed heavy day moves sessions around it
    )


def check_day_order(plan: Plan) -> None:
    for week in plan.weeks:
        days = [s.date for s in week.sessions]
        assert days == sorted(days), f"week {week.number}: {[s.key for s in week.sessions]}"
        for place, session in enumerate(week.sessions, start=1):
            assert session.key == f"{plan.plan_id}-w{week.number:02d}-s{place}"
            assert session.slot == place


class Keys(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.profile = profile(["Mon", "Wed", "Sat"], 3)
        self.checkins: list[CheckIn] = []
        self.plan: Plan | None = None
        self.today = START
        self.clock = 0

    @initialize(days=days_a_week, per_week=st.integers(1, 6))
    def begin(self, days: list[str], per_week: int) -> None:
        self.profile = profile(days, per_week)
        self.rebuild()

    def rebuild(self) -> None:
        self.plan = build_plan(TRANSITION, self.profile, RULES, START, WEEKS, self.checkins)

    def _log(self, session_key: str, session_day: date, **fields: object) -> None:
        """As `posecoach checkin` logs: the session's key and its planned day."""
        self.clock += 1
        recorded = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=self.clock)
        self.checkins.append(
            CheckIn(recorded=recorded, session=session_key, session_day=session_day, **fields)  # type: ignore[arg-type]
        )
        self.rebuild()

    def _unlogged(self, before: date) -> list[tuple[str, date]]:
        assert self.plan is not None
        done = statuses(self.plan, self.checkins)
        return [
            (s.key, s.date) for s in self.plan.sessions if s.date < before and s.key not in done
        ]

    @rule(
        skip=st.integers(0, 3),
        pain=st.none() | st.integers(0, 9),
        where=st.sampled_from(REGIONS),
        late=st.booleans(),
    )
    def check_in(self, skip: int, pain: int | None, where: str, late: bool) -> None:
        """The next session, or a later one (those between go by unlogged); now and
        then done a day late, as a watch file from the next day says."""
        assert self.plan is not None
        ahead = [s for s in self.plan.sessions if s.date >= self.today]
        if not ahead:
            return
        session = ahead[min(skip, len(ahead) - 1)]
        day = session.date + timedelta(days=1 if late else 0)
        self.today = day + timedelta(days=1)
        self._log(session.key, session.date, date=day, pain=pain,
                  where=where if pain is not None else None)  # fmt: skip

    @rule(pick=st.integers(0, 50), missed=st.booleans())
    def fill_in(self, pick: int, missed: bool) -> None:
        """A session gone by, logged afterwards (it may reshuffle later weeks)."""
        gone = self._unlogged(self.today)
        if gone:
            key, day = gone[pick % len(gone)]
            self._log(key, day, date=day, missed=missed, pain=None if missed else 5,
                      where=None if missed else "calf")  # fmt: skip

    @rule(pick=st.integers(0, 50))
    def take_back(self, pick: int) -> None:
        if self.checkins:
            del self.checkins[pick % len(self.checkins)]
            self.rebuild()

    @rule(days=days_a_week, per_week=st.integers(1, 6))
    def new_days(self, days: list[str], per_week: int) -> None:
        """The runner's week changes: the days (and so the keys) of every week move."""
        self.profile = profile(days, per_week)
        self.rebuild()

    @invariant()
    def keys_follow_day_order(self) -> None:
        if self.plan is not None:
            check_day_order(self.plan)

    @invariant()
    def no_checkin_is_orphaned(self) -> None:
        if self.plan is None:
            return
        plan = self.plan
        keys = {s.key for s in plan.sessions}
        for logged, found in zip(self.checkins, plan_checkins(plan, self.checkins), strict=True):
            assert logged.session is not None
            assert logged.session_day is not None
            week = week_of(logged.session)
            on_day = [s.key for s in plan.sessions
                      if s.date == logged.session_day and week_of(s.key) == week]  # fmt: skip
            if on_day:
                assert found.session == on_day[0], (logged, on_day)
            else:
                assert found.session == logged.session
            if on_day or logged.session in keys:
                assert found.session in keys
        # The engine matched them alike: a change a check-in caused names the
        # session that check-in belongs to here.
        matched = {(c.date, c.session) for c in plan_checkins(plan, self.checkins)}
        for change in plan.adjustments:
            ref = change.checkin
            if ref is not None and ref.session is not None:
                assert (ref.date, ref.session) in matched, ref


Keys.TestCase.settings = settings(
    max_examples=scaled(20, 400),
    stateful_step_count=scaled(10, 40),
    deadline=None,
)
test_keys_follow_day_order_through_checkins_and_rebuilds = Keys.TestCase
