"""Session keys follow day order, through the commands a runner types, and check-ins
logged under other keys stay with their session (tests/test_session_keys.py holds
the property over random check-ins and rebuilds)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from posecoach.cli import app


def _week(runner: CliRunner, folder: Path, number: int) -> list[dict[str, object]]:
    result = runner.invoke(app, ["show", "--dir", str(folder), "--week", str(number), "--json"])
    assert result.exit_code == 0, result.stderr
    sessions: list[dict[str, object]] = json.loads(result.stdout)["weeks"][0]["sessions"]
    return sessions


def test_every_weeks_keys_follow_its_days(regular_plan: Path, runner: CliRunner) -> None:
    # The regular runner's week 2 put its run on Wednesday and its strength on
    # Saturday: the keys said s3 on Wednesday and s2 on Saturday.
    for number in range(1, 13):
        sessions = _week(runner, regular_plan, number)
        dates = [str(s["date"]) for s in sessions]
        assert dates == sorted(dates)
        assert [s["key"] for s in sessions] == [
            f"sam-example-w{number:02d}-s{place}" for place in range(1, len(sessions) + 1)
        ]


def test_a_log_written_under_the_old_keys_keeps_each_checkin_with_its_session(
    regular_plan: Path, runner: CliRunner
) -> None:
    # Before keys followed day order, week 2's Saturday session was `w02-s2`: a log
    # written then says so, with the check-in's own day and no session_day.
    old = {"date": "2027-01-16", "recorded": "2027-01-16T10:00:00Z",
           "session": "sam-example-w02-s2", "cadence": 166, "rpe": 4}  # fmt: skip
    (regular_plan / "checkins.jsonl").write_text(json.dumps(old) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "2027-01-16",
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    glance = {g["date"]: g["status"] for g in json.loads(result.stdout)["week_at_a_glance"]}
    assert glance == {"2027-01-11": None, "2027-01-13": None, "2027-01-16": "done"}
    # Wednesday's session (w02-s2 now) has no check-in yet: it takes one.
    wednesday = runner.invoke(
        app, ["checkin", "--dir", str(regular_plan), "--date", "2027-01-13", "--rpe", "3"]
    )
    assert wednesday.exit_code == 0, wednesday.stderr
    log = [json.loads(line) for line in (regular_plan / "checkins.jsonl").read_text().splitlines()]
    assert (log[-1]["session"], log[-1]["session_day"]) == ("sam-example-w02-s2", "2027-01-13")


def test_new_days_renumber_the_keys_and_the_checkins_follow_their_day(
    regular_plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    checkin = ["checkin", "--dir", str(regular_plan), "--date", "2027-01-16", "--cadence", "166"]
    assert runner.invoke(app, checkin).exit_code == 0
    assert _week(runner, regular_plan, 2)[2]["key"] == "sam-example-w02-s3"
    # Saturday stays, Monday and Wednesday become Tuesday only: Saturday is s2 now.
    profile = regular_plan / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace('  Mon: "07:00"\n  Wed: "18:30"\n', '  Tue: "07:00"\n')
    profile.write_text(text.replace("sessions_per_week: 3", "sessions_per_week: 2"))
    assert runner.invoke(app, ["plan", "--dir", str(regular_plan)]).exit_code == 0
    result = runner.invoke(app, ["today", "--dir", str(regular_plan), "--date", "2027-01-16",
                                 "--json"])  # fmt: skip
    glance = {
        g["date"]: (g["key"], g["status"]) for g in json.loads(result.stdout)["week_at_a_glance"]
    }
    assert glance == {"2027-01-12": ("sam-example-w02-s1", None),
                      "2027-01-16": ("sam-example-w02-s2", "done")}  # fmt: skip
