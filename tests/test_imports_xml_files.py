"""GPX and TCX as other tools write them: extension namespaces, missing fields, local dates."""

from __future__ import annotations

import contextlib
import gzip
import random
from datetime import date
from pathlib import Path

import pytest

from posecoach.imports import ActivityError, summarise

ACTIVITIES = Path(__file__).parent / "data" / "activities"

GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test"'
    ' xmlns="http://www.topografix.com/GPX/1/1"'
    ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"'
    ' xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"'
    ' xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">'
)

# How each source writes cadence in a GPX point's extensions (strides/min).
EXTENSIONS = {
    "garmin": "<gpxtpx:TrackPointExtension><gpxtpx:cad>{c}</gpxtpx:cad>"
    "</gpxtpx:TrackPointExtension>",
    "garmin-connect": "<ns3:TrackPointExtension><ns3:cad>{c}</ns3:cad></ns3:TrackPointExtension>",
    "movescount": "<gpxdata:hr>150</gpxdata:hr><gpxdata:cadence>{c}</gpxdata:cadence>",
    "strava": "<gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>{c}</gpxtpx:cad>"
    "</gpxtpx:TrackPointExtension>",
}


def gpx(
    cadences: list[int],
    extension: str = EXTENSIONS["garmin"],
    kind: str | None = "running",
    start_hour: int = 7,
    speed: float = 3.0,
    lat: bool = True,
) -> str:
    points = []
    for i, cadence in enumerate(cadences):
        where = f'lat="{48 + i * speed / 111_195:.7f}" lon="11.0"' if lat else 'lon="11.0"'
        stamp = f"2027-01-05T{start_hour + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
        points.append(
            f"<trkpt {where}><time>{stamp}</time>"
            f"<extensions>{extension.format(c=cadence)}</extensions></trkpt>"
        )
    kind_element = f"<type>{kind}</type>" if kind else ""
    return f"{GPX_HEAD}<trk>{kind_element}<trkseg>{''.join(points)}</trkseg></trk></gpx>"


@pytest.mark.parametrize("source", sorted(EXTENSIONS))
def test_gpx_cadence_in_every_extension(tmp_path: Path, source: str) -> None:
    path = tmp_path / "run.gpx"
    path.write_text(gpx([86] * 120, EXTENSIONS[source]))
    assert summarise(path, "UTC").cadence == pytest.approx(172.0)


def test_gpx_points_without_a_latitude_are_still_read(tmp_path: Path) -> None:
    """gpxpy refuses this whole file: "latitude is mandatory in None"."""
    path = tmp_path / "phone.gpx"
    path.write_text(gpx([85] * 120, lat=False))
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(170.0)  # no speed: read on cadence alone
    assert summary.running_minutes == pytest.approx(2.0, abs=0.05)


def test_gpx_without_a_type_at_running_speed_is_a_run(tmp_path: Path) -> None:
    path = tmp_path / "untyped.gpx"
    path.write_text(gpx([84] * 300, kind=None))
    assert summarise(path, "UTC").cadence == pytest.approx(168.0)


def test_gpx_without_a_type_at_riding_speed_is_a_ride(tmp_path: Path) -> None:
    path = tmp_path / "untyped.gpx"
    path.write_text(gpx([92] * 300, kind=None, speed=8.0))
    with pytest.raises(ActivityError, match="this is a ride, not a run: the file names no sport"):
        summarise(path, "UTC")


def test_units_are_decided_per_segment(tmp_path: Path) -> None:
    """One segment from a watch (strides), one from an app writing steps."""
    strides = gpx([85] * 120).split("<trkseg>")[1].split("</trkseg>")[0]
    steps = gpx([170] * 120, start_hour=8).split("<trkseg>")[1].split("</trkseg>")[0]
    path = tmp_path / "two.gpx"
    path.write_text(
        f"{GPX_HEAD}<trk><type>running</type><trkseg>{strides}</trkseg>"
        f"<trkseg>{steps}</trkseg></trk></gpx>"
    )
    assert summarise(path, "UTC").cadence == pytest.approx(170.0)


def test_the_date_is_the_runners_own(tmp_path: Path) -> None:
    path = tmp_path / "late.gpx"
    path.write_text(gpx([85] * 60, start_hour=23))  # 23:00 UTC
    assert summarise(path, "Europe/Berlin").local_date == date(2027, 1, 6)
    assert summarise(path, "America/New_York").local_date == date(2027, 1, 5)


def test_a_file_with_its_own_offset_keeps_its_local_date() -> None:
    path = ACTIVITIES / "generated" / "treadmill-steps-no-speed.tcx"  # 07:00+01:00
    assert summarise(path, "America/Los_Angeles").local_date == date(2027, 1, 5)


def test_gzipped_gpx(tmp_path: Path) -> None:
    path = tmp_path / "run.gpx.gz"
    path.write_bytes(gzip.compress(gpx([86] * 60).encode()))
    assert summarise(path, "UTC").cadence == pytest.approx(172.0)


def test_a_slow_treadmill_run_in_steps_is_not_doubled(tmp_path: Path) -> None:
    """An app writing steps for a slow treadmill jog (118-128): doubled it read 250 "steps"."""
    points = "".join(
        f"<Trackpoint><Time>2027-01-05T07:{i // 60:02d}:{i % 60:02d}Z</Time>"
        f"<Cadence>{118 + i % 11}</Cadence></Trackpoint>"
        for i in range(0, 1200, 2)
    )
    path = tmp_path / "treadmill.tcx"
    path.write_text(
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Lap><Track>{points}</Track></Lap>'
        "</Activity></Activities></TrainingCenterDatabase>"
    )
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(124.0, abs=0.1)  # 118 and 119: not running
    assert summary.running_minutes == pytest.approx(20 * 9 / 11, abs=0.1)


def test_a_tcx_multisport_file_uses_its_run(tmp_path: Path) -> None:
    def activity(sport: str, hour: int, cadence: int, speed: float) -> str:
        points = "".join(
            f"<Trackpoint><Time>2027-01-05T{hour:02d}:{i // 60:02d}:{i % 60:02d}Z</Time>"
            f"<Cadence>{cadence}</Cadence><Extensions><TPX><Speed>{speed}</Speed></TPX>"
            "</Extensions></Trackpoint>"
            for i in range(600)
        )
        return f'<Activity Sport="{sport}"><Lap><Track>{points}</Track></Lap></Activity>'

    path = tmp_path / "brick.tcx"
    path.write_text(
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        "<Activities><MultiSportSession><Id>2027-01-05T07:00:00Z</Id>"
        f"<FirstSport>{activity('Biking', 7, 90, 8.0)}</FirstSport>"
        f"<NextSport>{activity('Running', 8, 84, 3.2)}</NextSport>"
        "</MultiSportSession></Activities>"
        "</TrainingCenterDatabase>"
    )
    summary = summarise(path, "UTC")
    assert summary.cadence == pytest.approx(168.0)
    assert summary.legs == "a ride and a run: used the run, 10 min"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>', "cut short"),
        ("<kml><Document/></kml>", "not a GPX file"),
        ('<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>', "only waypoints"),
        ('<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>',
         "the GPX track has no times"),
    ],
)  # fmt: skip
def test_unusable_gpx_is_refused_in_words(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.gpx"
    path.write_text(text)
    with pytest.raises(ActivityError, match=message):
        summarise(path, "UTC")


@pytest.mark.parametrize(
    "name",
    [
        "generated/garmin-connect-ns3-runcadence.tcx",
        "generated/run-with-walking-breaks.gpx",
        "real-world/tcxparser-test.tcx",
    ],
)
def test_damaged_xml_files_never_crash(tmp_path: Path, name: str) -> None:
    data = (ACTIVITIES / name).read_bytes()
    rng = random.Random(name)
    for trial in range(40):
        damaged = bytearray(data[: rng.randrange(1, len(data))] if trial % 2 else data)
        for _ in range(trial % 4):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged-{trial}{Path(name).suffix}"
        path.write_bytes(bytes(damaged))
        with contextlib.suppress(ActivityError):
            summarise(path, "UTC")


def test_a_gpx_with_its_own_offset_keeps_its_local_date(tmp_path: Path) -> None:
    path = tmp_path / "offset.gpx"
    path.write_text(gpx([85] * 60, start_hour=23).replace("Z</time>", "+02:00</time>"))
    # 23:00 at +02:00 is 21:00 UTC: still the 5th where the runner was, whatever the profile says.
    assert summarise(path, "Asia/Tokyo").local_date == date(2027, 1, 5)


@pytest.mark.parametrize("suffix", [".gpx", ".tcx"])
def test_an_unknown_encoding_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"odd{suffix}"
    path.write_text('<?xml version="1.0" encoding="utf-B"?><gpx/>')
    with pytest.raises(ActivityError, match="not a readable"):
        summarise(path, "UTC")
