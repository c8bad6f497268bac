"""Treadmill runs as watches record them, written for the tests (no licensed real one
is at hand): no GPS position anywhere, distance and speed from the watch's own sensor.

- `treadmill_tcx`: a Garmin-style TCX export. The wrist's accelerometer updates the
  distance every 13 seconds, so between updates it stands still (a speed taken from
  it is 0, then 38 m/s), and there is no Speed element. 3 min walking at 57
  strides/min, 27 min running at 85-87 (172 steps/min on average), 2 min walking
  at 56; a point a second. Read by its speed, 2 of its 27 running minutes counted.
- `treadmill_fit`: a FIT file of the watch's Run profile with GPS off (sub sport
  generic, not "treadmill"), smart recording: a record when something changes,
  every second or two through the walk and the intervals, every 20 to 25 s
  through the steady run. 5 min walking at 58 strides/min, 20 min easy at 82
  (164 steps/min), 5 x (1 min at 90, 1 min at 80), 3 min walking at 55: 30
  running minutes at 166 steps/min on average. Read with every gap over 10 s
  taken for a pause, some 20 of them.

`python tests/treadmill_files.py` writes both into tests/data/activities/generated/;
tests/test_treadmill.py checks the files there are what these functions write.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

START = datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
GENERATED = Path(__file__).parent / "data" / "activities" / "generated"
TCX_NAME = "treadmill-accelerometer-distance.tcx"
FIT_NAME = "treadmill-smart-recording.fit"

# (seconds, strides per minute, true speed in m/s) of each part of the TCX run.
TCX_PARTS = [(180, (57,), 1.4), (1620, (85, 86, 87), 2.9), (120, (56,), 1.3)]
DISTANCE_EVERY = 13  # seconds between the accelerometer's distance updates


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def treadmill_tcx() -> str:
    points = []
    distance = shown = 0.0
    second = 0
    cadences: list[int] = []
    for seconds, strides, speed in TCX_PARTS:
        for index in range(seconds):
            if second % DISTANCE_EVERY == 0:
                shown = distance  # the watch's distance moves in steps
            cadence = strides[index % len(strides)]
            cadences.append(cadence)
            heart = 100 + min(60, second // 20)
            points.append(
                f"<Trackpoint><Time>{_stamp(START + timedelta(seconds=second))}</Time>"
                f"<DistanceMeters>{shown:.2f}</DistanceMeters>"
                f"<HeartRateBpm><Value>{heart}</Value></HeartRateBpm>"
                "<Extensions><ns3:TPX><ns3:RunCadence>"
                f"{cadence}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"
            )
            distance += speed
            second += 1
    average = round(sum(cadences) / len(cadences))
    track = "\n          ".join(points)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities>
    <Activity Sport="Running">
      <Id>{_stamp(START)}</Id>
      <Lap StartTime="{_stamp(START)}">
        <TotalTimeSeconds>{second}.0</TotalTimeSeconds>
        <DistanceMeters>{distance:.2f}</DistanceMeters>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
          {track}
        </Track>
        <Extensions><ns3:LX><ns3:AvgRunCadence>{average}</ns3:AvgRunCadence></ns3:LX></Extensions>
      </Lap>
      <Creator><Name>Forerunner (generated for posecoach's tests)</Name></Creator>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""


def _fit_records() -> list[tuple[int, int, float]]:
    """(second, strides per minute, speed) of each record the watch writes."""
    records: list[tuple[int, int, float]] = []
    second = 0

    def part(seconds: int, strides: int, speed: float, every: list[int]) -> None:
        nonlocal second
        end, turn = second + seconds, 0
        while second < end:
            records.append((second, strides, speed))
            second = min(end, second + every[turn % len(every)])
            turn += 1

    part(300, 58, 1.5, [1])
    part(1200, 82, 2.7, [20, 23, 25, 21, 24, 22])  # steady: little changes, few records
    for _ in range(5):
        part(60, 90, 3.6, [1, 2])
        part(60, 80, 2.5, [2, 1])
    part(180, 55, 1.3, [2])
    records.append((second, 55, 1.3))  # the last, when the timer stops
    return records


def treadmill_fit(path: Path) -> Path:
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

    def millis(second: int) -> int:
        return round((START + timedelta(seconds=second)).timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = millis(0)
    file_id.serial_number = 0x12345678
    builder.add(file_id)

    def timer(second: int, kind: EventType) -> EventMessage:
        event = EventMessage()
        event.event, event.event_type, event.timestamp = Event.TIMER, kind, millis(second)
        return event

    records = _fit_records()
    end = records[-1][0]
    builder.add(timer(0, EventType.START))
    distance = 0.0
    previous = 0
    for second, strides, speed in records:
        distance += speed * (second - previous)
        previous = second
        record = RecordMessage()
        record.timestamp = millis(second)
        record.cadence = strides
        record.speed = speed
        record.distance = distance
        record.heart_rate = 100 + min(60, second // 25)
        builder.add(record)
    builder.add(timer(end, EventType.STOP_ALL))
    session = SessionMessage()
    session.timestamp = millis(end)
    session.start_time = millis(0)
    session.total_elapsed_time = float(end)
    session.total_timer_time = float(end)
    session.total_distance = distance
    # The watch's own average: every record while the timer runs, walking included.
    spans = [(b[0] - a[0], a[1]) for a, b in pairwise(records)]
    session.avg_cadence = round(sum(t * c for t, c in spans) / end)
    session.sport = Sport.RUNNING
    session.sub_sport = SubSport.GENERIC  # the Run profile with GPS off: not "treadmill"
    builder.add(session)
    builder.build().to_file(str(path))
    return path


if __name__ == "__main__":
    (GENERATED / TCX_NAME).write_text(treadmill_tcx(), encoding="utf-8")
    treadmill_fit(GENERATED / FIT_NAME)
