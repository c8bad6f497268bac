"""Treadmill and indoor runs read right: a file with no GPS position, its distance and
speed from the watch's own sensor, is read over its whole moving time with the right
cadence, and the check-in says it was a treadmill run; cadence a device doubled or
halved is recognised by the range a running cadence can have."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_imports_fit_written import Part, write_fit
from treadmill_files import FIT_NAME, GENERATED, TCX_NAME, treadmill_fit, treadmill_tcx
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.imports import summarise
from posecoach.imports.activity import Leg, Sample, timed

DATA = Path(__file__).parent / "data"
ACTIVITIES = DATA / "activities"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"


def test_the_files_are_what_treadmill_files_writes(tmp_path: Path) -> None:
    assert (GENERATED / TCX_NAME).read_text(encoding="utf-8") == treadmill_tcx()
    fit = treadmill_fit(tmp_path / FIT_NAME)
    assert fit.read_bytes() == (GENERATED / FIT_NAME).read_bytes()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template") / "plan"
    args = ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04"]
    result = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize(
    ("name", "spm", "minutes", "device"),
    [
        # 27 minutes at 85-87 strides between two walks; read by a speed taken from
        # the distance the watch updates every 13 s, 2.1 of them counted.
        (TCX_NAME, 172.0, 27.0, 162.0),
        # 20 min at 164 recorded every 20-25 s, then 5 x (1 min at 180, 1 min at 160);
        # with every gap over 10 s taken for a pause, 18.9 minutes at 167.2.
        (FIT_NAME, 166.0, 30.0, 156.0),
    ],
)
@pytest.mark.parametrize("how", ["in process", "console script"])
def test_a_treadmill_run_through_checkin(
    template: Path, tmp_path: Path, name: str, spm: float, minutes: float, device: float, how: str
) -> None:
    folder = Path(shutil.copytree(template, tmp_path / "plan"))
    # Tuesday's run, for Wednesday's planned session (none is planned on a Tuesday).
    args = ["checkin", "-d", str(folder), "--from", str(GENERATED / name), "--date", "2027-01-06"]
    if how == "console script":
        found = subprocess.run(
            [str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, check=False, timeout=120
        )
        code, out = found.returncode, found.stdout + found.stderr
    else:
        result = CliRunner().invoke(app, args)
        code, out = result.exit_code, result.stdout + result.stderr
    assert code == 0, out
    [logged] = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
    assert logged.cadence == pytest.approx(spm, abs=0.05)
    assert logged.device_cadence == pytest.approx(device, abs=0.05)
    assert f"cadence {spm:g} steps/min over {minutes:g} running minutes" in out
    assert "Read as a treadmill or indoor run (the file has no GPS)" in out
    assert "Traceback" not in out


def test_an_outdoor_run_is_not_called_a_treadmill_run(template: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(template, tmp_path / "plan"))
    for name in ("garmin-fenix-5-run.fit", "generated/garmin-connect-ns3-runcadence.tcx"):
        assert not summarise(ACTIVITIES / name, "UTC").treadmill
    args = ["--from", str(ACTIVITIES / "garmin-fenix-5-run.fit"), "--date", "2027-01-06"]
    result = CliRunner().invoke(app, ["checkin", "-d", str(folder), *args])
    assert result.exit_code == 0, result.stderr
    assert "treadmill" not in result.stdout


def tcx_run(path: Path, stored: int, minutes: int = 10) -> Path:
    """A TCX run with a position on every point and a speed of 3 m/s, at one cadence."""
    points = "".join(
        f"<Trackpoint><Time>2027-01-05T06:{30 + second // 60:02d}:{second % 60:02d}Z</Time>"
        "<Position><LatitudeDegrees>52.5</LatitudeDegrees><LongitudeDegrees>13.4"
        f"</LongitudeDegrees></Position><DistanceMeters>{3.0 * second:.1f}</DistanceMeters>"
        f"<Extensions><TPX xmlns='{TPX}'><RunCadence>{stored}</RunCadence></TPX></Extensions>"
        "</Trackpoint>"
        for second in range(0, minutes * 60 + 1, 2)
    )
    path.write_text(
        f"<TrainingCenterDatabase xmlns='{TCX}'><Activities><Activity Sport='Running'>"
        f"<Lap><Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>",
        encoding="utf-8",
    )
    return path


TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


@pytest.mark.parametrize(
    ("stored", "spm"),
    [
        (86, 172.0),  # strides, as FIT, TCX and GPX keep running cadence: doubled
        (172, 172.0),  # already steps (Zwift, some apps): kept
        (344, 172.0),  # steps counted twice by an app (beyond FIT's one byte): halved
        (250, None),  # no running cadence however it is read: left out, with a warning
    ],
)
def test_cadence_is_read_by_its_plausible_range(
    tmp_path: Path, stored: int, spm: float | None
) -> None:
    found = [summarise(tcx_run(tmp_path / "run.tcx", stored), "UTC")]
    if stored < 255:  # a FIT record's cadence is one byte
        part = Part("RUNNING", 600, stored, None, "TREADMILL")
        found.append(summarise(write_fit(tmp_path / "run.fit", [part]), "UTC"))
    for summary in found:
        assert summary.cadence == (None if spm is None else pytest.approx(spm))
        assert summary.running_minutes == pytest.approx(10.0, abs=0.1)
        assert ("make no sense for a run" in " ".join(summary.warnings)) == (spm is None)
    assert not found[0].treadmill  # positions and speed: outdoors
    assert all(summary.treadmill for summary in found[1:])


def test_indoors_a_running_sample_lasts_until_the_next_one_within_half_a_minute() -> None:
    """Smart recording writes little on a treadmill; the timer's stops stay pauses."""
    from datetime import UTC, datetime, timedelta

    from posecoach.imports import indoors
    from posecoach.imports.activity import MAX_INDOOR_SAMPLE_SECONDS

    start = datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
    samples = [Sample(start + timedelta(seconds=s), 86, None) for s in (0, 25, 50, 100, 101)]
    leg = Leg("running", samples, positions=False)
    assert indoors(leg)
    durations = timed(samples, [], MAX_INDOOR_SAMPLE_SECONDS)
    assert [seconds for _, seconds in durations] == [25, 25, 30, 1]
    paused = [(start + timedelta(seconds=50), start + timedelta(seconds=100))]
    assert [seconds for _, seconds in timed(samples, paused, 30)] == [25, 25, 1]
    assert not indoors(leg._replace(positions=True))
    assert not indoors(leg._replace(positions=None))
