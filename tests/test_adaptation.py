"""Check-ins adapt the plan: the scenarios of the progression rules, end to end.

Each scenario builds the 12-week plan, adds check-ins, and compares: what
changed, what did not, and that calendar events of unchanged sessions keep
their UID and stay byte-identical.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.model import CheckIn, Curriculum, Plan, Rules, RunnerProfile
from posecoach.render import wording
from posecoach.render.ical import CalendarOptions, render_ical
from posecoach.render.ical_stamps import previous_stamps

DATA = Path(__file__).parent / "data"
START = date(2027, 1, 4)
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
LATER = datetime(2027, 1, 21, tzinfo=UTC)


def runner() -> RunnerProfile:
    # Baseline 162 spm, Mon/Wed/Sat, and enough recent running that the
    # longest-run rule never caps the run ladder: changes show in the runs.
    return loaders.load_profile(DATA / "regular-runner.yaml")


def checkin(day: date, **fields: object) -> CheckIn:
    return CheckIn.model_validate(
        {"date": day, "recorded": datetime.combine(day, datetime.min.time(), UTC), **fields}
    )


def events(ics: bytes) -> dict[str, bytes]:
    found = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", ics, re.DOTALL):
        key = re.search(rb"X-POSECOACH-KEY:(.*?)\r\n", block.replace(b"\r\n ", b""))
        assert key
        found[key[1].decode()] = block
    return found


def unchanged_sessions_keep_their_events(before: Plan, after: Plan) -> None:
    """UIDs all kept; events of sessions whose content did not change are byte-identical."""
    first = render_ical(before, CalendarOptions(), {}, STAMP)
    second = render_ical(after, CalendarOptions(), previous_stamps(first), LATER)
    old, new = events(first), events(second)
    assert set(old) == set(new)
    untouched = [s.key for s in after.sessions if s == before.session(s.key)]
    assert untouched
    for key in untouched:
        assert new[key] == old[key]
    for key in set(new) - set(untouched):  # changed, though maybe not in what the event says
        assert new[key] == old[key] or b"SEQUENCE:1\r\n" in new[key]


def week(plan: Plan, number: int) -> list[str]:
    return [item.drill for s in plan.weeks[number - 1].sessions for item in s.items]


def test_a_without_check_ins_nothing_is_adjusted(transition: Curriculum, rules: Rules) -> None:
    plan = build_plan(transition, runner(), rules, START)
    assert [a.rule for a in plan.adjustments if a.rule in ("pain", "cadence", "missed")] == []


def test_a_calf_pain_6_in_week_3_regresses_week_4(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), rules, START)
    pain = checkin(date(2027, 1, 20), pain=6, where="calf", session="sam-example-w03-s2")
    after = build_plan(transition, runner(), rules, START, checkins=[pain])

    # Week 4 regresses: an easier run and lighter doses than planned.
    old4, new4 = before.weeks[3], after.weeks[3]
    assert new4.running_minutes < old4.running_minutes
    # Its cadence target does not rise (week 3's stays).
    assert new4.cadence == after.weeks[2].cadence
    # No plyometric calf drills in week 4 (nor later, until a check-in says it settled).
    for later in after.weeks[3:]:
        for session in later.sessions:
            for item in session.items:
                assert not (item.plyometric and "calf" in item.loads), (later.number, item.name)
    assert any(
        i.plyometric and "calf" in i.loads for s in old4.sessions for i in s.items
    )  # there were some to take out
    # (Week 4 is a deload week, so the cadence would not rise anyway; see the next test.)
    # Sessions up to the check-in's day are untouched; it takes effect from the next day.
    assert after.weeks[:2] == before.weeks[:2]
    untouched = [s for s in before.sessions if s.date <= pain.date]
    assert [after.session(s.key) for s in untouched] == untouched
    # explain names the rule, the check-in and the sources.
    week4 = [a for a in after.adjustments if a.week == 4]
    assert {a.rule for a in week4} == {"pain"}
    assert all(a.checkin and (a.checkin.pain, a.checkin.where) == (6, "calf") for a in week4)
    assert all("pain 6 at the calf" in wording.because(a.checkin) for a in week4 if a.checkin)
    assert all("S90" in a.sources for a in week4)
    unchanged_sessions_keep_their_events(before, after)


def test_a_pain_before_a_rising_week_keeps_the_cadence(
    transition: Curriculum, rules: Rules
) -> None:
    before = build_plan(transition, runner(), rules, START)
    assert before.weeks[6].cadence.percent > before.weeks[5].cadence.percent  # week 7 rises
    pain = checkin(date(2027, 2, 10), pain=6, where="calf")
    after = build_plan(transition, runner(), rules, START, checkins=[pain])
    assert after.weeks[6].cadence == after.weeks[5].cadence
    assert any(a.week == 7 and a.rule == "cadence" for a in after.adjustments)


def test_a_pain_settling_brings_plyometrics_back(transition: Curriculum, rules: Rules) -> None:
    """A step-back ends after two check-ins in a row at 3 or less on sessions that loaded
    the calf as hard as the run that provoked it (to a hold), then two more (the end)."""
    plan = build_plan(transition, runner(), rules, START)
    runs = [s for s in plan.sessions if s.running_minutes and s.date > date(2027, 1, 20)]
    checkins = [checkin(date(2027, 1, 20), pain=6, where="calf", session="sam-example-w03-s2")]
    for n, session in enumerate(runs[:4]):
        checkins.append(checkin(session.date, pain=2, where="calf", session=session.key))
        plan = build_plan(transition, runner(), rules, START, checkins=checkins)
        after = [s for s in plan.sessions if s.date > session.date]
        plyometrics = any(i.plyometric and "calf" in i.loads for s in after for i in s.items)
        assert plyometrics == (n == 3), n  # one low check-in, or three, are not enough


def test_a_hold_repeats_last_weeks_load(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), rules, START)
    held = build_plan(
        transition, runner(), rules, START, checkins=[checkin(date(2027, 1, 13), pain=4)]
    )
    assert held.weeks[2].running_minutes <= before.weeks[1].running_minutes
    assert held.weeks[2].cadence == held.weeks[1].cadence  # no rise while holding
    assert before.weeks[2].cadence.percent > before.weeks[1].cadence.percent
    assert {a.rule for a in held.adjustments if a.week == 3} == {"pain", "cadence"}


def test_a_severe_pain_stops_running(transition: Curriculum, rules: Rules) -> None:
    plan = build_plan(
        transition,
        runner(),
        rules,
        START,
        checkins=[checkin(date(2027, 1, 13), pain=7, where="achilles")],
    )
    for later in plan.weeks[2:]:
        assert later.running_minutes == 0
        elements = {i.element for s in later.sessions for i in s.items}
        assert elements <= {"strength", "stability", "mobility"}
    assert any("See a physiotherapist" in wording.reason(a) for a in plan.adjustments)


def test_b_two_on_target_check_ins_step_the_cadence_up(
    transition: Curriculum, rules: Rules, tmp_path: Path
) -> None:
    # Hold each step for 4 weeks unless check-ins show it is mastered.
    overrides = tmp_path / "rules.yaml"
    overrides.write_text("cadence:\n  min_weeks_per_step: 4\n")
    slow = loaders.load_rules(overrides)
    before = build_plan(transition, runner(), slow, START)
    assert before.weeks[6].cadence.percent == 5.0  # week 7: still the first step
    on_target = [
        checkin(date(2027, 2, 8), cadence=171, session="sam-example-w06-s1"),
        checkin(date(2027, 2, 13), cadence=170, session="sam-example-w06-s3"),
    ]
    after = build_plan(transition, runner(), slow, START, checkins=on_target)
    assert after.weeks[6].cadence.percent == 7.5  # week 7 steps up
    assert after.weeks[6].cadence.spm == round(162 * 1.075)
    [adjustment] = [a for a in after.adjustments if a.week == 7 and a.rule == "cadence"]
    assert "2 check-ins in a row on target" in wording.reason(adjustment)
    unchanged_sessions_keep_their_events(before, after)


def test_b_check_ins_below_target_hold_the_step(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), rules, START)
    assert before.weeks[6].cadence.percent == 7.5
    short = [
        checkin(date(2027, 2, 8), cadence=163),
        checkin(date(2027, 2, 13), cadence=164),
    ]
    after = build_plan(transition, runner(), rules, START, checkins=short)
    assert after.weeks[6].cadence.percent == 5.0
    assert any(a.week == 7 and "held" in wording.reason(a) for a in after.adjustments)


def test_c_three_missed_sessions_realign_the_rest(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), rules, START)
    week5 = before.weeks[4].sessions
    missed = [checkin(s.date, missed=True, session=s.key) for s in week5]
    after = build_plan(transition, runner(), rules, START, checkins=missed)
    # Week 6 picks up the last week done in full (week 4's work) again ...
    assert after.weeks[5].phase == before.weeks[3].phase
    # ... the rest of the curriculum still fits, every phase in order, ending where it did.
    phases = [w.phase for w in after.weeks[5:]]
    assert phases == sorted(phases, key=phases.index)
    assert {w.phase for w in after.weeks} == {w.phase for w in before.weeks}
    assert after.weeks[-1].phase == before.weeks[-1].phase
    assert after.weeks[:5] == before.weeks[:5]
    [realign] = [a for a in after.adjustments if a.rule == "missed"]
    assert realign.week == 6
    assert "3 sessions missed within 14 days" in wording.reason(realign)
    assert "S106" in realign.sources
    unchanged_sessions_keep_their_events(before, after)


def test_c_two_missed_sessions_change_nothing(transition: Curriculum, rules: Rules) -> None:
    before = build_plan(transition, runner(), rules, START)
    week5 = before.weeks[4].sessions[:2]
    missed = [checkin(s.date, missed=True) for s in week5]
    after = build_plan(transition, runner(), rules, START, checkins=missed)
    # No realignment: the same weeks, phases and drills ...
    assert [w.phase for w in after.weeks] == [w.phase for w in before.weeks]
    assert not [a for a in after.adjustments if a.rule == "missed"]
    for old, new in zip(before.sessions, after.sessions, strict=True):
        assert [i.drill for i in new.items] == [i.drill for i in old.items]
        # ... but a missed run was never run, so no later run grows on it (the 110% rule).
        assert new.running_minutes <= old.running_minutes
