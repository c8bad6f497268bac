"""The scenarios a sports physiotherapist would check, typed as a runner types them.

Each one checks in through the CLI and reads the numbers back from plan.yaml.
The runner (tests/data/regular-runner.yaml) trains Mon, Wed and Sat from
Mon 4 Jan 2027; the new-form run of week 3 is on Wed 20 Jan.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import Plan, Session
from posecoach.render import wording
from posecoach.render.ical import session_uid

DATA = Path(__file__).parent / "data"
HEAVY_CALF = ("heel-drop-straight-knee", "heel-drop-bent-knee", "single-leg-calf-raise")


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def folder(regular_plan: Path) -> Path:
    return regular_plan


def plan_of(folder: Path) -> Plan:
    return parse_plan_file((folder / "plan.yaml").read_text())


def between(plan: Plan, first: date, last: date) -> list[Session]:
    return [s for s in plan.sessions if first <= s.date <= last]


def longest(sessions: list[Session]) -> float:
    return max((s.running_minutes for s in sessions), default=0.0)


def doses(sessions: list[Session]) -> dict[str, tuple[int, float]]:
    most: dict[str, tuple[int, float]] = {}
    for session in sessions:
        for item in session.items:
            if item.dose is not None:
                d = item.dose
                amount = float(d.reps or d.seconds or d.metres or d.minutes or 0)
                sets, known = most.get(item.drill, (0, 0.0))
                most[item.drill] = (max(sets, d.sets), max(known, amount))
    return most


def assert_within(later: list[Session], reporting: list[Session], region: str = "calf") -> None:
    """No run longer, and no drill that loads `region` more, than in `reporting`."""
    limit_run, limit_doses = longest(reporting), doses(reporting)
    for session in later:
        assert session.running_minutes <= limit_run, session.key
        loading = {i.drill for i in session.items if region in i.loads}
        for drill, (sets, amount) in doses([session]).items():
            if drill in limit_doses and drill in loading:
                assert sets <= limit_doses[drill][0], (session.key, drill)
                assert amount <= limit_doses[drill][1], (session.key, drill)


def events(folder: Path) -> dict[str, bytes]:
    """plan.ics's events by UID, as written."""
    text = (folder / "plan.ics").read_bytes()
    found = {}
    for block in text.split(b"BEGIN:VEVENT")[1:]:
        uid = re.search(rb"\r\nUID:([^\r]+)", block)
        assert uid is not None
        found[uid[1].decode()] = block.split(b"END:VEVENT")[0]
    return found


def test_a_achilles_pain_8_with_swelling_stops_running_from_the_next_day(
    folder: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_NOW", "2027-01-20T20:00:00+00:00")  # typed that evening
    before = plan_of(folder)
    events_before = events(folder)
    out = run(runner, "checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "8",
              "--where", "achilles", "--swelling")  # fmt: skip
    assert "physiotherapist or doctor" in out
    after = plan_of(folder)
    fortnight = between(after, date(2027, 1, 21), date(2027, 2, 3))
    assert len(fortnight) == 6
    for session in fortnight:
        assert session.running_minutes == 0, session.key
        assert not [i.name for i in session.items if i.plyometric], session.key
        assert not [i.name for i in session.items if i.drill in HEAVY_CALF], session.key
        assert "running paused" in wording.title(session), session.key
        assert session.cadence is None
    assert any(i.drill == "calf-isometric-hold" for s in fortnight for i in s.items)
    # The check-in's own day and everything before it is as it was, calendar events too
    # (same UID, same bytes); changed sessions keep their UID with new content.
    assert between(after, date(2027, 1, 4), date(2027, 1, 20)) == between(
        before, date(2027, 1, 4), date(2027, 1, 20)
    )
    events_after = events(folder)
    assert set(events_after) == set(events_before)
    for old, new in zip(before.sessions, after.sessions, strict=True):
        uid = session_uid(old.key)
        if old == new:
            assert events_after[uid] == events_before[uid], old.key
        else:
            assert events_after[uid] != events_before[uid], old.key


def test_b_the_return_waits_for_a_clearance_then_is_graded(folder: Path, runner: CliRunner) -> None:
    last_run_before = longest(between(plan_of(folder), date(2027, 1, 18), date(2027, 1, 20)))
    run(runner, "checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "8",
        "--where", "achilles", "--swelling")  # fmt: skip
    # A pain-free check-in is not a clearance: running stays paused.
    out = run(runner, "checkin", "-d", str(folder), "--date", "2027-02-01", "--pain", "2",
              "--where", "achilles")  # fmt: skip
    assert all(
        s.running_minutes == 0 for s in plan_of(folder).sessions if s.date > date(2027, 1, 20)
    )
    out = run(runner, "checkin", "-d", str(folder), "--date", "2027-02-03",
              "--cleared", "physio, 3 Feb")  # fmt: skip
    assert "cleared to run by physio, 3 Feb" in out
    plan = plan_of(folder)
    runs = [s for s in plan.sessions if s.date > date(2027, 2, 3) and s.running_minutes > 0]
    first_rung = 5.0  # 10 x (30 s run / 30 s walk)
    assert all(s.running_minutes <= first_rung for s in runs), runs[0].key
    assert runs[0].running_minutes <= last_run_before

    def achilles_plyometrics(sessions: list[Session]) -> list[str]:
        return [f"{s.key}:{i.drill}" for s in sessions for i in s.items
                if i.plyometric and "achilles" in i.loads]  # fmt: skip

    assert achilles_plyometrics([s for s in plan.sessions if s.date > date(2027, 2, 3)]) == []
    # Each rung twice with pain of 3 or less, settled: then the next rung.
    for done in runs[:2]:
        run(runner, "checkin", "-d", str(folder), "--session", done.key, "--date",
            done.date.isoformat(), "--pain", "1", "--where", "achilles",
            "--settled-next-morning", "yes")  # fmt: skip
    plan = plan_of(folder)
    later = [s for s in plan.sessions if s.date > runs[1].date and s.running_minutes > 0]
    assert later[0].running_minutes > first_rung
    assert achilles_plyometrics([s for s in plan.sessions if s.date > runs[1].date]) == []


def test_c_pain_5_holds_the_reporting_weeks_load(folder: Path, runner: CliRunner) -> None:
    run(runner, "checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "5",
        "--where", "calf")  # fmt: skip
    plan = plan_of(folder)
    assert_within(plan.weeks[3].sessions + plan.weeks[4].sessions, plan.weeks[2].sessions)
    assert longest(plan.weeks[4].sessions) <= longest(plan.weeks[2].sessions)


def test_d_a_step_back_lasts_until_two_check_ins_under_load(
    folder: Path, runner: CliRunner
) -> None:
    pre_pain = plan_of(folder).weeks[2].sessions
    run(runner, "checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "6",
        "--where", "calf", "--settled-next-morning", "no")  # fmt: skip
    plan = plan_of(folder)
    assert_within([s for s in plan.sessions if s.date > date(2027, 1, 20)], pre_pain)
    assert longest(plan.weeks[3].sessions) < longest(pre_pain)  # it did step back
    # Check-ins on sessions that did not load the calf as a run does tell nothing.
    quiet = [s for s in plan.sessions if s.date > date(2027, 1, 20) and s.kind == "mobility"]
    for session in quiet[:2]:
        run(runner, "checkin", "-d", str(folder), "--session", session.key, "--pain", "1",
            "--where", "calf")  # fmt: skip
    assert_within([s for s in plan_of(folder).sessions if s.date > date(2027, 1, 20)], pre_pain)
    # Four low ones on runs: back to a hold, then the all-clear; then it progresses.
    runs = [s for s in plan_of(folder).sessions if s.date > date(2027, 1, 20) and s.running_minutes]
    for session in runs[:4]:
        run(runner, "checkin", "-d", str(folder), "--session", session.key, "--pain", "2",
            "--where", "calf", "--settled-next-morning", "yes")  # fmt: skip
    cleared = plan_of(folder)
    assert_within(between(cleared, date(2027, 1, 21), runs[3].date), pre_pain)
    assert longest(cleared.weeks[10].sessions) > longest(pre_pain)  # and then progresses


def test_e_a_missed_week_never_counts_as_running(tmp_path: Path, runner: CliRunner) -> None:
    # A runner who pauses their own running: the plan's runs are all they run.
    text = (DATA / "regular-runner.yaml").read_text()
    pausing = tmp_path / "pausing.yaml"
    pausing.write_text(text + "keep_running: false\n")
    folder = tmp_path / "p"
    run(runner, "plan", "-p", str(pausing), "--start", "2027-01-04", "-o", str(folder))
    for session in plan_of(folder).weeks[4].sessions:
        run(runner, "checkin", "-d", str(folder), "--session", session.key, "--missed")
    plan = plan_of(folder)
    missed = {s.key for s in plan.weeks[4].sessions}
    following = [s for s in plan.sessions if s.date > plan.weeks[4].end and s.running_minutes]
    first = following[0]
    window = [
        s.running_minutes
        for s in plan.sessions
        if first.date - timedelta(days=30) <= s.date < first.date and s.key not in missed
    ]
    assert first.running_minutes <= 1.1 * max(window) + 1e-9


def test_f_a_current_injury_goes_gently_and_asks_for_a_clearance(
    tmp_path: Path, runner: CliRunner
) -> None:
    text = (DATA / "regular-runner.yaml").read_text()
    injured = tmp_path / "injured.yaml"
    injured.write_text(text + "injuries:\n  - {region: achilles, current: true}\n")
    out = run(
        runner, "plan", "-p", str(injured), "--start", "2027-01-04", "-o", str(tmp_path / "i")
    )
    assert "all-clear before you change your running technique" in out
    assert "The first cadence step (+5%) comes in week 1" in out
    run(runner, "plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04",
        "-o", str(tmp_path / "h"))  # fmt: skip
    gentle, healthy = plan_of(tmp_path / "i"), plan_of(tmp_path / "h")
    assert sum(s.running_minutes for s in gentle.sessions) < sum(
        s.running_minutes for s in healthy.sessions
    )
    assert not [
        i for s in gentle.sessions for i in s.items if i.plyometric and "achilles" in i.loads
    ]
    # A higher step rate lowers the Achilles' load: the first step from week 1, held.
    assert {w.cadence.percent for w in gentle.weeks} == {5.0}
    assert all(s.running_minutes == 0 for s in gentle.sessions)  # until check-ins clear it
    assert (
        "a physiotherapist or doctor should clear you" in (tmp_path / "i" / "plan.md").read_text()
    )
    ics = (tmp_path / "i" / "plan.ics").read_bytes().replace(b"\r\n ", b"")
    assert b"should clear you" in ics


def test_g_a_regular_runner_keeps_their_running(tmp_path: Path, runner: CliRunner) -> None:
    """40 km a week, a longest run of 16 km: the plan's runs go inside their own, and
    the 110% rule, which weighs the whole run, never holds them back."""
    text = (DATA / "regular-runner.yaml").read_text()
    regular = tmp_path / "regular.yaml"
    regular.write_text(
        text.replace("weekly_volume: 30", "weekly_volume: 40").replace(
            "longest_run_30d: 12", "longest_run_30d: 16"
        )
    )
    run(runner, "plan", "-p", str(regular), "--start", "2027-01-04", "-o", str(tmp_path / "r"))
    plan = plan_of(tmp_path / "r")
    assert not [a for a in plan.adjustments if a.rule == "longest_run"]
    assert plan.own_running is not None
    assert plan.own_running.keeps
    markdown = (tmp_path / "r" / "plan.md").read_text()
    assert "Run held" not in markdown
    assert "Keep your own easy running (about 40 km a week, longest 16 km)" in markdown
    assert "Part of your own easy run" in markdown
