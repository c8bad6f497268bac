"""Each class of failure the physiotherapist's review found, typed as a runner types it.

The review's cases are examples of the rules tests/test_coaching_model.py holds
as properties; here each is replayed through `posecoach checkin` and `posecoach
plan` on the regular runner (Mon, Wed and Sat from Mon 4 Jan 2027) and read
back from plan.yaml and the command's words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import NOW
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import Plan, Session
from posecoach.render import wording

DATA = Path(__file__).parent / "data"
LOWER_LEG = {"calf", "achilles", "shin", "foot", "foot-bones", "ankle"}


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    day = _evening(args)
    env = {"POSECOACH_NOW": f"{day}T20:00:00+00:00"} if day else None
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.stdout + result.stderr


def _evening(args: tuple[str, ...]) -> str | None:
    """A check-in is typed the evening of its session, so the change list names the
    weeks from then on (the tests' clock, at the plan's end, would find them all over);
    a day after that clock stays after it."""
    if "--date" in args:
        day = args[args.index("--date") + 1]
        return day if day <= NOW.date().isoformat() else None
    if "--session" in args and "-d" in args:
        plan = plan_of(Path(args[args.index("-d") + 1]))
        return plan.session(args[args.index("--session") + 1]).date.isoformat()
    return None


def plan_of(folder: Path) -> Plan:
    return parse_plan_file((folder / "plan.yaml").read_text())


def after(plan: Plan, day: date) -> list[Session]:
    return [s for s in plan.sessions if s.date > day]


def drills(sessions: list[Session], region: str | None = None) -> set[str]:
    return {i.drill for s in sessions for i in s.items if region is None or region in i.loads}


def checkin(runner: CliRunner, folder: Path, *args: str, code: int = 0) -> str:
    return run(runner, "checkin", "-d", str(folder), *args, code=code)


def test_bone_stress_pain_is_a_red_flag_one_low_check_in_does_not_clear(
    regular_plan: Path, runner: CliRunner
) -> None:
    checkin(runner, regular_plan, "--date", "2027-01-20", "--pain", "5", "--where", "shin")
    strength = [s for s in after(plan_of(regular_plan), date(2027, 1, 20)) if s.kind == "strength"]
    checkin(runner, regular_plan, "--session", strength[0].key, "--pain", "2", "--where", "shin")
    later = after(plan_of(regular_plan), strength[0].date)
    assert all(s.running_minutes == 0 for s in later)
    assert not any(i.plyometric for s in later for i in s.items)  # hops load the shin


def test_a_hold_brings_nothing_new_for_the_region(regular_plan: Path, runner: CliRunner) -> None:
    before = plan_of(regular_plan)
    done = drills([s for s in before.sessions if s.date <= date(2027, 1, 16)], "calf")
    checkin(runner, regular_plan, "--date", "2027-01-11", "--pain", "4", "--where", "calf")
    checkin(runner, regular_plan, "--date", "2027-01-13", "--pain", "5", "--where", "calf")
    held = plan_of(regular_plan)
    new = drills(after(held, date(2027, 1, 13)), "calf") - done
    assert new <= {"calf-isometric-hold"}, new  # no wall fall, lean hops or partner fall
    assert drills(after(before, date(2027, 1, 13)), "calf") - done  # the plan had new ones


def test_a_step_back_adds_no_weight(regular_plan: Path, runner: CliRunner) -> None:
    checkin(runner, regular_plan, "--date", "2027-01-20", "--pain", "6", "--where", "achilles",
            "--settled-next-morning", "no")  # fmt: skip
    later = after(plan_of(regular_plan), date(2027, 1, 20))
    heavy = [i for s in later for i in s.items if i.dose is not None]
    notes = {i.dose.note for i in heavy if i.drill == "single-leg-calf-raise" and i.dose}
    notes |= {i.dose.note for i in heavy if i.drill.startswith("heel-drop") and i.dose}
    assert not any(note and "%" in note for note in notes), notes  # no added body weight
    said = " ".join(n for s in later for n in wording.notes(s))
    assert "elastic jumps" not in said.casefold()


def test_rising_pain_holds_even_when_low(regular_plan: Path, runner: CliRunner) -> None:
    for day, pain in (("2027-01-11", "1"), ("2027-01-13", "2"), ("2027-01-16", "3")):
        out = checkin(runner, regular_plan, "--date", day, "--pain", pain, "--where", "calf")
    assert "The calf: holding its load" in out
    assert plan_of(regular_plan).regions[0].level == "hold"


def test_cadence_far_below_target_asks_for_a_new_baseline(
    regular_plan: Path, runner: CliRunner
) -> None:
    checkin(runner, regular_plan, "--session", "sam-example-w03-s2", "--cadence", "150")
    out = checkin(runner, regular_plan, "--session", "sam-example-w03-s3", "--cadence", "151")
    assert "set baseline_cadence again" in out


def test_a_past_injury_changes_the_plan_and_is_named(tmp_path: Path, runner: CliRunner) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        (DATA / "regular-runner.yaml").read_text()
        + "injuries:\n  - {region: shin, kind: bone-stress}\n"
    )
    out = run(
        runner, "plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(tmp_path / "p")
    )
    assert "Past bone stress injury (shin)" in out
    plan = plan_of(tmp_path / "p")
    early = [s for s in plan.sessions if s.date < date(2027, 2, 1)]  # before week 5
    assert not any(i.plyometric for s in early for i in s.items)


def test_fri_sat_sun_keeps_heavy_calf_twice_a_week(tmp_path: Path, runner: CliRunner) -> None:
    profile = tmp_path / "weekend.yaml"
    text = (DATA / "regular-runner.yaml").read_text()
    text = text.replace('  Mon: "07:00"\n  Wed: "18:30"\n  Sat: "09:00"\n',
                        '  Fri: "18:00"\n  Sat: "09:00"\n  Sun: "09:00"\n')  # fmt: skip
    profile.write_text(text)
    run(runner, "plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(tmp_path / "p"))
    plan = plan_of(tmp_path / "p")
    for week in plan.weeks[2:]:
        heavy = sum(
            1
            for s in week.sessions
            if any(i.counts_as == "calf-heavy" and i.block != "warm-up" for i in s.items)
        )
        heavy += sum(h.days for h in week.home or [] if h.heavy)
        assert heavy >= 2, week.number


def test_scattered_misses_and_illness_realign(regular_plan: Path, runner: CliRunner) -> None:
    plan = plan_of(regular_plan)
    w3, w4 = plan.weeks[2].sessions, plan.weeks[3].sessions
    for session in (w3[0], w3[2], w4[1]):  # three misses in 14 days, not in a row
        out = checkin(runner, regular_plan, "--session", session.key, "--missed")
    assert "3 sessions missed within 14 days" in out
    out = checkin(runner, regular_plan, "--session", plan.weeks[5].sessions[0].key, "--missed",
                  "--ill", "--note", "flu with fever")  # fmt: skip
    assert "After being ill" in out


def test_a_drill_never_done_starts_at_its_first_dose(tmp_path: Path, runner: CliRunner) -> None:
    run(runner, "plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04",
        "-o", str(tmp_path / "p"))  # fmt: skip
    plan = plan_of(tmp_path / "p")
    first: dict[str, Session] = {}
    for session in plan.sessions:
        for item in session.items:
            first.setdefault(item.drill, session)
    rope = first["rope-skipping"]
    [item] = [i for i in rope.items if i.drill == "rope-skipping"]
    assert item.dose is not None
    assert (item.dose.sets, item.dose.seconds) == (2, 20)  # its first dose, in any week


def test_check_ins_keep_their_integrity(regular_plan: Path, runner: CliRunner) -> None:
    out = checkin(runner, regular_plan, "--date", "2028-02-01", "--rpe", "3", code=2)
    assert "is after today" in out
    checkin(runner, regular_plan, "--session", "sam-example-w02-s1", "--cadence", "170")
    out = checkin(runner, regular_plan, "--session", "sam-example-w02-s1", "--cadence", "171",
                  code=2)  # fmt: skip
    assert "has a check-in already" in out
    assert "--replace" in out
    checkin(runner, regular_plan, "--session", "sam-example-w02-s1", "--cadence", "171",
            "--replace")  # fmt: skip
    log = run(runner, "checkins", "-d", str(regular_plan), "--json")
    assert log.count('"cadence": 171') == 1


def test_a_race_is_kept_clear_and_named(tmp_path: Path, runner: CliRunner) -> None:
    profile = tmp_path / "racer.yaml"
    profile.write_text(
        (DATA / "regular-runner.yaml").read_text()
        + "long_run_day: Sun\nraces:\n  - {date: 2027-03-07, name: City Half, distance_km: 21.1}\n"
    )
    out = run(
        runner, "plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(tmp_path / "p")
    )
    assert "City Half on Sun 7 Mar falls in week 9" in out
    assert "posecoach plan --start 2027-03-15" in out
    plan = plan_of(tmp_path / "p")
    saturdays = [s for s in plan.sessions if s.weekday == "Sat"]
    for session in saturdays:  # the day before each Sunday long run
        assert not any(i.plyometric for i in session.items), session.key
        assert not any(
            i.counts_as == "calf-heavy" and i.block != "warm-up" for i in session.items
        ), session.key
    known = drills([s for s in plan.sessions if s.date < date(2027, 2, 21)])
    new = drills([s for s in plan.sessions if date(2027, 2, 21) <= s.date < date(2027, 3, 7)])
    assert {d for d in new - known if d not in ("toe-yoga", "short-foot")} == set()


def test_a_flag_in_a_rehab_holds_the_rest_of_that_week(tmp_path: Path, runner: CliRunner) -> None:
    """A current calf injury starts the calf in its loading programme; pain 4 there on
    the first day holds it from the next day on, in that same week too: no session
    after it loads the calf more than the runner has done (found by the property
    test in tests/test_evidence_doses.py: a flag in a rehab kept the level, and the
    week's later sessions were not drafted again)."""
    profile = (DATA / "regular-runner.yaml").read_text(encoding="utf-8")
    profile += "injuries:\n  - region: calf\n    current: true\n"
    (tmp_path / "profile.yaml").write_text(profile, encoding="utf-8")
    folder = tmp_path / "plan"
    run(runner, "plan", "-p", str(tmp_path / "profile.yaml"), "--start", "2027-01-04",
        "-o", str(folder))  # fmt: skip
    first = plan_of(folder).sessions[0]
    done = {i.drill: i.dose for i in first.items if i.dose is not None and "calf" in i.loads}
    checkin(runner, folder, "--session", first.key, "--pain", "4", "--where", "calf")
    week = [s for s in plan_of(folder).sessions if first.date < s.date < date(2027, 1, 11)]
    assert week, "the week has sessions after its first"
    for session in week:
        for item in session.items:
            if "calf" not in item.loads or item.dose is None:
                continue
            assert item.drill in done or item.load == "light", (session.key, item.drill)
            if item.drill in done:
                before = done[item.drill]
                assert before is not None
                assert item.dose.sets <= before.sets, (session.key, item.drill)
