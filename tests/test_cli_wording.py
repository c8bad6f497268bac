"""What a runner reads after a command is worded for a person (issue 26): a session
by its day ("Wednesday's session, 20 January"), never by its key or an ISO date;
the change list from this week on, weeks already over marked as such; counts
with their proper singular or plural; and `today` after today's check-in says it
is logged and what comes next.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from posecoach.cli import app

SOURCE = Path(__file__).parent.parent / "posecoach"
KEY = re.compile(r"sam-example-w\d\d-s\d")
ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def invoke(runner: CliRunner, *args: str, now: str = "2027-01-20T20:00:00+00:00") -> str:
    result = runner.invoke(app, list(args), env={"POSECOACH_NOW": now})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_checkin_and_its_undo_name_the_session_by_its_day(
    regular_plan: Path, runner: CliRunner
) -> None:
    out = invoke(runner, "checkin", "-d", str(regular_plan), "--date", "2027-01-20",
                 "--pain", "6", "--where", "achilles", "--rpe", "5")  # fmt: skip
    first = out.splitlines()[0]
    assert first == (
        "Checked in Wednesday's session, 20 January (Easy new-form run/walk):"
        " pain 6 at the Achilles, effort 5/10."
    )
    assert not KEY.search(out), out
    assert not ISO.search(out), out
    taken = invoke(runner, "checkin", "-d", str(regular_plan), "--undo")
    assert taken.splitlines()[0] == (
        "Took back check-in 1, for Wednesday's session, 20 January: pain 6 at the Achilles,"
        " effort 5/10."
    )
    assert not KEY.search(taken), taken
    assert not ISO.search(taken), taken


def test_explain_names_a_session_by_its_day(regular_plan: Path, runner: CliRunner) -> None:
    invoke(runner, "checkin", "-d", str(regular_plan), "--date", "2027-01-18", "--pain", "6",
           "--where", "calf", "--settled-next-morning", "no")  # fmt: skip
    out = invoke(runner, "explain", "-d", str(regular_plan), "--week", "3")
    assert re.search(r"Session\s+Wednesday's session, 20 January \(", out), out
    assert not KEY.search(out), out


def test_the_change_list_runs_from_this_week_and_marks_weeks_already_over(
    regular_plan: Path, runner: CliRunner
) -> None:
    # On Wednesday of week 3 the runner logs the pain of a session in week 1.
    out = invoke(runner, "checkin", "-d", str(regular_plan), "--date", "2027-01-09",
                 "--pain", "6", "--where", "calf", "--settled-next-morning", "no")  # fmt: skip
    listed = [line for line in out.splitlines() if line.startswith("  ")]
    assert listed, out
    for line in listed:
        weeks = re.match(r"  weeks? ([\d, –]+):", line)
        assert weeks is not None, line
        first = int(re.split(r"[–, ]", weeks[1])[0])
        assert first >= 3, line  # nothing before this week in the list
    assert "Week 2, already over, changed in the plan's record only" in out
    assert "weeks 2:" not in out  # one week is a week


def test_counts_say_one_thing_or_many(tmp_path: Path, runner: CliRunner) -> None:
    out = invoke(runner, "plan", "--start", "2027-01-04", "-o", str(tmp_path / "p"))
    assert "1 adjustment to the curriculum" in out
    profile = tmp_path / "one-day.yaml"
    profile.write_text(
        "name: Ana\ndays: {Mon: '07:00'}\nsessions_per_week: 2\nbackground: new\n"
        "weekly_volume: 0\nlongest_run_30d: 0\nmax_session_minutes: 40\ntimezone: UTC\n"
    )
    result = runner.invoke(app, ["validate", str(profile)])
    assert "only 1 day to put them on" in result.output
    # No "(s)" left in what the code says: a count takes its noun's own form.
    said = [
        f"{path.name}: {found}"
        for path in SOURCE.rglob("*.py")
        for found in re.findall(r"\{[^{}]+\} \w+\(s\)", path.read_text(encoding="utf-8"))
    ]
    assert said == []


def test_today_after_its_checkin_says_it_is_logged_and_what_is_next(
    regular_plan: Path, runner: CliRunner
) -> None:
    wednesday = "2027-01-20T20:00:00+00:00"
    before = invoke(runner, "today", "-d", str(regular_plan), now=wednesday)
    assert "After it: posecoach checkin" in before
    invoke(runner, "checkin", "-d", str(regular_plan), "--cadence", "166", now=wednesday)
    after = invoke(runner, "today", "-d", str(regular_plan), now=wednesday)
    assert "After it: posecoach checkin" not in after
    assert "Today's session is logged: done." in after
    assert "Next: Sat 23 Jan at 09:00 (in 3 days), Calf, foot and hip strength." in after
