"""Before a command reads a plan folder, and `posecoach repair`: the folder brought
back to outputs that match their inputs, or a named problem.

A write a crash interrupted is finished (or dropped) first. Then the one
freshness check (folder/freshness.py): an input the plan was built from that is
gone stops the command with its name and the way back; outputs older than
their inputs, gone, or not as written are rebuilt from the record, and the
command says so. `posecoach repair` also puts missing inputs back from the
copies the record keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from posecoach.commands.plan import PlanRequest, PlanResult, regenerate
from posecoach.commands.workouts import refresh
from posecoach.commands.zone import SystemZone
from posecoach.errors import UsageError
from posecoach.folder.freshness import Freshness, check, missing_error
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.record import DamagedRecord, digest, parse_copies
from posecoach.folder.snapshot import Snapshot
from posecoach.i18n import _

Today = Callable[[str], date]
Zone = Callable[[], SystemZone] | None


def bring_up_to_date(
    folder: PlanFolder, today: Today, rebuild: bool = True, system_zone: Zone = None
) -> tuple[Snapshot, list[str]]:
    """The folder, read, once a crash's write is settled and (with `rebuild`) outputs
    not current are rebuilt; and what was done, to say. An input the plan was built
    from that is gone is raised, named: nothing is rebuilt without it."""
    notes: list[str] = []
    if folder.repair():
        notes.append(f"{folder}: finished a write that was interrupted")
    snapshot = Snapshot(folder)
    state = check(snapshot)
    if state.missing:
        raise missing_error(folder, state.missing, _restorable(snapshot))
    if state.current:
        return snapshot, notes + (refresh_workouts(folder) if rebuild else [])
    if not rebuild:  # the command rebuilds it anyway (a check-in): said, not done twice
        notes.append(f"{folder}: {'; '.join(state.reasons())}: this rebuilds it")
        return snapshot, notes
    try:
        result = regenerate(PlanRequest(folder, today, system_zone=system_zone), snapshot)
    except UsageError as error:
        notes.append(
            f"{folder}: the plan is older than its inputs, which have a problem, so this"
            f" is the last plan built ({error.message})"
        )
        return Snapshot(folder), notes
    notes += [rebuilt_note(folder, state), *result.notes, *result.warnings]
    return Snapshot(folder).with_plan(result.plan), notes


def refresh_workouts(folder: PlanFolder) -> list[str]:
    """Workouts a run cut short between plan.yaml and them, brought up to date."""
    if not refresh(folder):
        return []
    return [_("%(folder)s: brought the workouts up to date") % {"folder": folder}]


def rebuilt_note(folder: PlanFolder, state: Freshness) -> str:
    said = {"folder": folder, "reasons": "; ".join(state.reasons())}
    if state.changed or state.version:
        older = _("%(folder)s: the plan was older than its inputs (%(reasons)s): rebuilt it first")
        return older % said
    changed = _(
        "%(folder)s: the plan's files were not as they were built (%(reasons)s): rebuilt it first"
    )
    return changed % said


def _restorable(snapshot: Snapshot) -> bool:
    try:
        return snapshot.record() is not None and snapshot.file(PlanFolder.COPIES) is not None
    except DamagedRecord:
        return False


def rebuild(folder: PlanFolder, today: Today, system_zone: Zone = None) -> PlanResult:
    """Bring a folder's outputs up to date with its own inputs (the feed's refresh)."""
    return regenerate(PlanRequest(folder=folder, today=today, system_zone=system_zone))


class Repaired(NamedTuple):
    finished: bool  # a write a crash interrupted was finished or dropped
    restored: list[str]  # inputs put back from the record's copies
    rebuilt: PlanResult | None  # the outputs, when they had to be rebuilt
    reasons: list[str]  # why they were
    unrestorable: list[str]  # inputs gone that no copy can bring back


def repair_folder(folder: PlanFolder, today: Today, system_zone: Zone = None) -> Repaired:
    """`posecoach repair`: finish an interrupted write, put back each input the plan
    was built from that is gone (the copy the record keeps), and rebuild the outputs
    that are not as built. Inputs that are there are never changed."""
    if not folder.path.is_dir() or not folder.holds_plan():
        raise UsageError(f"{folder}: holds no plan to repair", "run `posecoach plan` first")
    finished = folder.repair()
    snapshot = Snapshot(folder)
    state = check(snapshot)
    restored: list[str] = []
    if state.missing:
        copies, record = _copies(snapshot), snapshot.record()
        assert record is not None  # a missing input is one the record names
        found = {
            name: copies[name]
            for name in state.missing
            if name in copies and digest(copies[name]) == record.inputs.get(name)
        }
        if found:
            folder.write(found)
            restored = sorted(found)
        snapshot = Snapshot(folder)
        state = check(snapshot)
    if state.missing:
        return Repaired(finished, restored, None, [], list(state.missing))
    if state.current:
        return Repaired(finished, restored, None, [], [])
    result = regenerate(PlanRequest(folder, today, system_zone=system_zone), snapshot)
    return Repaired(finished, restored, result, state.reasons(), [])


def _copies(snapshot: Snapshot) -> dict[str, bytes]:
    """The record's copies of the inputs; none when there are none to read."""
    data = snapshot.file(PlanFolder.COPIES)
    if data is None:
        return {}
    try:
        return parse_copies(data)
    except DamagedRecord:
        return {}
