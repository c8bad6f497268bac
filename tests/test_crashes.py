"""A crash at any moment leaves a plan folder whole: all old or all new, and the next
command brings it up to date. Tested with real kills of the installed command."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kills import cpu_of_a_whole_run, kill_after_cpu
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
KILLS = scaled(6, 200)  # benchmarks/crashes.py runs more
CHECKIN_KILLS = scaled(6, 200)  # each at most 1.3 s and a rebuild


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
    # Kills spread over an uncut run's CPU time (of a run on a copy), so where they
    # fall in its work is the same however busy the machine is.
    timed = shutil.copytree(folder, tmp_path / "timed")
    lasts = cpu_of_a_whole_run(launch(plan_args(timed, starts[1])))
    chance = random.Random(20261130)  # a fixed seed: the same moments on every run
    outcomes = {"old": 0, "new": 0}
    for kill in range(KILLS):
        start = starts[(kill + 1) % 2]
        before = snapshot(folder)
        kill_after_cpu(launch(plan_args(folder, start)), chance.uniform(0.1, 1.05) * lasts)
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
    """What one check-in rewrites as a set: the outputs and the record of what they were
    built from."""
    return tuple((folder / name).read_bytes() for name in (*SET, PlanFolder.ICS, PlanFolder.RECORD))


def bring_up_to_date(folder: Path, runner: CliRunner) -> None:
    """What the next command does first: finish or undo a cut write, rebuild stale outputs."""
    PlanFolder(folder).repair()
    if PlanFolder(folder).is_stale():
        assert runner.invoke(app, ["show", "-d", str(folder)]).exit_code == 0


def test_a_killed_check_in_loses_nothing_acknowledged_and_leaves_no_mixed_set(
    regular_plan: Path, runner: CliRunner
) -> None:
    days = ["2027-01-06", "2027-01-09", "2027-01-11", "2027-01-13"]
    # Kills spread over an uncut run's CPU time (timed on a copy), so some fall during
    # the write however busy the machine is. Only where kills fall depends on the
    # machine, never what is asserted.
    timed = shutil.copytree(regular_plan, regular_plan.with_name("timed"))
    lasts = cpu_of_a_whole_run(
        launch(["checkin", "-d", str(timed), "--date", days[0], "--rpe", "3"])
    )
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
        # From a third of a run in (before it, Python is still importing) to past its end.
        if kill_after_cpu(launch(args), chance.uniform(0.33, 1.1) * lasts):
            acknowledged.append(note)
        PlanFolder(regular_plan).repair()
        assert not (regular_plan / JOURNAL).exists()
        assert leftovers(regular_plan) == []
        after = check_in_set(regular_plan)
        if after != before:
            # The new set stands: whole, as a fresh build from the same inputs makes it.
            assert not PlanFolder(regular_plan).is_stale(), f"attempt {attempt}: a mixed folder"
            (regular_plan / PlanFolder.PLAN).unlink()  # rebuilt from the record and log
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


SQUAD_KILLS = scaled(5, 60)
ATHLETE_SET = ("plan.yaml", "plan.md", "plan.html", "plan.ics", "profile.yaml", PlanFolder.RECORD)


def athlete_sets(squad: Path) -> dict[str, tuple[bytes | None, ...]]:
    plans = squad / "plans"
    return {
        athlete.name: tuple(
            (athlete / name).read_bytes() if (athlete / name).is_file() else None
            for name in ATHLETE_SET
        )
        for athlete in sorted(plans.iterdir())
    }


def all_leftovers(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.name.endswith((".staged", ".tmp")) or p.name == JOURNAL
    )


def test_a_killed_squad_plan_leaves_each_athlete_old_or_new_and_cleans_up_after_itself(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_squad import SQUAD, make_squad

    # The calendars' stamps from a fixed time, not the files' (the reference squads'
    # files are made at other moments): the killed runs' children read it too.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")

    variants = [SQUAD, SQUAD.replace("max_session_minutes: 45", "max_session_minutes: 40")]
    expected = []
    for number, text in enumerate(variants):
        reference = make_squad(tmp_path / f"ref-{number}", 6)
        (reference / "squad.yaml").write_text(text)
        assert runner.invoke(app, ["squad", "plan", str(reference), "--jobs", "1"]).exit_code == 0
        expected.append(athlete_sets(reference))
    squad = make_squad(tmp_path / "squad", 6)
    assert runner.invoke(app, ["squad", "plan", str(squad), "--jobs", "1"]).exit_code == 0
    assert athlete_sets(squad) == expected[0]
    timed = shutil.copytree(squad, tmp_path / "timed")
    (timed / "squad.yaml").write_text(variants[1])
    lasts = cpu_of_a_whole_run(launch(["squad", "plan", str(timed), "--jobs", "1"]))
    chance = random.Random(27)  # a fixed seed: the same moments on every run
    for kill in range(SQUAD_KILLS):
        (squad / "squad.yaml").write_text(variants[(kill + 1) % 2])
        process = launch(["squad", "plan", str(squad), "--jobs", "1"])
        kill_after_cpu(process, chance.uniform(0.15, 1.05) * lasts)
        for folder in sorted((squad / "plans").iterdir()):
            PlanFolder(folder).repair()  # what the next command does first
        for athlete, files in athlete_sets(squad).items():
            assert files in (expected[0][athlete], expected[1][athlete]), (kill, athlete)
        # Nothing half-written of a plan folder's own set; only what squad plan writes
        # after it (an athlete's stamp, squad.html) may remain, for squad plan to clear.
        left = [n for n in all_leftovers(squad) if ".posecoach-squad." not in n]
        assert [n for n in left if not n.startswith(".squad.html.")] == [], kill
    # The command that owns them clears whatever a kill left.
    assert runner.invoke(app, ["squad", "plan", str(squad), "--jobs", "1"]).exit_code == 0
    assert athlete_sets(squad) == expected[SQUAD_KILLS % 2]
    assert all_leftovers(squad) == []


def test_squad_plan_clears_the_temporary_files_a_killed_run_left(
    tmp_path: Path, runner: CliRunner
) -> None:
    from test_squad import make_squad

    squad = make_squad(tmp_path / "squad", 2)
    assert runner.invoke(app, ["squad", "plan", str(squad), "--jobs", "1"]).exit_code == 0
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a writer no longer running
    athlete = squad / "plans" / "a00"
    left = [
        athlete / f".profile.yaml.{ended.pid}.tmp",  # what older versions' kills left
        athlete / f".posecoach-squad.{ended.pid}.tmp",
        squad / f".squad.html.{ended.pid}.tmp",
    ]
    for path in left:
        path.write_text("half")
    (squad / "athletes" / "a00.yaml").write_text("name: Athlete Zero\n")  # a00 is rebuilt
    assert runner.invoke(app, ["squad", "plan", str(squad), "--jobs", "1"]).exit_code == 0
    assert [path.name for path in left if path.exists()] == []
