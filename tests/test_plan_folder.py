"""The plan folder: found like git finds a repository, and a damaged plan named as damaged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.freshness import legacy_fingerprint
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot

DATA = Path(__file__).parent / "data"
# The installed console script, beside the interpreter running the tests.
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"

# Commands that work on a plan folder, each with arguments and a word their output has.
FOLDER_COMMANDS = [
    (["show"], "Week"),
    (["show", "--week", "2"], "sam-example-w02-s1"),
    (["explain"], "Week 1"),
    (["progress"], "No check-ins yet"),
    (["feed", "token"], "/plan.ics"),
    (["sheet", "--week", "3"], "week-03.html"),
    (["checkin", "--date", "2027-01-06", "--rpe", "3"], "Checked in Wednesday's session, 6 Jan"),
]


@pytest.fixture
def planned(regular_plan: Path) -> Path:
    """A plan folder with a subfolder inside it (as a runner might keep notes there)."""
    (regular_plan / "notes" / "deeper").mkdir(parents=True)
    return regular_plan


@pytest.mark.parametrize(("args", "expected"), FOLDER_COMMANDS)
@pytest.mark.parametrize("where", [".", "notes", "notes/deeper"])
def test_commands_find_the_plan_from_inside_it(
    planned: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    expected: str,
    where: str,
) -> None:
    monkeypatch.chdir(planned / where)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout
    assert not (planned / where / "posecoach-plan").exists()
    if args[0] == "checkin":
        assert len(checkin_log.read(planned / PlanFolder.CHECKINS).checkins) == 1
    if args[0] == "sheet":
        assert (planned / "week-03.html").is_file()


@pytest.mark.parametrize(("args", "expected"), FOLDER_COMMANDS)
def test_the_console_script_finds_the_plan_from_a_subfolder(
    planned: Path, args: list[str], expected: str
) -> None:
    assert CONSOLE_SCRIPT.is_file(), "the tests run from an install with its console script"
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        cwd=planned / "notes",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_plan_rebuilds_the_folder_it_is_run_in(
    planned: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (planned / "plan.yaml").read_bytes()
    monkeypatch.chdir(planned / "notes")
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 0, result.stderr
    assert "Wrote: ../plan.yaml" in result.stdout
    assert (planned / "plan.yaml").read_bytes() == before
    assert not (planned / "notes" / "posecoach-plan").exists()


def test_without_a_plan_above_the_default_folder_is_used(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["show"])
    assert result.exit_code == 2
    assert "posecoach-plan: no such folder, so no plan yet" in result.stderr
    assert "run `posecoach plan` first" in result.stderr
    result = runner.invoke(app, ["plan", "--start", "2027-01-04"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "posecoach-plan" / "plan.yaml").is_file()
    assert runner.invoke(app, ["show"]).exit_code == 0


def test_a_dir_that_does_not_exist_says_so(tmp_path: Path, runner: CliRunner) -> None:
    missing = tmp_path / "nowhere"
    for args in (["show"], ["checkin", "--rpe", "3"], ["feed", "token"], ["progress"]):
        result = runner.invoke(app, [*args, "--dir", str(missing)])
        assert result.exit_code == 2
        assert f"--dir: {missing}: no such folder" in result.stderr
        assert "Traceback" not in result.stderr
    assert not missing.exists()


def as_older_versions_left_it(folder: Path) -> None:
    """The folder as a version before the record left it: .posecoach-built holding a
    digest of the inputs, and no record."""
    (folder / PlanFolder.RECORD).unlink()
    (folder / PlanFolder.COPIES).unlink()
    built = legacy_fingerprint(Snapshot(PlanFolder(folder)))
    (folder / PlanFolder.BUILT).write_text(built, encoding="ascii")


DAMAGES = [
    ("weeks: [unclosed\n", "it is not valid YAML"),
    ("plan_id: x\ncurriculum: y\n", "does not match this version's plan format"),
    ("- just\n- a list\n", "does not match this version's plan format"),
]
READERS = (
    ["show"], ["explain"], ["progress"], ["checkin", "--date", "2027-01-09", "--rpe", "3"],
    ["feed", "token"],
)  # fmt: skip


@pytest.mark.parametrize(("text", "reason"), DAMAGES)
def test_a_damaged_plan_in_an_older_folder_is_named_as_damaged(
    planned: Path, runner: CliRunner, text: str, reason: str
) -> None:
    """A folder an older version built (no record) is read as it was then."""
    runner.invoke(app, ["checkin", "-d", str(planned), "--date", "2027-01-06", "--cadence", "170"])
    as_older_versions_left_it(planned)
    (planned / "plan.yaml").write_text(text)
    for args in READERS:
        result = runner.invoke(app, [*args, "-d", str(planned)])
        assert result.exit_code == 2, args
        assert "the plan file is damaged" in result.stderr
        assert reason in result.stderr
        assert "holds no plan" not in result.stderr
        assert "run `posecoach plan` there" in result.stderr
        assert "Traceback" not in result.stderr
    # The hint works: plan rebuilds it from the folder's own inputs, check-ins kept.
    result = runner.invoke(app, ["plan", "-d", str(planned)])
    assert result.exit_code == 0, result.stderr
    assert "the plan file is damaged" in result.stderr  # as a warning
    assert runner.invoke(app, ["show", "-d", str(planned)]).exit_code == 0
    assert len(checkin_log.read(planned / PlanFolder.CHECKINS).checkins) == 1
    assert (planned / PlanFolder.RECORD).is_file()  # and from now on it has a record


@pytest.mark.parametrize(("text", "reason"), DAMAGES)
def test_a_damaged_plan_is_rebuilt_from_the_record_and_said(
    planned: Path, runner: CliRunner, text: str, reason: str
) -> None:
    runner.invoke(app, ["checkin", "-d", str(planned), "--date", "2027-01-06", "--cadence", "170"])
    built = (planned / "plan.yaml").read_bytes()
    for args in READERS:
        (planned / "plan.yaml").write_text(text)
        result = runner.invoke(app, [*args, "-d", str(planned)])
        assert result.exit_code == 0, (args, result.stderr)
        assert "plan.yaml did not hold what was written" in result.stderr
        assert ("rebuilds it" if args[0] == "checkin" else "rebuilt it first") in result.stderr
        assert "Traceback" not in result.stderr
        if args[0] != "checkin":
            assert (planned / "plan.yaml").read_bytes() == built
    assert len(checkin_log.read(planned / PlanFolder.CHECKINS).checkins) == 2
