"""Activity files: real device recordings (tests/data/activities, see its NOTICE.md)."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from posecoach.imports import ActivityError, summarise

FILES = Path(__file__).parent / "data" / "activities"


def test_fenix5_run_device_average_and_ours() -> None:
    summary = summarise(FILES / "garmin-fenix-5-run.fit", "America/Los_Angeles")
    assert summary.device_cadence == pytest.approx(167.34, abs=0.005)
    # Ours leaves out the standing start the watch averages in as zeros.
    assert summary.cadence == pytest.approx(180.6, abs=0.05)
    assert summary.local_date == date(2017, 6, 11)
    assert summary.dynamics is not None
    assert summary.dynamics.ground_contact_ms == pytest.approx(270.3)
    assert summary.dynamics.vertical_oscillation_mm == pytest.approx(76.2)
    assert summary.dynamics.vertical_ratio_percent == pytest.approx(7.42)
    assert summary.dynamics.step_length_mm == pytest.approx(971.7)
    assert summary.warnings == []


def test_fenix2_run_moving_average() -> None:
    summary = summarise(FILES / "activity-small-fenix2-run.fit", "Europe/Oslo")
    assert summary.device_cadence == 162
    assert summary.cadence == pytest.approx(165.2, abs=0.6)  # moving, time-weighted
    assert summary.running_minutes == pytest.approx(44.5, abs=0.5)
    assert summary.local_date == date(2015, 8, 15)  # from the watch's own local time


@pytest.mark.parametrize("name", ["cycling-garmin-connect.gpx", "cycling-garmin-connect.tcx",
                                  "garmin-fenix-5-bike.fit"])  # fmt: skip
def test_rides_are_refused(name: str) -> None:
    with pytest.raises(ActivityError, match="this is a ride, not a run"):
        summarise(FILES / name, "UTC")


def test_truncated_file_is_read_as_far_as_it_goes() -> None:
    summary = summarise(FILES / "invalid" / "activity-unexpected-eof.fit", "UTC")
    assert any("ends early" in w and "14 records" in w for w in summary.warnings)
    assert summary.local_date == date(2012, 4, 9)


def test_bad_checksum_is_read_with_a_warning() -> None:
    summary = summarise(FILES / "invalid" / "activity-filecrc.fit", "UTC")
    assert any("checksum" in w for w in summary.warnings)


def test_damaged_header_is_refused() -> None:
    with pytest.raises(ActivityError, match="header is damaged"):
        summarise(FILES / "invalid" / "activity-settings-corruptheader.fit", "UTC")


def test_a_run_without_cadence_says_so() -> None:
    summary = summarise(FILES / "2013-02-06-12-11-14.fit", "UTC")
    assert summary.cadence is None
    assert summary.running_minutes == pytest.approx(27.2, abs=0.1)  # by its speed
    assert summary.warnings == []  # the check-in says it plainly; not a warning


def test_relative_timestamps_give_no_date() -> None:
    summary = summarise(FILES / "compressed-speed-distance.fit", "UTC")
    assert summary.local_date is None
    assert summary.cadence is not None


TCX = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
<Activities><Activity Sport="Running"><Lap StartTime="2027-01-05T17:30:00Z">
<TotalTimeSeconds>60</TotalTimeSeconds>
<Extensions><ns3:LX><ns3:AvgRunCadence>84</ns3:AvgRunCadence></ns3:LX></Extensions>
<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"""

POINT = (
    "<Trackpoint><Time>2027-01-05T17:{m:02d}:{s:02d}Z</Time><Extensions><ns3:TPX>"
    "<ns3:Speed>3.0</ns3:Speed><ns3:RunCadence>{c}</ns3:RunCadence></ns3:TPX></Extensions>"
    "</Trackpoint>"
)


def tcx(cadences: list[int]) -> str:
    points = "".join(POINT.format(m=30 + i // 60, s=i % 60, c=c) for i, c in enumerate(cadences))
    return TCX.format(points=points)


def test_tcx_run_cadence_is_doubled_into_steps(tmp_path: Path) -> None:
    path = tmp_path / "run.tcx"
    path.write_text("\n  " + tcx([84] * 30 + [86] * 30))  # leading space breaks naive parsers
    summary = summarise(path, "Europe/Berlin")
    # Each sample lasts until the next; the last one has no duration.
    assert summary.cadence == pytest.approx((30 * 168 + 29 * 172) / 59, abs=0.01)
    assert summary.device_cadence == 168
    assert summary.local_date == date(2027, 1, 5)


def test_tcx_already_in_steps_is_not_doubled(tmp_path: Path) -> None:
    path = tmp_path / "treadmill.tcx.gz"
    path.write_bytes(gzip.compress(tcx([168] * 60).encode()))
    assert summarise(path, "UTC").cadence == pytest.approx(168.0)


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gpx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]>'
        "<gpx><trk><name>&a;</name></trk></gpx>"
    )
    with pytest.raises(ActivityError, match="DTD or entities"):
        summarise(path, "UTC")


def test_gpx_with_cadence(tmp_path: Path) -> None:
    points = "".join(
        f'<trkpt lat="{52 + i * 0.00003:.5f}" lon="13.0"><time>2027-01-05T07:00:{i:02d}Z</time>'
        "<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>85</gpxtpx:cad>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(40)
    )
    path = tmp_path / "run.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="test"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(170.0)
    assert summary.device_cadence is None


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text("a,b\n")
    with pytest.raises(ActivityError, match=r"reads \.fit, \.tcx and \.gpx"):
        summarise(path, "UTC")
