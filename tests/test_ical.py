"""plan.ics: stable UIDs, honest SEQUENCE, escaping, and two independent parsers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import example, given
from hypothesis import strategies as st

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.model import Curriculum, Plan, Rules, RunnerProfile
from posecoach.render.ical import (
    CalendarOptions,
    fold,
    render_ical,
    session_uid,
)
from posecoach.render.ical_stamps import previous_stamps

DATA = Path(__file__).parent / "data"
HOSTILE = 'Hop, skip; jump \\ <script>alert("x")</script> 🏃\nsecond line'
HOSTILE_RUNNER = "Zoë; O'Neil, \\ <b>"
START = date(2027, 1, 4)
REVISED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def profile() -> RunnerProfile:
    return loaders.load_profile(DATA / "three-days.yaml")


def plan_for(curriculum: Curriculum, profile: RunnerProfile, rules: Rules) -> Plan:
    return build_plan(curriculum, profile, rules, START)


def events_by_uid(ics: bytes) -> dict[str, bytes]:
    """Each VEVENT's raw bytes, by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", ics, re.DOTALL)
    found = {}
    for block in blocks:
        unfolded = block.replace(b"\r\n ", b"")
        uid = re.search(rb"\r\nUID:(.*?)\r\n", unfolded)
        assert uid
        found[uid[1].decode()] = block
    return found


def test_wire_format(transition: Curriculum, profile: RunnerProfile, rules: Rules) -> None:
    ics = render_ical(plan_for(transition, profile, rules), CalendarOptions(), {}, REVISED)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    ics.decode("utf-8")  # folding never splits a character
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in ics
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in ics
    assert b"X-WR-TIMEZONE:Europe/Berlin\r\n" in ics
    assert b"VTIMEZONE" not in ics


def test_round_trip_through_icalendar(
    transition: Curriculum, profile: RunnerProfile, rules: Rules
) -> None:
    plan = plan_for(transition, profile, rules)
    calendar = icalendar.Calendar.from_ical(render_ical(plan, CalendarOptions(), {}, REVISED))
    assert calendar.errors == []
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.sessions)
    berlin = ZoneInfo("Europe/Berlin")
    for session in plan.sessions:
        [event] = [e for e in events if str(e["UID"]) == session_uid(session.key)]
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        assert start.utcoffset() == timedelta(0)
        assert start.astimezone(berlin).replace(tzinfo=None) == datetime.combine(
            session.date, session.time
        )
        assert event.decoded("DTEND") - start == timedelta(minutes=session.minutes)
        assert str(event["SUMMARY"]).startswith(f"{session.title} · week ")
        assert event.decoded("DTSTAMP") == REVISED
        assert event.decoded("LAST-MODIFIED") == REVISED
        assert event.decoded("SEQUENCE") == 0
        description = str(event["DESCRIPTION"])
        for item in session.items:
            assert f"{item.name}: {item.dose_text}" in description


def test_an_independent_parser_accepts_it(
    transition: Curriculum, profile: RunnerProfile, rules: Rules
) -> None:
    options = CalendarOptions(reminder_minutes=45)
    ics = render_ical(plan_for(transition, profile, rules), options, {}, REVISED).decode()
    calendar = vobject.readOne(ics)
    assert calendar.validate(raiseException=True)
    events = list(calendar.vevent_list)
    assert len({e.uid.value for e in events}) == len(events)
    alarm = events[0].valarm
    assert alarm.action.value == "DISPLAY"
    assert alarm.description.value
    assert alarm.trigger.value == timedelta(minutes=-45)


def test_moving_one_weekday_updates_only_those_events(
    transition: Curriculum, profile: RunnerProfile, rules: Rules
) -> None:
    before_plan = plan_for(transition, profile, rules)
    before = render_ical(before_plan, CalendarOptions(), {}, REVISED)
    moved_profile = profile.model_copy(update={"days": {**profile.days, "Wed": time(6, 15)}})
    after_plan = plan_for(transition, moved_profile, rules)
    after = render_ical(after_plan, CalendarOptions(), previous_stamps(before), LATER)

    old, new = events_by_uid(before), events_by_uid(after)
    assert set(old) == set(new)  # every UID kept
    moved = {session_uid(s.key) for s in after_plan.sessions if s.weekday == "Wed"}
    assert moved
    for uid in new:
        if uid in moved:
            event = icalendar.Event.from_ical(new[uid].decode())
            assert event.decoded("SEQUENCE") == 1
            assert event.decoded("LAST-MODIFIED") == LATER
            assert event.decoded("DTSTART").astimezone(ZoneInfo("Europe/Berlin")).time() == time(
                6, 15
            )
        else:
            assert new[uid] == old[uid]  # byte-identical


def test_regenerating_without_changes_is_byte_identical(
    transition: Curriculum, profile: RunnerProfile, rules: Rules
) -> None:
    plan = plan_for(transition, profile, rules)
    first = render_ical(plan, CalendarOptions(), {}, REVISED)
    assert render_ical(plan, CalendarOptions(), previous_stamps(first), LATER) == first


def test_all_day_events(transition: Curriculum, profile: RunnerProfile, rules: Rules) -> None:
    plan = plan_for(transition, profile, rules)
    calendar = icalendar.Calendar.from_ical(
        render_ical(plan, CalendarOptions(all_day=True), {}, REVISED)
    )
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date
        assert end == start + timedelta(days=1)  # DTEND is exclusive
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_hostile_text_is_escaped(hostile_plan: Plan) -> None:
    ics = render_ical(hostile_plan, CalendarOptions(), {}, REVISED)
    unfolded = ics.replace(b"\r\n ", b"").decode()
    assert "Hop\\, skip\\; jump \\\\ <script>" in unfolded
    assert "🏃\\nsecond line" in unfolded
    assert "X-WR-CALNAME:Mini squad block: Zoë\\; O'Neil\\, \\\\ <b>" in unfolded
    assert "\r\nNAME:Mini squad block: Zoë\\; O'Neil\\, \\\\ <b>\r\n" in unfolded
    calendar = icalendar.Calendar.from_ical(ics)
    descriptions = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")]
    assert any(f"{HOSTILE}: " in d for d in descriptions)
    assert vobject.readOne(ics.decode()).validate()


def test_previous_stamps_ignore_what_they_cannot_read() -> None:
    assert previous_stamps(b"not a calendar") == {}
    damaged = b"BEGIN:VEVENT\r\nUID:x@y\r\nSEQUENCE:two\r\nEND:VEVENT\r\n"
    assert previous_stamps(damaged) == {}


# Lines near and across the fold, with escapes and characters of every UTF-8 width.
_LINE = st.text(
    alphabet=st.sampled_from(["a", "Z", " ", "\\", "^", ";", "é", "×", "–", "🏃"])
    | st.characters(codec="utf-8", exclude_characters="\r\n"),
    max_size=400,
)


@given(_LINE)
@example("D" * 73 + "\\n" + "x" * 80)  # an escape where the fold falls
@example("D" * 73 + "^n" + "x" * 80)
@example("D" * 73 + "é" * 40)  # a two-octet character across the fold
@example("\\" * 200)
def test_folding_matches_icalendar_byte_for_byte(line: str) -> None:
    theirs = icalendar.parser.Contentline(line).to_ical()  # type: ignore[no-untyped-call]
    assert fold(line) == theirs


@given(_LINE)
def test_folded_lines_stay_within_75_octets_and_unfold_to_the_line(line: str) -> None:
    folded = fold(line)
    pieces = folded.split(b"\r\n ")
    assert all(len(piece) <= 74 for piece in pieces)
    assert all(pieces[1:])  # no empty continuation lines
    assert b"".join(pieces).decode() == line
