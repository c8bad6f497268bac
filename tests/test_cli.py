"""The command line as a user runs it, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from posecoach import __version__
from posecoach.cli import app
from posecoach.folder.plan_file import parse_plan_file

DATA = Path(__file__).parent / "data"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_plan_with_no_arguments_uses_the_defaults(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(runner, "plan")
    assert code == 0, err
    folder = tmp_path / "posecoach-plan"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "plan.html",
        "plan.ics",
        "plan.md",
        "plan.yaml",
        "profile.yaml",
    ]
    # Bookkeeping stays out of sight: the record of what the outputs were built from,
    # the copies of the inputs it keeps, and the lock that keeps two writers apart.
    # No temporary file is left behind.
    hidden = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
    assert hidden == [".posecoach-inputs", ".posecoach-lock", ".posecoach-record"]
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    assert len(plan.weeks) == 12
    assert plan.start.weekday() == 0  # next Monday
    assert "12 weeks, 36 sessions" in out
    assert "Wrote:" in out


def test_plan_twice_gives_byte_identical_files(runner: CliRunner, tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        code, _, err = run(runner, "plan", "--start", "2027-01-04", "--out", str(tmp_path / name))
        assert code == 0, err
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1]


def test_plan_again_in_the_same_folder_keeps_its_start(runner: CliRunner, tmp_path: Path) -> None:
    folder = str(tmp_path / "plan")
    assert run(runner, "plan", "--start", "2027-01-04", "--out", folder)[0] == 0
    first = (tmp_path / "plan" / "plan.yaml").read_bytes()
    assert run(runner, "plan", "--out", folder)[0] == 0
    assert (tmp_path / "plan" / "plan.yaml").read_bytes() == first


@pytest.mark.parametrize("weeks", [8, 16])
def test_plan_length_with_three_available_days(
    runner: CliRunner, tmp_path: Path, weeks: int
) -> None:
    out = tmp_path / "plan"
    code, _, err = run(
        runner,
        "plan",
        "--profile",
        str(DATA / "three-days.yaml"),
        "--weeks",
        str(weeks),
        "--start",
        "2027-01-04",
        "--out",
        str(out),
    )
    assert code == 0, err
    plan = parse_plan_file((out / "plan.yaml").read_text())
    assert len(plan.weeks) == weeks
    assert {s.weekday for s in plan.sessions} == {"Mon", "Wed", "Sat"}
    assert all(len(week.sessions) == 3 for week in plan.weeks)
    phases = [w.phase for w in plan.weeks]
    assert phases[0] == "foot-and-pose"
    assert len(set(phases)) == 6  # every phase kept, in order
    assert phases == sorted(phases, key=phases.index)


def test_a_bad_profile_reports_everything_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    code, stdout, stderr = run(
        runner, "plan", "--profile", str(DATA / "five-mistakes.yaml"), "--out", str(out)
    )
    assert code == 2
    assert "Traceback" not in stdout + stderr
    lines = [line for line in stderr.splitlines() if "five-mistakes.yaml:" in line]
    assert [line.split(":")[1] for line in lines] == ["2", "5", "6", "9", "12"]
    assert "5 problems; nothing was written." in stderr
    assert not out.exists()


def test_bad_dates_and_lengths_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "p")
    code, _, err = run(runner, "plan", "--start", "2027-13-01", "--out", out)
    assert code == 2
    assert "--start: '2027-13-01' is not a date" in err
    code, _, err = run(runner, "plan", "--weeks", "30", "--start", "2027-01-04", "--out", out)
    assert code == 2
    assert "runs 8 to 16 weeks, not 30" in err
    assert not (tmp_path / "p").exists()


def test_plan_into_a_file_path_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    code, _, err = run(runner, "plan", "--start", "2027-01-04", "--out", str(target))
    assert code == 2
    assert "is not a folder" in err


def test_custom_curriculum_is_kept_in_the_plan_folder(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "squad"
    args = ["plan", "-c", str(DATA / "mini-curriculum.yaml"), "--start", "2027-01-04"]
    code, _, err = run(runner, *args, "--out", str(out))
    assert code == 0, err
    assert (out / "curriculum.yaml").read_bytes() == (DATA / "mini-curriculum.yaml").read_bytes()
    # Regenerating from the folder alone uses the folder's curriculum.
    code, _, err = run(runner, "plan", "--out", str(out))
    assert code == 0, err
    assert parse_plan_file((out / "plan.yaml").read_text()).curriculum == "mini"


def test_show_overview_and_week(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "plan")
    assert run(runner, "plan", "--start", "2027-01-04", "--out", out)[0] == 0
    code, stdout, _ = run(runner, "show", "--dir", out)
    assert code == 0
    assert "Week" in stdout
    assert "deload" in stdout
    code, stdout, _ = run(runner, "show", "--dir", out, "--week", "2")
    assert code == 0
    assert "runner-w02-s1" in stdout
    code, _, err = run(runner, "show", "--dir", out, "--week", "13")
    assert code == 2
    assert "weeks 1 to 12" in err


def test_show_without_a_plan(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "show", "--dir", str(tmp_path))
    assert code == 2
    assert "run `posecoach plan` first" in err


def test_drills_lists_and_shows(runner: CliRunner) -> None:
    code, stdout, _ = run(runner, "drills")
    assert code == 0
    assert "wall-fall" in stdout
    code, stdout, _ = run(runner, "drills", "wall-fall")
    assert code == 0
    assert "Purpose" in stdout
    assert "Sources" in stdout
    code, _, err = run(runner, "drills", "wal-fall")
    assert code == 2
    assert "did you mean 'wall-fall'?" in err


def test_curricula_lists_the_built_ins(runner: CliRunner) -> None:
    code, stdout, _ = run(runner, "curricula")
    assert code == 0
    assert "pose-transition" in stdout
    assert "pose-foundations" in stdout


def test_validate_reports_per_file(runner: CliRunner) -> None:
    code, stdout, _ = run(
        runner, "validate", str(DATA / "three-days.yaml"), str(DATA / "mini-curriculum.yaml")
    )
    assert code == 0
    assert "(profile)" in stdout
    assert "(curriculum)" in stdout
    code, _, err = run(runner, "validate", str(DATA / "five-mistakes.yaml"))
    assert code == 2
    assert "did you mean 'Wednesday'?" in err


@pytest.mark.parametrize("kind", ["curriculum", "profile", "rules"])
def test_schema_is_json_schema(runner: CliRunner, kind: str) -> None:
    code, stdout, _ = run(runner, "schema", kind)
    assert code == 0
    schema = json.loads(stdout)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_init_writes_a_valid_commented_profile(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    code, _, err = run(
        runner,
        "init",
        "--out",
        str(target),
        "--name",
        'Ana "Quick" Díaz',
        "--days",
        "mon 06:30, Thursday 19:00, Sat 08:00",
        "--baseline-cadence",
        "166",
    )
    assert code == 0, err
    text = target.read_text()
    assert text.startswith("# posecoach runner profile")
    data = yaml.safe_load(text)
    assert data["name"] == 'Ana "Quick" Díaz'
    assert data["days"] == {"Mon": "06:30", "Thu": "19:00", "Sat": "08:00"}
    assert data["baseline_cadence"] == 166
    assert run(runner, "validate", str(target))[0] == 0
    code, _, err = run(runner, "init", "--out", str(target))
    assert code == 2
    assert "--force" in err


def test_init_asks_questions_when_interactive(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "asked.yaml"
    answers = [
        "Kim",  # name
        "2027-02-01",  # start
        "Europe/Berlin",  # timezone
        "Mon 06:45, Fri 18:00, Sun 09:30",  # days
        "",  # sessions: default
        "35",  # max minutes
        "new",  # background
        "mi",  # units
        "0",  # weekly volume
        "0",  # longest run
        "",  # baseline cadence: unknown
    ]
    result = runner.invoke(
        app, ["init", "--interactive", "--out", str(target)], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(target.read_text())
    assert data["name"] == "Kim"
    assert str(data["start"]) == "2027-02-01"
    assert data["days"] == {"Mon": "06:45", "Fri": "18:00", "Sun": "09:30"}
    assert data["sessions_per_week"] == 3
    assert data["units"] == "mi"
    assert "baseline_cadence" not in data


def test_init_reports_bad_answers_without_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    code, _, err = run(runner, "init", "--out", str(target), "--background", "regullar")
    assert code == 2
    assert "--background: 'regullar' is not a running background" in err
    assert "did you mean 'regular'?" in err
    assert not target.exists()
    code, _, err = run(runner, "init", "--out", str(target), "--max-minutes", "5")
    assert code == 2
    assert "your answers: max_session_minutes:" in err
    assert not target.exists()


def test_init_rejects_bad_days(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "init", "--out", str(tmp_path / "p.yaml"), "--days", "Funday 7:00")
    assert code == 2
    assert "is not a weekday with a time" in err
    assert not (tmp_path / "p.yaml").exists()


def test_version(runner: CliRunner) -> None:
    code, stdout, _ = run(runner, "--version")
    assert code == 0
    assert stdout.strip() == f"posecoach {__version__}"


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    import typer.main

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    commands: list[tuple[str, Any]] = []
    for name, command in typer.main.get_group(app).commands.items():
        if hasattr(command, "commands"):  # a group: feed token, sync caldav
            commands += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            commands.append((name, command))
    names = {name for name, _ in commands}
    assert names >= {
        "plan", "init", "show", "sheet", "checkin", "explain", "progress", "metronome",
        "feed token", "serve", "publish", "sync caldav", "drills", "curricula", "validate",
        "schema",
    }  # fmt: skip
    for name, command in commands:
        assert command.help, name
        assert command.epilog, name
        assert "posecoach" in command.epilog, name
        code, stdout, _ = run(runner, *name.split(), "--help")
        assert code == 0
        assert "Example" in stdout, name
        assert f"posecoach {name}" in readme, f"README does not document {name}"
