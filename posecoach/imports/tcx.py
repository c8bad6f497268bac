"""TCX files, read with defusedxml's ElementTree (entities off).

Garmin writes running cadence as RunCadence in its extension (strides/min),
Polar in the standard Cadence element meant for bikes; both are matched here
by local name, whatever namespace prefix the file uses.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from posecoach.imports.activity import Activity, ActivityError, Sample
from posecoach.imports.xml_safety import checked_xml


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    for child in element.iter():
        if child is not element and _local(child.tag) == name:
            return child
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


def read_tcx(path: Path, data: bytes) -> Activity:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(checked_xml(data, "TCX"))
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ActivityError(f"not a readable TCX file ({error})") from None
    activity = next((e for e in root.iter() if _local(e.tag) == "Activity"), None)
    if activity is None:
        raise ActivityError("the TCX file holds no activity")
    sport = (activity.get("Sport") or "").casefold()
    samples: list[Sample] = []
    lap_cadence: list[tuple[float, float]] = []  # (seconds, strides/min)
    for lap in (e for e in activity.iter() if _local(e.tag) == "Lap"):
        average = next((e for e in lap.iter() if _local(e.tag) == "AvgRunCadence"), None)
        seconds = _float(next((e for e in lap if _local(e.tag) == "TotalTimeSeconds"), None))
        if average is not None and seconds:
            value = _float(average)
            if value:
                lap_cadence.append((seconds, value))
        for point in (e for e in lap.iter() if _local(e.tag) == "Trackpoint"):
            stamp = next((e for e in point if _local(e.tag) == "Time"), None)
            time = _time(stamp.text if stamp is not None else None)
            if time is None:
                continue
            run = _float(_child(point, "RunCadence"))
            standard = _float(next((e for e in point if _local(e.tag) == "Cadence"), None))
            samples.append(Sample(time=time, cadence=run if run is not None else standard,
                                  speed=_float(_child(point, "Speed"))))  # fmt: skip
    device = None
    if lap_cadence:
        total = sum(s for s, _ in lap_cadence)
        strides = sum(s * c for s, c in lap_cadence) / total
        device = round(strides * (1 if strides > 130 else 2), 2)
    start = min((s.time for s in samples if isinstance(s.time, datetime)), default=None)
    return Activity(
        source=path.name,
        sport={"biking": "cycling", "running": "running"}.get(sport, sport or "unknown"),
        local_date=None,
        samples=samples,
        device_cadence=device,
        start=start,
    )
