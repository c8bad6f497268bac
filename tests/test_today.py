"""The daily loop: `posecoach today`, the current week in `show`, and a metronome that
clicks at today's target when given no BPM. The clock is the CLI's input
(posecoach.cli.now), fixed here; the day view itself is a pure function."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import NOW
from pty_session import Session, environment
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.cli import app
from posecoach.commands.today import cadence_for, day_view
from posecoach.engine import build_plan
from posecoach.errors import UsageError
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import CheckIn, Plan

DATA = Path(__file__).parent / "data"
START = date(2027, 1, 4)  # the regular runner trains Mon 07:00, Wed 18:30 and Sat 09:00


@pytest.fixture(scope="module")
def plan() -> Plan:
    runner = loaders.load_profile(DATA / "regular-runner.yaml")
    course = loaders.load_curriculum("pose-transition")
    return build_plan(course, runner, loaders.load_rules(), START)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The CLI's clock, set by the test: clock[0] = the moment it reads."""
    moment = [at(date(2027, 1, 13))]  # Wednesday of week 2
    monkeypatch.setattr("posecoach.cli.now", lambda: moment[0])
    return moment


# ------------------------------------------------------------------ the day view


def test_a_session_day(plan: Plan) -> None:
    view = day_view(plan, date(2027, 1, 13))
    assert view.state == "session"
    assert view.week is not None
    assert view.week.number == 2
    assert [s.date for s in view.sessions] == [date(2027, 1, 13)]
    assert view.next is None
    assert [g.today for g in view.glance] == [False, True, False]


def test_a_rest_day_gives_the_next_session(plan: Plan) -> None:
    view = day_view(plan, date(2027, 1, 14))  # Thursday
    assert view.state == "rest"
    assert view.sessions == []
    assert view.next is not None
    assert view.next.date == date(2027, 1, 16)
    assert view.days_to_next == 2
    sunday = day_view(plan, date(2027, 1, 17))  # the next session is in the next week
    assert sunday.next is not None
    assert sunday.next.date == date(2027, 1, 18)
    assert sunday.week is not None
    assert sunday.week.number == 2


def test_before_and_after_the_plan(plan: Plan) -> None:
    before = day_view(plan, date(2027, 1, 1))
    assert before.state == "before"
    assert before.week is not None
    assert before.week.number == 1
    assert before.next == plan.sessions[0]
    assert before.days_to_next == 3
    after = day_view(plan, plan.end + timedelta(days=1))
    assert (after.state, after.week, after.next, after.glance) == ("after", None, None, [])


def test_the_week_at_a_glance_shows_check_ins(plan: Plan) -> None:
    first, second = plan.weeks[1].sessions[:2]
    recorded = at(date(2027, 1, 14))
    checkins = [
        CheckIn(date=first.date, recorded=recorded, session=first.key, cadence=165, rpe=4),
        CheckIn(date=second.date, recorded=recorded, session=second.key, missed=True),
    ]
    view = day_view(plan, date(2027, 1, 14), checkins)
    assert [g.status for g in view.glance] == ["done", "missed", None]


def test_the_cadence_target_of_the_day_or_the_next_session(plan: Plan) -> None:
    on_day = cadence_for(plan, date(2027, 1, 4))
    assert (on_day.session.date, on_day.bpm, on_day.today) == (date(2027, 1, 4), 162, True)
    strength_day = cadence_for(plan, date(2027, 1, 6))  # strength only: no target that day
    assert strength_day.session.date > date(2027, 1, 6)
    assert not strength_day.today
    with pytest.raises(UsageError, match="no session from"):
        cadence_for(plan, plan.end + timedelta(days=1))


# ------------------------------------------------------------------ posecoach today


def test_today_on_a_session_day(
    regular_plan: Path, runner: CliRunner, clock: list[datetime]
) -> None:
    result = runner.invoke(app, ["today", "--dir", str(regular_plan)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Today, Wed 13 Jan 2027 · week 2 of 12")
    assert "Wed 13 Jan 18:30 · Easy new-form run/walk" in out
    assert re.search(r"^sam-example-w02-s\d$", out, re.MULTILINE)  # its key, whole
    assert "Cadence target: 162 spm" in out or "Cadence target: baseline (162 spm)" in out
    assert "Dose" in out
    assert "Cues" in out
    assert "Week 2 at a glance" in out
    assert "posecoach checkin" in out


def test_today_on_a_rest_day_and_outside_the_plan(
    regular_plan: Path, runner: CliRunner, clock: list[datetime]
) -> None:
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "2027-01-12"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Rest day today, Tue 12 Jan 2027")
    assert "Next: Wed 13 Jan at 18:30 (tomorrow), Easy new-form run/walk." in result.stdout
    assert "Cadence target:" in result.stdout
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "2027-01-02"])
    assert "the plan starts on Mon 4 Jan 2027" in result.stdout
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "2027-06-01"])
    assert "the plan ended on Sun 28 Mar 2027" in result.stdout
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "13/01/2027"])
    assert result.exit_code == 2
    assert "--date: '13/01/2027' is not written as YYYY-MM-DD" in result.stderr


def test_a_rest_day_offers_the_weeks_work_at_home(tmp_path: Path, runner: CliRunner) -> None:
    """Two sessions a week cannot hold three foot-core sessions: the third is for a
    day at home, and `today` offers it on a rest day."""
    profile = Path(__file__).parent / "golden" / "two-days-16w" / "profile.yaml"
    folder = tmp_path / "two"
    args = ["plan", "--profile", str(profile), "--start", "2027-01-04", "-d", str(folder)]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, ["today", "--dir", str(folder), "--date", "2027-01-07"])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert said.startswith("Rest day today, Thu 7 Jan 2027")
    assert "Today, if not done yet: Foot core at home on 1 more day this week" in said
    session_day = runner.invoke(app, ["today", "--dir", str(folder), "--date", "2027-01-05"])
    assert "if not done yet" not in session_day.stdout


def test_today_as_json(regular_plan: Path, runner: CliRunner, clock: list[datetime]) -> None:
    args = ["today", "--dir", str(regular_plan), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "date", "timezone", "state", "week", "sessions", "next", "days_to_next",
        "week_at_a_glance",
    ]  # fmt: skip
    assert (data["date"], data["state"], data["week"]) == ("2027-01-13", "session", 2)
    assert data["timezone"] == "Europe/Berlin"
    [session] = data["sessions"]
    assert session["date"] == "2027-01-13"
    assert session["time"] == "18:30"
    assert session["items"]
    assert {"drill", "dose", "cues"} <= set(session["items"][0])
    assert data["next"] is None
    assert data["days_to_next"] is None
    assert [g["today"] for g in data["week_at_a_glance"]] == [False, True, False]
    rest = json.loads(runner.invoke(app, [*args, "--date", "2027-01-12"]).stdout)
    assert (rest["state"], rest["sessions"], rest["days_to_next"]) == ("rest", [], 1)
    assert rest["next"]["cadence"]["spm"] == 162


def test_today_runs_on_the_runners_clock(
    regular_plan: Path, runner: CliRunner, clock: list[datetime]
) -> None:
    """23:30 UTC on Tuesday is already Wednesday in Berlin, the plan's zone."""
    clock[0] = datetime(2027, 1, 12, 23, 30, tzinfo=UTC)
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--json"])
    assert json.loads(result.stdout)["date"] == "2027-01-13"


# ------------------------------------------------------------------ show marks this week


def test_show_marks_the_current_week(
    regular_plan: Path, runner: CliRunner, clock: list[datetime]
) -> None:
    result = runner.invoke(app, ["show", "--dir", str(regular_plan)])
    assert result.exit_code == 0, result.stderr
    marked = [line for line in result.stdout.splitlines() if "→" in line]
    assert marked[0].lstrip().startswith("→ 2 ")
    assert "this week" in result.stdout
    data = json.loads(runner.invoke(app, ["show", "--dir", str(regular_plan), "--json"]).stdout)
    assert data["today"] == "2027-01-13"
    assert data["current_week"] == 2
    assert [w["number"] for w in data["weeks"] if w["current"]] == [2]
    week = runner.invoke(app, ["show", "--dir", str(regular_plan), "--week", "2"])
    assert "Wed 13 Jan 18:30" in week.stdout
    assert "· today" in week.stdout
    clock[0] = at(date(2026, 12, 1))  # before the plan: no week is marked
    result = runner.invoke(app, ["show", "--dir", str(regular_plan)])
    assert "→" not in result.stdout


# ------------------------------------------------------------------ metronome with no BPM


def test_metronome_uses_todays_target_when_piped(
    regular_plan: Path, runner: CliRunner, clock: list[datetime], tmp_path: Path
) -> None:
    clock[0] = at(date(2027, 1, 4))
    out = tmp_path / "today.wav"
    args = ["metronome", "--dir", str(regular_plan), "--minutes", "0.5", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "No BPM given: using 162 spm, the cadence target of today's session" in result.stderr
    assert result.stdout.startswith(f"Wrote {out} (2.7 MB): a 31 s track at 162 bpm")
    clock[0] = at(date(2027, 1, 6))  # a strength day: the next session's target
    result = runner.invoke(app, args)
    assert "the cadence target of the next session (Sat 9 Jan)" in result.stderr


def test_a_bare_metronome_writes_the_session_track_once(
    regular_plan: Path, runner: CliRunner, clock: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No BPM, no length: today's session's own click track, in the plan folder's audio/
    (not a 30-minute WAV in the current folder), its length worded apart from the
    session's; asked again, it is there and current, and nothing is rewritten."""
    monkeypatch.chdir(regular_plan.parent)
    clock[0] = at(date(2027, 1, 4))
    result = runner.invoke(app, ["metronome", "--dir", str(regular_plan)])
    assert result.exit_code == 0, result.stderr
    assert "No BPM given: writing the click track of today's session, " in result.stderr
    [track] = (regular_plan / "audio").glob("2027-01-04-*")
    assert list(regular_plan.parent.glob("*.wav")) == []
    size = track.stat().st_size
    line = result.stdout.splitlines()[0]
    said = re.match(rf"Wrote {re.escape(str(track))} \((\d+) kB\): a ", line)
    assert said, line
    assert int(said[1]) == round(size / 1000)  # a session's track is small
    session = parse_plan_file((regular_plan / "plan.yaml").read_text()).sessions[0]
    assert f"track for {session.title} (Mon 4 Jan, a {session.minutes}-min session)" in line
    track_minutes = int(line.split("): a ")[1].split(" min")[0])
    assert track_minutes < session.minutes  # the warm-up and strength are not clicked
    written = track.stat().st_mtime_ns
    again = runner.invoke(app, ["metronome", "--dir", str(regular_plan)])
    assert again.exit_code == 0, again.stderr
    assert "is there and current" in again.stdout
    assert track.stat().st_mtime_ns == written


def test_metronome_never_overwrites_without_force(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "metronome-170bpm.wav"
    mine.write_bytes(b"the runner's own file")
    result = runner.invoke(app, ["metronome", "170", "--minutes", "0.2"])
    assert result.exit_code == 2
    assert "metronome-170bpm.wav is there already" in result.stderr
    assert "hint: add --force to replace it, or name another file with --out" in result.stderr
    assert mine.read_bytes() == b"the runner's own file"
    result = runner.invoke(app, ["metronome", "170", "--minutes", "0.2", "--force"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Wrote metronome-170bpm.wav (1.1 MB): a 13 s track at 170")
    assert mine.read_bytes()[:4] == b"RIFF"


def test_metronome_without_a_bpm_or_a_plan(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["metronome", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no BPM given, and no plan to take today's target from" in result.stderr
    assert "e.g. `posecoach metronome 170`" in result.stderr
    assert "Traceback" not in result.stderr


def test_metronome_without_a_baseline(
    runner: CliRunner, tmp_path: Path, clock: list[datetime]
) -> None:
    folder = tmp_path / "p"
    assert runner.invoke(app, ["plan", "--start", "2027-01-04", "-o", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["metronome", "--dir", str(folder)])
    assert result.exit_code == 2
    assert "add baseline_cadence to your profile" in result.stderr
    assert "give a BPM: `posecoach metronome 170`" in result.stderr


def _plan_from_next_week(tmp_path: Path) -> Path:
    """A plan folder for the regular runner that starts after today (the tests' clock)."""
    today = NOW.date()
    start = today + timedelta(days=14 - today.weekday())
    result = CliRunner().invoke(
        app,
        ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", start.isoformat(),
         "-o", str(tmp_path / "p")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return tmp_path / "p"


@pytest.mark.parametrize("answer", ["y", "n"])
def test_metronome_asks_in_a_terminal(tmp_path: Path, answer: str) -> None:
    folder = _plan_from_next_week(tmp_path)
    session = Session("metronome", "--minutes", "0.2", "--out", "t.wav", cwd=folder)
    session.expect("Click at 162 spm, the cadence target of the next session")
    session.expect("[Y/n]")
    session.send(answer)
    assert session.finish() == 0, session.text
    assert (folder / "t.wav").exists() == (answer == "y")
    if answer == "n":
        assert "Nothing written" in session.text


def test_metronome_yes_skips_the_question(tmp_path: Path) -> None:
    folder = _plan_from_next_week(tmp_path)
    session = Session("metronome", "-y", "--minutes", "0.2", "--out", "t.wav", cwd=folder)
    assert session.finish() == 0, session.text
    assert "No BPM given: using 162 spm" in session.text
    assert "[Y/n]" not in session.text
    assert (folder / "t.wav").is_file()
    assert environment()["TERM"] == "xterm"


def test_in_a_terminal_tables_and_panels_have_borders(tmp_path: Path) -> None:
    folder = _plan_from_next_week(tmp_path)
    for args, columns in ((["today"], 60), (["show"], 100), (["drills"], 100), (["show"], 60)):
        session = Session(*args, cwd=folder, columns=columns)
        assert session.finish() == 0, session.text
        assert "Traceback" not in session.text
        plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", session.text)  # bold, dim
        assert all(len(line) <= columns for line in plain.splitlines()), args
        if columns == 100:
            assert re.search("[\u2500-\u257f]", plain), args  # box drawing
