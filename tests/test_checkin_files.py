"""Every activity file we hold, through `posecoach checkin --from FILE` as a runner types it.

Each file's expected outcome is written down: a cadence (within a tolerance),
a refusal with its reason, or a run logged with "no cadence". A file added
under tests/data/activities/ without an entry here fails the test, so the
corpus and its expectations grow together.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder

DATA = Path(__file__).parent / "data"
ACTIVITIES = DATA / "activities"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
SUFFIXES = (".fit", ".tcx", ".gpx", ".gz")


class Cadence(NamedTuple):
    spm: float
    tolerance: float = 0.5
    device: float | None = None  # the watch's own average, when the file has one


class Refused(NamedTuple):
    reason: str


class TooLittle(NamedTuple):
    """Logged, but a walk or under 5 running minutes: the cadence is not used."""

    said: str  # "a walk" or "0.8 running minutes (under 5)"
    device: float | None = None


class NoCadence(NamedTuple):
    minutes: float  # running minutes logged, within a minute


Outcome = Cadence | Refused | NoCadence | TooLittle

RIDE = "this is a ride, not a run"
EXPECTED: dict[str, Outcome] = {
    "2013-02-06-12-11-14.fit": NoCadence(27.2),
    "activity-small-fenix2-run.fit": Cadence(165.7, device=162),
    # A Forerunner 70 with a footpod and no GPS: read as an indoor run, on cadence.
    "compressed-speed-distance.fit": Cadence(177.3, device=176),
    "cycling-garmin-connect.gpx": Refused(RIDE),
    "cycling-garmin-connect.tcx": Refused(RIDE),
    "garmin-fenix-5-bike.fit": Refused(RIDE),
    "garmin-fenix-5-run.fit": TooLittle("0.8 running minutes (under 5)", device=167.34),
    "garmin-fenix-5-walk.fit": TooLittle("a walk", device=122.45),
    "invalid/activity-filecrc.fit": NoCadence(0),
    "invalid/activity-settings-corruptheader.fit": Refused("not a FIT file, or its header is"),
    "invalid/activity-unexpected-eof.fit": NoCadence(0),
    "real-world/fit2gpx-Bryton-bad-data.fit": Refused(RIDE),
    "real-world/fit2gpx-Edge-25-ride.gpx": Refused(
        RIDE + ": the file names no sport, but it moves faster than running"
    ),
    "real-world/fit2gpx-FR-235-hiking.fit": Refused("it moves slower than running"),
    "real-world/fit2gpx-Fenix3-Ski.fit": Refused("this is a cross country skiing activity"),
    "real-world/fit2gpx-Fenix3-Swim.gpx": Refused("it moves slower than running"),
    "real-world/fit2gpx-HR-only.fit": Refused(RIDE),
    "real-world/fitparse-20170518-191602-1740899583.fit": Refused("a gym-machine workout"),
    "real-world/fitparse-2019-02-17-062644-ELEMNT-297E-195-0.fit": Refused(RIDE),
    "real-world/fitparse-MonitoringFile.fit": Refused(
        "this is a monitoring file (all-day steps and heart rate), not a recorded activity"
    ),
    "real-world/fitparse-Settings.fit": Refused("this is a settings file, not a recorded"),
    "real-world/fitparse-WeightScaleSingleUser.fit": Refused("a weight-scale file, not a"),
    "real-world/fitparse-WorkoutIndividualSteps.fit": Refused(
        "this is a workout file (the steps of a planned workout), not a recorded activity"
    ),
    "real-world/fitparse-activity-large-fenxi2-multisport.fit": Cadence(163.9),
    "real-world/fitparse-activity-settings-nodata.fit": NoCadence(0),
    "real-world/fitparse-event_timestamp.fit": Refused("this is a swim, not a run"),
    "real-world/fitparse-strava-android-app-201.10-b1218918.fit": NoCadence(0),
    "real-world/gpxpy-cerknicko-without-times.gpx": Refused(
        "most of the GPX track has no times (5 of 296 points have one)"
    ),
    "real-world/gpxpy-gpx_with_garmin_extension.gpx": Refused("holds no track, only waypoints"),
    "real-world/gpxpy-route.gpx": Refused("holds a planned route, not a recorded activity"),
    "real-world/gpxpy-track-with-empty-segment.gpx": NoCadence(0.5),
    "real-world/sweatpy-4801048867_strava.gpx": Refused(RIDE),
    "real-world/sweatpy-6471559601_ACTIVITY.fit": NoCadence(0.4),
    "real-world/sweatpy-activity_5039744860.gpx": Refused(RIDE),
    "real-world/sweatpy-activity_5039744860.tcx": Refused(RIDE),
    "real-world/tcxparser-no_hr.tcx": NoCadence(32.4),
    "real-world/tcxparser-sup_activity_1.tcx": Refused("it moves slower than running"),
    "real-world/tcxparser-test.tcx": NoCadence(32.4),
    "generated/garmin-connect-ns3-runcadence.tcx": Cadence(173.0, 0.05, device=172),
    "generated/treadmill-steps-no-speed.tcx": Cadence(166.0, 0.05),
    "generated/treadmill-accelerometer-distance.tcx": Cadence(172.0, 0.05, device=162),
    "generated/treadmill-smart-recording.fit": Cadence(166.0, 0.05, device=156),
    "generated/fit-tool-triathlon.fit": Cadence(164.0, 0.05),
    "generated/fit-tool-treadmill.fit": Cadence(172.0, 0.05),
    "generated/fit-tool-rated-run.fit": Cadence(170.0, 0.05),
    "generated/garmin-fenix-5-run.fit.gz": TooLittle(
        "0.8 running minutes (under 5)", device=167.34
    ),
    "generated/run-with-walking-breaks.gpx": Cadence(176.0, 0.05),
}


def corpus() -> list[str]:
    return sorted(
        p.relative_to(ACTIVITIES).as_posix()
        for p in ACTIVITIES.rglob("*")
        if p.is_file() and p.name.casefold().endswith(SUFFIXES)
    )


def test_every_file_has_an_expected_outcome() -> None:
    assert sorted(EXPECTED) == corpus()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template") / "plan"
    args = ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04"]
    result = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "plan"))


def check(name: str, code: int, stdout: str, stderr: str, folder: Path) -> None:
    """The outcome written down for `name`, and never a traceback."""
    expected = EXPECTED[name]
    assert "Traceback" not in stdout + stderr
    log = folder / PlanFolder.CHECKINS
    if isinstance(expected, Refused):
        assert code == 2, stdout
        assert expected.reason in stderr
        assert not log.exists()
        return
    assert code == 0, stderr
    [logged] = checkin_log.read(log).checkins
    assert logged.source == Path(name).name
    if isinstance(expected, TooLittle):
        assert logged.cadence is None
        assert f"{expected.said}: logged, but not used for your cadence" in stderr
        assert logged.device_cadence == pytest.approx(expected.device, abs=0.01)
        assert logged.running_minutes is not None
        return
    if isinstance(expected, Cadence):
        assert logged.cadence == pytest.approx(expected.spm, abs=expected.tolerance)
        assert f"cadence {logged.cadence:g} steps/min" in stdout
        assert logged.device_cadence == (
            None if expected.device is None else pytest.approx(expected.device, abs=0.01)
        )
        assert ("the watch's own average" in stdout) == (expected.device is not None)
    else:
        assert logged.cadence is None
        assert logged.device_cadence is None
        assert "the file has no cadence (add yours with --cadence" in stdout
        found = re.search(r": ([\d.]+) running minutes; the file has no cadence", stdout)
        assert found is not None, stdout
        assert float(found[1]) == pytest.approx(expected.minutes, abs=1)


@pytest.mark.parametrize("name", corpus())
def test_checkin_from_every_file(name: str, folder: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["checkin", "-d", str(folder), "--from", str(ACTIVITIES / name), "--date", "2027-01-06"],
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    check(name, result.exit_code, result.stdout, result.stderr, folder)


@pytest.mark.parametrize(
    "name",
    [
        "real-world/fitparse-activity-large-fenxi2-multisport.fit",
        "real-world/fitparse-WorkoutIndividualSteps.fit",
        "real-world/tcxparser-test.tcx",
        "invalid/activity-settings-corruptheader.fit",
    ],
)
def test_checkin_through_the_console_script(name: str, folder: Path) -> None:
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), "checkin", "-d", str(folder), "--from", str(ACTIVITIES / name),
         "--date", "2027-01-06"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    check(name, result.returncode, result.stdout, result.stderr, folder)


def test_a_rated_run_logs_the_watch_rpe(folder: Path) -> None:
    name = "generated/fit-tool-rated-run.fit"
    result = CliRunner().invoke(
        app,
        ["checkin", "-d", str(folder), "--from", str(ACTIVITIES / name), "--date", "2027-01-06"],
    )
    assert result.exit_code == 0, result.stderr
    assert "Rated on the watch: effort 6/10, felt strong." in result.stdout
    [logged] = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
    assert (logged.rpe, logged.note) == (6, "felt strong (rated on the watch)")


def test_the_multisport_file_reports_only_its_running_legs(folder: Path) -> None:
    name = "real-world/fitparse-activity-large-fenxi2-multisport.fit"
    result = CliRunner().invoke(
        app,
        ["checkin", "-d", str(folder), "--from", str(ACTIVITIES / name), "--date", "2027-01-06"],
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "an activity of no named sport, a run, a run and a ride: used the 2 runs, 85 min"
        in result.stdout
    )
