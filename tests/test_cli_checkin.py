"""posecoach checkin, explain and progress, as a runner types them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_file import parse_plan_file
from posecoach.folder.plan_folder import PlanFolder

DATA = Path(__file__).parent / "data"
ACTIVITIES = DATA / "activities"


@pytest.fixture
def folder(tmp_path: Path, runner: CliRunner) -> Path:
    out = tmp_path / "plan"
    result = runner.invoke(
        app,
        ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04", "-o", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    return out


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_checkin_with_pain_adapts_every_output(folder: Path, runner: CliRunner) -> None:
    before = outputs(folder)
    result = runner.invoke(
        app,
        ["checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "6", "--where", "calf",
         "--settled-next-morning", "no", "--rpe", "6", "--note", "tight after hills"],
        env={"POSECOACH_NOW": "2027-01-20T20:00:00+00:00"},  # that evening
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Checked in Wednesday's session, 20 January (" in result.stdout
    assert "weeks 4–12: Stepping back for the calf since Wed 20 Jan" in result.stdout
    assert "week 3: The calf: stepping back" in result.stdout  # from the next day on
    after = outputs(folder)
    for name in ("plan.yaml", "plan.md", "plan.html", "plan.ics"):
        assert after[name] != before[name], name
    assert b"Stepping back" in after["plan.md"]
    assert b"Stepping back" in after["plan.html"]
    assert b"Stepping back" in after["plan.ics"].replace(b"\r\n ", b"")
    [logged] = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
    assert logged.pain == 6
    assert logged.note == "tight after hills"

    result = runner.invoke(app, ["explain", "-d", str(folder), "--week", "4"])
    assert result.exit_code == 0
    assert "pain 6 at the calf" in result.stdout
    assert "S90" in result.stdout


def test_checkin_from_a_watch_file(folder: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["checkin", "-d", str(folder), "--from", str(ACTIVITIES / "garmin-fenix-5-run.fit"),
         "--date", "2027-01-06", "--rpe", "3"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # 48 seconds of running: logged, with the watch's figures, but no cadence to judge by.
    assert "0.8 running minutes (under 5): logged, but not used for your cadence" in (result.stderr)
    [logged] = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
    assert logged.cadence is None
    assert logged.running_minutes == pytest.approx(0.8, abs=0.05)
    assert logged.device_cadence == pytest.approx(167.34)
    assert logged.source == "garmin-fenix-5-run.fit"
    assert logged.dynamics is not None
    assert logged.dynamics.ground_contact_ms == pytest.approx(270.3)
    result = runner.invoke(app, ["progress", "-d", str(folder)])
    assert result.exit_code == 0
    assert "167.34" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", str(ACTIVITIES / "cycling-garmin-connect.gpx")], "this is a ride, not a run"),
        (["--pain", "11", "--where", "calf"], "--pain: 11 is not a score from 0 to 10"),
        (["--pain", "6"], "--pain: a pain score needs the place that hurt"),
        (["--date", "2026-06-01"], "outside this plan"),
        (["--date", "2027-01-05"], "no session is planned on 2027-01-05"),
        (["--pain", "4", "--where", "calff"], "did you mean 'calf'?"),
        (["--session", "sam-example-w99-s1"], "the plan has no session"),
        (["--settled-next-morning", "maybe"], "is not yes or no"),
        (["--missed", "--cadence", "170"], "a missed session has no cadence or pain"),
    ],
)
def test_bad_check_ins_are_refused_and_nothing_is_written(
    folder: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    before = outputs(folder)
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--date", "2027-01-06", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(folder) == before
    assert not (folder / PlanFolder.CHECKINS).exists()


def test_a_file_without_a_date_needs_one(folder: Path, runner: CliRunner) -> None:
    source = str(ACTIVITIES / "compressed-speed-distance.fit")
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--from", source])
    assert result.exit_code == 2
    assert "the file does not say which day it was" in result.stderr
    assert "pass --date" in result.stderr
    result = runner.invoke(
        app, ["checkin", "-d", str(folder), "--from", source, "--date", "2027-01-06"]
    )
    assert result.exit_code == 0, result.stderr


def test_checkin_needs_a_plan(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["checkin", "-d", str(tmp_path), "--rpe", "3"])
    assert result.exit_code == 2
    assert "run `posecoach plan` first" in result.stderr


def test_missed_sessions_realign(folder: Path, runner: CliRunner) -> None:
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    for session in plan.weeks[4].sessions:
        evening = {"POSECOACH_NOW": f"{session.date.isoformat()}T20:00:00+00:00"}
        result = runner.invoke(
            app, ["checkin", "-d", str(folder), "--session", session.key, "--missed"], env=evening
        )
        assert result.exit_code == 0, result.stderr
    assert "3 sessions missed within 14 days" in result.stdout
    after = parse_plan_file((folder / "plan.yaml").read_text())
    assert after.weeks[5].phase == plan.weeks[3].phase  # the last week done in full, again


def test_explain_and_progress_without_check_ins(folder: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["progress", "-d", str(folder)])
    assert "No check-ins yet" in result.stdout
    shutil.rmtree(folder)
    result = runner.invoke(app, ["explain", "-d", str(folder)])
    assert result.exit_code == 2
