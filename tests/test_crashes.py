"""A crash at any moment leaves a plan folder whole: all old or all new, and the next
command brings it up to date. Tested with real kills of the installed command."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sizing import scaled
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.together import JOURNAL

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

DATA = Path(__file__).parent / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
SET = ("plan.yaml", "plan.md", "plan.html")
KILLS = scaled(15, 200)  # benchmarks/crashes.py runs more
CHECKIN_KILLS = scaled(15, 200)  # each at most 1.3 s and a rebuild


def plan_args(folder: Path, start: str) -> list[str]:
    return ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", start, "-o", str(folder)]


def launch(args: list[str]) -> subprocess.Popen[bytes]:
    quiet = subprocess.DEVNULL
    return subprocess.Popen([str(CONSOLE_SCRIPT), *args], stdout=quiet, stderr=quiet)


def snapshot(folder: Path) -> tuple[bytes, ...]:
    return tuple((folder / name).read_bytes() for name in SET)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".staged", ".tmp")))


def test_a_killed_plan_leaves_the_old_set_or_the_new(tmp_path: Path, runner: CliRunner) -> None:
    starts = ("2027-01-04", "2027-02-01")
    expected = []
    for start in starts:
        reference = tmp_path / f"ref-{start}"
        assert runner.invoke(app, plan_args(reference, start)).exit_code == 0
        expected.append(snapshot(reference))
    folder = tmp_path / "plan"
    assert runner.invoke(app, plan_args(folder, starts[0])).exit_code == 0
    chance = random.Random(20261130)  # a fixed seed: the same moments on every run
    outcomes = {"old": 0, "new": 0}
    for kill in range(KILLS):
        start = starts[(kill + 1) % 2]
        before = snapshot(folder)
        process = launch(plan_args(folder, start))
        time.sleep(chance.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        PlanFolder(folder).repair()  # what the next command does first
        after = snapshot(folder)
        assert after in expected, f"kill {kill}: a mixed folder"
        assert not (folder / JOURNAL).exists()
        assert leftovers(folder) == []
        outcomes["old" if after == before else "new"] += 1
        if after == before and before != expected[(kill + 1) % 2]:
            # Killed before it committed: run it again so the next kill has a change to make.
            assert runner.invoke(app, plan_args(folder, start)).exit_code == 0
    # Where the kills fall depends on the machine's speed, so it is not asserted;
    # benchmarks/crashes.py reports it.


def check_in_set(folder: Path) -> tuple[bytes, ...]:
    """What one check-in rewrites as a set: the outputs and the inputs they were built from."""
    return tuple((folder / name).read_bytes() for name in (*SET, PlanFolder.ICS, PlanFolder.BUILT))


def bring_up_to_date(folder: Path, runner: CliRunner) -> None:
    """What the next command does first: finish or undo a cut write, rebuild stale outputs."""
    PlanFolder(folder).repair()
    if PlanFolder(folder).is_stale():
        assert runner.invoke(app, ["show", "-d", str(folder)]).exit_code == 0


def test_a_killed_check_in_loses_nothing_acknowledged_and_leaves_no_mixed_set(
    regular_plan: Path, runner: CliRunner
) -> None:
    days = ["2027-01-06", "2027-01-09", "2027-01-11", "2027-01-13"]
    # Kills spread over an uncut run as long as this machine takes it (timed on a
    # copy), so some fall during the write whatever its speed; taken as at most
    # 1.2 s, so the test stays bounded on a slow one. Only where kills fall depends
    # on the clock, never what is asserted.
    timed = shutil.copytree(regular_plan, regular_plan.with_name("timed"))
    began = time.perf_counter()
    assert launch(["checkin", "-d", str(timed), "--date", days[0], "--rpe", "3"]).wait() == 0
    lasts = min(time.perf_counter() - began, 1.2)
    chance = random.Random(7)  # a fixed seed: the same fractions of it on every run
    acknowledged: list[str] = []
    new_sets = 0
    for attempt in range(CHECKIN_KILLS):
        # Up to date first, so a killed check-in has one set to write: its own.
        bring_up_to_date(regular_plan, runner)
        before = check_in_set(regular_plan)
        note = f"attempt {attempt}"
        args = ["checkin", "-d", str(regular_plan), "--date", days[attempt % 4], "--rpe", "3",
                "--note", note]  # fmt: skip
        process = launch(args)
        # From a third of a run in (before it, Python is still importing) to past its end.
        time.sleep(chance.uniform(0.33, 1.1) * lasts)
        if process.poll() == 0:
            acknowledged.append(note)
        process.send_signal(signal.SIGKILL)
        process.wait()
        PlanFolder(regular_plan).repair()
        assert not (regular_plan / JOURNAL).exists()
        assert leftovers(regular_plan) == []
        after = check_in_set(regular_plan)
        if after != before:
            # The new set stands: whole, as a fresh build from the same inputs makes it.
            assert not PlanFolder(regular_plan).is_stale(), f"attempt {attempt}: a mixed folder"
            (regular_plan / PlanFolder.BUILT).unlink()
            bring_up_to_date(regular_plan, runner)
            assert check_in_set(regular_plan) == after, f"attempt {attempt}: a mixed folder"
            new_sets += 1
    # Where the kills fall depends on the machine's speed, so it is not asserted;
    # `pytest -rP` shows it, and benchmarks/crashes.py reports it over 200 kills.
    print(f"{CHECKIN_KILLS} kills: {CHECKIN_KILLS - new_sets} kept the old set, {new_sets}"
          f" the new; {len(acknowledged)} had answered; an uncut run {lasts:.2f} s")  # fmt: skip
    logged = {c.note for c in checkin_log.read(regular_plan / PlanFolder.CHECKINS).checkins}
    assert set(acknowledged) <= logged
    # The next command finds the outputs behind the log and brings them up to date.
    result = runner.invoke(app, ["show", "-d", str(regular_plan)])
    assert result.exit_code == 0, result.stderr
    assert not PlanFolder(regular_plan).is_stale()
    assert leftovers(regular_plan) == []


def test_outputs_behind_their_inputs_are_rebuilt_before_a_command_answers(
    regular_plan: Path, runner: CliRunner
) -> None:
    """A check-in logged by a process that died before it rebuilt the outputs."""
    before = (regular_plan / "plan.yaml").read_bytes()
    line = '{"date":"2027-01-20","recorded":"2027-01-20T18:00:00Z","pain":8,"where":"achilles"}'
    with open(regular_plan / PlanFolder.CHECKINS, "a", encoding="utf-8") as log:
        log.write(line + "\n")
    assert PlanFolder(regular_plan).is_stale()
    result = runner.invoke(app, ["show", "-d", str(regular_plan), "--week", "4"])
    assert result.exit_code == 0, result.stderr
    assert "older than its inputs" in result.stderr
    assert "running paused" in result.stdout
    assert (regular_plan / "plan.yaml").read_bytes() != before
    assert not PlanFolder(regular_plan).is_stale()


@pytest.mark.parametrize("committed", [True, False])
def test_a_write_cut_short_is_finished_or_undone(
    regular_plan: Path, runner: CliRunner, committed: bool
) -> None:
    old = (regular_plan / "plan.md").read_bytes()
    staged = regular_plan / ".plan.md.999.staged"
    staged.write_bytes(b"# the new plan\n")
    if committed:
        (regular_plan / JOURNAL).write_text('[[".plan.md.999.staged", "plan.md"]]')
    PlanFolder(regular_plan).repair()
    assert (regular_plan / "plan.md").read_bytes() == (b"# the new plan\n" if committed else old)
    assert leftovers(regular_plan) == []
    assert not (regular_plan / JOURNAL).exists()


def test_a_journal_cut_short_while_written_is_cleared(regular_plan: Path) -> None:
    # write_atomic names its temporary file after the target: ".<name>.<pid>.tmp".
    half_written = regular_plan / f".{JOURNAL}.4242.tmp"
    half_written.write_text('[[".plan.md.42')
    PlanFolder(regular_plan).repair()
    assert not half_written.exists()
    assert leftovers(regular_plan) == []
