"""The page after a check-in from the phone: what was logged, what the watch file
said, and what changed in the plan, in the plan's language."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from posecoach.feed.forms import form_token
from posecoach.feed.pages import DoneView, Page, Undo, html_page
from posecoach.i18n import N_, _
from posecoach.render import text, wording
from posecoach.render.checkin_words import reported

if TYPE_CHECKING:
    from posecoach.commands.checkin import CheckInResult
    from posecoach.commands.plan import PlanChange
    from posecoach.model import Session

TREADMILL = N_(
    "A treadmill or indoor run (no GPS in the file): the running time is judged by your"
    " cadence, as the watch's own speed is a guess."
)


def done_page(result: CheckInResult, token: str, key: str, worded: Session | None) -> Page:
    """`worded`: the session as the plan now has it, in the page's language."""
    checkin, session = result.checkin, worded or result.session
    title = wording.title(session) if session is not None else _("the session")
    lines = []
    activity = result.activity
    if activity is not None:
        if activity.legs is not None:
            lines.append(_("From your file: %(legs)s.") % {"legs": activity.legs})
        minutes = text.number(activity.running_minutes)
        if activity.cadence is not None:
            lines.append(
                _("Cadence %(spm)s steps/min over %(minutes)s running minutes.")
                % {"spm": text.number(activity.cadence), "minutes": minutes}
            )
        else:
            lines.append(
                _("%(minutes)s running minutes; the file has no cadence.") % {"minutes": minutes}
            )
        if activity.treadmill:
            lines.append(_(TREADMILL))
    lines += [w.split(": ", 1)[-1] for w in result.warnings]
    if checkin.replaces is not None:
        lines.append(_("It replaces what you logged before: Undo brings that back."))
    view = DoneView(
        summary=logged_line(checkin.date, title, reported(checkin)),
        lines=lines,
        changes=changes_said(result.changes),
        undo=None if result.checkin_id is None else Undo(result.checkin_id, form_token(token, key)),
        key=key,
    )
    return html_page(200, "done", _("Logged"), view=view)


def logged_line(day: date, title: str, said: str) -> str:
    """'Tue 8 Dec, Easy run: effort 4/10.'"""
    return _("%(day)s, %(title)s: %(reported)s.") % {
        "day": text.weekday_date(day),
        "title": title,
        "reported": said,
    }


def changes_said(changes: list[PlanChange]) -> list[str]:
    """What changed in the plan, a line per reason: "Weeks 3–5: ..."."""
    weeks = {change.reason: change.weeks for change in changes}
    return [f"{_weeks(w)}: {reason}" for reason, w in weeks.items() if w]  # past: not news


def _weeks(weeks: list[int]) -> str:
    ordered = sorted(set(weeks))
    if len(ordered) == 1:
        return _("Week %(number)s") % {"number": ordered[0]}
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        # Translators: a span of the plan's weeks, a label before what changed in them.
        return _("Weeks %(first)s–%(last)s") % {"first": ordered[0], "last": ordered[-1]}
    return _("Weeks %(numbers)s") % {"numbers": ", ".join(map(str, ordered))}
