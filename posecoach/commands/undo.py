"""Taking a check-in back: a retraction appended to the log, then the plan rebuilt
without it, so every output returns to what it was before that check-in."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from posecoach.commands.plan import (
    PlanChange,
    PlanRequest,
    PlanResult,
    build_and_write,
    load_inputs,
    plan_changes,
    runners_today,
)
from posecoach.commands.tracks import Progress
from posecoach.errors import UsageError
from posecoach.folder import checkin_log
from posecoach.folder.checkin_log import LogEntry
from posecoach.folder.plan_folder import PlanFolder
from posecoach.model import Retraction


class UndoResult(NamedTuple):
    entry: LogEntry  # the check-in taken back
    changes: list[PlanChange]  # what taking it back changed in the plan
    plan: PlanResult


def list_checkins(folder: PlanFolder) -> checkin_log.LogContents:
    """The folder's log, every check-in with its id, taken back or not."""
    folder.read_plan()  # no plan, or a damaged one, is reported as such
    return checkin_log.read(folder.checkin_log)


def undo_checkin(
    folder: PlanFolder, checkin_id: int | None, now: datetime, progress: Progress | None = None
) -> UndoResult:
    """Take back check-in `checkin_id` (default: the latest one in force)."""
    before = folder.read_plan()
    log = checkin_log.read(folder.checkin_log)
    standing = [e for e in log.entries if e.retracted_by is None]
    if not standing:
        raise UsageError("there is no check-in to take back", field="undo")
    if checkin_id is None:
        entry = standing[-1]
    else:
        found = [e for e in log.entries if e.id == checkin_id]
        if not found:
            ids = ", ".join(str(e.id) for e in standing)
            raise UsageError(
                f"the log has no check-in {checkin_id}",
                f"`posecoach checkins` lists them (in force: {ids})",
                field="undo",
            )
        entry = found[0]
        if entry.retracted_by is not None:
            raise UsageError(
                f"check-in {checkin_id} was already taken back (line {entry.retracted_by})",
                field="undo",
            )
    inputs = load_inputs(folder)
    checkin_log.append(folder.checkin_log, Retraction(retracts=entry.id, recorded=now))
    remaining = list(inputs.checkins)
    remaining.remove(entry.checkin)  # this one only, should an identical one stand too
    today = runners_today(inputs.profile, now)
    result = build_and_write(
        inputs._replace(checkins=remaining),
        PlanRequest(folder=folder, today=lambda _: today, progress=progress),
    )
    return UndoResult(entry, plan_changes(result.plan.adjustments, before.adjustments), result)
