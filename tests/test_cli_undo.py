"""Check-ins belong to sessions, can be listed and taken back; the log is only appended to."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_folder import PlanFolder

DATA = Path(__file__).parent / "data"
OUTPUTS = ("plan.yaml", "plan.md", "plan.html")
# Calendar stamps and sequence numbers must move on for subscribers to update,
# so plan.ics is compared without them.
STAMPS = re.compile(rb"^(DTSTAMP|LAST-MODIFIED|SEQUENCE)[:;].*\r\n", re.MULTILINE)


@pytest.fixture
def folder(regular_plan: Path) -> Path:
    return regular_plan


def snapshot(folder: Path) -> dict[str, bytes]:
    files = {name: (folder / name).read_bytes() for name in OUTPUTS}
    files["plan.ics"] = STAMPS.sub(b"", (folder / "plan.ics").read_bytes().replace(b"\r\n ", b""))
    return files


def invoke(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_undo_restores_every_output(
    folder: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_NOW", "2027-01-21T08:00:00+00:00")  # the next morning
    before = snapshot(folder)
    invoke(runner, "checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "8",
           "--where", "achilles", "--swelling")  # fmt: skip
    assert snapshot(folder) != before
    out = invoke(runner, "checkin", "-d", str(folder), "--undo")
    assert "Took back check-in 1" in out
    assert "No longer in the plan" in out
    assert snapshot(folder) == before
    # Append-only: the check-in is still there, with the line that takes it back.
    lines = (folder / PlanFolder.CHECKINS).read_text().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1])["retracts"] == 1


def test_checkins_lists_ids_and_undo_takes_one_by_id(folder: Path, runner: CliRunner) -> None:
    invoke(runner, "checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", "163")
    invoke(runner, "checkin", "-d", str(folder), "--date", "2027-01-09", "--pain", "5",
           "--where", "calf")  # fmt: skip
    listing = invoke(runner, "checkins", "-d", str(folder))
    assert "cadence 163" in listing
    assert "pain 5 at the calf" in listing
    invoke(runner, "checkin", "-d", str(folder), "--undo", "2")
    listing = invoke(runner, "checkins", "-d", str(folder))
    assert "taken back (line 3)" in listing
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--undo", "2"])
    assert result.exit_code == 2
    assert "already taken back" in result.stderr
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--undo", "9"])
    assert result.exit_code == 2
    assert "the log has no check-in 9" in result.stderr


def test_a_day_without_a_session_names_the_nearest(folder: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["checkin", "-d", str(folder), "--date", "2027-01-07", "--rpe", "3"]
    )
    assert result.exit_code == 2
    assert "no session is planned on 2027-01-07" in result.stderr
    assert "--session sam-example-w01-s" in result.stderr
    assert not (folder / PlanFolder.CHECKINS).exists()


def test_a_session_key_alone_checks_in_on_its_day(folder: Path, runner: CliRunner) -> None:
    out = invoke(
        runner, "checkin", "-d", str(folder), "--session", "sam-example-w02-s2", "--rpe", "4"
    )
    assert "Checked in Wednesday's session, 13 January" in out
    [line] = (folder / PlanFolder.CHECKINS).read_text().splitlines()
    assert json.loads(line)["session"] == "sam-example-w02-s2"


def test_a_watch_file_from_another_year_is_refused(folder: Path, runner: CliRunner) -> None:
    run = str(DATA / "activities" / "garmin-fenix-5-run.fit")
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--from", run])
    assert result.exit_code == 2
    assert "outside this plan" in result.stderr
    assert "--date" in result.stderr
    assert not (folder / PlanFolder.CHECKINS).exists()
    invoke(runner, "checkin", "-d", str(folder), "--from", run, "--date", "2027-01-06")


def test_plan_reports_check_ins_a_new_start_leaves_behind(folder: Path, runner: CliRunner) -> None:
    invoke(runner, "checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", "163")
    result = runner.invoke(app, ["plan", "-d", str(folder), "--start", "2027-03-01"])
    assert result.exit_code == 0, result.stderr
    assert "1 check-in falls outside this plan's sessions" in result.stderr
    assert "--undo" in result.stderr
