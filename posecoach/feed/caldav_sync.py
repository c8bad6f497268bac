"""`posecoach sync caldav`: push the plan's events into a CalDAV calendar.

Events are upserted by UID (one event per resource, no METHOD, SEQUENCE as
posecoach set it) and events of this plan that the plan no longer has are
deleted. An event whose fingerprint is unchanged is left alone, so a second
sync changes nothing.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, NamedTuple

from posecoach.errors import PosecoachError, UsageError
from posecoach.render.ical import FINGERPRINT

_EVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)


class SyncResult(NamedTuple):
    created: int
    updated: int
    deleted: int
    unchanged: int


def _field(block: bytes, name: str) -> str | None:
    """A property's raw value; servers may hand back LF rather than CRLF line ends."""
    lines = block.replace(b"\r\n", b"\n")
    unfolded = lines.replace(b"\n ", b"").replace(b"\n\t", b"")
    pattern = rb"(?m)^" + re.escape(name.encode()) + rb"(?:;[^:\n]*)?:([^\n]*)$"
    match = re.search(pattern, unfolded)
    return match[1].decode("utf-8") if match else None


def split_events(ics: bytes, plan_id: str) -> dict[str, bytes]:
    """UID -> a calendar resource holding just that event, as CalDAV wants it."""
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//posecoach//sync//EN\r\n"
    return {
        uid: head + block + b"END:VCALENDAR\r\n"
        for block in _EVENT.findall(ics)
        if (uid := _field(block, "UID")) is not None
    }


def sync_caldav(
    ics: bytes, plan_id: str, url: str, user: str, password: str, calendar_name: str
) -> SyncResult:
    try:
        import caldav
        from caldav.lib import error as caldav_errors
    except ImportError:
        raise UsageError("CalDAV sync needs: pip install 'posecoach[sync]'") from None
    wanted = split_events(ics, plan_id)
    try:
        client: Any = caldav.DAVClient(url=url, username=user, password=password)  # type: ignore[operator]
        principal = client.principal()
        calendar = next(
            (c for c in principal.calendars() if c.get_display_name() == calendar_name), None
        )
        if calendar is None:
            calendar = principal.make_calendar(name=calendar_name)
        existing: dict[str, Any] = {}
        for event in calendar.events():
            data = event.data.encode() if isinstance(event.data, str) else event.data
            uid = _field(data, "UID")
            key = _field(data, "X-POSECOACH-KEY") or ""
            if uid and key.startswith(f"{plan_id}-w"):  # ours, for this plan
                existing[uid] = (event, data)
        created = updated = unchanged = deleted = 0
        for uid, resource in wanted.items():
            if uid in existing:
                event, data = existing[uid]
                same = _field(data, FINGERPRINT) == _field(resource, FINGERPRINT)
                if same and _field(data, "SEQUENCE") == _field(resource, "SEQUENCE"):
                    unchanged += 1
                    continue
                event.data = resource.decode("utf-8")
                event.save(increase_seqno=False)
                updated += 1
            else:
                calendar.add_event(resource.decode("utf-8"), increase_seqno=False)
                created += 1
        for uid, (event, _) in existing.items():
            if uid not in wanted:
                with contextlib.suppress(caldav_errors.NotFoundError):  # gone already: fine
                    event.delete()
                deleted += 1
    except (caldav_errors.DAVError, OSError) as error:
        raise PosecoachError(f"CalDAV sync with {url} failed: {error}") from None
    return SyncResult(created, updated, deleted, unchanged)
