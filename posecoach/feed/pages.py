"""The check-in pages under a plan's token: today's session with a click track,
and a form per session that records exactly what `posecoach checkin` records.

Each page is a complete HTML document with its CSS and script inline. The
Content-Security-Policy allows exactly those two (by hash) and nothing else: no
other script, no request to anywhere, no framing, forms posted only here. Links
are relative, so the pages work under any path a proxy puts in front.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from posecoach.commands.today import day_view, statuses
from posecoach.errors import PosecoachError
from posecoach.feed.forms import Form, form_token, form_token_matches
from posecoach.folder import checkin_log
from posecoach.model import REGIONS, Plan, Session
from posecoach.render import text, wording
from posecoach.render.environment import render, template_text
from posecoach.render.html import SessionCard, Symbol, session_card, symbols_for

if TYPE_CHECKING:
    from posecoach.commands.checkin import CheckInResult
    from posecoach.folder.plan_folder import PlanFolder

Headers = list[tuple[bytes, bytes]]

# The form's fields as the page names them, for the words of an error.
LABELS = {
    "day": "Day", "session": "Session", "cadence": "Cadence", "rpe": "Effort",
    "pain": "Pain", "where": "Where", "settled": "Settled next morning",
    "swelling": "Swelling", "missed": "Missed", "note": "Note", "source": "Watch file",
}  # fmt: skip


class Page(NamedTuple):
    status: int
    headers: Headers
    body: bytes
    zone: str | None = None  # the plan's time zone, for a page that shows the runner's day


class Glance(NamedTuple):
    day: str
    title: str
    key: str
    status: str  # "done", "missed", "today" or ""


class TodayView(NamedTuple):
    runner: str
    date: str
    headline: str
    cards: list[SessionCard]
    logged: dict[str, str]
    bpm: int | None
    glance: list[Glance]
    week: str


class FormView(NamedTuple):
    card: SessionCard
    when: str
    csrf: str
    regions: tuple[str, ...]
    values: dict[str, str]
    errors: list[str]


class DoneView(NamedTuple):
    summary: str
    lines: list[str]
    changes: list[str]


@cache
def _inline() -> tuple[str, str, bytes]:
    """The pages' CSS and script, and the policy that allows exactly them."""
    css = template_text("html/web.css")
    script = template_text("html/metronome.js")

    def digest(source: str) -> str:
        return base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()

    policy = (
        f"default-src 'none'; script-src 'sha256-{digest(script)}';"
        f" style-src 'sha256-{digest(css)}'; img-src data:; form-action 'self';"
        " base-uri 'none'; frame-ancestors 'none'"
    )
    return css, script, policy.encode()


def _page(status: int, kind: str, title: str, **view: object) -> Page:
    css, script, policy = _inline()
    body = render("html/web.html.j2", kind=kind, title=title, css=css, script=script, **view)
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-security-policy", policy),
        # The address holds the token: no other site is told it. A same-origin
        # request still says where it comes from (the Origin a check-in is held to).
        (b"referrer-policy", b"same-origin"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"cache-control", b"no-store"),
    ]
    return Page(status, headers, body.encode())


def runners_day(plan: Plan, now: datetime) -> date:
    return now.astimezone(ZoneInfo(plan.timezone)).date()


def today_page(folder: PlanFolder, now: datetime) -> Page:
    plan = folder.read_plan()
    day = runners_day(plan, now)
    logged = statuses(plan, checkin_log.read(folder.checkin_log).checkins)
    view = day_view(plan, day)
    shown = view.sessions or ([view.next] if view.next is not None else [])
    if view.sessions:
        headline = "Today" if len(shown) == 1 else "Today's sessions"
    elif view.next is not None:
        wait = (view.next.date - day).days
        when = "tomorrow" if wait == 1 else f"in {wait} days, {text.weekday_date(view.next.date)}"
        headline = f"A rest day. Next session {when}"
    else:
        headline = "The plan is over: well done"
    bpm = next((s.cadence.spm for s in shown if s.cadence and s.cadence.spm), None)
    week = view.week
    page = _page(
        200,
        "today",
        f"{plan.runner}: {headline}",
        view=TodayView(
            runner=plan.runner,
            date=text.weekday_date(day),
            headline=headline,
            cards=[session_card(s) for s in shown],
            logged={s.key: logged[s.key] for s in shown if s.key in logged},
            bpm=bpm,
            glance=[_glance(s, day, logged) for s in (week.sessions if week else [])],
            week=f"Week {week.number}: {week.phase_name}" if week is not None else "",
        ),
        symbols=_symbols(plan, shown),
    )
    return page._replace(zone=plan.timezone)


def _glance(session: Session, day: date, logged: dict[str, str]) -> Glance:
    status = logged.get(session.key) or ("today" if session.date == day else "")
    return Glance(text.weekday_date(session.date), wording.title(session), session.key, status)


def _symbols(plan: Plan, sessions: list[Session]) -> list[Symbol]:
    return symbols_for({item.figure for s in sessions for item in s.items})


def form_page(
    folder: PlanFolder,
    token: str,
    key: str,
    values: dict[str, str] | None = None,
    errors: list[str] | None = None,
) -> Page | None:
    """The check-in form for session `key`, or None when the plan has no such session."""
    plan = folder.read_plan()
    session = next((s for s in plan.sessions if s.key == key), None)
    if session is None:
        return None
    view = FormView(
        card=session_card(session),
        when=f"{text.weekday_date(session.date)} · {text.clock(session.time)}",
        csrf=form_token(token, key),
        regions=REGIONS,
        values=values or {"status": "done"},
        errors=errors or [],
    )
    return _page(400 if errors else 200, "form", f"Log: {wording.title(session)}", view=view)


def forged(token: str, key: str, form: Form) -> bool:
    return not form_token_matches(token, key, form.fields.get("csrf", ""))


def submit(
    folder: PlanFolder, token: str, key: str, form: Form, now: datetime, source_dir: str
) -> Page | None:
    """Record the posted check-in and say what changed; the form again with what is
    wrong when anything is (nothing is written then); None for an unknown session."""
    from pathlib import Path

    from posecoach.commands.checkin import CheckInRequest, record_checkin

    if all(s.key != key for s in folder.read_plan().sessions):
        return None
    fields = form.fields
    problems: list[str] = []

    def number(name: str, kind: type[int] | type[float]) -> float | None:
        raw = fields.get(name, "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            return kind(raw)
        except ValueError:
            problems.append(f"{LABELS[name]}: {raw!r} is not a number")
            return None

    cadence = number("cadence", float)
    rpe, pain = number("rpe", int), number("pain", int)
    if problems:
        return _again(folder, token, key, fields, problems)
    source = None
    if form.upload is not None:
        suffix = "".join(Path(form.upload.filename).suffixes[-2:]).lower()[:12] or ".fit"
        source = Path(source_dir) / f"upload{suffix}"
        source.write_bytes(form.upload.data)
    request = CheckInRequest(
        folder=folder,
        session=key,
        cadence=cadence,
        rpe=None if rpe is None else int(rpe),
        pain=None if pain is None else int(pain),
        where=fields.get("where") or None,
        settled=fields.get("settled") or None,
        swelling=fields.get("swelling") == "yes",
        missed=fields.get("status") == "missed",
        note=fields.get("note", "").strip()[:500],
        source=source,
    )
    try:
        result = record_checkin(request, now)
    except PosecoachError as error:
        said = error.worded(LABELS).replace(str(source_dir) + "/", "")
        lines = [line.strip().removeprefix("hint: ") for line in said.splitlines()]
        return _again(folder, token, key, fields, [line[:1].upper() + line[1:] for line in lines])
    return _done(result)


def _again(
    folder: PlanFolder, token: str, key: str, fields: dict[str, str], problems: list[str]
) -> Page:
    values = {k: v for k, v in fields.items() if k != "csrf"}
    page = form_page(folder, token, key, values, problems)
    assert page is not None
    return page


TREADMILL = (
    "A treadmill or indoor run (no GPS in the file): the running time is judged by your"
    " cadence, as the watch's own speed is a guess."
)


def _done(result: CheckInResult) -> Page:
    checkin, session = result.checkin, result.session
    title = wording.title(session) if session is not None else "the session"
    lines = []
    activity = result.activity
    if activity is not None:
        if activity.legs is not None:
            lines.append(f"From your file: {activity.legs}.")
        if activity.cadence is not None:
            lines.append(
                f"Cadence {activity.cadence:g} steps/min over"
                f" {activity.running_minutes:g} running minutes."
            )
        else:
            lines.append(f"{activity.running_minutes:g} running minutes; the file has no cadence.")
        if activity.treadmill:
            lines.append(TREADMILL)
    lines += [w.split(": ", 1)[-1] for w in result.warnings]
    weeks = {change.reason: change.weeks for change in result.changes}
    changes = [f"{_weeks(w)}: {reason}" for reason, w in weeks.items() if w]  # past: not news
    view = DoneView(
        summary=f"{text.weekday_date(checkin.date)}, {title}: {checkin.summary}.",
        lines=lines,
        changes=changes,
    )
    return _page(200, "done", "Logged", view=view)


def _weeks(weeks: list[int]) -> str:
    ordered = sorted(set(weeks))
    if len(ordered) == 1:
        return f"Week {ordered[0]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"Weeks {ordered[0]}–{ordered[-1]}"
    return "Weeks " + ", ".join(map(str, ordered))


def problem_page(status: int, message: str) -> Page:
    return _page(status, "problem", message, message=message)
