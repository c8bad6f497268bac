"""Taking a check-in back: a retraction appended to the log, then the plan rebuilt
without it, so every output returns to what it was before that check-in."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from posecoach.commands.logged import log_and_rebuild, read_inputs
from posecoach.commands.plan import PlanChange, PlanResult, build, plan_changes, runners_today
from posecoach.commands.tracks import Progress
from posecoach.errors import UsageError
from posecoach.folder import checkin_log
from posecoach.folder.checkin_log import LogEntry
from posecoach.folder.snapshot import Snapshot
from posecoach.i18n import _
from posecoach.model import Retraction


class UndoResult(NamedTuple):
    entry: LogEntry  # the check-in taken back
    changes: list[PlanChange]  # what taking it back changed in the plan
    plan: PlanResult


def list_checkins(snapshot: Snapshot) -> checkin_log.LogContents:
    """The folder's log, every check-in with its id, taken back or not."""
    snapshot.require_plan()  # no plan, or an older version's damaged one, is said as such
    return snapshot.log()


def undo_checkin(
    snapshot: Snapshot, checkin_id: int | None, now: datetime, progress: Progress | None = None
) -> UndoResult:
    """Take back check-in `checkin_id` (default: the latest one in force)."""
    inputs, request = read_inputs(snapshot, now, progress)
    before = build(inputs)
    log = snapshot.log()
    standing = [e for e in log.entries if e.retracted_by is None]
    if not standing:
        raise UsageError(_("there is no check-in to take back"), field="undo")
    if checkin_id is None:
        entry = standing[-1]
    else:
        found = [e for e in log.entries if e.id == checkin_id]
        if not found:
            ids = ", ".join(str(e.id) for e in standing)
            raise UsageError(
                _("the log has no check-in %(id)s") % {"id": checkin_id},
                _("`posecoach checkins` lists them (in force: %(ids)s)") % {"ids": ids},
                field="undo",
            )
        entry = found[0]
        if entry.retracted_by is not None:
            again = _("check-in %(id)s was already taken back (line %(line)s)")
            raise UsageError(again % {"id": checkin_id, "line": entry.retracted_by}, field="undo")
    retraction = Retraction(retracts=entry.id, recorded=now)
    said = (_("taken back"), _("check-in %(id)s was not taken back") % {"id": entry.id})
    _taken, result = log_and_rebuild(inputs, retraction, request, said)
    today = runners_today(inputs.profile, now)
    changes = plan_changes(result.plan.adjustments, before.adjustments, before, today)
    return UndoResult(entry, changes, result)
