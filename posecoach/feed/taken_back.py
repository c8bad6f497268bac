"""Taking a check-in back from the phone (its Undo): a retraction appended to the
log, as `posecoach checkin --undo` appends one (the log is never edited), then the
page says what the plan is again. Taking back a check-in that replaced another
brings that one back in force (the log's own rule for replacements)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from posecoach.feed.done_page import changes_said, logged_line
from posecoach.feed.pages import Page, html_page, problem_page, read_plan
from posecoach.folder import checkin_log
from posecoach.i18n import _
from posecoach.render import wording
from posecoach.render.checkin_words import reported

if TYPE_CHECKING:
    from posecoach.feed.forms import Form
    from posecoach.folder.plan_folder import PlanFolder


class UndoneView(NamedTuple):
    summary: str  # what was taken back
    lines: list[str]
    changes: list[str]
    already: bool  # it had been taken back before (a second tap, another device)
    key: str


def take_back(folder: PlanFolder, key: str, form: Form, now: datetime) -> Page | None:
    """Take back the check-in the form names, which must be one of session `key`'s;
    None for a session the plan does not have."""
    from posecoach.commands.undo import undo_checkin
    from posecoach.folder.snapshot import Snapshot

    session = next((s for s in folder.read_plan().sessions if s.key == key), None)
    if session is None:
        return None
    wanted = form.fields.get("checkin", "").strip()
    entries = checkin_log.read(folder.checkin_log).entries
    entry = next((e for e in entries if str(e.id) == wanted), None)
    if entry is None or entry.checkin.session != key:
        return problem_page(400, _("That is not a check-in of this session: open Today again"))
    worded = next((s for s in read_plan(folder).sessions if s.key == key), session)
    title = wording.title(worded)
    summary = logged_line(entry.checkin.date, title, reported(entry.checkin))
    if entry.retracted_by is not None:
        view = UndoneView(summary, [], [], already=True, key=key)
        return html_page(200, "undone", _("Taken back already"), view=view)
    result = undo_checkin(Snapshot(folder), entry.id, now)
    lines = []
    now_in_force = checkin_log.read(folder.checkin_log).entries
    back = next((e for e in now_in_force if e.id == entry.checkin.replaces), None)
    if back is not None and back.retracted_by is None:
        lines.append(
            _("What you logged before stands again: %(reported)s.")
            % {"reported": reported(back.checkin)}
        )
    view = UndoneView(summary, lines, changes_said(result.changes), already=False, key=key)
    return html_page(200, "undone", _("Taken back"), view=view)
