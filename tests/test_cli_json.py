"""Output for scripts: --json with stable keys and ISO dates, and plain tables when piped
(no box drawing, no colour, wrapped at COLUMNS, ids never cut)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from posecoach.cli import app

DATA = Path(__file__).parent / "data"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOX_DRAWING = re.compile("[\u2500-\u257f]")
NOTE = "Felt springy on the flat, heavy on the hill; the calves were tight after the last rep"


@pytest.fixture(scope="module")
def checked_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The regular runner's plan (from Mon 4 Jan 2027) with three check-ins, one of them
    taken back; the commands read it on Thu 14 Jan 2027. Read only, so made once."""
    runner = CliRunner()
    folder = tmp_path_factory.mktemp("json") / "plan"
    profile = str(DATA / "regular-runner.yaml")
    result = runner.invoke(app, ["plan", "-p", profile, "--start", "2027-01-04", "-o", str(folder)])
    assert result.exit_code == 0, result.stderr
    for args in (
        ["--date", "2027-01-04", "--cadence", "164", "--rpe", "4", "--note", NOTE],
        ["--date", "2027-01-06", "--rpe", "3"],
        ["--date", "2027-01-09", "--cadence", "168", "--rpe", "5", "--note", NOTE],
        ["--undo", "2"],
    ):
        result = runner.invoke(app, ["checkin", "--dir", str(folder), *args])
        assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("posecoach.cli.now", lambda: datetime(2027, 1, 14, 9, tzinfo=UTC))


def as_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_show_json(checked_in: Path, runner: CliRunner) -> None:
    data = as_json(runner, "show", "--dir", str(checked_in))
    assert list(data) == [
        "plan_id", "runner", "curriculum", "curriculum_name", "start", "end", "timezone",
        "today", "current_week", "weeks",
    ]  # fmt: skip
    assert data["current_week"] == 2
    weeks = data["weeks"]
    assert isinstance(weeks, list)
    assert len(weeks) == 12
    assert all(ISO_DATE.match(w["start"]) and ISO_DATE.match(w["end"]) for w in weeks)
    assert "sessions" not in weeks[0]
    one = as_json(runner, "show", "--dir", str(checked_in), "--week", "3")
    [week] = one["weeks"]
    assert week["number"] == 3
    assert all(ISO_DATE.match(s["date"]) and re.match(r"^\d\d:\d\d$", s["time"])
               for s in week["sessions"])  # fmt: skip


def test_progress_and_checkins_json(checked_in: Path, runner: CliRunner) -> None:
    progress = as_json(runner, "progress", "--dir", str(checked_in))
    assert list(progress) == ["runner", "checkins", "cadence_first", "cadence_last", "missed"]
    rows = progress["checkins"]
    assert isinstance(rows, list)
    assert [r["date"] for r in rows] == ["2027-01-04", "2027-01-09"]  # the taken-back one is out
    assert rows[0]["target"]["spm"] == 162
    assert (progress["cadence_first"], progress["cadence_last"]) == (164, 168)
    log = as_json(runner, "checkins", "--dir", str(checked_in))
    entries = log["checkins"]
    assert isinstance(entries, list)
    assert [(e["id"], e["taken_back"], e["taken_back_by"]) for e in entries] == [
        (1, False, None), (2, True, 4), (3, False, None),
    ]  # fmt: skip
    assert entries[0]["checkin"]["note"] == NOTE
    assert datetime.fromisoformat(entries[0]["recorded"]).tzinfo is not None


def test_drills_json(runner: CliRunner) -> None:
    data = as_json(runner, "drills")
    assert list(data) == ["curriculum", "name", "drills"]
    drills = data["drills"]
    assert isinstance(drills, list)
    wall = next(d for d in drills if d["id"] == "wall-fall")
    assert {"name", "cues", "dose", "sources", "used_in"} <= set(wall)
    one = as_json(runner, "drills", "wall-fall")
    assert one == wall


def test_json_is_deterministic(checked_in: Path, runner: CliRunner) -> None:
    for args in (["show"], ["today"], ["progress"], ["checkins"]):
        first = runner.invoke(app, [*args, "--dir", str(checked_in), "--json"]).stdout
        assert runner.invoke(app, [*args, "--dir", str(checked_in), "--json"]).stdout == first


def test_every_json_flag_documents_its_keys(runner: CliRunner) -> None:
    for command in ("show", "today", "progress", "drills", "checkins"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        text = " ".join(result.stdout.split())
        assert "--json Print JSON for scripts (dates ISO, times HH:MM, stable keys):" in text


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "--week", "2"],
        ["today"],
        ["today", "--date", "2027-01-12"],
        ["progress"],
        ["checkins"],
        ["explain"],
        ["drills"],
        ["drills", "single-leg-pull-hops"],
        ["curricula"],
    ],
)
def test_piped_tables_are_plain_and_fit_60_columns(
    checked_in: Path, runner: CliRunner, args: list[str]
) -> None:
    folder = [] if args[0] in ("drills", "curricula") else ["--dir", str(checked_in)]
    result = runner.invoke(app, [*args, *folder], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.strip()
    long = [line for line in out.splitlines() if len(line) > 60]
    assert long == []
    assert not BOX_DRAWING.search(out)
    assert "\x1b[" not in out  # no colour
    assert "…" not in out  # nothing cut short
    assert not [line for line in out.splitlines() if line != line.rstrip()]  # no padding


def test_ids_are_never_cut_or_wrapped(checked_in: Path, runner: CliRunner) -> None:
    from posecoach.loaders import load_curriculum

    result = runner.invoke(app, ["drills"], env={"COLUMNS": "60"})
    words = set(result.stdout.split())
    missing = [d.id for d in load_curriculum("pose-transition").drills if d.id not in words]
    assert missing == []
    result = runner.invoke(app, ["checkins", "--dir", str(checked_in)], env={"COLUMNS": "60"})
    keys = re.findall(r"sam-example-w\d\d-s\d", result.stdout)
    assert len(keys) == 3
    result = runner.invoke(
        app, ["show", "--dir", str(checked_in), "-w", "3"], env={"COLUMNS": "40"}
    )
    assert len(re.findall(r"^sam-example-w03-s\d$", result.stdout, re.MULTILINE)) == 3
