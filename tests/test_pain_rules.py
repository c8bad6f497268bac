"""The pain, return and missed-session rules as properties over random check-ins.

Each rule is checked from the outside, on the built plan: whatever sequence of
check-ins a runner sends, after every one of them (rules 2-6 of
curricula/progression-rules.yaml as the plan applies them):
- pain of 7 or more, or swelling: from the next day until an all-clear in that
  region, no running, technique or plyometric drills and no heavy work on it;
- after the all-clear, the first week's runs are at most half the last run done
  before the stop, and the region's plyometric drills wait for two more check-ins;
- a hold or step-back: until its all-clear no session runs longer, or doses a
  drill more, than the reporting week;
- a missed run never counts: no run above 110% of the longest run done in 30 days;
- and the design invariants (days, heavy days apart, deloads, keys) still hold.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from test_engine_properties import (
    CURRICULA,
    RULES,
    check_days,
    check_deloads,
    check_heavy_days_apart,
    check_keys,
    profiles,
)

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.engine.pain import STRENGTH_ONLY, severity
from posecoach.engine.running import half_minutes
from posecoach.model import REGIONS, CheckIn, Curriculum, Plan, RunnerProfile, Session

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

EVERYWHERE = frozenset(REGIONS)
SETTINGS = examples(50, 1200)

Case = tuple[Curriculum, RunnerProfile, date, int, list[CheckIn]]


@st.composite
def checkins_for(draw: st.DrawFn, plan: Plan) -> list[CheckIn]:
    """Check-ins on the plan's sessions (or the days around them), in any mix."""
    sessions = plan.sessions
    made: list[CheckIn] = []
    for n in range(draw(st.integers(0, 8))):
        session = draw(st.sampled_from(sessions))
        day = session.date + timedelta(days=draw(st.sampled_from([0, 0, 0, 1, 2])))
        missed = draw(st.integers(0, 5)) == 0
        pain = None if missed else draw(st.none() | st.integers(0, 10))
        made.append(
            CheckIn(
                date=day,
                recorded=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
                session=session.key if day == session.date else None,
                missed=missed,
                pain=pain,
                where=None if pain is None else draw(st.sampled_from(["calf", "achilles", "knee"])),
                swelling=False if missed else draw(st.integers(0, 6)) == 0,
                settled_next_morning=None if pain is None else draw(st.none() | st.booleans()),
                cadence=None if missed else draw(st.none() | st.integers(150, 185)),
            )
        )
    return made


@st.composite
def cases(draw: st.DrawFn) -> Case:
    curriculum = CURRICULA[draw(st.sampled_from(sorted(CURRICULA)))]
    weeks = draw(st.integers(curriculum.min_weeks, curriculum.max_weeks))
    start = date(2027, 1, 4) + timedelta(days=draw(st.integers(0, 6)))
    profile = draw(profiles())
    base = build_plan(curriculum, profile, RULES, start, weeks)
    return curriculum, profile, start, weeks, draw(checkins_for(base))


def _ordered(checkins: list[CheckIn]) -> list[CheckIn]:
    return sorted(checkins, key=lambda c: (c.date, c.recorded))


def _covered(checkin: CheckIn) -> frozenset[str]:
    return EVERYWHERE if checkin.where is None else frozenset({checkin.where})


def _all_clear(later: CheckIn, region: frozenset[str]) -> bool:
    """A check-in that gives `region` the all-clear: a pain score of 3 or less, no flag."""
    if later.missed or later.pain is None or severity(later, RULES) != "advance":
        return False
    return later.where is None or region == EVERYWHERE or later.where in region


def _window_end(ordered: list[CheckIn], index: int) -> date:
    """The day the flag at `index` is cleared (its effect ends the day after), or far away."""
    region = _covered(ordered[index])
    for later in ordered[index + 1 :]:
        if _all_clear(later, region):
            return later.date
    return date.max


def _after(plan: Plan, first: date, last: date) -> list[Session]:
    """Sessions the check-in of `first` reaches: from the next day up to `last`."""
    return [s for s in plan.sessions if first < s.date <= last]


def _missed(plan: Plan, checkins: list[CheckIn]) -> set[str]:
    keys = set()
    for c in checkins:
        if c.missed:
            keys |= {
                s.key
                for s in plan.sessions
                if s.key == c.session or (c.session is None and s.date == c.date)
            }
    return keys


def check_stops(plan: Plan, ordered: list[CheckIn]) -> None:
    for index, flag in enumerate(ordered):
        if flag.missed or severity(flag, RULES) != "stop":
            continue
        region = _covered(flag)
        for session in _after(plan, flag.date, _window_end(ordered, index)):
            for item in session.items:
                assert item.run is None, (flag.label, session.key)
                assert not item.plyometric, (flag.label, session.key, item.name)
                assert item.element in STRENGTH_ONLY, (flag.label, session.key, item.name)
                heavy = item.drill.startswith(("heel-drop", "single-leg-calf", "double-leg-calf"))
                assert not (heavy and region.intersection(item.loads)), (session.key, item.name)


def check_returns(plan: Plan, ordered: list[CheckIn], profile: RunnerProfile) -> None:
    """The week after the last stop clears: runs at most half the last run done before it."""
    missed = _missed(plan, ordered)
    stopped: dict[str, CheckIn] = {}
    for index, checkin in enumerate(ordered):
        if checkin.missed:
            continue
        level = severity(checkin, RULES)
        if level == "stop":
            stopped[checkin.where or "everywhere"] = checkin
            continue
        if not stopped or not _all_clear(checkin, frozenset(REGIONS)):
            continue
        cleared = [
            k
            for k in stopped
            if _all_clear(checkin, EVERYWHERE if k == "everywhere" else frozenset({k}))
        ]
        if not cleared:
            continue
        latest = max(stopped.values(), key=lambda c: (c.date, c.recorded))
        for key in cleared:
            del stopped[key]
        if stopped:
            continue
        done = [
            (s.date, s.running_minutes)
            for s in plan.sessions
            if s.running_minutes > 0 and s.date <= latest.date and s.key not in missed
        ]
        if plan.start - timedelta(days=1) <= latest.date and profile.longest_run_minutes > 0:
            done.append((plan.start - timedelta(days=1), profile.longest_run_minutes))
        last = max(done)[1] if done else 0.0
        cap = max(0.5, half_minutes(last / 2)) if last > 0 else RULES.longest_run.entry_minutes
        later = ordered[index + 1 :]
        next_flag = min(
            (c.date for c in later if not c.missed and severity(c, RULES) == "stop"),
            default=date.max,
        )
        for session in _after(plan, checkin.date, min(checkin.date + timedelta(days=7), next_flag)):
            assert session.running_minutes <= cap + 1e-9, (checkin.label, session.key, cap)
        # The region's plyometric drills wait for two more check-ins without a flag.
        calm = [c for c in later if not c.missed and severity(c, RULES) == "advance"]
        until = calm[1].date if len(calm) >= 2 else date.max
        for session in _after(plan, checkin.date, min(until, next_flag)):
            for item in session.items:
                region = EVERYWHERE if "everywhere" in cleared else frozenset(cleared)
                assert not (item.plyometric and region.intersection(item.loads)), (
                    session.key,
                    item.name,
                )


def check_holds(plan: Plan, ordered: list[CheckIn]) -> None:
    """No session above the reporting week's load until the all-clear."""
    for index, flag in enumerate(ordered):
        if flag.missed or severity(flag, RULES) == "advance":
            continue
        number = max(1, min(len(plan.weeks), (flag.date - plan.start).days // 7 + 1))
        reporting = plan.weeks[number - 1]
        most_run = max((s.running_minutes for s in reporting.sessions), default=0.0)
        doses: dict[str, tuple[int, float]] = {}
        for s in reporting.sessions:
            for i in s.items:
                if i.dose is not None:
                    amount = i.dose.reps or i.dose.seconds or i.dose.metres or i.dose.minutes or 0
                    sets, most = doses.get(i.drill, (0, 0.0))
                    doses[i.drill] = (max(sets, i.dose.sets), max(most, float(amount)))
        for session in _after(plan, flag.date, _window_end(ordered, index)):
            assert session.running_minutes <= most_run + 1e-9, (flag.label, session.key)
            for i in session.items:
                if i.dose is not None and i.drill in doses:
                    amount = i.dose.reps or i.dose.seconds or i.dose.metres or i.dose.minutes or 0
                    sets, most = doses[i.drill]
                    where = (flag.label, session.key, i.name)
                    assert i.dose.sets <= sets, where
                    assert amount <= most + 1e-9, where


def check_runs_done(plan: Plan, ordered: list[CheckIn], profile: RunnerProfile) -> None:
    """No run above 110% of the longest run done (never a missed one) in 30 days."""
    rule = RULES.longest_run
    missed = _missed(plan, ordered)
    done = [(plan.start - timedelta(days=1), profile.longest_run_minutes)]
    for session in sorted(plan.sessions, key=lambda s: s.date):
        minutes = session.running_minutes
        if minutes == 0:
            continue
        since = session.date - timedelta(days=rule.window_days)
        longest = max((m for d, m in done if since <= d < session.date and m > 0), default=0.0)
        allowed = max(rule.entry_minutes, longest * rule.factor)
        assert minutes <= allowed + 1e-9, (session.key, minutes, allowed)
        if session.key not in missed:
            done.append((session.date, minutes))


@SETTINGS
@given(cases())
def test_the_pain_rules_hold_after_any_check_ins(case: Case) -> None:
    curriculum, profile, start, weeks, checkins = case
    plan = build_plan(curriculum, profile, RULES, start, weeks, checkins)
    ordered = _ordered(checkins)
    check_stops(plan, ordered)
    check_returns(plan, ordered, profile)
    check_holds(plan, ordered)
    check_runs_done(plan, ordered, profile)
    check_days(plan, profile, start)
    check_heavy_days_apart(plan)
    check_deloads(plan, curriculum)
    check_keys(plan)
    assert all(a.rule and a.reason and a.sources for a in plan.adjustments)
    for session in plan.sessions:
        assert session.items or "paused" in session.title
        assert sum(i.minutes for i in session.items) <= profile.max_session_minutes + 1e-9


def test_a_check_in_changes_nothing_before_the_next_day() -> None:
    curriculum = CURRICULA["pose-transition"]
    runner = loaders.load_profile(None)
    start = date(2027, 1, 4)
    base = build_plan(curriculum, runner, RULES, start)
    for session in base.sessions[::5]:
        pain = CheckIn(
            date=session.date,
            recorded=datetime(2027, 1, 1, tzinfo=UTC),
            session=session.key,
            pain=9,
            where="achilles",
            swelling=True,
        )
        after = build_plan(curriculum, runner, RULES, start, checkins=[pain])
        for old, new in itertools.zip_longest(base.sessions, after.sessions):
            if old.date <= session.date:
                assert old == new
