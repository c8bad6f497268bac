"""Workouts on the watch: `posecoach plan --watch` and `posecoach workout` write a FIT
workout a session, which Garmin's SDK, fitdecode and fit-tool all read back as the
steps, durations, repeats and cadence targets plan.yaml calls for; and the folder's
workouts follow every check-in and re-plan, as the click tracks do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fit_workouts import (
    as_expected,
    by_fitdecode,
    cadence_band,
    decoded,
    expected_steps,
    total_seconds,
)
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.commands.tracks import track_stems
from posecoach.commands.workouts import MANIFEST
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import Plan
from posecoach.render import wording

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden" / "default-12w"
TOLERANCE = 2.0  # the shipped rules' on-target tolerance, percent
Run = Callable[..., str]


@pytest.fixture
def run(runner: CliRunner) -> Run:
    """Run a command that must succeed; returns its stdout and stderr."""

    def invoke(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        return result.stdout + result.stderr

    return invoke


def plan_of(folder: Path) -> Plan:
    return parse_plan_file((folder / "plan.yaml").read_text(encoding="utf-8"))


def listed(folder: Path) -> dict[str, str]:
    """The folder's workouts by file name: the session each follows."""
    manifest = json.loads((folder / "workouts" / MANIFEST).read_text())["workouts"]
    return {name: entry["session"] for name, entry in manifest.items()}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder / "workouts").glob("*.fit")}


def check_against_plan(folder: Path) -> Plan:
    """Every session with something to do has its workout, named by date and title, and
    each decodes to the steps, durations, repeats and targets plan.yaml calls for."""
    plan = plan_of(folder)
    stems = track_stems(plan)
    weeks = {s.key: w.number for w in plan.weeks for s in w.sessions}
    wanted = {f"{stems[s.key]}.fit": s for s in plan.sessions if s.items}
    assert listed(folder) == {name: s.key for name, s in wanted.items()}
    assert set(files(folder)) - {"mine.fit"} == set(wanted)  # and the runner's own, if any
    for name, session in wanted.items():
        data = (folder / "workouts" / name).read_bytes()
        workout = decoded(data)
        label = f"W{weeks[session.key]:02d}.{session.slot} "
        assert workout.name.startswith(label)
        assert workout.name.isascii()
        assert len(workout.name) <= 30
        assert workout.name[len(label) :].split()[0] in wording.title(session)
        assert as_expected(workout) == expected_steps(session, TOLERANCE), name
        assert total_seconds(workout, session) == pytest.approx(session.minutes * 60, abs=60)
        for step, item in zip(
            (s for s in workout.steps if s.duration == "open"),
            (i for i in session.items if i.run is None),
            strict=True,
        ):
            assert step.name is not None
            assert item.dose is not None
            assert step.name.split()[0] in item.name  # the drill...
            dose = item.dose
            amount = dose.reps or dose.seconds or dose.metres or dose.minutes or 0
            assert f"{amount:g}" in step.name  # ... and its dose
        assert workout.sport == ("running" if session.kind in ("run", "technique") else "training")
    return plan


def test_plan_watch_writes_every_session_for_the_default_plan(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    out = run("plan", "--start", "2027-01-04", "--watch", "-o", str(folder))
    assert f"Wrote 36 workouts for the watch to {folder}/workouts (FIT); 0 unchanged." in out
    plan = check_against_plan(folder)
    # The default profile has no baseline cadence: its targets are rises over the
    # runner's own cadence, with no tempo for the watch to hold.
    assert all(s.cadence is None or s.cadence.spm is None for s in plan.sessions)
    assert not any(step.cadence for data in files(folder).values() for step in decoded(data).steps)
    assert "all 36 current" in run("plan", "-o", str(folder))  # no --watch: still kept


def test_run_walk_repeats_and_cadence_targets(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    args = ["-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04", "-o", str(folder)]
    run("plan", *args, "--watch")
    plan = check_against_plan(folder)
    repeated = [
        s for s in plan.sessions for i in s.items if i.run is not None and i.run.repeats > 1
    ]
    assert len(repeated) >= 5
    names = {key: name for name, key in listed(folder).items()}
    for session in repeated:
        workout = decoded((folder / "workouts" / names[session.key]).read_bytes())
        [run_walk] = [i.run for i in session.items if i.run is not None]
        assert run_walk is not None
        assert session.cadence is not None
        spm = session.cadence.spm
        assert spm is not None
        [repeat] = [s for s in workout.steps if s.repeat is not None]
        assert repeat.repeat is not None
        first, times = repeat.repeat
        assert times == run_walk.repeats
        running, walking = workout.steps[first], workout.steps[first + 1]
        assert running.seconds == run_walk.run_minutes * 60
        assert walking.seconds == run_walk.walk_minutes * 60
        assert walking.cadence is None
        assert walking.intensity == "recovery"
        # Strides per minute on the wire: the watch shows twice that, in steps.
        assert running.cadence == cadence_band(spm, TOLERANCE)
        low, high = running.cadence
        assert 2 * low <= spm * 0.98
        assert 2 * high >= spm * 1.02
        assert 2 * low >= spm * 0.98 - 2
        assert 2 * high <= spm * 1.02 + 2
        runs = [s for s in workout.steps if s.name and s.name.startswith("Run ")]
        assert all(s.cadence == running.cadence for s in runs)


def test_golden_workout_of_the_default_plans_first_run(
    run: Run, tmp_path: Path, update_golden: bool
) -> None:
    folder = tmp_path / "p"
    run("plan", "--start", "2027-01-04", "-o", str(folder))
    plan = plan_of(folder)
    first_run = next(s for s in plan.sessions if any(i.run for i in s.items))
    out = run("workout", first_run.key, "-d", str(folder))
    name = f"{track_stems(plan)[first_run.key]}.fit"
    assert f"Wrote {folder}/workouts/{name}" in out
    assert "It is kept current as the plan changes." in out
    actual = (folder / "workouts" / name).read_bytes()
    expected = GOLDEN / "expected" / "workouts" / name
    if update_golden:
        expected.parent.mkdir(exist_ok=True)
        expected.write_bytes(actual)
    assert actual == expected.read_bytes(), "pytest --update-golden to accept"
    assert decoded(actual).name == "W01.3 Easy new-form run/walk"


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    found = (folder / "workouts").glob("*.fit")
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in found}


def test_workouts_follow_a_check_in_and_a_re_plan(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    course = str(DATA / "mini-curriculum.yaml")
    base = ["-p", str(DATA / "regular-runner.yaml"), "-c", course, "-o", str(folder)]
    run("plan", *base, "--start", "2027-01-04", "--weeks", "4", "--watch")
    before, stamps = files(folder), _stamps(folder)
    (folder / "workouts" / "mine.fit").write_bytes(b"the runner's own")
    plan = plan_of(folder)
    # Pain of 6 not settled by the morning steps the later sessions back; those before
    # it stay as they were, and their files are not touched.
    out = run("checkin", "-d", str(folder), "--date", "2027-01-06", "--pain", "6",
              "--where", "calf", "--settled-next-morning", "no")  # fmt: skip
    after = plan_of(folder)
    check_against_plan(folder)
    changed = [s.key for s in after.sessions if s != plan.session(s.key)]
    assert changed
    names = {key: name for name, key in listed(folder).items()}
    rewritten = sum(files(folder)[names[k]] != before.get(names[k]) for k in changed)
    assert rewritten > 1
    assert f"Rewrote {rewritten} workouts in workouts/: copy them to the watch again." in out
    for session in after.sessions:
        name = names[session.key]
        if session == plan.session(session.key):
            assert files(folder)[name] == before[name]
            assert _stamps(folder)[name] == stamps[name]  # left alone: same file, same time
    # Shorter: the workouts of the weeks gone are removed, and the runner's file stays.
    out = run("plan", "-o", str(folder), "--weeks", "2")
    assert "removed 6 workouts from workouts/" in out
    assert "its session is gone from the plan" in out
    check_against_plan(folder)
    assert (folder / "workouts" / "mine.fit").read_bytes() == b"the runner's own"
    # Re-dated, each workout follows its session to its new name.
    run("plan", "-o", str(folder), "--start", "2027-02-01")
    assert all(name.startswith("2027-02-") for name in listed(folder))
    check_against_plan(folder)


def test_a_file_of_the_runners_own_is_never_overwritten(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    run("plan", "--start", "2027-01-04", "-o", str(folder))
    plan = plan_of(folder)
    name = f"{track_stems(plan)[plan.sessions[0].key]}.fit"
    (folder / "workouts").mkdir()
    (folder / "workouts" / name).write_bytes(b"mine")
    out = run("plan", "-o", str(folder), "--watch")
    assert f"Note: left workouts/{name} alone: posecoach did not write it" in out
    assert (folder / "workouts" / name).read_bytes() == b"mine"
    assert name not in listed(folder)
    result = CliRunner().invoke(app, ["workout", plan.sessions[0].key, "-d", str(folder)])
    assert result.exit_code == 2
    assert "a file posecoach did not write is in the way" in result.stderr
    assert (folder / "workouts" / name).read_bytes() == b"mine"


def test_a_crash_leaves_every_written_workout_listed_and_is_caught_up(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "p"
    run("plan", "--start", "2027-01-04", "-o", str(folder), "--watch")
    from posecoach.commands import workouts

    written = 0
    real = workouts._write

    def dies_midway(path: Path, data: bytes) -> Path:
        nonlocal written
        written += 1
        if written == 5:
            raise KeyboardInterrupt  # as a kill would, between two files
        return real(path, data)

    monkeypatch.setattr(workouts, "_write", dies_midway)
    args = ["--date", "2027-01-07", "--pain", "7", "--where", "calf"]
    result = CliRunner().invoke(app, ["checkin", "-d", str(folder), *args])
    assert result.exit_code == 130
    assert written == 5
    monkeypatch.undo()
    # Every file on disk is listed (so it stays posecoach's to update or remove)...
    assert set(files(folder)) <= set(listed(folder))
    # ... and the next command that reads the folder brings them up to date.
    out = run("today", "-d", str(folder), "--date", "2027-01-08")
    assert "brought the workouts up to date" in out
    check_against_plan(folder)
    assert "brought the workouts" not in run("today", "-d", str(folder), "--date", "2027-01-08")
    # One the runner removed is theirs to remove: written again by the next update only.
    first, second = sorted(files(folder))[:2]
    (folder / "workouts" / second).unlink()
    assert "brought the workouts" not in run("show", "-d", str(folder))
    assert not (folder / "workouts" / second).exists()
    # A power cut can leave a renamed file empty (its bytes never reached the disk):
    # the next command writes it again.
    (folder / "workouts" / first).write_bytes(b"")
    assert "brought the workouts up to date" in run("show", "-d", str(folder))
    check_against_plan(folder)


def test_the_workout_command(run: Run, runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    args = ["-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04", "-o", str(folder)]
    run("plan", *args)
    plan = plan_of(folder)
    # The day's session, else the next one: Tue 5 Jan has none, Wed 6 Jan has one.
    out = run("workout", "-d", str(folder), "--date", "2027-01-05")
    wednesday = next(s for s in plan.sessions if s.date.isoformat() == "2027-01-06")
    assert f"workouts/{track_stems(plan)[wednesday.key]}.fit" in out
    assert list(listed(folder).values()) == [wednesday.key]
    run_session = next(s for s in plan.sessions if any(i.run for i in s.items))
    assert run_session.cadence is not None
    assert run_session.cadence.spm is not None
    elsewhere = tmp_path / "run.fit"
    out = run("workout", run_session.key, "-d", str(folder), "--out", str(elsewhere))
    low, high = cadence_band(run_session.cadence.spm, TOLERANCE)
    assert f"Cadence target on the runs: {2 * low}-{2 * high} steps/min" in out
    assert "kept current" not in out
    assert as_expected(decoded(elsewhere.read_bytes())) == expected_steps(run_session, TOLERANCE)
    assert list(listed(folder).values()) == [wednesday.key]  # elsewhere: not the folder's
    # A later plan keeps the folder's one current, and only that one.
    run("plan", "-o", str(folder), "--start", "2027-01-11")
    assert list(listed(folder).values()) == [wednesday.key]
    for bad, message in [
        ([run_session.key + "x"], f"did you mean '{run_session.key}'?"),
        ([run_session.key, "--out", str(tmp_path / "run.txt")], "a workout file's name ends in"),
        ([run_session.key, "--out", str(tmp_path / "no" / "r.fit")], "does not exist"),
        (["--date", "2027-13-01"], "is not a date"),
        (["--date", "2028-01-01"], "no session from 2028-01-01 on"),
    ]:
        result = runner.invoke(app, ["workout", "-d", str(folder), *bad])
        assert result.exit_code == 2, bad
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "run.txt").exists()


def test_names_and_notes_stay_plain_and_short(hostile_plan: Plan) -> None:
    from posecoach.render.workout import render_workout

    for week in hostile_plan.weeks:
        for session in week.sessions:
            data = render_workout(session, week.number, hostile_plan.timezone, TOLERANCE)
            workout = by_fitdecode(data)
            assert workout.name.isascii()
            assert len(workout.name) <= 30
            for step in workout.steps:
                assert step.name is None or (step.name.isascii() and len(step.name) <= 32)
                assert step.name is None or "\n" not in step.name


def test_same_plan_same_bytes(run: Run, tmp_path: Path) -> None:
    """No clock inside: two folders built apart in time hold byte-identical workouts."""
    for name in ("a", "b"):
        run("plan", "--start", "2027-01-04", "--watch", "-o", str(tmp_path / name))
        os.utime(tmp_path / name / "plan.yaml", (0, 0))
    assert files(tmp_path / "a") == files(tmp_path / "b")
    serials = {decoded(d).serial for d in files(tmp_path / "a").values()}
    assert len(serials) == 36  # one identity a session on the watch
    shutil.rmtree(tmp_path / "b")


def test_temporary_files_of_a_killed_run_are_cleared(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    run("plan", "--start", "2027-01-04", "-o", str(folder), "--watch")
    name = sorted(files(folder))[0]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    killed = folder / "workouts" / f".{name}.{dead}.tmp"
    killed.write_bytes(b"half a workout")
    alive = folder / "workouts" / f".{name}.{os.getppid()}.tmp"  # a run still going
    alive.write_bytes(b"being written")
    run("plan", "-o", str(folder))
    assert not killed.exists()
    assert alive.exists()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Foot and Pose", "W03.2 Foot and Pose"),  # fits: as it is
        ("Calf, foot and hip strength", "W03.2 Calf foot hip strength"),  # commas, small words
        ("Pose, fall and pull together", "W03.2 Pose fall pull together"),
        ("Zoë's hops × 3 – quick", "W03.2 Zoe's hops x 3 - quick"),  # plain ASCII
        ("Putting the frames together", "W03.2 Putting frames together"),
    ],
)
def test_workout_names(regular_plan: Path, title: str, name: str) -> None:
    from posecoach.render.workout import workout_name

    session = plan_of(regular_plan).weeks[2].sessions[0]
    assert workout_name(session.model_copy(update={"title": title, "slot": 2}), 3) == name
    assert len(name) <= 30
