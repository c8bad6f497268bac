"""The check-in log: append-only, safe under concurrent writers, robust to a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from posecoach import checkin_log
from posecoach.model import CheckIn
from posecoach.plan_folder import PlanFolder

WRITER = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from posecoach import checkin_log
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
