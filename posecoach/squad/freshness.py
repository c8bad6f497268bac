"""Whether an athlete's plan is current against everything it is built from, and
bringing the stale ones up to date exactly as `squad plan` builds them.

An athlete's plan folder holds copies (profile.yaml merged from squad.yaml's
defaults and athletes/<id>.yaml, the squad's own curriculum file), so the
folder's own staleness check cannot see an edit of the squad's files; a plain
rebuild of the folder would even build from the old copies. This module is the
one owner of "is this plan current against the squad's files": `serve`,
`squad status` and `squad publish` all ask it, and rebuild through build.py, so
every command ends with the bytes `squad plan` writes.

The folder's own part is the folder's one freshness check (folder/freshness.py);
this adds the squad's files. It only reads (the folder's record, its inputs, the
athlete's file): nothing is written for an athlete whose plan is current.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from posecoach.errors import PosecoachError, UsageError
from posecoach.folder.freshness import check
from posecoach.folder.plan_folder import NoPlanError, PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.squad.athlete import load_athlete
from posecoach.squad.build import Clock, plan_squad
from posecoach.squad.folder import Squad, SquadFolder

if TYPE_CHECKING:
    from posecoach.commands.zone import SystemZone

# Why an athlete's plan is not current: none built yet; there but unreadable
# (damaged, or an unreadable token); or stale and not rebuilt (a problem in the
# athlete's or the squad's files: the plan built before is left as it was).
Kind = Literal["no plan", "unreadable", "not rebuilt"]


class Unready(NamedTuple):
    athlete: str
    kind: Kind
    reason: str  # file:line where it has one; `{field}`s left for the edge to word
    bad_input: bool  # a problem in the files the coach can fix (exit code 2)


class Update(NamedTuple):
    rebuilt: list[str]  # athletes whose plan was older than its inputs, now rebuilt
    unready: list[Unready]  # by athlete id
    repaired: list[str]  # athletes whose folder had a write a crash interrupted


def built_curriculum(plan: Snapshot) -> str:
    """The curriculum the plan was built from (read after `repair()`: a write a crash
    interrupted is finished first): the record's, or an older version's plan.yaml
    header's. NoPlanError when no plan was built, DamagedPlanError when an older
    version's cannot be read. Never the whole plan: it takes longer to parse than to build."""
    if not plan.folder.holds_plan():
        raise NoPlanError(f"{plan.folder}: holds no plan yet")
    record, _ = plan.readable_record()
    if record is not None:
        return record.choices.curriculum
    header = plan.header()
    if header is None:
        raise NoPlanError(f"{plan.folder}: holds no plan yet")
    return header.curriculum


def outdated(
    folder: SquadFolder, squad: Squad, athlete: str, plan: Snapshot, curriculum: str
) -> bool:
    """Whether the athlete's plan is older than any of its inputs: the folder's own
    (check-ins, rules) or the squad's (squad.yaml, its curriculum files, the athlete's
    file). A problem in the athlete's file is raised: a rebuild would fail on it too."""
    if not check(plan).current:
        return True
    loaded = load_athlete(squad, folder, athlete)
    if plan.input(PlanFolder.PROFILE) != loaded.profile_text:
        return True
    if squad.curricula[loaded.curriculum].id != curriculum:
        return True
    given = squad.curriculum_files[loaded.curriculum]
    if given is not None:
        return plan.input(PlanFolder.CURRICULUM) != given.read_bytes()
    return False


def bring_up_to_date(
    folder: SquadFolder,
    squad: Squad,
    athletes: list[str],
    clock: Clock,
    system: SystemZone,
    workers: int | None = None,
) -> Update:
    """Rebuild, as `squad plan --only` does, the plans of `athletes` that are older than
    their inputs; say which could not be brought up to date, and why. An athlete with
    no plan yet is left unbuilt (that is `squad plan`'s to do)."""
    unready: list[Unready] = []
    repaired: list[str] = []
    stale: list[str] = []
    for athlete in athletes:
        plan = folder.plan_folder(athlete)
        try:
            if plan.repair():
                repaired.append(athlete)
            read = Snapshot(plan)
            curriculum = built_curriculum(read)
        except NoPlanError as error:
            unready.append(Unready(athlete, "no plan", error.worded(), True))
            continue
        except PosecoachError as error:
            unready.append(Unready(athlete, "unreadable", error.worded(), _bad(error)))
            continue
        try:
            if outdated(folder, squad, athlete, read, curriculum):
                stale.append(athlete)
        except PosecoachError as error:  # the athlete's file: said here, not built
            unready.append(Unready(athlete, "not rebuilt", error.worded(), _bad(error)))
    rebuilt: list[str] = []
    if stale:  # never empty: plan_squad takes no athletes as all of them
        for outcome in plan_squad(folder, stale, clock, system, workers).outcomes:
            if outcome.state == "failed":
                reason = outcome.reason or "the plan could not be built"
                unready.append(Unready(outcome.athlete, "not rebuilt", reason, outcome.bad_input))
            else:
                rebuilt.append(outcome.athlete)
    return Update(rebuilt, sorted(unready), repaired)


def _bad(error: PosecoachError) -> bool:
    return isinstance(error, UsageError)
