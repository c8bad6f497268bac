"""The cadence rule: targets only where there is running or work to the beat,
no rise without running nor while the pain rule holds, a pain flag (with or
without a cadence) breaks the streak of on-target check-ins, and the planned
rises stay in the plan, marked as waiting for check-ins, after a single
on-target check-in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.cli import app
from posecoach.engine import build_plan, cadence, regions
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import REGIONS, CheckIn, Curriculum, Plan, Rules, RunnerProfile, Session
from posecoach.render import wording

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

DATA = Path(__file__).parent / "data"
START = date(2027, 1, 4)  # a Monday
BASELINE = 162  # regular-runner.yaml


def runner() -> RunnerProfile:
    # Mon/Wed/Sat, baseline 162 spm, enough recent running for the run ladder.
    return loaders.load_profile(DATA / "regular-runner.yaml")


def checkin(day: date, **fields: object) -> CheckIn:
    return CheckIn.model_validate(
        {"date": day, "recorded": datetime.combine(day, datetime.min.time(), UTC), **fields}
    )


def slow(rules: Rules) -> Rules:
    """Each step held 4 weeks on time, so check-ins in week 6 decide week 7."""
    return rules.model_copy(
        update={"cadence": rules.cadence.model_copy(update={"min_weeks_per_step": 4})}
    )


def steps(plan: Plan) -> list[int]:
    return [w.cadence.step for w in plan.weeks]


def beat(session: Session) -> bool:
    return any(item.run is not None or item.cadence for item in session.items)


def check_targets(plan: Plan, rules: Rules) -> None:
    """Never above the cap; only on sessions with running or work to the beat."""
    cap = rules.cadence.cap_percent
    for week in plan.weeks:
        assert week.cadence.percent <= cap
        if plan.baseline_cadence and week.cadence.spm:
            assert week.cadence.spm <= round(plan.baseline_cadence * (1 + cap / 100))
        for session in week.sessions:
            assert session.cadence == (week.cadence if beat(session) else None)


# ------------------------------------------------------------------ scenarios


def test_one_on_target_check_in_keeps_the_planned_rises(
    transition: Curriculum, rules: Rules
) -> None:
    planned = build_plan(transition, runner(), rules, START)
    assert all(w.cadence.provisional is None for w in planned.weeks)  # no check-ins, no marks
    one = [checkin(date(2027, 1, 6), cadence=163)]  # week 1, on the baseline target
    after = build_plan(transition, runner(), rules, START, checkins=one)
    assert steps(after) == steps(planned)
    assert max(steps(after)[2:]) > 0
    for week in after.weeks:
        # Judged weeks (up to the one after the check-in's) are not provisional;
        # every projected rise, and the weeks that stand on it, are.
        assert week.cadence.provisional is (True if week.cadence.step > 0 else None)
        if week.cadence.provisional:
            assert week.cadence.text.endswith(", once 2 check-ins in a row are on target")
    assert not [a for a in after.adjustments if a.rule == "cadence"]
    check_targets(after, rules)


def test_a_rise_is_never_taken_on_a_single_check_in(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), slow(rules), START)
    one = [checkin(date(2027, 2, 13), cadence=171)]  # week 6, on the +5% target
    after = build_plan(transition, runner(), slow(rules), START, checkins=one)
    assert steps(after)[:7] == steps(before)[:7]  # week 7 is judged: no rise yet
    assert after.weeks[6].cadence.provisional is None
    later = [w for w in after.weeks if w.cadence.step > after.weeks[6].cadence.step]
    assert later  # the plan still rises later, provisionally
    assert all(w.cadence.provisional for w in later)


def test_two_on_target_check_ins_in_a_row_raise_it(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), slow(rules), START)
    two = [checkin(date(2027, 2, 8), cadence=171), checkin(date(2027, 2, 13), cadence=170)]
    after = build_plan(transition, runner(), slow(rules), START, checkins=two)
    assert before.weeks[6].cadence.step == 1
    assert after.weeks[6].cadence.step == 2  # week 7 steps up on the evidence
    assert after.weeks[6].cadence.provisional is None
    assert after.weeks[6].cadence.spm == round(BASELINE * 1.075)
    [taken] = [a for a in after.adjustments if a.rule == "cadence"]
    assert taken.week == 7
    assert "2 check-ins in a row on target" in wording.reason(taken)
    check_targets(after, rules)


def test_a_pain_flag_without_cadence_breaks_the_streak(
    transition: Curriculum, rules: Rules
) -> None:
    for flag in ({"pain": 4}, {"pain": 2, "settled_next_morning": False}, {"swelling": True}):
        between = [
            checkin(date(2027, 2, 8), cadence=171),
            checkin(date(2027, 2, 10), **flag),
            checkin(date(2027, 2, 13), cadence=171),
        ]
        after = build_plan(transition, runner(), slow(rules), START, checkins=between)
        assert after.weeks[6].cadence.step == after.weeks[5].cadence.step, flag
        assert not [
            a for a in after.adjustments if wording.reason(a).startswith("Cadence target up")
        ]
        check_targets(after, rules)


def test_cadence_evidence_streaks(rules: Rules) -> None:
    on = checkin(date(2027, 2, 8), cadence=171)
    again = checkin(date(2027, 2, 13), cadence=172)
    flags = [
        checkin(date(2027, 2, 10), pain=4),
        checkin(date(2027, 2, 10), pain=2, settled_next_morning=False),
        checkin(date(2027, 2, 10), swelling=True),
        checkin(date(2027, 2, 10), pain=6, where="calf", cadence=171),
    ]
    neutral = [checkin(date(2027, 2, 10), pain=2), checkin(date(2027, 2, 10), missed=True)]
    low = checkin(date(2027, 2, 10), cadence=150)
    target = round(BASELINE * 1.05)
    assert cadence.cadence_evidence([on, again], target, rules).advance
    assert not cadence.cadence_evidence([on], target, rules).advance
    for flag in flags:
        evidence = cadence.cadence_evidence([on, flag, again], target, rules)
        assert not evidence.advance
        assert evidence.flag == flag
        assert cadence.cadence_evidence([on, flag, on, again], target, rules).advance
    for other in neutral:
        assert cadence.cadence_evidence([on, other, again], target, rules).advance
    assert not cadence.cadence_evidence([on, low, again], target, rules).advance
    assert cadence.cadence_evidence([on, again], None, rules).advance  # no baseline yet


def test_no_rise_while_running_is_stopped(transition: Curriculum, rules: Rules) -> None:
    stop = [checkin(date(2027, 1, 13), pain=8, where="achilles")]  # week 2
    plan = build_plan(transition, runner(), rules, START, checkins=stop)
    assert steps(plan) == [0] * len(plan.weeks)
    for week in plan.weeks[2:]:
        assert all(s.cadence is None for s in week.sessions)  # strength and mobility only
    check_targets(plan, rules)


def test_no_rise_in_a_week_without_running(transition: Curriculum, rules: Rules) -> None:
    # The falling phase (weeks 3 and 4) made strength and mobility only.
    phases = [
        p.model_copy(update={"sessions": ["strength-foundation", "mobility-reset"]})
        if p.id == "fall"
        else p
        for p in transition.phases
    ]
    dry = transition.model_copy(update={"phases": phases})
    plan = build_plan(dry, runner(), rules, START)
    assert steps(plan)[:4] == [0, 0, 0, 0]
    assert all(s.cadence is None for w in plan.weeks[2:4] for s in w.sessions)
    assert steps(plan)[4] == 1  # the pull phase runs again, and the step is due
    check_targets(plan, rules)


def test_strength_only_sessions_have_no_target(transition: Curriculum, rules: Rules) -> None:
    plan = build_plan(transition, runner(), rules, START)
    strength = [s for s in plan.sessions if s.kind == "strength"]
    assert strength
    assert all(s.cadence is None for s in strength)
    assert all(s.cadence is not None for s in plan.sessions if s.kind == "run")
    check_targets(plan, rules)


# ------------------------------------------------------------------ properties


@st.composite
def checkins(draw: st.DrawFn) -> list[CheckIn]:
    found = []
    for _ in range(draw(st.integers(0, 10))):
        day = START + timedelta(days=draw(st.integers(-3, 7 * 12 - 1)))
        if draw(st.booleans()) and draw(st.booleans()):
            found.append(checkin(day, missed=True))
            continue
        hurt = draw(st.none() | st.integers(0, 10))
        fields: dict[str, Any] = {
            "cadence": draw(st.none() | st.integers(150, 185)),
            "pain": hurt,
            "where": draw(st.none() | st.sampled_from(REGIONS)) if hurt is not None else None,
            "swelling": draw(st.booleans()) and draw(st.booleans()),
            "settled_next_morning": draw(st.none() | st.booleans()),
        }
        found.append(checkin(day, **fields))
    return found


@examples(40, 800)
@given(checkins())
def test_cadence_rule_holds_for_any_check_ins(log: list[CheckIn]) -> None:
    curriculum = loaders.load_curriculum("pose-transition")
    rules = loaders.load_rules()
    real = cadence.week_step
    decided: list[tuple[int, int, bool, cadence.WeekStep]] = []

    def spy(*args: Any) -> cadence.WeekStep:
        _inputs, state, _ledger, week = args
        carried = state.cadence.step
        held = regions.holds_progress(state.regions)
        step = real(*args)
        decided.append((week.number, carried, held, step))
        return step

    with mock.patch.object(cadence, "week_step", spy):
        plan = build_plan(curriculum, runner(), rules, START, checkins=log)

    check_targets(plan, rules)
    for number, carried, held, step in decided:
        assert step.step in (carried, carried + 1)  # at most one step a week
        if held:  # the pain rule says hold or step back, or running is stopped
            assert step.step == carried, number
    previous = 0
    for week in plan.weeks:
        assert week.cadence.step in (previous, previous + 1)
        if not any(beat(s) for s in week.sessions):  # no running, no work to the beat
            assert week.cadence.step == previous, week.number
        previous = week.cadence.step


# ------------------------------------------------------------------ the CLI


def test_a_check_in_on_target_keeps_the_rises_in_plan_yaml(tmp_path: Path) -> None:
    cli = CliRunner()
    folder = tmp_path / "plan"
    profile = str(DATA / "regular-runner.yaml")
    made = cli.invoke(app, ["plan", "-p", profile, "--start", "2027-01-04", "-o", str(folder)])
    assert made.exit_code == 0, made.output
    before = parse_plan_file((folder / "plan.yaml").read_text(encoding="utf-8"))
    logged = cli.invoke(
        app, ["checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", "163"]
    )
    assert logged.exit_code == 0, logged.output
    after = parse_plan_file((folder / "plan.yaml").read_text(encoding="utf-8"))
    assert steps(after) == steps(before)
    assert max(steps(after)) > 0
    risen = [w for w in after.weeks if w.cadence.step > 0]
    assert all(w.cadence.provisional for w in risen)
    markdown = (folder / "plan.md").read_text(encoding="utf-8")
    assert "once 2 check-ins in a row are on target" in markdown
