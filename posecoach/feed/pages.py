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

from posecoach import i18n, limits
from posecoach.commands.today import day_view, statuses
from posecoach.errors import InputError, PosecoachError, RequestError, word
from posecoach.feed import in_force
from posecoach.feed.forms import Form, form_token, form_token_matches
from posecoach.folder import checkin_log
from posecoach.i18n import N_, _, ngettext
from posecoach.model import REGIONS, Plan, Session
from posecoach.render import text, wording, wording_base
from posecoach.render.environment import render, template_text
from posecoach.render.html import SessionCard, Symbol, session_card, symbols_for

if TYPE_CHECKING:
    from posecoach.feed.broken import Broken
    from posecoach.folder.plan_folder import PlanFolder

Headers = list[tuple[bytes, bytes]]

# The form's fields as the page names them, for the words of an error.
# Marked here, said in the page's language by `labels()`.
LABELS = {
    "day": N_("Day"), "session": N_("Session"), "cadence": N_("Cadence"),
    "rpe": N_("Effort"), "pain": N_("Pain"), "where": N_("Where"),
    "settled": N_("Settled next morning"), "swelling": N_("Swelling"),
    "missed": N_("Missed"), "note": N_("Note"), "source": N_("Watch file"),
}  # fmt: skip


def labels() -> dict[str, str]:
    return {name: _(label) for name, label in LABELS.items()}


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


class Undo(NamedTuple):
    """The hidden fields of a form that takes a session's check-in back."""

    checkin: int  # its id in the log
    csrf: str  # the session's form token


class TodayView(NamedTuple):
    runner: str
    date: str
    headline: str
    cards: list[SessionCard]
    logged: dict[str, str]
    undo: dict[str, Undo]  # per logged session shown
    bpm: int | None
    glance: list[Glance]
    week: str


class FormView(NamedTuple):
    card: SessionCard
    when: str
    csrf: str
    regions: tuple[tuple[str, str], ...]  # each region's value and its name on the page
    values: dict[str, str]
    errors: list[str]
    replacing: in_force.Standing | None  # the session's check-in this one would replace
    # The cadence input's min and max: the bound every check-in is held to.
    cadence_low: int = limits.CADENCE_LOWEST
    cadence_high: int = limits.CADENCE_HIGHEST


class DoneView(NamedTuple):
    summary: str
    lines: list[str]
    changes: list[str]
    undo: Undo | None  # the form that takes it back
    key: str


@cache
def _inline() -> tuple[str, str, str, bytes]:
    """The pages' CSS and scripts (the click track, the calendar's addresses), and the
    policy that allows exactly them."""
    css = template_text("html/web.css")
    script = template_text("html/metronome.js")
    subscribe = template_text("html/subscribe.js")

    def digest(source: str) -> str:
        return base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()

    policy = (
        f"default-src 'none'; script-src 'sha256-{digest(script)}'"
        f" 'sha256-{digest(subscribe)}'; style-src 'sha256-{digest(css)}'; img-src data:;"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return css, script, subscribe, policy.encode()


def html_page(
    status: int, kind: str, title: str, broken: Broken | None = None, **view: object
) -> Page:
    """A page of `kind`; `broken`: the plan's inputs do not build just now (it says so)."""
    css, script, subscribe, policy = _inline()
    body = render(
        "html/web.html.j2",
        kind=kind,
        title=title,
        css=css,
        script=script,
        subscribe=subscribe,
        broken=broken,
        lang=i18n.language(),
        **view,
    )
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


def today_page(folder: PlanFolder, token: str, now: datetime, broken: Broken | None = None) -> Page:
    plan = read_plan(folder)
    day = runners_day(plan, now)
    logged = statuses(plan, checkin_log.read(folder.checkin_log).checkins)
    standing = in_force.standing(folder)
    view = day_view(plan, day)
    shown = view.sessions or ([view.next] if view.next is not None else [])
    if view.sessions:
        headline = _("Today") if len(shown) == 1 else _("Today's sessions")
    elif view.next is not None:
        wait = (view.next.date - day).days
        headline = (
            _("A rest day. Next session tomorrow")
            if wait == 1
            else ngettext(
                "A rest day. Next session in %(count)s day, %(day)s",
                "A rest day. Next session in %(count)s days, %(day)s",
                wait,
            )
            % {"count": wait, "day": text.weekday_date(view.next.date)}
        )
    else:
        headline = _("The plan is over: well done")
    bpm = next((s.cadence.spm for s in shown if s.cadence and s.cadence.spm), None)
    week = view.week
    page = html_page(
        200,
        "today",
        f"{plan.runner}: {headline}",
        view=TodayView(
            runner=plan.runner,
            date=text.weekday_date(day),
            headline=headline,
            cards=[session_card(s) for s in shown],
            logged={s.key: logged[s.key] for s in shown if s.key in logged},
            undo={
                s.key: Undo(standing[s.key].checkin, form_token(token, s.key))
                for s in shown
                if s.key in standing
            },
            bpm=bpm,
            glance=[_glance(s, day, logged) for s in (week.sessions if week else [])],
            week=_("Week %(week)s: %(phase)s") % {"week": week.number, "phase": week.phase_name}
            if week is not None
            else "",
        ),
        symbols=_symbols(plan, shown),
        broken=broken,
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
    broken: Broken | None = None,
) -> Page | None:
    """The check-in form for session `key`, or None when the plan has no such session.
    `broken`: the plan's inputs do not build, so a check-in cannot be taken just now."""
    plan = read_plan(folder)
    session = next((s for s in plan.sessions if s.key == key), None)
    if session is None:
        return None
    replacing = in_force.standing(folder).get(key)
    view = FormView(
        card=session_card(session),
        when=text.day_and_time(session.date, session.time, " · "),
        csrf=form_token(token, key),
        regions=tuple((r, region_name(r)) for r in REGIONS),
        # Nothing chosen (an untouched form cannot be sent), or the answers it replaces.
        values=values or (replacing.values if replacing else {}),
        errors=errors or [],
        replacing=replacing,
    )
    status = 503 if broken else 400 if errors else 200
    title = _("Log: %(title)s") % {"title": wording.title(session)}
    return html_page(status, "form", title, broken, view=view)


def region_name(region: str) -> str:
    """A body region as the form's list names it: its key in English ('plantar fascia'),
    the anatomy's own word in another language ('rozcięgno podeszwowe')."""
    if i18n.language() == i18n.DEFAULT:
        return region.replace("-", " ")
    return wording_base.region(region)


def read_plan(folder: PlanFolder) -> Plan:
    """The folder's plan with its curriculum's words in the page's language."""
    from posecoach.commands.sheet import worded_plan
    from posecoach.folder.snapshot import Snapshot

    return worded_plan(Snapshot(folder))


def forged(token: str, key: str, form: Form) -> bool:
    return not form_token_matches(token, key, form.fields.get("csrf", ""))


def submit(
    folder: PlanFolder, token: str, key: str, form: Form, now: datetime, source_dir: str
) -> Page | None:
    """Record the posted check-in and say what changed; the form again with what is
    wrong when anything is (nothing is written then); None for an unknown session."""
    from pathlib import Path

    from posecoach.commands.checkin import CheckInRequest, record_checkin, request_problems

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
            sentence = _("%(field)s: %(given)r is not a whole number")
            if kind is float:
                sentence = _("%(field)s: %(given)r is not a number")
            problems.append(sentence % {"field": labels()[name], "given": raw})
            return None

    if fields.get("status") not in ("done", "missed"):
        problems.append(_("How did it go? Choose Done or Missed"))
    cadence = number("cadence", float)
    rpe, pain = number("rpe", int), number("pain", int)
    replace = in_force.replaces(
        in_force.standing(folder).get(key), fields.get("replace", ""), problems
    )
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
        replace=replace,
    )
    # Every problem with the form's values at once, before anything is read or written.
    problems += [said(problem) for problem in request_problems(request)]
    if problems:
        return _again(folder, token, key, fields, problems)
    source = None
    if form.upload is not None:
        suffix = "".join(Path(form.upload.filename).suffixes[-2:]).lower()[:12] or ".fit"
        source = Path(source_dir) / f"upload{suffix}"
        source.write_bytes(form.upload.data)
    try:
        result = record_checkin(request._replace(source=source), now)
    except InputError:
        raise  # the plan's own files, not the form: the server says so (page_routes)
    except PosecoachError as error:
        found = error.problems if isinstance(error, RequestError) else [error]
        lines = [said(problem).replace(str(source_dir) + "/", "") for problem in found]
        return _again(folder, token, key, fields, lines)
    from posecoach.feed.done_page import done_page

    session = next((s for s in read_plan(folder).sessions if s.key == key), None)
    return done_page(result, token, key, session)


def said(error: PosecoachError) -> str:
    """One problem as the form shows it: 'Effort: 12 is not a score from 0 to 10
    (0 rest ... 10 all out).'"""
    message = error.statement(labels())
    hint = word(error.hint, labels()) if error.hint else None
    text = message[:1].upper() + message[1:]
    return f"{text} ({hint})." if hint else f"{text}."


def _again(
    folder: PlanFolder,
    token: str,
    key: str,
    fields: dict[str, str],
    problems: list[str],
    broken: Broken | None = None,
) -> Page:
    values = {k: v for k, v in fields.items() if k not in ("csrf", "replace")}
    page = form_page(folder, token, key, values, problems, broken)
    assert page is not None
    return page


def not_now(
    folder: PlanFolder, token: str, key: str, form: Form, broken: Broken, undo: bool
) -> Page:
    """A check-in (or its Undo) while the plan's inputs do not build: nothing is
    logged, and a check-in's form comes back with what was typed, to send later."""
    if undo:
        said = _("Nothing was taken back")
        return html_page(503, "problem", said, broken, message=said)
    return _again(folder, token, key, form.fields, [], broken)


def problem_page(status: int, message: str) -> Page:
    """A page that says `message` (marked with N_ where it is written) and no more."""
    said = _(message)
    return html_page(status, "problem", said, message=said)
