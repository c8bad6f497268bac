"""GPX files, read as they stream through defusedxml's parser (entities off).

Our own reader rather than gpxpy's: gpxpy refuses a whole file for one point
without a latitude ("latitude is mandatory in None"), while a point with a
time and a cadence is still worth having (a treadmill run exported as GPX);
and gpxpy holds the whole document, where this keeps only the samples
(xml_safety.py). Cadence sits in an extension whose prefix varies (gpxtpx, ns3
from Garmin Connect, Strava's; Suunto Movescount's gpxdata `cadence`), so it is
matched by local name. GPX has no speed of its own unless an extension writes
one; it is otherwise taken from the distance between points. Each track
segment is a leg.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from posecoach import limits
from posecoach.i18n import N_, _
from posecoach.imports.activity import Activity, ActivityError, Leg, Sample
from posecoach.imports.legs import sport_of
from posecoach.imports.xml_safety import Earliest, XmlReader, local, number
from posecoach.render.text import grouped

EARTH_RADIUS_M = 6_371_000.0
_CADENCE = {"cad", "cadence", "RunCadence"}


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
            name = local(element.tag)
            if name in _CADENCE and cadence is None:
                cadence = number(element.text)
            elif name == "speed" and speed is None:
                speed = number(element.text)
    return cadence, speed


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two nearby (lat, lon) points: a flat-earth approximation is
    within 0.1% over the few metres between track points, at a fraction of the cost
    of the haversine."""
    north = math.radians(b[0] - a[0])
    east = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return EARTH_RADIUS_M * math.hypot(north, east)


class _Gpx(XmlReader):
    """The tracks of a GPX document, read as it streams: each segment a leg."""

    KIND = "GPX"
    KINDS: ClassVar[dict[tuple[str | None, str], str]] = {
        ("gpx", "trk"): "trk", ("gpx", "rte"): "rte", ("trk", "type"): "type",
        ("trk", "trkseg"): "trkseg", ("trkseg", "trkpt"): "trkpt",
    }  # fmt: skip
    WHOLE = frozenset({"trkpt", "type"})
    SAMPLE = N_("track point")

    def __init__(self) -> None:
        self.legs: list[Leg] = []
        self.times = Earliest()  # of the timed points
        self.points = 0  # every point of every track, timed or not
        self.tracks = self.segments = 0
        self.route = False
        self.sport: str | None = None  # the track's <type>, once read
        self.track_legs: list[Leg] = []  # its segments' legs, given its sport at its end
        self.samples: list[Sample] = []  # of the segment being read
        self.previous: tuple[datetime, tuple[float, float]] | None = None

    def root(self, name: str) -> str:
        if name != "gpx":
            raise ActivityError(
                _("not a GPX file (it is an XML %(name)s document)") % {"name": repr(name)}
            )
        return "gpx"

    def opened(self, kind: str, element: Element) -> None:
        if kind == "trkseg":
            self.segments += 1
            if self.segments > limits.ACTIVITY_LAPS:
                said = _("the GPX file has more than %(count)s track segments: not one activity")
                raise ActivityError(said % {"count": grouped(limits.ACTIVITY_LAPS)})
            self.samples, self.previous = [], None
        elif kind == "trk":
            self.tracks += 1
            self.sport, self.track_legs = None, []
        elif kind == "rte":
            self.route = True

    def closed(self, kind: str, element: Element) -> None:
        if kind == "trkpt":
            self._point(element)
        elif kind == "trkseg":
            if self.samples:
                indoor = all(s.speed is None for s in self.samples)
                self.track_legs.append(Leg(sport="", samples=self.samples, indoor=indoor))
        elif kind == "type":
            if self.sport is None:
                self.sport = element.text or ""
        elif kind == "trk":
            sport = sport_of(self.sport)
            self.legs += [leg._replace(sport=sport) for leg in self.track_legs]

    def _point(self, point: Element) -> None:
        self.points += 1
        if self.points > limits.ACTIVITY_SAMPLES:
            said = _(
                "the GPX file holds more than %(count)s track points (a day recorded every"
                " second is 86,400): posecoach reads one session of up to a day"
            )
            raise ActivityError(said % {"count": grouped(limits.ACTIVITY_SAMPLES)})
        stamp, extensions = None, None
        for child in point:  # one pass over the point's few children
            name = local(child.tag)
            if name == "time":
                stamp = child.text
            elif name == "extensions":
                extensions = child
        time = _time(stamp)
        if time is None:
            return
        self.times.add(time)
        lat, lon = number(point.get("lat")), number(point.get("lon"))
        place = (lat, lon) if lat is not None and lon is not None else None
        cadence, speed = _extensions(extensions)
        previous = self.previous
        if speed is None and place is not None and previous is not None:
            seconds = (time - previous[0]).total_seconds()
            if seconds > 0:
                speed = _distance(previous[1], place) / seconds
        if place is not None:
            self.previous = (time, place)
        # Kept in the file's own offset for its local date; samples are in UTC.
        utc = time if time.tzinfo is UTC else time.astimezone(UTC)
        self.samples.append(Sample(utc, cadence, speed))


def read_gpx(path: Path, read: Callable[[int], bytes]) -> Activity:
    gpx = _Gpx()
    gpx.read(read)
    if gpx.legs and gpx.times.count * 2 < gpx.points:
        # A drawn or edited track with a few timed points: judging its speed
        # from those few would be guessing.
        said = _(
            "most of the GPX track has no times (%(timed)s of %(points)s points have one):"
            " posecoach cannot tell how long or how fast it went"
        )
        raise ActivityError(said % {"timed": gpx.times.count, "points": gpx.points})
    if not gpx.legs:
        if not gpx.tracks and gpx.route:
            raise ActivityError(_("this GPX file holds a planned route, not a recorded activity"))
        if not gpx.tracks:
            raise ActivityError(_("this GPX file holds no track, only waypoints: nothing recorded"))
        raise ActivityError(
            _("the GPX track has no times: posecoach cannot tell how long or how fast it went")
        )
    return Activity(source=path.name, legs=gpx.legs, local_date=gpx.times.local_date())
