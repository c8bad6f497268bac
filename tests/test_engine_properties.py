"""The coaching invariants of design.md, held over random valid runner profiles."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.engine.days import CALF_REGIONS
from posecoach.model import (
    REGIONS,
    WEEKDAYS,
    Curriculum,
    Injury,
    Plan,
    Rules,
    RunnerProfile,
    Session,
)
from posecoach.render import wording

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

CURRICULA = {
    name: loaders.load_curriculum(name) for name in ("pose-transition", "pose-foundations")
}
RULES = loaders.load_rules()


PAUSES = st.just(False)  # runners who do not keep their own running alongside the plan


@st.composite
def profiles(
    draw: st.DrawFn, keep_running: st.SearchStrategy[bool | None] = PAUSES
) -> RunnerProfile:
    """Random valid runners. By default none keeps their own running, so the plan's
    runs are all their running (the model tests/test_pain_rules.py checks the 110%
    rule against); pass `keep_running` to draw runners who keep it too."""
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    times = draw(
        st.lists(
            st.builds(time, st.integers(5, 21), st.sampled_from([0, 15, 30, 45])),
            min_size=len(days),
            max_size=len(days),
        )
    )
    volume = draw(st.sampled_from([0.0, 5.0, 12.5, 25.0, 60.0]))
    longest = draw(st.floats(0, min(volume * 0.5, 30)).map(lambda v: round(v, 1)))
    injured = draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True))
    keeps = draw(keep_running)  # only a runner who runs now can keep it
    return RunnerProfile(
        name="Property Runner",
        timezone=draw(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"])),
        days=dict(zip(days, times, strict=True)),  # type: ignore[arg-type]
        sessions_per_week=draw(st.integers(1, len(days))),
        max_session_minutes=draw(st.integers(20, 90)),
        background=draw(st.sampled_from(["new", "returning", "regular"])),
        weekly_volume=volume,
        longest_run_30d=longest,
        keep_running=keeps if volume > 0 or keeps is not True else None,
        baseline_cadence=draw(st.none() | st.integers(140, 190)),
        injuries=[Injury(region=r, current=draw(st.booleans())) for r in injured],  # type: ignore[arg-type]
    )


KEEPS_OR_NOT = st.sampled_from([None, True, False])


@st.composite
def cases(draw: st.DrawFn) -> tuple[Curriculum, RunnerProfile, date, int]:
    curriculum = CURRICULA[draw(st.sampled_from(sorted(CURRICULA)))]
    weeks = draw(st.integers(curriculum.min_weeks, curriculum.max_weeks))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 800)))
    return curriculum, draw(profiles(KEEPS_OR_NOT)), start, weeks


def heavy(session: Session, rules: Rules) -> bool:
    """A heavy calf day: a long new-form run, a plyometric calf drill, or heavy calf
    strength (heel drops, single-leg and loaded raises; a warm-up set is not)."""
    for item in session.items:
        if item.run is not None and item.run.running_minutes >= rules.heavy_days.heavy_run_minutes:
            return True
        if item.plyometric and CALF_REGIONS.intersection(item.loads):
            return True
        if item.counts_as == "calf-heavy" and item.block != "warm-up":
            return True
    return False


SETTINGS = examples(60, 1500)


@SETTINGS
@given(cases())
def test_invariants_hold(case: tuple[Curriculum, RunnerProfile, date, int]) -> None:
    curriculum, profile, start, weeks = case
    plan = build_plan(curriculum, profile, RULES, start, weeks)
    assert len(plan.weeks) == weeks
    check_days(plan, profile, start)
    check_heavy_days_apart(plan)
    check_deloads(plan, curriculum)
    check_cadence(plan, profile)
    check_longest_run(plan, profile)
    check_session_length(plan, profile)
    check_keys(plan)
    assert all(a.rule and wording.reason(a) and a.sources for a in plan.adjustments)


def check_days(plan: Plan, profile: RunnerProfile, start: date) -> None:
    """No session on an unavailable day; exactly the sessions asked for each week."""
    for week in plan.weeks:
        assert week.start == start + timedelta(days=7 * (week.number - 1))
        assert len(week.sessions) == profile.sessions_per_week
        assert len({s.date for s in week.sessions}) == len(week.sessions)
        for session in week.sessions:
            assert week.start <= session.date <= week.end
            assert session.weekday in profile.days
            assert WEEKDAYS[session.date.weekday()] == session.weekday
            assert session.time == profile.days[session.weekday]


def check_heavy_days_apart(plan: Plan) -> None:
    """At least one easy or rest day between the heaviest calf and Achilles loads."""
    heavy_days = sorted(s.date for s in plan.sessions if heavy(s, RULES))
    gap = RULES.heavy_days.easy_days_between + 1
    for earlier, later in itertools.pairwise(heavy_days):
        assert (later - earlier).days >= gap
    assert all(s.heavy_calf == heavy(s, RULES) for s in plan.sessions)


def check_deloads(plan: Plan, curriculum: Curriculum) -> None:
    every = curriculum.deload_every
    for week in plan.weeks:
        assert week.deload == bool(every and week.number % every == 0)


def check_cadence(plan: Plan, profile: RunnerProfile) -> None:
    """Relative to the runner's baseline, in allowed steps, never above the cap nor the
    ceiling (a baseline at or above it is kept as it is)."""
    allowed = {0.0, *RULES.cadence.steps_percent}
    ceiling = RULES.cadence.ceiling_spm
    early = set(RULES.injuries.early_cadence) & profile.current_injuries
    baseline = profile.baseline_cadence
    # A current injury where a higher step rate lowers the load starts at the first step,
    # unless the runner's own cadence is at the ceiling already (then it stays there).
    at_ceiling = baseline is not None and baseline >= ceiling
    previous = RULES.cadence.steps_percent[0] if early and not at_ceiling else 0.0
    for week in plan.weeks:
        target = week.cadence
        capped = baseline is not None and target.spm == max(ceiling, baseline) and target.step > 0
        assert target.percent in allowed or capped
        assert target.percent <= RULES.cadence.cap_percent
        if not capped:
            assert target.percent >= previous  # a plan without check-ins never steps down
        if week.deload:
            assert target.percent <= previous  # and never steps up on a deload week
        if target.percent > previous:  # nor in a week without new-form running
            assert week.running_minutes > 0, week.number
        previous = max(previous, target.percent)
        if baseline is None:
            assert target.spm is None
        else:
            assert target.spm is not None
            assert target.spm <= max(ceiling, baseline)
            if not capped:
                assert target.spm == round(baseline * (1 + target.percent / 100))
        # Only sessions with running or drills to the beat carry the week's target.
        for s in week.sessions:
            beat = any(i.run is not None or i.cadence for i in s.items)
            assert s.cadence == (target if beat else None), s.key


def check_longest_run(plan: Plan, profile: RunnerProfile) -> None:
    """No run longer than 110% of the longest run in the previous 30 days; a runner
    who keeps their own running runs their own longest all along (the new form goes
    inside it, and the rule weighs the whole run)."""
    rule = RULES.longest_run
    runs = [(plan.start - timedelta(days=1), profile.longest_run_minutes)]
    for session in sorted(plan.sessions, key=lambda s: s.date):
        minutes = session.running_minutes
        if minutes == 0:
            continue
        if profile.keeps_running:
            runs.append((session.date - timedelta(days=1), profile.longest_run_minutes))
        window = [m for d, m in runs if session.date - timedelta(days=rule.window_days) <= d]
        longest = max((m for m in window if m > 0), default=0.0)
        allowed = max(rule.entry_minutes, longest * rule.factor)
        assert minutes <= allowed + 1e-9, (session.key, minutes, allowed)
        runs.append((session.date, minutes))


def check_session_length(plan: Plan, profile: RunnerProfile) -> None:
    for session in plan.sessions:
        assert session.items, session.key
        assert sum(i.minutes for i in session.items) <= profile.max_session_minutes + 1e-9


def check_keys(plan: Plan) -> None:
    keys = [s.key for s in plan.sessions]
    assert len(keys) == len(set(keys))
    for week in plan.weeks:
        days = [s.date for s in week.sessions]
        assert days == sorted(days), week.number  # a week's sessions in day order
        for place, session in enumerate(week.sessions, start=1):
            assert session.slot == place, session.key  # numbered in that order
            assert session.key == f"{plan.plan_id}-w{week.number:02d}-s{session.slot}"


@examples(20, 400)
@given(cases())
def test_the_same_inputs_give_the_same_plan(
    case: tuple[Curriculum, RunnerProfile, date, int],
) -> None:
    curriculum, profile, start, weeks = case
    first = build_plan(curriculum, profile, RULES, start, weeks)
    second = build_plan(curriculum, profile, RULES, start, weeks)
    assert first.model_dump_json() == second.model_dump_json()


@examples(30, 600)
@given(profiles(), st.integers(5, 21))
def test_a_new_preferred_time_keeps_every_session_key(profile: RunnerProfile, hour: int) -> None:
    """Keys come from the week and the session's place in its day order, so a new time
    of day never renames a session."""
    curriculum = CURRICULA["pose-transition"]
    start = date(2027, 1, 4)
    before = build_plan(curriculum, profile, RULES, start)
    day = next(iter(profile.days))
    moved = profile.model_copy(update={"days": {**profile.days, day: time(hour, 0)}})
    after = build_plan(curriculum, moved, RULES, start)
    assert sorted(s.key for s in before.sessions) == sorted(s.key for s in after.sessions)
    changed = {
        s.key for s in after.sessions if s.weekday == day and s.time != before.session(s.key).time
    }
    assert all(after.session(k).time == time(hour, 0) for k in changed)


def test_injured_region_has_no_plyometric_drills() -> None:
    curriculum = CURRICULA["pose-transition"]
    profile = loaders.load_profile(None).model_copy(
        update={"injuries": [Injury(region="achilles", current=True)]}
    )
    plan = build_plan(curriculum, profile, RULES, date(2027, 1, 4))
    for session in plan.sessions:
        for item in session.items:
            assert not (item.plyometric and "achilles" in item.loads)
    assert plan.adjustments[0].rule == "injuries"
    assert "Achilles" in wording.reason(plan.adjustments[0])
