"""Coach mode: a squad folder's athletes planned in one run (posecoach squad init and plan)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SQUAD = """\
name: Track group
curricula: [pose-transition, pose-foundations]
defaults:
  start: 2027-01-04
  timezone: Europe/Berlin
  days: {Tue: "18:30", Thu: "18:30", Sat: "09:00"}
  sessions_per_week: 3
  max_session_minutes: 45
  background: returning
  weekly_volume: 15
  longest_run_30d: 6
"""
BAD = "name: Zed\nbackground: regular\nsessions_per_week: eight\n"


def athlete_text(index: int) -> str:
    """A profile that differs from its neighbours: days, load, background, curriculum."""
    lines = [f"name: Athlete {index}"]
    if index % 3:
        days = [WEEKDAYS[(index + step * 2) % 7] for step in range(3 + index % 2)]
        lines.append("days:")
        lines += [f'  {day}: "{6 + index % 12:02d}:{index % 2 * 30:02d}"' for day in days]
        lines.append(f"sessions_per_week: {len(days) - index % 2}")
    if index % 4 == 1:
        lines += ["background: new", "weekly_volume: 0", "longest_run_30d: 0"]
    elif index % 4 == 2:
        lines += ["background: regular", f"weekly_volume: {20 + index}", "longest_run_30d: 12"]
    if index % 5 == 0:
        lines.append(f"baseline_cadence: {150 + index}")
    if index % 7 == 3:
        lines.append("curriculum: pose-foundations")
    if index % 6 == 4:
        lines += ["injuries:", "  - region: calf", "    current: true"]
    return "\n".join(lines) + "\n"


def make_squad(root: Path, count: int, bad: bool = False) -> Path:
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD, encoding="utf-8")
    for index in range(count - bad):
        (root / "athletes" / f"a{index:02d}.yaml").write_text(athlete_text(index))
    if bad:
        (root / "athletes" / "zed-bad.yaml").write_text(BAD)
    return root


def squad(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["squad", *args])
    return result.exit_code, result.stdout, result.stderr


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_squad_of_30_builds_and_names_the_bad_profile(runner: CliRunner, tmp_path: Path) -> None:
    root = make_squad(tmp_path / "club", 30, bad=True)
    code, out, err = squad(runner, "plan", str(root))
    assert code == 2, err
    assert "29 built, 0 unchanged, 1 failed" in out
    assert f"{root / 'athletes' / 'zed-bad.yaml'}:3: sessions_per_week:" in err
    assert "failed: zed-bad" in err
    built = sorted(p.name for p in (root / "plans").iterdir() if (p / "plan.yaml").is_file())
    assert built == [f"a{i:02d}" for i in range(29)]
    assert not (root / "plans" / "zed-bad" / "plan.yaml").exists()
    foundations = (root / "plans" / "a03" / "plan.yaml").read_text()
    assert "curriculum: pose-foundations" in foundations
    # Nothing changed: nothing is written again, and the summary says so.
    before = stamps(root / "plans")
    code, out, _ = squad(runner, "plan", str(root))
    assert code == 2
    assert "0 built, 29 unchanged, 1 failed" in out
    assert stamps(root / "plans") == before


def test_an_athletes_plan_folder_is_a_runners_own(runner: CliRunner, tmp_path: Path) -> None:
    root = make_squad(tmp_path / "club", 2)
    code, _, err = squad(runner, "plan", str(root), "--only", "a01")
    assert code == 0, err
    folder = root / "plans" / "a01"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = runner.invoke(app, ["plan", "--dir", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert not (root / "plans" / "a00").exists()  # --only


def test_a_bad_default_is_named_in_squad_yaml(runner: CliRunner, tmp_path: Path) -> None:
    root = make_squad(tmp_path / "club", 2)
    text = SQUAD.replace("max_session_minutes: 45", "max_session_minutes: 500")
    (root / "squad.yaml").write_text(text)
    code, _, err = squad(runner, "plan", str(root))
    assert code == 2
    assert f"{root / 'squad.yaml'}:8: defaults.max_session_minutes:" in err
    # The athlete's own value wins over the default, and then nothing is wrong.
    (root / "athletes" / "a00.yaml").write_text("name: Ann\nmax_session_minutes: 60\n")
    code, out, err = squad(runner, "plan", str(root), "--only", "a00")
    assert code == 0, err
    assert "1 built" in out
    assert "max_session_minutes: 60" in (root / "plans" / "a00" / "profile.yaml").read_text()


def test_problems_with_squad_yaml_stop_the_run(runner: CliRunner, tmp_path: Path) -> None:
    root = make_squad(tmp_path / "club", 2)
    text = SQUAD.replace("pose-foundations]", "pose-foundatoins]") + "colour: red\n"
    (root / "squad.yaml").write_text(text)
    code, _, err = squad(runner, "plan", str(root))
    assert code == 2
    assert "squad.yaml:2: curricula.1: no built-in curriculum is called 'pose-foundatoins'" in err
    assert "did you mean 'pose-foundations'?" in err
    assert "squad.yaml:12: colour: unknown key" in err
    assert "Traceback" not in err
    assert not (root / "plans").exists()


def test_only_names_a_known_athlete(runner: CliRunner, tmp_path: Path) -> None:
    root = make_squad(tmp_path / "club", 2)
    code, _, err = squad(runner, "plan", str(root), "--only", "a2")
    assert code == 2
    assert "--only: no athlete 'a2'" in err


def test_init_writes_a_squad_that_plans(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "new"
    code, out, err = squad(runner, "init", str(root))
    assert code == 0, err
    assert sorted(p.name for p in (root / "athletes").iterdir()) == ["ana.yaml", "ben.yaml"]
    code, out, err = squad(runner, "plan", str(root))
    assert code == 0, err
    assert "2 built" in out
    code, _, err = squad(runner, "init", str(root))
    assert code == 2
    assert "already exists" in err


@pytest.mark.parametrize("where", ["", "missing"])
def test_no_squad_here_is_said(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = squad(runner, "plan", *([where] if where else []))
    assert code == 2
    assert "holds no squad.yaml" in err
