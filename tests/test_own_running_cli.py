"""The runner's own running as the commands say it: a new runner is pointed to the
foundations by `init` and `plan`; a regular runner is told once what to do with
their running, and their runs are not held below it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from posecoach.cli import app

REGULAR = """\
name: Reg Ular
start: 2027-01-04
timezone: Europe/London
days: {Tue: "07:00", Thu: "07:00", Sat: "08:00"}
sessions_per_week: 3
max_session_minutes: 60
background: regular
weekly_volume: 40
longest_run_30d: 16
"""
NEW = (
    REGULAR.replace("weekly_volume: 40", "weekly_volume: 0")
    .replace("longest_run_30d: 16", "longest_run_30d: 0")
    .replace("background: regular", "background: new")
)


def plan(tmp_path: Path, runner: CliRunner, profile: str, *args: str) -> tuple[str, Path]:
    (tmp_path / "profile.yaml").write_text(profile)
    folder = tmp_path / "plan"
    command = ["plan", "--profile", str(tmp_path / "profile.yaml"), "-d", str(folder), *args]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.stderr
    return result.stdout, folder


def test_init_points_a_new_runner_to_the_foundations(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "profile.yaml"
    answers = ["--weekly-volume", "0", "--longest-run", "0", "--background", "new"]
    result = runner.invoke(app, ["init", "-o", str(out), "--timezone", "UTC", *answers])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert f"Next: posecoach plan --profile {out} --curriculum pose-foundations" in said
    assert "keep_running" in out.read_text()


def test_init_sends_a_runner_straight_to_the_plan(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "profile.yaml"
    result = runner.invoke(app, ["init", "-o", str(out), "--timezone", "UTC"])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert f"Next: posecoach plan --profile {out}" in said
    assert "pose-foundations" not in said.split("Before you start")[0]


def test_plan_tells_a_new_runner_to_start_with_the_foundations(
    tmp_path: Path, runner: CliRunner
) -> None:
    said, folder = plan(tmp_path, runner, NEW)
    assert "Important: You have no running to build on yet" in said
    assert "posecoach plan --curriculum pose-foundations" in said
    assert "start with the pose-foundations curriculum" in (folder / "plan.md").read_text()
    said, _ = plan(tmp_path, runner, NEW, "--curriculum", "pose-foundations")
    assert "no running to build on" not in said.split("Wrote")[1]


def test_a_regular_runner_is_told_once_and_not_held(tmp_path: Path, runner: CliRunner) -> None:
    _, folder = plan(tmp_path, runner, REGULAR)
    markdown = (folder / "plan.md").read_text()
    before, weeks = markdown.split("## Overview")
    assert before.count("**Your own running.** Keep your own easy running (about 40 km") == 1
    assert "Keep your own easy running" not in weeks
    assert "Part of your own easy run" in weeks  # on each new-form run, briefly
    explained = runner.invoke(app, ["explain", "-d", str(folder)])
    assert explained.exit_code == 0
    assert "Keep your own easy running" in explained.stdout
    assert "longest_run" not in explained.stdout  # no run held by the 110% rule
    assert "held" not in explained.stdout
