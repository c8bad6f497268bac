"""GPX files, parsed by defusedxml's parser (entities off) into an ElementTree.

Our own reader rather than gpxpy's: gpxpy refuses a whole file for one point
without a latitude ("latitude is mandatory in None"), while a point with a
time and a cadence is still worth having (a treadmill run exported as GPX).
Cadence sits in an extension whose prefix varies (gpxtpx, ns3 from Garmin
Connect, Strava's; Suunto Movescount's gpxdata `cadence`), so it is matched by
local name. GPX has no speed of its own unless an extension writes one; it is
otherwise taken from the distance between points. Each track segment is a leg.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from xml.etree.ElementTree import Element

from posecoach.imports.activity import Activity, ActivityError, Leg, Sample
from posecoach.imports.legs import sport_of
from posecoach.imports.xml_safety import checked_xml, local_date_of, parse_xml

EARTH_RADIUS_M = 6_371_000.0
_CADENCE = {"cad", "cadence", "RunCadence"}


@cache  # a document has a handful of distinct tags, met hundreds of thousands of times
def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [e for e in element if _local(e.tag) == name]


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _time(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # GPX times are UTC


def _extensions(extensions: Element | None) -> tuple[float | None, float | None]:
    """The cadence and speed a point's extensions hold, if any (one pass)."""
    cadence = speed = None
    if extensions is not None:
        for element in extensions.iter():
            name = _local(element.tag)
            if name in _CADENCE and cadence is None:
                cadence = _number(element.text)
            elif name == "speed" and speed is None:
                speed = _number(element.text)
    return cadence, speed


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two nearby (lat, lon) points: a flat-earth approximation is
    within 0.1% over the few metres between track points, at a fraction of the cost
    of the haversine."""
    north = math.radians(b[0] - a[0])
    east = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return EARTH_RADIUS_M * math.hypot(north, east)


def _segment(segment: Element, sport: str) -> tuple[Leg, list[datetime]]:
    samples: list[Sample] = []
    stamps: list[datetime] = []
    previous: tuple[datetime, tuple[float, float]] | None = None
    for point in _children(segment, "trkpt"):
        stamp, extensions = None, None
        for child in point:  # one pass over the point's few children
            name = _local(child.tag)
            if name == "time":
                stamp = child.text
            elif name == "extensions":
                extensions = child
        time = _time(stamp)
        if time is None:
            continue
        stamps.append(time)
        lat, lon = _number(point.get("lat")), _number(point.get("lon"))
        place = (lat, lon) if lat is not None and lon is not None else None
        cadence, speed = _extensions(extensions)
        if speed is None and place is not None and previous is not None:
            seconds = (time - previous[0]).total_seconds()
            if seconds > 0:
                speed = _distance(previous[1], place) / seconds
        if place is not None:
            previous = (time, place)
        # Kept in the file's own offset for its local date; samples are in UTC.
        samples.append(Sample(time if time.tzinfo is UTC else time.astimezone(UTC), cadence, speed))
    indoor = bool(samples) and all(s.speed is None for s in samples)
    return Leg(sport=sport, samples=samples, indoor=indoor), stamps


def read_gpx(path: Path, data: bytes) -> Activity:
    root = parse_xml(checked_xml(data, "GPX"), "GPX")
    if _local(root.tag) != "gpx":
        raise ActivityError(f"not a GPX file (it is an XML {_local(root.tag)!r} document)")
    legs: list[Leg] = []
    stamps: list[datetime] = []
    points = 0
    tracks = _children(root, "trk")
    for track in tracks:
        kind = next((e.text for e in track if _local(e.tag) == "type"), None)
        for segment in _children(track, "trkseg"):
            points += len(_children(segment, "trkpt"))
            leg, times = _segment(segment, sport_of(kind))
            if leg.samples:
                legs.append(leg)
                stamps += times
    if legs and len(stamps) * 2 < points:
        # A drawn or edited track with a few timed points: judging its speed
        # from those few would be guessing.
        raise ActivityError(
            f"most of the GPX track has no times ({len(stamps)} of {points} points have one):"
            " posecoach cannot tell how long or how fast it went"
        )
    if not legs:
        if not tracks and _children(root, "rte"):
            raise ActivityError("this GPX file holds a planned route, not a recorded activity")
        if not tracks:
            raise ActivityError("this GPX file holds no track, only waypoints: nothing recorded")
        raise ActivityError("the GPX track has no times: posecoach cannot tell how long or "
                            "how fast it went")  # fmt: skip
    return Activity(source=path.name, legs=legs, local_date=local_date_of(stamps))
