"""TCX files, parsed by defusedxml's parser (entities off) into an ElementTree.

Garmin writes running cadence as RunCadence in its extension (strides/min),
Polar in the standard Cadence element meant for bikes; both are matched here
by local name, whatever namespace prefix the file uses. A multisport file
holds one Activity per sport: each becomes a leg. Speed comes from the
extension's Speed, else from the distance between trackpoints (treadmills
without a footpod have neither, and are read on cadence alone).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import Element

from posecoach.imports.activity import Activity, ActivityError, Leg, Sample
from posecoach.imports.legs import sport_of
from posecoach.imports.xml_safety import checked_xml, local_date_of, parse_xml


@cache  # a document has a handful of distinct tags, met hundreds of thousands of times
def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _named(element: Element, name: str) -> list[Element]:
    return [e for e in element if _local(e.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next((e for e in element if _local(e.tag) == name), None)


# Direct children of a Trackpoint (a Position only for whether there is one).
_POINT_FIELDS = {"Time", "Cadence", "DistanceMeters", "Position"}
_EXTENSION_FIELDS = {"RunCadence", "Speed"}  # inside its Extensions (TPX, any prefix)


def _fields(point: Element) -> dict[str, str | None]:
    """The texts of a trackpoint we use, in one pass over its children and extensions
    (not into Position or HeartRateBpm, which are most of its elements)."""
    found: dict[str, str | None] = {}
    for child in point:
        name = _local(child.tag)
        if name in _POINT_FIELDS:
            found[name] = child.text
        elif name == "Extensions":
            for element in child.iter():
                inner = _local(element.tag)
                if inner in _EXTENSION_FIELDS and inner not in found:
                    found[inner] = element.text
    return found


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _float(element: Element | None) -> float | None:
    if element is None or element.text is None:
        return None
    try:
        return float(element.text)
    except ValueError:
        return None


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _leg(activity: Element) -> tuple[Leg, list[datetime]]:
    samples: list[Sample] = []
    stamps: list[datetime] = []
    lap_cadence: list[tuple[float, float]] = []  # (seconds, as stored)
    previous: tuple[datetime, float] | None = None  # time and distance of the last point
    located = False  # a point with a GPS position
    # Walk the schema's own nesting (Activity > Lap > Track > Trackpoint, the lap's
    # averages in its Extensions) rather than every element of the document.
    for lap in _named(activity, "Lap"):
        average = next((_float(e) for x in _named(lap, "Extensions") for e in x.iter()
                        if _local(e.tag) == "AvgRunCadence"), None)  # fmt: skip
        seconds = _float(_child(lap, "TotalTimeSeconds"))
        if average and seconds:
            lap_cadence.append((seconds, average))
        for point in (p for track in _named(lap, "Track") for p in _named(track, "Trackpoint")):
            found = _fields(point)
            time = _time(found.get("Time"))
            if time is None:
                continue
            stamps.append(time)
            located = located or "Position" in found
            run = _number(found.get("RunCadence"))
            cadence = run if run is not None else _number(found.get("Cadence"))
            speed = _number(found.get("Speed"))
            distance = _number(found.get("DistanceMeters"))
            if speed is None and distance is not None and previous is not None:
                elapsed = (time - previous[0]).total_seconds()
                if elapsed > 0:
                    speed = max(distance - previous[1], 0.0) / elapsed
            if distance is not None:
                previous = (time, distance)
            samples.append(Sample(time=time, cadence=cadence, speed=speed))
    device = None
    if lap_cadence:
        total = sum(s for s, _ in lap_cadence)
        device = sum(s * c for s, c in lap_cadence) / total
    sport = sport_of(activity.get("Sport"))
    indoor = bool(samples) and all(s.speed is None for s in samples)
    leg = Leg(sport, samples, device, indoor=indoor, positions=located if samples else None)
    return leg, stamps


def read_tcx(path: Path, data: bytes) -> Activity:
    root = parse_xml(checked_xml(data, "TCX"), "TCX")
    # Activities > Activity, or Activities > MultiSportSession > FirstSport|NextSport > Activity
    activities = [
        e
        for group in _named(root, "Activities")
        for item in group
        for e in ([item] if _local(item.tag) == "Activity" else item.iter())
        if _local(e.tag) == "Activity"
    ]
    if not activities:
        raise ActivityError("the TCX file holds no activity (a course or a workout?)")
    legs, stamps = [], []
    for activity in activities:
        leg, times = _leg(activity)
        legs.append(leg)
        stamps += times
    if not stamps:
        raise ActivityError("the TCX file has no timed trackpoints: nothing was recorded")
    return Activity(source=path.name, legs=legs, local_date=local_date_of(stamps))
