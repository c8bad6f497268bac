"""The check-in log: append-only, safe under concurrent writers, robust to a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach import limits
from posecoach.cli import app
from posecoach.errors import PosecoachError, UsageError
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.model import CheckIn

WRITER = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from posecoach.folder import checkin_log
from posecoach.model import CheckIn
folder, name = Path(sys.argv[1]), sys.argv[2]
for n in range(200):
    checkin_log.append(folder / "checkins.jsonl", CheckIn(
        date=date(2027, 1, 5), recorded=datetime(2027, 1, 5, 8, 0, tzinfo=UTC),
        cadence=160 + n % 20, note=f"{name}-{n}" + "x" * 300,
    ))
"""


def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name]) for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    lines = log_path.read_text().splitlines()
    assert len(lines) == 400
    notes = sorted(json.loads(line)["note"][:5].rstrip("x") for line in lines)
    assert notes == sorted(f"{name}-{n}" for name in "ab" for n in range(200))
    log = checkin_log.read(log_path)
    assert len(log.checkins) == 400
    assert log.warnings == []


def test_a_partial_last_line_damages_nothing_before_it(tmp_path: Path) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    first = CheckIn(date=date(2027, 1, 5), recorded=datetime(2027, 1, 5, tzinfo=UTC), cadence=170)
    checkin_log.append(log_path, first)
    with open(log_path, "a") as log:
        log.write('{"date": "2027-01-0')  # a crash mid-write
    second = first.model_copy(update={"cadence": 172.0})
    checkin_log.append(log_path, second)  # starts on a line of its own
    read = checkin_log.read(log_path)
    assert [c.cadence for c in read.checkins] == [170, 172]
    assert read.warnings == [f"{log_path}:2: not a readable check-in; skipped"]


def test_no_log_is_no_check_ins(tmp_path: Path) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    assert checkin_log.read(log_path).checkins == []
    (tmp_path / "a-file").write_text("x")  # a "folder" that is a file holds no log either
    assert checkin_log.read(tmp_path / "a-file" / PlanFolder.CHECKINS).checkins == []


def test_a_log_larger_than_any_plans_is_refused_never_taken_for_none(tmp_path: Path) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    checkin = CheckIn(date=date(2027, 1, 5), recorded=datetime(2027, 1, 5, tzinfo=UTC), rpe=3)
    checkin_log.append(log_path, checkin)
    line = log_path.read_bytes()
    log_path.write_bytes(line * (limits.CHECKIN_LOG_BYTES // len(line) + 1))
    size = log_path.stat().st_size
    for attempt in (
        lambda: checkin_log.read(log_path),
        lambda: checkin_log.append(log_path, checkin),
    ):
        with pytest.raises(UsageError) as refused:
            attempt()
        assert refused.value.exit_code == 2
        assert refused.value.message.startswith(f"{log_path}: the check-in log is 4.1 MB,")
        assert "more than the 4 MB posecoach reads" in refused.value.message
        assert "new folder" in (refused.value.hint or "")
    assert log_path.stat().st_size == size  # nothing was appended


def test_a_log_at_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    checkin = CheckIn(date=date(2027, 1, 5), recorded=datetime(2027, 1, 5, tzinfo=UTC), rpe=3)
    for _ in range(3):
        checkin_log.append(log_path, checkin)
    monkeypatch.setattr(limits, "CHECKIN_LOG_BYTES", log_path.stat().st_size)
    assert len(checkin_log.read(log_path).checkins) == 3
    monkeypatch.setattr(limits, "CHECKIN_LOG_BYTES", log_path.stat().st_size - 1)
    with pytest.raises(UsageError, match="the check-in log is"):
        checkin_log.read(log_path)


def test_a_log_that_cannot_be_read_is_said_not_taken_for_none(tmp_path: Path) -> None:
    log_path = tmp_path / PlanFolder.CHECKINS
    log_path.mkdir()
    with pytest.raises(PosecoachError, match="cannot read the check-in log"):
        checkin_log.read(log_path)


def test_a_command_refuses_an_oversized_log_naming_it(
    regular_plan: Path, runner: CliRunner
) -> None:
    log_path = regular_plan / PlanFolder.CHECKINS
    log_path.write_bytes(b"\n" * (limits.CHECKIN_LOG_BYTES + 1))
    args = ["checkin", "-d", str(regular_plan), "--date", "2027-01-06", "--rpe", "3"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"{log_path}: the check-in log is 4.1 MB, more than the 4 MB" in result.stderr
    assert "Traceback" not in result.stderr
    assert log_path.stat().st_size == limits.CHECKIN_LOG_BYTES + 1
