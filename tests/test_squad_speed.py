"""`squad plan` at speed, without giving up exactness: a re-run with nothing changed
builds and writes nothing; a change rebuilds only the athletes it concerns; the
process pool writes the same bytes as one process; the shortcuts the build takes
(the stamp's gist of a plan, plan.ics written line by line) say what the long way says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_squad import make_squad, squad, stamps
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.commands.inputs import PlanInputs
from posecoach.commands.plan import PlanRequest, Rendered, render_folder
from posecoach.commands.zone import SystemZone
from posecoach.engine import build_plan
from posecoach.folder import checkin_log
from posecoach.folder.stamp import STAMP, gist, gist_plan
from posecoach.model import CheckIn, Curriculum, Injury, Plan, Rules
from posecoach.render.ical import (
    CalendarOptions,
    event_contents,
    render_ical,
    render_ical_with_icalendar,
    stamp_events,
)
from posecoach.render.memo import RenderMemo
from posecoach.squad.build import Clock, plan_squad
from posecoach.squad.folder import SquadFolder
from posecoach.squad.status import athlete_row, plan_row

UTC_ZONE = SystemZone("UTC", None)
CLOCK = Clock(datetime(2027, 1, 14, 12, tzinfo=UTC))


@pytest.fixture(autouse=True)
def _fixed_revision(monkeypatch: pytest.MonkeyPatch) -> None:
    # plan.ics's stamps from one fixed time, so two squads built a second apart match.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")


def checkin(day: date, **reported: object) -> CheckIn:
    recorded = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=20)
    return CheckIn.model_validate({"date": day, "recorded": recorded, **reported})


def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The athletes whose plans the next run renders (in this process: --jobs 1)."""
    seen: list[str] = []

    def spy(inputs: PlanInputs, request: PlanRequest, memo: RenderMemo | None = None) -> Rendered:
        seen.append(inputs.folder.path.name)
        return render_folder(inputs, request, memo)

    monkeypatch.setattr("posecoach.squad.build.render_folder", spy)
    return seen


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the run wrote, by path, but its own bookkeeping (which holds inodes);
    the squad folder's own path (squad.html names it) written as ROOT."""
    return {
        str(p.relative_to(root)): p.read_bytes().replace(str(root).encode(), b"ROOT")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != STAMP and not p.name.endswith("-lock")
    }


def test_a_rerun_with_nothing_changed_builds_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_squad(tmp_path / "club", 6)
    code, out, err = squad(runner, "plan", str(root), "--jobs", "2")
    assert code == 0, err
    assert "6 built, 0 unchanged" in out
    before = stamps(root)  # every file: plans, their stamps and squad.html
    seen = rendered(monkeypatch)
    code, again, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert "0 built, 6 unchanged, 0 failed (in this process)" in again
    assert seen == []
    assert stamps(root) == before
    # What the run says about each athlete is said again, from the stamp.
    assert [line for line in again.splitlines() if line.startswith("Important for")] == [
        line for line in out.splitlines() if line.startswith("Important for")
    ]


def test_a_change_rebuilds_only_the_athletes_it_concerns(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_squad(tmp_path / "club", 5)
    code, _, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    seen = rendered(monkeypatch)

    athlete = root / "athletes" / "a01.yaml"
    athlete.write_text(athlete.read_text() + "baseline_cadence: 171\n")
    before = stamps(root / "plans")
    code, out, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert seen == ["a01"]
    assert "1 built, 4 unchanged" in out
    changed = {name.split("/")[0] for name, stamp in stamps(root / "plans").items()
               if before.get(name) != stamp}  # fmt: skip
    assert changed == {"a01"}
    assert "171" in (root / "plans" / "a01" / "plan.yaml").read_text()

    # A check-in (appended to the log, as the feed's check-in page does).
    seen.clear()
    log = root / "plans" / "a03" / "checkins.jsonl"
    checkin_log.append(log, checkin(date(2027, 1, 5), cadence=166, rpe=4))
    code, out, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert seen == ["a03"]
    assert "1 built, 4 unchanged" in out

    # An output deleted, or edited by hand, is written again.
    seen.clear()
    (root / "plans" / "a02" / "plan.md").unlink()
    (root / "plans" / "a04" / "plan.html").write_text("edited")
    code, out, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert seen == ["a02", "a04"], out
    assert (root / "plans" / "a02" / "plan.md").is_file()
    assert (root / "plans" / "a04" / "plan.html").read_text() != "edited"

    # squad.yaml is every athlete's input.
    seen.clear()
    (root / "squad.yaml").write_text((root / "squad.yaml").read_text() + "  paper: letter\n")
    code, out, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert sorted(seen) == ["a00", "a01", "a02", "a03", "a04"]


def test_a_damaged_stamp_only_costs_a_rebuild(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_squad(tmp_path / "club", 3)
    assert squad(runner, "plan", str(root))[0] == 0
    (root / "plans" / "a00" / STAMP).write_text('{"format": 1, "key": [')
    (root / "plans" / "a01" / STAMP).write_text('{"format": 1, "key": "x", "files": {}}')
    seen = rendered(monkeypatch)
    code, out, err = squad(runner, "plan", str(root), "--jobs", "1")
    assert code == 0, err
    assert seen == ["a00", "a01"]
    assert "0 built, 3 unchanged" in out  # the same bytes: nothing written


def test_the_pool_and_one_process_write_the_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    parallel = make_squad(tmp_path / "parallel", 12, bad=True)
    serial = make_squad(tmp_path / "serial", 12, bad=True)
    code, out, _ = squad(runner, "plan", str(parallel), "--jobs", "2")
    assert code == 2
    assert "(2 processes)" in out
    code, out, _ = squad(runner, "plan", str(serial), "--jobs", "1")
    assert code == 2
    assert "(in this process)" in out
    assert outputs(parallel) == outputs(serial)


def test_a_skipped_athletes_row_is_for_the_runs_own_today(tmp_path: Path) -> None:
    """The plan does not depend on today once it is built (it keeps its start), but
    the status row does: a skipped athlete's row is computed for the run's day."""
    root = make_squad(tmp_path / "club", 3)
    text = (root / "squad.yaml").read_text()
    (root / "squad.yaml").write_text(text.replace("  start: 2027-01-04\n", ""))
    folder = SquadFolder(root)
    first = plan_squad(folder, [], CLOCK, UTC_ZONE, workers=1)
    assert first.count("built") == 3
    for days in (0, 9, 30):
        later = Clock(CLOCK.now + timedelta(days=days))
        again = plan_squad(folder, [], later, UTC_ZONE, workers=1)
        assert again.count("unchanged") == 3
        assert [o.row for o in again.outcomes] == [
            athlete_row(folder, o.athlete, later, again.squad.rules) for o in again.outcomes
        ]
    start = folder.plan_folder("a00").read_plan().start
    assert start == date(2027, 1, 18)  # the Monday after the first run, kept


def test_the_gist_gives_the_plans_own_status_row(transition: Curriculum, rules: Rules) -> None:
    injury = Injury(region="achilles", kind="tendinopathy", current=True)  # the row names it
    profile = loaders.load_profile(None).model_copy(
        update={"timezone": "Europe/Berlin", "injuries": [injury]}
    )
    start = date(2027, 1, 4)
    checkins = [
        checkin(date(2027, 1, 5), pain=6, where="calf"),
        checkin(date(2027, 1, 12), cadence=150, rpe=4),
        checkin(date(2027, 1, 19), missed=True),
        checkin(date(2027, 1, 21), cadence=171, rpe=3, swelling=True),
    ]
    plan = build_plan(transition, profile, rules, start, None, checkins)
    assert any(a.checkin is not None for a in plan.adjustments)
    assert plan_row("x", plan, checkins, start, rules).injuries
    slim = gist_plan(gist(plan))
    for offset in range(-3, 7 * 13, 4):
        day = start + timedelta(days=offset)
        assert plan_row("x", slim, checkins, day, rules) == plan_row(
            "x", plan, checkins, day, rules
        )


@pytest.mark.parametrize(
    "options",
    [
        CalendarOptions(),
        CalendarOptions(all_day=True),
        CalendarOptions(reminder_minutes=45, checkin_base="https://example.org/t0k/checkin/"),
        CalendarOptions(reminder_minutes=90, refresh_hours=6),
        CalendarOptions(all_day=True, reminder_minutes=1440),
    ],
)
def test_plan_ics_is_written_as_icalendar_writes_it(
    hostile_plan: Plan, options: CalendarOptions
) -> None:
    revised = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    contents = event_contents(hostile_plan, options)
    older = stamp_events(contents[:3], {}, revised - timedelta(days=3))
    stamps = stamp_events(contents, older, revised)
    expected = render_ical_with_icalendar(hostile_plan, options, contents, stamps)
    assert render_ical(hostile_plan, options, older, revised) == expected
