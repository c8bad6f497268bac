"""What is kept of a watch file is bounded, not its size (issue 25): samples, laps,
messages, one sample's bytes and a stretch of XML with no element are each capped
while the file streams, and the runner is told which limit and why.

Each limit is met here by a real file past it; where the real limit would take a
large file to reach, it is lowered for the test (the same code path refuses it).
test_resource_limits.py measures a 60 MB file through the installed command.
"""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from big_files import GPX_HEAD, GPX_TAIL, big_gpx, point

from posecoach import limits
from posecoach.imports import ActivityError, read_activity, summarise
from posecoach.imports.gpx import read_gpx

ACTIVITIES = Path(__file__).parent / "data" / "activities"
LARGE_FIT = ACTIVITIES / "real-world" / "fitparse-activity-large-fenxi2-multisport.fit"


def gpx_of(middle: bytes) -> io.BytesIO:
    return io.BytesIO(GPX_HEAD + middle + GPX_TAIL)


def test_a_file_past_the_samples_is_refused_saying_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.gpx"
    big_gpx(path, points=1001)
    monkeypatch.setattr(limits, "ACTIVITY_SAMPLES", 1000)
    with pytest.raises(ActivityError, match="holds more than 1,000 track points"):
        read_activity(path)
    big_gpx(path, points=1000)
    assert len(read_activity(path).legs[0].samples) == 1000


def test_fit_records_and_messages_are_counted_as_they_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert summarise(LARGE_FIT, "UTC").running_minutes > 0  # 24,000 records: read
    monkeypatch.setattr(limits, "ACTIVITY_SAMPLES", 5000)
    with pytest.raises(ActivityError, match="the FIT file holds more than 5,000 records"):
        read_activity(LARGE_FIT)
    monkeypatch.setattr(limits, "ACTIVITY_SAMPLES", 100_000)
    monkeypatch.setattr(limits, "FIT_MESSAGES", 5000)
    with pytest.raises(ActivityError, match="the FIT file holds more than 5,000 messages"):
        read_activity(LARGE_FIT)


def test_laps_and_segments_are_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "ACTIVITY_LAPS", 3)
    segments = b"".join(b"<trkseg>" + point(n) + b"</trkseg>" for n in range(4))
    document = GPX_HEAD.removesuffix(b"<trkseg>\n") + segments + b"</trk></gpx>"
    with pytest.raises(ActivityError, match="more than 3 track segments"):
        read_gpx(Path("run.gpx"), io.BytesIO(document).read)
    tcx = ACTIVITIES / "real-world" / "tcxparser-test.tcx"  # three laps
    monkeypatch.setattr(limits, "ACTIVITY_LAPS", 2)
    with pytest.raises(ActivityError, match="the TCX file has more than 2 laps"):
        read_activity(tcx)


def test_one_point_of_more_than_64_kb_is_refused() -> None:
    huge = point(0).replace(b"<ele>", b"<ele>" + b" " * limits.SAMPLE_BYTES)
    with pytest.raises(ActivityError, match="a track point of more than 64 kB"):
        read_gpx(Path("run.gpx"), gpx_of(huge).read)
    # A point that big is refused before the parser holds more of it than that.
    endless = GPX_HEAD + b'<trkpt lat="1" lon="2"><name>' + b"x" * 10 * 2**20
    with pytest.raises(ActivityError, match="a track point of more than 64 kB"):
        read_gpx(Path("run.gpx"), io.BytesIO(endless).read)


@pytest.mark.parametrize(
    "stretch",
    [b"<desc>" + b"x" * (2 * 2**20) + b"</desc>", b"<!-- " + b"x" * (2 * 2**20) + b" -->"],
    ids=["text", "comment"],
)
def test_more_than_a_megabyte_with_no_element_is_refused(stretch: bytes) -> None:
    document = GPX_HEAD.replace(b"<trk>", stretch + b"<trk>") + point(0) + GPX_TAIL
    with pytest.raises(ActivityError, match="more than 1 MB with no element in it"):
        read_gpx(Path("run.gpx"), io.BytesIO(document).read)


def test_elements_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "XML_ELEMENTS", 5000)
    with pytest.raises(ActivityError, match="holds more than 5,000 elements"):
        read_gpx(Path("run.gpx"), gpx_of(b"<wpt/>" * 5000).read)
    # Inside a sample too: its elements are counted when it ends.
    with pytest.raises(ActivityError, match="holds more than 5,000 elements"):
        read_gpx(Path("run.gpx"), gpx_of(b"".join(point(n) for n in range(1000))).read)


def test_what_is_passed_over_is_not_kept() -> None:
    """5 MB of waypoints (which posecoach does not read) and one track: the reader's
    memory stays a small fraction of the file, as it drops each element it ends."""
    waypoints = b'<wpt lat="48.1" lon="11.2"><name>Water</name><sym>Drink</sym></wpt>\n' * 80_000
    document = GPX_HEAD.replace(b"<trk>", waypoints + b"<trk>")
    document += b"".join(point(n) for n in range(600)) + GPX_TAIL
    assert len(document) > 5 * 2**20
    tracemalloc.start()
    try:
        activity = read_gpx(Path("run.gpx"), io.BytesIO(document).read)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(activity.legs[0].samples) == 600
    assert peak < 2**20, f"{peak / 2**20:.1f} MB"  # the 5 MB document is a separate buffer


@pytest.mark.parametrize(
    "name",
    [
        "real-world/fitparse-activity-large-fenxi2-multisport.fit",
        "real-world/sweatpy-activity_5039744860.tcx",
        "real-world/sweatpy-4801048867_strava.gpx",
    ],
)
def test_a_gzipped_file_streams_to_the_same_activity(name: str, tmp_path: Path) -> None:
    """Inflated a piece at a time, in one member or several (as `cat a.gz b.gz` makes):
    the same samples as the plain file."""
    import gzip

    data = (ACTIVITIES / name).read_bytes()
    plain = read_activity(ACTIVITIES / name)
    third = len(data) // 3
    for members in ([data], [data[:third], data[third : 2 * third], data[2 * third :]]):
        path = tmp_path / (Path(name).name + ".gz")
        path.write_bytes(b"".join(gzip.compress(part) for part in members))
        assert read_activity(path)._replace(source=plain.source) == plain
