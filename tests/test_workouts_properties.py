"""Over random plans, every session's workout decodes without errors (Garmin's SDK,
fitdecode and fit-tool) and lasts the session's minutes within a minute; and a plan
--watch killed at any moment leaves every workout it wrote listed, which the next
command brings up to date. Sized by tests/sizing.py."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fit_workouts import as_expected, decoded, expected_steps, total_seconds
from hypothesis import given
from kills import cpu_of_a_whole_run, kill_after_cpu
from sizing import examples, scaled
from test_engine_properties import RULES, cases
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.commands.workouts import MANIFEST, read_manifest, render_all
from posecoach.engine import build_plan
from posecoach.folder.plan_file import parse_plan_file
from posecoach.model import Curriculum, RunnerProfile

pytestmark = pytest.mark.soak

DATA = Path(__file__).parent / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
TOLERANCE = RULES.cadence.tolerance_percent


@examples(12, 300)
@given(cases())
def test_every_workout_decodes_and_lasts_its_session(
    case: tuple[Curriculum, RunnerProfile, date, int],
) -> None:
    curriculum, profile, start, weeks = case
    plan = build_plan(curriculum, profile, RULES, start, weeks)
    rendered = render_all(plan, TOLERANCE)
    assert len(rendered) == sum(1 for s in plan.sessions if s.items)
    for name, workout in rendered.items():
        session = workout.session
        found = decoded(workout.data)
        assert as_expected(found) == expected_steps(session, TOLERANCE), name
        assert total_seconds(found, session) == pytest.approx(session.minutes * 60, abs=60)
        assert found.name.isascii()
        assert len(found.name) <= 30
        spm = session.cadence.spm if session.cadence else None
        for step in found.steps:
            if step.cadence is not None:  # strides, around half the target's steps
                assert spm is not None
                low, high = step.cadence
                assert 2 * low < spm < 2 * high


KILLS = scaled(5, 60)


def test_a_killed_plan_watch_leaves_its_workouts_listed_and_caught_up(
    tmp_path: Path, runner: CliRunner
) -> None:
    folder = tmp_path / "plan"
    base = ["plan", "-p", str(DATA / "regular-runner.yaml"), "-o", str(folder), "--watch"]
    assert runner.invoke(app, [*base, "--start", "2027-01-04"]).exit_code == 0
    quiet = subprocess.DEVNULL

    def launch(start: str) -> subprocess.Popen[bytes]:
        command = [str(CONSOLE_SCRIPT), *base, "--start", start]
        return subprocess.Popen(command, stdout=quiet, stderr=quiet)

    # The workouts are written last, in a few hundredths of a second: the kills fall
    # over the last part of an uncut run's CPU time (timed), so many land while they
    # are written however busy the machine is.
    lasts = cpu_of_a_whole_run(launch("2027-01-11"))  # its CPU time: the same under load
    chance = random.Random(27)  # a fixed seed: the same fractions on every run
    for kill in range(KILLS):
        # Each run moves every session, so every workout is renamed and rewritten.
        kill_after_cpu(
            launch(("2027-01-04", "2027-01-11")[kill % 2]), chance.uniform(0.75, 1.05) * lasts
        )
        workouts = folder / "workouts"
        on_disk = {p.name for p in workouts.glob("*.fit")}
        assert on_disk <= set(read_manifest(workouts)[0]), f"kill {kill}: an unlisted workout"
        # The next command that reads the folder brings them up to date with plan.yaml.
        assert runner.invoke(app, ["show", "-d", str(folder)]).exit_code == 0
        plan = parse_plan_file((folder / "plan.yaml").read_text(encoding="utf-8"))
        wanted = {name: r.data for name, r in render_all(plan, TOLERANCE).items()}
        assert {p.name: p.read_bytes() for p in workouts.glob("*.fit")} == wanted, kill
        assert [p.name for p in workouts.iterdir() if p.name.startswith(".")] == [MANIFEST]
