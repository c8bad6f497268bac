"""FIT files written for the cases the real-world corpus lacks, with fit-tool.

fit-tool is an encoder independent of fitdecode (our decoder), so what is
written here is read back through a different implementation of the protocol.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.imports import ActivityError, summarise

START = datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
DATA = Path(__file__).parent / "data"
ACTIVITIES = DATA / "activities"


class Part(NamedTuple):
    """One session of a file to write: its sport and one record a second."""

    sport: str  # a fit_tool Sport name: RUNNING, CYCLING, SWIMMING, TRANSITION, GENERIC
    seconds: int
    cadence: int | None  # as stored in record.cadence
    speed: float | None  # m/s
    sub_sport: str = "GENERIC"
    session: dict[str, Any] = {}  # noqa: RUF012 - never mutated: extra session fields


def _millis(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def write_fit(path: Path, parts: Sequence[Part], file_type: str = "ACTIVITY") -> Path:
    """A FIT file with one session per part, records inside each session's window."""
    from fit_tool.fit_file_builder import FitFileBuilder  # type: ignore[import-untyped]
    from fit_tool.profile.messages.event_message import EventMessage  # type: ignore[import-untyped]
    from fit_tool.profile.messages.file_id_message import FileIdMessage  # type: ignore[import-untyped]
    from fit_tool.profile.messages.record_message import RecordMessage  # type: ignore[import-untyped]
    from fit_tool.profile.messages.session_message import SessionMessage  # type: ignore[import-untyped]
    from fit_tool.profile.profile_type import (  # type: ignore[import-untyped]
        Event,
        EventType,
        FileType,
        Manufacturer,
        Sport,
        SubSport,
    )

    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType[file_type]
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = _millis(START)
    file_id.serial_number = 0x12345678
    builder.add(file_id)
    event = EventMessage()
    event.event, event.event_type, event.timestamp = Event.TIMER, EventType.START, _millis(START)
    builder.add(event)
    moment, distance = START, 0.0
    sessions = []
    for part in parts:
        began = moment
        for _ in range(part.seconds):
            record = RecordMessage()
            record.timestamp = _millis(moment)
            if part.cadence is not None:
                record.cadence = part.cadence
            if part.speed is not None:
                record.speed = part.speed
                distance += part.speed
                record.distance = distance
            builder.add(record)
            moment += timedelta(seconds=1)
        session = SessionMessage()
        session.timestamp = _millis(moment)
        session.start_time = _millis(began)
        session.total_elapsed_time = float(part.seconds)
        session.total_timer_time = float(part.seconds)
        session.sport = Sport[part.sport]
        session.sub_sport = SubSport[part.sub_sport]
        for name, value in part.session.items():
            setattr(session, name, value)
        sessions.append(session)
    event = EventMessage()
    event.event, event.event_type, event.timestamp = Event.TIMER, EventType.STOP, _millis(moment)
    builder.add(event)
    builder.add_all(sessions)
    builder.build().to_file(str(path))
    return path


def test_garmin_effort_and_feel_become_the_check_in_rpe(tmp_path: Path) -> None:
    run = Part("RUNNING", 600, 85, 3.0, session={"workout_rpe": 60, "workout_feel": 75})
    path = write_fit(tmp_path / "rated.fit", [run])
    summary = summarise(path, "Europe/Berlin")
    assert (summary.rpe, summary.feel) == (6, "strong")
    assert summary.cadence == pytest.approx(170.0)
    assert summary.local_date == date(2027, 1, 5)

    runner = CliRunner()
    folder = tmp_path / "plan"
    args = ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04"]
    assert runner.invoke(app, [*args, "-o", str(folder)]).exit_code == 0
    # Tuesday's run, for Monday's planned session (no session is planned on a Tuesday).
    session = ["--session", "sam-example-w01-s1"]
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--from", str(path), *session])
    assert result.exit_code == 0, result.stderr
    assert "Rated on the watch: effort 6/10, felt strong." in result.stdout
    result = runner.invoke(
        app,
        [
            "checkin",
            "-d",
            str(folder),
            "--from",
            str(path),
            *session,
            "--rpe",
            "3",
            "--note",
            "hills",
            "--replace",
        ],
    )
    assert result.exit_code == 0, result.stderr
    log = checkin_log.read(folder / PlanFolder.CHECKINS)
    first, second = (entry.checkin for entry in log.entries)
    assert (first.rpe, first.note) == (6, "felt strong (rated on the watch)")
    assert (second.rpe, second.note) == (3, "hills")  # what the runner typed wins
    assert log.checkins == [second]  # and replaces the first: one check-in a session


def test_a_triathlon_uses_only_its_run(tmp_path: Path) -> None:
    path = write_fit(
        tmp_path / "tri.fit",
        [
            Part("SWIMMING", 900, 30, 0.9),
            Part("TRANSITION", 120, None, 1.0),
            Part("CYCLING", 1800, 90, 8.0),  # 90 rpm must never become 180 "steps"
            Part("TRANSITION", 60, None, 1.0),
            Part("RUNNING", 1200, 82, 3.2),
        ],
    )
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(164.0)
    assert summary.legs == "a swim, a ride and a run: used the run, 20 min"
    assert summary.running_minutes == pytest.approx(20.0, abs=0.1)


def test_a_file_with_no_running_session_names_what_it_holds(tmp_path: Path) -> None:
    parts = [Part("SWIMMING", 300, 30, 0.9), Part("CYCLING", 300, 90, 8.0)]
    path = write_fit(tmp_path / "duathlon.fit", parts)
    with pytest.raises(ActivityError, match="this file holds a swim and a ride, and no run"):
        summarise(path, "UTC")


def test_a_treadmill_run_without_speed_is_read_on_cadence(tmp_path: Path) -> None:
    path = write_fit(tmp_path / "tm.fit", [Part("RUNNING", 900, 86, None, "TREADMILL")])
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(172.0)
    assert summary.running_minutes == pytest.approx(15.0, abs=0.1)


@pytest.mark.parametrize(
    ("part", "outcome"),
    [
        (Part("GENERIC", 600, 84, 3.1), 168.0),  # running speed and cadence: a run
        (Part("GENERIC", 600, 88, 8.5), "this is a ride, not a run"),
        (Part("GENERIC", 600, 52, 1.1), "moves slower than running"),  # a hike
        (Part("GENERIC", 600, 0, 3.0), "not a running cadence"),  # a rower's erg?
    ],
)
def test_a_generic_sport_is_judged_by_its_speed_and_cadence(
    tmp_path: Path, part: Part, outcome: float | str
) -> None:
    path = write_fit(tmp_path / "generic.fit", [part])
    if isinstance(outcome, str):
        with pytest.raises(ActivityError, match=outcome):
            summarise(path, "UTC")
    else:
        assert summarise(path, "UTC").cadence == pytest.approx(outcome)


def test_cadence_stored_in_steps_is_not_doubled(tmp_path: Path) -> None:
    path = write_fit(tmp_path / "steps.fit", [Part("RUNNING", 600, 168, 3.0)])
    assert summarise(path, "UTC").cadence == pytest.approx(168.0)


def test_impossible_cadence_is_not_reported(tmp_path: Path) -> None:
    path = write_fit(tmp_path / "odd.fit", [Part("RUNNING", 600, 250, 3.0)])
    summary = summarise(path, "UTC")
    assert summary.cadence is None
    assert any("make no sense for a run" in w for w in summary.warnings)
    assert summary.running_minutes == pytest.approx(10.0, abs=0.1)


@pytest.mark.parametrize("kind", ["WORKOUT", "SETTINGS", "COURSE", "MONITORING_A"])
def test_files_that_are_not_activities_are_refused(tmp_path: Path, kind: str) -> None:
    path = write_fit(tmp_path / "x.fit", [Part("RUNNING", 60, 85, 3.0)], file_type=kind)
    with pytest.raises(ActivityError, match="not a recorded activity"):
        summarise(path, "UTC")


FUZZED = [
    "garmin-fenix-5-run.fit",
    "activity-small-fenix2-run.fit",
    "real-world/sweatpy-6471559601_ACTIVITY.fit",
    "compressed-speed-distance.fit",
]


@pytest.mark.parametrize("name", FUZZED)
def test_damaged_fit_files_never_crash(tmp_path: Path, name: str) -> None:
    """Bytes flipped and files cut short anywhere: a summary or an ActivityError, nothing else."""
    data = (ACTIVITIES / name).read_bytes()
    rng = random.Random(name)  # the same damage on every run
    for trial in range(60):
        damaged = bytearray(data)
        if trial % 3 == 0:
            damaged = damaged[: rng.randrange(1, len(data))]
        else:
            for _ in range(1 + trial % 5):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged-{trial}.fit"
        path.write_bytes(bytes(damaged))
        with contextlib.suppress(ActivityError):
            summarise(path, "UTC")
