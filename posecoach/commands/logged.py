"""Adding a line to the check-in log and rebuilding the folder from it: both happen,
or neither does.

The log is held (locked) from before the line is added until the outputs and the
record are written, so no other check-in comes in between. When the outputs
cannot be written (a full disk, a folder made read-only), the line is taken out
again and the runner is told that nothing was logged: a retry logs it once. A
process killed in between leaves the line logged and the outputs behind it; the
next command finds them older than their inputs and rebuilds them first (so a
check-in that was never answered may still stand; one that was answered always
does). Click tracks follow after the lock is let go: when they cannot, the
check-in stands and the runner is told how to bring them up to date.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from posecoach.commands.inputs import PlanInputs, load_inputs
from posecoach.commands.plan import (
    PlanRequest,
    PlanResult,
    finish,
    prepare_token,
    render_folder,
    update_folder_tracks,
    write_set,
)
from posecoach.commands.tracks import Progress
from posecoach.errors import PosecoachError
from posecoach.folder import checkin_log
from posecoach.folder.snapshot import Snapshot
from posecoach.i18n import _
from posecoach.model import CheckIn, Retraction


class NotLogged(PosecoachError):
    """The outputs could not be written, so the line was taken out of the log again."""


def read_inputs(
    snapshot: Snapshot, now: datetime, progress: Progress | None = None
) -> tuple[PlanInputs, PlanRequest]:
    """The folder's inputs for a check-in (or an undo) at `now`, and the request that
    rebuilds it. A folder with no plan, or an older version's with a damaged one, is
    said so: a check-in belongs to a plan."""
    folder = snapshot.folder
    snapshot.require_plan()

    def today(zone: str) -> date:
        return now.astimezone(ZoneInfo(zone)).date()

    request = PlanRequest(folder=folder, today=today, progress=progress)
    inputs = load_inputs(snapshot, request)
    prepare_token(folder, inputs.profile)
    return inputs, request


def log_and_rebuild(
    inputs: PlanInputs, line: CheckIn | Retraction, request: PlanRequest, said: tuple[str, str]
) -> tuple[int, PlanResult]:
    """Append `line` and rebuild from the log with it; returns its id and the result.
    `said`: what happened when it did ("logged") and when it could not ("nothing was
    logged"), to tell the runner."""
    done, undone = said
    with checkin_log.held(inputs.folder.checkin_log) as log:
        number = log.append(line)
        try:
            rendered = render_folder(inputs.with_log(log.contents()), request)
            written = write_set(rendered)
        except BaseException as error:
            log.take_back()
            if isinstance(error, PosecoachError | OSError):
                raise NotLogged(
                    f"{undone}: {_reason(error)}",
                    _(
                        "the check-in log and the plan are as they were before; make room"
                        " (or make the folder writable) and try again"
                    ),
                ) from None
            raise
    warnings = []
    try:
        tracks = update_folder_tracks(rendered)
    except (PosecoachError, OSError) as error:
        tracks = None
        late = _(
            "%(done)s; the click tracks could not be updated (%(reason)s): `posecoach plan`"
            " brings them up to date"
        )
        warnings.append(late % {"done": done, "reason": _reason(error)})
    result = finish(rendered, written, tracks)
    return number, result._replace(warnings=[*result.warnings, *warnings])


def _reason(error: BaseException) -> str:
    if isinstance(error, PosecoachError):
        return error.message
    assert isinstance(error, OSError)
    said = _("%(file)s: cannot write (%(why)s)")
    return said % {"file": error.filename or _("the plan folder"), "why": error.strerror}
