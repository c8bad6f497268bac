"""GPX files, read with gpxpy.

Cadence sits in a TrackPointExtension (`cad`, strides/min from Garmin and
Strava today) or in Suunto's gpxdata extension (`cadence`); GPX has no speed
of its own, so it is taken from the distance between points.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from posecoach.imports.activity import Activity, ActivityError, Sample
from posecoach.imports.xml_safety import checked_xml

RIDES = {"cycling", "biking", "ride", "bike", "1", "mountain_biking", "road_biking"}


def _cadence(extensions: list[Any]) -> float | None:
    for extension in extensions:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1] in ("cad", "cadence") and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None


def read_gpx(path: Path, data: bytes) -> Activity:
    import gpxpy
    import gpxpy.gpx

    try:
        document = gpxpy.parse(checked_xml(data, "GPX").decode("utf-8", errors="replace"))
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise ActivityError(f"not a readable GPX file ({error})") from None
    tracks = document.tracks
    kinds = {(t.type or "").strip().casefold() for t in tracks} - {""}
    sport = "cycling" if kinds & RIDES else (kinds.pop() if len(kinds) == 1 else "unknown")
    if sport in ("9", "run"):
        sport = "running"
    samples: list[Sample] = []
    previous = None
    for track in tracks:
        for segment in track.segments:
            for point in segment.points:
                if point.time is None:
                    continue
                time = point.time if point.time.tzinfo else point.time.replace(tzinfo=UTC)
                speed = None
                if previous is not None and previous.time is not None:
                    seconds = (point.time - previous.time).total_seconds()
                    if seconds > 0:
                        speed = point.distance_2d(previous) / seconds
                samples.append(
                    Sample(
                        time=time.astimezone(UTC), cadence=_cadence(point.extensions), speed=speed
                    )
                )
                previous = point
    start = min((s.time for s in samples if isinstance(s.time, datetime)), default=None)
    return Activity(source=path.name, sport=sport, local_date=None, samples=samples, start=start)
