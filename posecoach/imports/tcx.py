"""TCX files, read as they stream through defusedxml's parser (entities off).

Garmin writes running cadence as RunCadence in its extension (strides/min),
Polar in the standard Cadence element meant for bikes; both are matched here
by local name, whatever namespace prefix the file uses. A multisport file
holds one Activity per sport: each becomes a leg. Speed comes from the
extension's Speed, else from the distance between trackpoints (treadmills
without a footpod have neither, and are read on cadence alone). Only the
samples are kept, never the document (xml_safety.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from posecoach import limits
from posecoach.i18n import N_, _
from posecoach.imports.activity import Activity, ActivityError, Leg, Sample
from posecoach.imports.legs import sport_of
from posecoach.imports.xml_safety import Earliest, XmlReader, local
from posecoach.render.text import grouped

# Direct children of a Trackpoint (a Position only for whether there is one).
_POINT_FIELDS = {"Time", "Cadence", "DistanceMeters", "Position"}
_EXTENSION_FIELDS = {"RunCadence", "Speed"}  # inside its Extensions (TPX, any prefix)


def _fields(point: Element) -> dict[str, str | None]:
    """The texts of a trackpoint we use, in one pass over its children and extensions
    (not into Position or HeartRateBpm, which are most of its elements)."""
    found: dict[str, str | None] = {}
    for child in point:
        name = local(child.tag)
        if name in _POINT_FIELDS:
            found[name] = child.text
        elif name == "Extensions":
            for element in child.iter():
                inner = local(element.tag)
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


class _Tcx(XmlReader):
    """The activities of a TCX document, read as it streams: each activity a leg.

    Activities > Activity, or Activities > MultiSportSession > FirstSport|NextSport
    > Activity; then the schema's own nesting, Activity > Lap > Track > Trackpoint,
    the lap's averages in its Extensions.
    """

    KIND = "TCX"
    KINDS: ClassVar[dict[tuple[str | None, str], str]] = {
        ("root", "Activities"): "activities", ("activities", "Activity"): "activity",
        ("activities", "MultiSportSession"): "multisport", ("multisport", "FirstSport"): "sport",
        ("multisport", "NextSport"): "sport", ("sport", "Activity"): "activity",
        ("activity", "Lap"): "lap", ("lap", "Track"): "track", ("track", "Trackpoint"): "point",
        ("lap", "TotalTimeSeconds"): "lap time", ("lap", "Extensions"): "lap extensions",
    }  # fmt: skip
    WHOLE = frozenset({"point", "lap time", "lap extensions"})
    SAMPLE = N_("trackpoint")

    def __init__(self) -> None:
        self.legs: list[Leg] = []
        self.times = Earliest()
        self.points = self.laps = 0
        self.sport = ""
        self.samples: list[Sample] = []  # of the activity being read
        self.lap_cadence: list[tuple[float, float]] = []  # (seconds, as stored)
        self.previous: tuple[datetime, float] | None = None  # time and distance of the last point
        self.located = False  # of the activity being read: a point with a GPS position
        # The lap's first TotalTimeSeconds and AvgRunCadence, once read (None in the
        # tuple: one was there, and not a number).
        self.lap_seconds: tuple[float | None] | None = None
        self.lap_average: tuple[float | None] | None = None

    def root(self, name: str) -> str:
        return "root"

    def opened(self, kind: str, element: Element) -> None:
        if kind == "activity":
            self.sport = element.get("Sport") or ""
            self.samples, self.lap_cadence, self.previous = [], [], None
            self.located = False  # a point with a GPS position
        elif kind == "lap":
            self.laps += 1
            if self.laps > limits.ACTIVITY_LAPS:
                said = _("the TCX file has more than %(count)s laps: not one activity")
                raise ActivityError(said % {"count": grouped(limits.ACTIVITY_LAPS)})
            self.lap_seconds = self.lap_average = None

    def closed(self, kind: str, element: Element) -> None:
        if kind == "point":
            self._point(element)
        elif kind == "lap time":
            self.lap_seconds = self.lap_seconds or (_float(element),)
        elif kind == "lap extensions":
            if self.lap_average is None:
                found = [e for e in element.iter() if local(e.tag) == "AvgRunCadence"]
                self.lap_average = (_float(found[0]),) if found else None
        elif kind == "lap":
            average = self.lap_average[0] if self.lap_average else None
            seconds = self.lap_seconds[0] if self.lap_seconds else None
            if average and seconds:
                self.lap_cadence.append((seconds, average))
        elif kind == "activity":
            self.legs.append(self._leg())

    def _point(self, point: Element) -> None:
        self.points += 1
        if self.points > limits.ACTIVITY_SAMPLES:
            said = _(
                "the TCX file holds more than %(count)s trackpoints (a day recorded every"
                " second is 86,400): posecoach reads one session of up to a day"
            )
            raise ActivityError(said % {"count": grouped(limits.ACTIVITY_SAMPLES)})
        found = _fields(point)
        time = _time(found.get("Time"))
        if time is None:
            return
        self.times.add(time)
        self.located = self.located or "Position" in found
        run = _number(found.get("RunCadence"))
        cadence = run if run is not None else _number(found.get("Cadence"))
        speed = _number(found.get("Speed"))
        distance = _number(found.get("DistanceMeters"))
        previous = self.previous
        if speed is None and distance is not None and previous is not None:
            elapsed = (time - previous[0]).total_seconds()
            if elapsed > 0:
                speed = max(distance - previous[1], 0.0) / elapsed
        if distance is not None:
            self.previous = (time, distance)
        self.samples.append(Sample(time=time, cadence=cadence, speed=speed))

    def _leg(self) -> Leg:
        samples, device = self.samples, None
        if self.lap_cadence:
            total = sum(s for s, _ in self.lap_cadence)
            device = sum(s * c for s, c in self.lap_cadence) / total
        indoor = bool(samples) and all(s.speed is None for s in samples)
        return Leg(sport=sport_of(self.sport), samples=samples, device_cadence=device,
                   indoor=indoor, positions=self.located if samples else None)  # fmt: skip


def read_tcx(path: Path, read: Callable[[int], bytes]) -> Activity:
    tcx = _Tcx()
    tcx.read(read)
    if not tcx.legs:
        raise ActivityError(_("the TCX file holds no activity (a course or a workout?)"))
    if not tcx.times.count:
        raise ActivityError(_("the TCX file has no timed trackpoints: nothing was recorded"))
    return Activity(source=path.name, legs=tcx.legs, local_date=tcx.times.local_date())
