"""The curriculum to the evidence (issue 13), as properties of every plan.

Over plan lengths (8, 12 and 16 weeks of the transition, 4 to 6 of the
foundations), both curricula, runners on 2, 3 and 5 days and random runners:
- calf strength in two to three sessions of every non-deload week (S43-S46);
- foot core three times every week (S48, S49), at home when sessions are few;
- no deload week introduces a drill, realigned plans included;
- no cadence rise in a week without new-form running;
- no heavy calf day straight after another: plyometric drills, heavy calf
  strength (heel drops, single-leg and loaded raises) and long runs all count;
- a runner who keeps their own running is never held below it by the 110% rule,
  and is told what to do with it; a runner with none is pointed to foundations.
Source numbers refer to docs/pose-domain-facts.md.
"""

from __future__ import annotations

import html
import itertools
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from coaching_oracle import check_regions, covered
from coaching_oracle import severity as flag_of
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from test_engine_properties import (
    CURRICULA,
    KEEPS_OR_NOT,
    RULES,
    check_days,
    check_deloads,
    check_heavy_days_apart,
    check_keys,
    check_longest_run,
    heavy,
    profiles,
)

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.engine.fitting import fit_session
from posecoach.engine.own_running import first_curriculum
from posecoach.engine.running import START_STAGE
from posecoach.engine.weekly import holds
from posecoach.model import CheckIn, Curriculum, Item, Plan, Prescription, RunnerProfile
from posecoach.render import wording
from posecoach.render.html import render_html
from posecoach.render.markdown import render_markdown

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

START = date(2027, 1, 4)  # a Monday
TRANSITION, FOUNDATIONS = CURRICULA["pose-transition"], CURRICULA["pose-foundations"]
LENGTHS = [(TRANSITION, w) for w in (8, 12, 16)] + [(FOUNDATIONS, w) for w in (4, 5, 6)]
DEFAULT = loaders.load_profile(None)


def on_days(*names: str, **changes: object) -> RunnerProfile:
    days = {name: time(18, 0) for name in names}
    return DEFAULT.model_copy(update={"days": days, "sessions_per_week": len(names), **changes})


RUNNERS = {
    "2-day": on_days("Tue", "Sat"),
    "2-day-weekend": on_days("Sat", "Sun"),
    "3-day": DEFAULT,
    "5-day": on_days("Mon", "Tue", "Wed", "Thu", "Fri"),
    "5-day-new": on_days(
        "Mon", "Tue", "Wed", "Thu", "Fri", background="new", weekly_volume=0, longest_run_30d=0
    ),
}
# The runner of the issue: 40 km a week, a longest run of 16 km, keeps running.
REGULAR = DEFAULT.model_copy(
    update={"background": "regular", "weekly_volume": 40, "longest_run_30d": 16}
)


# ------------------------------------------------------------------ the checks


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


def home_days(plan: Plan, week: int, work: str) -> int:
    return sum(h.days for h in plan.weeks[week - 1].home or [] if h.counts_as == work)


def check_calf(plan: Plan, profile: RunnerProfile) -> None:
    """Calf strength in two to three sessions of every non-deload week; a runner on
    one session a week does the second at home."""
    wanted = RULES.strength.calf_sessions
    for week in plan.weeks:
        in_sessions = sum(1 for s in week.sessions if holds(s.items, "calf"))
        assert in_sessions <= RULES.strength.calf_sessions_most, week.number
        if week.deload:
            continue
        assert in_sessions >= min(wanted, profile.sessions_per_week), week.number
        assert in_sessions + home_days(plan, week.number, "calf") >= wanted, week.number


def check_foot_core(plan: Plan) -> None:
    wanted = RULES.strength.foot_core_sessions
    for week in plan.weeks:
        in_sessions = sum(1 for s in week.sessions if holds(s.items, "foot-core"))
        assert in_sessions + home_days(plan, week.number, "foot-core") >= wanted, week.number


def check_no_new_drill_on_deloads(plan: Plan, curriculum: Curriculum) -> None:
    """A drill first shows up in a loading week, never in a deload week (the low-load
    stand-ins a pain check-in brings in excepted: safety comes first)."""
    stand_ins = {d.replaced_by for d in curriculum.drills if d.replaced_by}
    seen: set[str] = set()
    for week in plan.weeks:
        drills = {i.drill for s in week.sessions for i in s.items}
        drills |= {i.drill for h in week.home or [] for i in h.items}
        if week.deload:
            assert drills - seen - stand_ins == set(), week.number
        seen |= drills


def check_no_rise_without_running(plan: Plan, profile: RunnerProfile) -> None:
    early = set(RULES.injuries.early_cadence) & profile.current_injuries
    previous = RULES.cadence.steps_percent[0] if early else 0.0  # an injury's early step
    for week in plan.weeks:
        if week.cadence.percent > previous:
            assert week.running_minutes > 0, week.number
        previous = week.cadence.percent


def check_new_form_starts_low(plan: Plan, curriculum: Curriculum, profile: RunnerProfile) -> None:
    """The run ladder climbs with the runs done: a plan whose first weeks hold no run
    starts its runs at the runner's first rung, however many weeks have passed, and
    the cadence holds at baseline until weeks with running have been held at it."""
    ladder = curriculum.run_ladder
    first_rung = ladder[min(START_STAGE[profile.background], len(ladder) - 1)]
    running = [w for w in plan.weeks if w.running_minutes > 0]
    if not running:
        return
    longest = max(s.running_minutes for s in running[0].sessions)
    assert longest <= first_rung.run_minutes + 1e-9, running[0].number
    early = set(RULES.injuries.early_cadence) & profile.current_injuries
    start = RULES.cadence.steps_percent[0] if early else 0
    assert running[0].cadence.percent <= start, running[0].number


def check_calf_heavy_days_apart(plan: Plan) -> None:
    """No heavy calf day the day after another: hops, heel drops and hops again never
    fall on three days in a row, nor any two of them on two."""
    days = sorted(s.date for s in plan.sessions if heavy(s, RULES))
    for earlier, later in itertools.pairwise(days):
        assert (later - earlier).days >= 2, (earlier, later)


def check_all(plan: Plan, curriculum: Curriculum, profile: RunnerProfile) -> None:
    check_calf(plan, profile)
    check_foot_core(plan)
    check_no_new_drill_on_deloads(plan, curriculum)
    check_no_rise_without_running(plan, profile)
    check_new_form_starts_low(plan, curriculum, profile)
    check_calf_heavy_days_apart(plan)
    check_heavy_days_apart(plan)
    check_longest_run(plan, profile)
    check_days(plan, profile, plan.start)
    check_deloads(plan, curriculum)
    check_keys(plan)


# ------------------------------------------------------------------ named runners


@pytest.mark.parametrize("runner", sorted(RUNNERS))
@pytest.mark.parametrize(("curriculum", "weeks"), LENGTHS, ids=[f"{c.id}-{w}w" for c, w in LENGTHS])
def test_named_runners(curriculum: Curriculum, weeks: int, runner: str) -> None:
    profile = RUNNERS[runner]
    check_all(build_plan(curriculum, profile, RULES, START, weeks), curriculum, profile)


@pytest.mark.parametrize("weeks", [8, 12, 16])
def test_a_two_day_plan_keeps_heel_drops_to_the_end(weeks: int) -> None:
    """With two sessions the strength session drops out of the later phases; its heel
    drops and loaded raises are folded into the sessions that remain."""
    plan = build_plan(TRANSITION, RUNNERS["2-day"], RULES, START, weeks)
    later = plan.weeks[weeks // 2 :]
    for week in later:
        drills = {i.drill for s in week.sessions for i in s.items if i.block != "warm-up"}
        assert drills & {"heel-drop-bent-knee", "heel-drop-straight-knee"}, week.number


@pytest.mark.parametrize("runner", ["2-day", "2-day-weekend"])
def test_work_between_sessions_shows_once_a_week(runner: str) -> None:
    """A runner with few sessions does the rest of the week's foot or calf work at
    home: plan.md and the sheets show it once a week, with a box to tick."""
    plan = build_plan(TRANSITION, RUNNERS[runner], RULES, START, 12)
    markdown = render_markdown(plan, TRANSITION)
    sheets = render_html(plan, curriculum=TRANSITION)
    homes = [
        (week, wording.say(work.note))
        for week in plan.weeks
        for work in week.home or []
        if work.note is not None
    ]
    assert homes
    for week, note in homes:
        shown = html.escape(note, quote=True)
        assert markdown.count(f"- [ ] {note}") == sum(n == note for _, n in homes), week.number
        assert sheets.count(shown) == sum(n == note for _, n in homes), week.number


def test_the_default_plan_loads_the_calf_more_and_more() -> None:
    """Bodyweight first, then the single-leg raise with rising weight and falling reps."""
    plan = build_plan(TRANSITION, DEFAULT, RULES, START)
    raises = [
        (week.number, item.dose)
        for week in plan.weeks
        if not week.deload
        for session in week.sessions
        for item in session.items
        if item.drill == "single-leg-calf-raise" and item.dose and "kg" in (item.dose.note or "")
    ]
    assert raises
    assert raises[0][0] <= 8
    notes = [d.note or "" for _, d in raises]
    shares = [int(re.findall(r"(\d+)-\d+% of your bodyweight", n)[0]) for n in notes]
    assert shares == sorted(shares)
    assert shares[-1] > shares[0]
    assert all(d.sets == 4 for _, d in raises)


def test_the_regular_runner_is_not_held_below_their_own_running() -> None:
    for curriculum, weeks in LENGTHS:
        for days in (("Tue", "Sat"), ("Tue", "Thu", "Sat"), ("Mon", "Tue", "Wed", "Thu", "Fri")):
            runner = REGULAR.model_copy(
                update={"days": {d: time(7) for d in days}, "sessions_per_week": len(days)}
            )
            plan = build_plan(curriculum, runner, RULES, START, weeks)
            assert [wording.reason(a) for a in plan.adjustments if a.rule == "longest_run"] == []
            assert plan.own_running is not None
            assert plan.own_running.keeps
            runs = [s for s in plan.sessions if s.running_minutes > 0]
            assert all(any("own easy run" in n for n in wording.notes(s)) for s in runs)
            said = wording.say(plan.own_running.advice)
            assert "40 km" in said
            assert "16 km" in said
            assert "inside" in said
            assert any(a.rule == "own_running" and a.week == 1 for a in plan.adjustments)


def test_a_runner_without_running_is_pointed_to_the_foundations() -> None:
    new = RUNNERS["5-day-new"]
    assert first_curriculum(new, RULES) == "pose-foundations"
    assert first_curriculum(DEFAULT, RULES) is None
    plan = build_plan(TRANSITION, new, RULES, START)
    assert plan.own_running is not None
    assert plan.own_running.start_with == "pose-foundations"
    assert not plan.own_running.keeps
    assert "baseline" in wording.say(plan.own_running.advice)
    # Said once, before the weeks (and cited in explain), not on every session.
    assert [a.rule for a in plan.adjustments if a.remark == plan.own_running.advice] == [
        "own_running"
    ]
    before, weeks = render_markdown(plan, TRANSITION).split("## Overview")
    assert before.count(wording.say(plan.own_running.advice)) == 1
    assert wording.say(plan.own_running.advice) not in weeks
    own = build_plan(FOUNDATIONS, new, RULES, START)
    assert own.own_running is not None
    assert own.own_running.start_with is None
    assert "baseline" in wording.say(own.own_running.advice)


def test_a_runner_who_pauses_their_running_is_told_so() -> None:
    pausing = DEFAULT.model_copy(update={"keep_running": False})
    plan = build_plan(TRANSITION, pausing, RULES, START)
    assert plan.own_running is not None
    assert not plan.own_running.keeps
    assert not any("own easy run" in n for s in plan.sessions for n in wording.notes(s))


@pytest.mark.parametrize(("curriculum", "weeks"), LENGTHS)
def test_plans_are_titled_with_their_own_length(curriculum: Curriculum, weeks: int) -> None:
    plan = build_plan(curriculum, DEFAULT, RULES, START, weeks)
    assert f"{weeks} weeks" in plan.curriculum_name
    assert not re.search(rf"\b(?!{weeks}\b)\d+ weeks", plan.curriculum_name)


@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_runs_end_on_a_run(runner: str) -> None:
    plan = build_plan(TRANSITION, RUNNERS[runner], RULES, START, 16)
    for session in plan.sessions:
        for item in session.items:
            if item.run is not None and item.run.walk_minutes > 0:
                assert item.run.final_run_minutes > 0, (session.key, item.run.text)
                assert item.run.text.endswith("run"), item.run.text


def _entry(name: str, block: str, minutes: float) -> Item:
    return Item(
        drill=name,
        name=name,
        element="mobility" if block == "mobility" else "strength",
        block=block,  # type: ignore[arg-type]
        dose=Prescription(sets=1, reps=10),
        cues=["x"],
        minutes=minutes,
    )


def test_short_sessions_drop_the_cool_down_stretches_last() -> None:
    entries = [
        (_entry("heel drops", "strength", 8), False),
        (_entry("clamshell", "strength", 3), True),
        (_entry("calf stretch", "mobility", 2), True),
        (_entry("hip dips", "strength", 3), True),
    ]
    kept, dropped = fit_session(entries, float("inf"), 11)
    assert [i.name for i, _ in kept] == ["heel drops", "calf stretch"]
    assert sorted(dropped) == ["clamshell", "hip dips"]
    kept, dropped = fit_session(entries, float("inf"), 9)
    assert [i.name for i, _ in kept] == ["heel drops"]


# ------------------------------------------------------------------ random runners


SETTINGS = examples(50, 1200)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Curriculum, RunnerProfile, int]:
    curriculum, weeks = draw(st.sampled_from(LENGTHS))
    return curriculum, draw(profiles(KEEPS_OR_NOT)), weeks


@SETTINGS
@given(cases())
def test_random_runners(case: tuple[Curriculum, RunnerProfile, int]) -> None:
    curriculum, profile, weeks = case
    check_all(build_plan(curriculum, profile, RULES, START, weeks), curriculum, profile)


@st.composite
def missed_weeks(draw: st.DrawFn) -> tuple[Curriculum, RunnerProfile, int, list[CheckIn]]:
    """Runners who miss one or more whole weeks (the plan realigns after them)."""
    curriculum, weeks = draw(st.sampled_from(LENGTHS))
    profile = draw(profiles(KEEPS_OR_NOT))
    base = build_plan(curriculum, profile, RULES, START, weeks)
    first = draw(st.integers(1, weeks - 1))
    last = draw(st.integers(first, min(weeks - 1, first + 2)))
    made = [
        CheckIn(
            date=s.date,
            recorded=datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
            session=s.key,
            missed=True,
        )
        for n, s in enumerate(s for w in base.weeks[first - 1 : last] for s in w.sessions)
    ]
    return curriculum, profile, weeks, made


@SETTINGS
@given(missed_weeks())
def test_realigned_plans_bring_nothing_new_on_a_deload_week(
    case: tuple[Curriculum, RunnerProfile, int, list[CheckIn]],
) -> None:
    curriculum, profile, weeks, checkins = case
    plan = build_plan(curriculum, profile, RULES, START, weeks, checkins)
    check_no_new_drill_on_deloads(plan, curriculum)
    check_foot_core(plan)
    check_calf_heavy_days_apart(plan)
    check_deloads(plan, curriculum)
    check_days(plan, profile, START)


# ---------------------------------------------- pain, for runners who keep running


def check_runs_done_keeping(plan: Plan, ordered: list[CheckIn], profile: RunnerProfile) -> None:
    """No run above 110% of the longest run done in 30 days, a missed one never
    counted; the runner's own longest run counts as done all along, until the first
    check-in that stops running (their own running stops with it)."""
    rule = RULES.longest_run
    missed = {c.session for c in ordered if c.missed}
    stops = [
        c.date
        for c in ordered
        if not c.missed and any(flag_of(c, r, RULES) == "red" for r in covered(c))
    ]
    done = [(plan.start - timedelta(days=1), profile.longest_run_minutes)]
    for session in sorted(plan.sessions, key=lambda s: s.date):
        minutes = session.running_minutes
        if minutes == 0:
            continue
        since = session.date - timedelta(days=rule.window_days)
        window = [m for d, m in done if since <= d < session.date and m > 0]
        if profile.keeps_running and (not stops or stops[0] >= since):
            window.append(profile.longest_run_minutes)
        allowed = max(rule.entry_minutes, max(window, default=0.0) * rule.factor)
        assert minutes <= allowed + 1e-9, (session.key, minutes, allowed)
        if session.key not in missed:
            done.append((session.date, minutes))


@st.composite
def keepers_with_checkins(draw: st.DrawFn) -> tuple[Curriculum, RunnerProfile, int, list[CheckIn]]:
    curriculum, weeks = draw(st.sampled_from(LENGTHS))
    profile = draw(profiles(st.just(True)))
    base = build_plan(curriculum, profile, RULES, START, weeks)
    return curriculum, profile, weeks, draw(checkins_for(base))


@SETTINGS
@given(keepers_with_checkins())
def test_the_pain_rules_hold_for_runners_who_keep_running(
    case: tuple[Curriculum, RunnerProfile, int, list[CheckIn]],
) -> None:
    """tests/test_pain_rules.py's properties, for runners who keep their own running."""
    curriculum, profile, weeks, checkins = case
    plan = build_plan(curriculum, profile, RULES, START, weeks, checkins)
    ordered = sorted(checkins, key=lambda c: (c.date, c.recorded))
    check_regions(plan, ordered, RULES)
    check_runs_done_keeping(plan, ordered, profile)
    check_no_new_drill_on_deloads(plan, curriculum)
    check_heavy_days_apart(plan)
    check_days(plan, profile, START)
    for session in plan.sessions:
        assert sum(i.minutes for i in session.items) <= profile.max_session_minutes + 1e-9
