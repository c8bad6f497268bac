"""plan.ics: one event per session, stable enough for a calendar to subscribe to.

What a calendar needs to update events in place rather than duplicate them:
- UID: derived from the session's stable key, so moving or changing a session
  is an update of the same event;
- SEQUENCE and LAST-MODIFIED/DTSTAMP: kept from the last plan.ics while the
  session is unchanged, raised (and stamped with the revision time, an input)
  when its time or content changes. Unchanged events stay byte-identical.
Timed events are written in UTC with X-WR-TIMEZONE as a display hint: the
VTIMEZONE blocks icalendar generates are misread by other software
(docs/ical-notes.md). icalendar's own defaults (random UIDs, DTSTAMP from the
clock) are never used: every value is passed in.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from posecoach import __version__
from posecoach.i18n import _, language
from posecoach.model import Plan, Session
from posecoach.render import amounts, text, wording
from posecoach.render.wording_base import session_kind

if TYPE_CHECKING:
    from icalendar import Calendar

UID_DOMAIN = "posecoach"
FINGERPRINT = "X-POSECOACH-FINGERPRINT"
KEY = "X-POSECOACH-KEY"


class CalendarOptions(NamedTuple):
    all_day: bool = False
    reminder_minutes: int | None = None  # a DISPLAY alarm this long before a session
    refresh_hours: int = 12  # how often subscribers are asked to poll
    checkin_base: str | None = None  # ".../<token>/checkin/": each event links its page


class Stamp(NamedTuple):
    """What the calendar was last told about one event."""

    fingerprint: str
    sequence: int
    modified: datetime  # UTC, whole seconds


class EventContent(NamedTuple):
    """Everything an event says, before it is stamped."""

    uid: str
    key: str
    summary: str
    description: str
    categories: list[str]
    start: datetime | date
    end: datetime | date
    alarm: str | None = None  # the alarm's text, when there is one
    alarm_minutes: int | None = None

    @property
    def fingerprint(self) -> str:
        """A hash of what the event says: a change of time or content changes it."""
        payload = json.dumps(
            [
                self.summary,
                self.description,
                self.categories,
                self.start.isoformat(),
                self.end.isoformat(),
                self.alarm,
                self.alarm_minutes,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def session_uid(key: str) -> str:
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def _description(session: Session, checkin_base: str | None) -> str:
    lines = []
    if checkin_base is not None:  # first: a phone shows the top of a description
        lines += [_("Log this session: %(link)s") % {"link": checkin_base + session.key}, ""]
    lines.append(wording.focus(session))
    if session.cadence is not None:
        lines.append(
            _("Cadence target: %(target)s.") % {"target": amounts.cadence(session.cadence)}
        )
    lines.append("")
    # Drills and doses only: the cues are on the drill sheet, and a phone shows
    # a calendar entry in a few lines.
    lines.extend(f"• {item.name}: {amounts.dose(item)}" for item in session.items)
    notes = wording.notes(session)  # every change is noted on the sessions it changes
    if notes:
        lines.append("")
        lines.extend(_("Note: %(note)s") % {"note": note} for note in notes)
    lines.append("")
    # The key itself stays as it is (scripts read it, and X-POSECOACH-KEY holds it too).
    lines.append(_("posecoach session %(key)s") % {"key": session.key})
    return "\n".join(lines)


def event_contents(plan: Plan, options: CalendarOptions) -> list[EventContent]:
    zone = ZoneInfo(plan.timezone)
    contents = []
    week_of = {s.key: w.number for w in plan.weeks for s in w.sessions}
    for session in plan.sessions:
        start: datetime | date
        end: datetime | date
        if options.all_day:
            start, end = session.date, session.date + timedelta(days=1)
        else:
            local = datetime.combine(session.date, session.time, tzinfo=zone)
            start = local.astimezone(UTC)
            end = start + timedelta(minutes=session.minutes)
        alarm = None
        if options.reminder_minutes is not None:
            alarm = _("%(title)s at %(time)s") % {
                "title": wording.title(session),
                "time": text.clock(session.time),
            }
        contents.append(
            EventContent(
                uid=session_uid(session.key),
                key=session.key,
                summary=_("%(title)s · week %(week)s · %(minutes)s min")
                % {
                    "title": wording.title(session),
                    "week": week_of[session.key],
                    "minutes": session.minutes,
                },
                description=_description(session, options.checkin_base),
                categories=["posecoach", session_kind(session.kind)],
                start=start,
                end=end,
                alarm=alarm,
                alarm_minutes=options.reminder_minutes,
            )
        )
    return sorted(contents, key=lambda c: (_sort_key(c.start), c.uid))


def _sort_key(moment: datetime | date) -> str:
    return moment.isoformat() if isinstance(moment, datetime) else f"{moment.isoformat()}T00"


def stamp_events(
    contents: list[EventContent], previous: dict[str, Stamp], revised: datetime
) -> dict[str, Stamp]:
    """Keep each unchanged event's stamp; raise SEQUENCE and restamp changed ones.

    `revised` is when the inputs last changed (an input, never the clock).
    """
    revised = revised.astimezone(UTC).replace(microsecond=0)
    stamps: dict[str, Stamp] = {}
    for content in contents:
        before = previous.get(content.uid)
        fingerprint = content.fingerprint
        if before is not None and before.fingerprint == fingerprint:
            stamps[content.uid] = before
        elif before is not None:
            # Never stamp a change earlier than what the calendar already has.
            stamps[content.uid] = Stamp(
                fingerprint, before.sequence + 1, max(revised, before.modified)
            )
        else:
            stamps[content.uid] = Stamp(fingerprint, 0, revised)
    return stamps


def render_ical(
    plan: Plan,
    options: CalendarOptions,
    previous: dict[str, Stamp],
    revised: datetime,
) -> bytes:
    """plan.ics: the calendar's own lines from icalendar, each event's written here.

    An event's lines are the same few properties every time, in icalendar's
    order (its canonical ones, then the rest alphabetically) and with its
    escaping; building them through icalendar's property objects took most of
    plan.ics's time. A session key outside [A-Za-z0-9._-] (never one posecoach
    makes) goes the whole way through icalendar, which tests compare against.
    """
    from icalendar import vDuration

    contents = event_contents(plan, options)
    stamps = stamp_events(contents, previous, revised)
    if not all(_PLAIN_VALUE.fullmatch(c.key) for c in contents):
        return render_ical_with_icalendar(plan, options, contents, stamps)
    lines = [line for line in _calendar(plan, options).content_lines() if line]
    end = lines.pop()  # END:VCALENDAR, after the events
    trigger = None
    if options.reminder_minutes is not None:
        duration = vDuration(timedelta(minutes=-options.reminder_minutes))
        trigger = bytes(duration.to_ical()).decode()  # type: ignore[no-untyped-call]
    said = _language_parameter()
    for content in contents:
        stamp = stamps[content.uid]
        modified = stamp.modified.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        timed = isinstance(content.start, datetime)
        categories = ",".join(_escape(c) for c in content.categories)
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY{said}:{_escape(content.summary)}",
            f"DTSTART{_moment(content.start)}",
            f"DTEND{_moment(content.end)}",
            f"DTSTAMP:{modified}",
            f"UID:{_escape(content.uid)}",
            f"SEQUENCE:{stamp.sequence}",
            f"CATEGORIES:{categories}",
            f"DESCRIPTION{said}:{_escape(content.description)}",
            f"LAST-MODIFIED:{modified}",
            f"TRANSP:{'OPAQUE' if timed else 'TRANSPARENT'}",  # all-day: a reminder
            f"{FINGERPRINT}:{stamp.fingerprint}",
            f"{KEY}:{content.key}",
        ]
        if content.alarm is not None and trigger is not None:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION{said}:{_escape(content.alarm)}",
                f"TRIGGER:{trigger}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append(end)
    # calendar.to_ical() would fold the same lines, measuring each character's
    # UTF-8 length one at a time: that was most of the time plan.ics took.
    return b"\r\n".join(fold(line) for line in lines) + b"\r\n"


def _language_parameter() -> str:
    """';LANGUAGE=pl' on what a person reads (RFC 5545 §3.2.10); English, the
    calendar's default, says none."""
    spoken = language()
    return "" if spoken == "en" else f";LANGUAGE={spoken}"


def _said(parameters: str) -> dict[str, str]:
    """The language parameter as icalendar takes it."""
    return {"LANGUAGE": parameters.split("=", 1)[1]} if parameters else {}


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9._-]+")  # written the same escaped or not


def _escape(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11) exactly as icalendar's vText does it, in its
    order: a literal \\N first becomes a line break, line breaks become \\n."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _moment(moment: datetime | date) -> str:
    """A DTSTART or DTEND's parameters and value, as icalendar writes them."""
    if isinstance(moment, datetime):
        return ":" + moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f";VALUE=DATE:{moment.strftime('%Y%m%d')}"


def _calendar(plan: Plan, options: CalendarOptions) -> Calendar:
    """The calendar with its own properties, no events yet."""
    from icalendar import Calendar, vDuration, vText

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//posecoach//posecoach {__version__}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{plan.curriculum_name}: {plan.runner}"
    # As vText: icalendar writes NAME and X- properties unescaped unless told they are TEXT.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", plan.timezone)
    refresh = timedelta(hours=options.refresh_hours)
    # icalendar's refresh_interval setter omits VALUE=DURATION, which RFC 7986 requires.
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def render_ical_with_icalendar(
    plan: Plan,
    options: CalendarOptions,
    contents: list[EventContent],
    stamps: dict[str, Stamp],
) -> bytes:
    """plan.ics built wholly through icalendar's objects: what `render_ical` writes."""
    from icalendar import Alarm, Event

    calendar = _calendar(plan, options)
    said = _said(_language_parameter())
    for content in contents:
        stamp = stamps[content.uid]
        event = Event()
        event.add("uid", content.uid)
        event.add("dtstamp", stamp.modified)
        event.add("last-modified", stamp.modified)
        event.add("sequence", stamp.sequence)
        event.add("dtstart", content.start)
        event.add("dtend", content.end)
        event.add("summary", content.summary, parameters=said)
        event.add("description", content.description, parameters=said)
        event.add("categories", content.categories)
        if isinstance(content.start, datetime):
            event.add("transp", "OPAQUE")
        else:
            event.add("transp", "TRANSPARENT")  # an all-day reminder, not busy time
        event.add(KEY.lower(), content.key)
        event.add(FINGERPRINT.lower(), stamp.fingerprint)
        if content.alarm is not None and content.alarm_minutes is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", content.alarm, parameters=said)
            alarm.add("trigger", timedelta(minutes=-content.alarm_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    return b"\r\n".join(fold(line) for line in calendar.content_lines() if line) + b"\r\n"


FOLD_OCTETS = 74  # RFC 5545 §3.1: at most 75 octets a line, and icalendar keeps under that
_CONTINUATION = range(0x80, 0xC0)  # UTF-8 bytes that continue a character


def fold(line: str) -> bytes:
    """One content line, folded exactly as icalendar folds it, but a slice at a time.

    Each piece is the longest run of whole characters within FOLD_OCTETS; a
    piece never ends on the first character of an escape (a backslash, or RFC
    6868's caret) when that can be avoided, as some clients misread one split there.
    """
    data = line.encode()
    if len(data) <= FOLD_OCTETS:
        return data
    pieces = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while data[end] in _CONTINUATION:
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)
