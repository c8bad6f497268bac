"""`squad plan`: every athlete's plan built in one run, in parallel across cores.

squad.yaml and its curricula are read once, here; each worker process gets
the parsed models once (the pool's initializer), then builds athletes' plans
exactly as `posecoach plan` builds a single runner's (build_and_write), so a
plan folder under plans/ is the same as a runner's own. Files are only
written when their bytes change. One athlete's problem is that athlete's
outcome, never the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from posecoach import checkin_log, loaders
from posecoach.commands.plan import InputFiles, PlanInputs, PlanRequest, _zoned, build_and_write
from posecoach.commands.zone import SystemZone
from posecoach.errors import PosecoachError, UsageError
from posecoach.plan_folder import DamagedPlanError, PlanFolder
from posecoach.squad.athlete import Athlete, load_athlete
from posecoach.squad.folder import Squad, SquadFolder, read_squad
from posecoach.squad.status import Row, athlete_row, plan_row
from posecoach.store import prepare_folder, write_atomic

State = Literal["built", "unchanged", "failed"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Clock:
    """The run's one reading of the clock, as "today" in any zone (picklable, for workers)."""

    now: datetime

    def __call__(self, zone: str) -> date:
        from zoneinfo import ZoneInfo

        return self.now.astimezone(ZoneInfo(zone)).date()


class Outcome(NamedTuple):
    athlete: str
    state: State
    reason: str | None = None  # why it failed
    bad_input: bool = False  # it failed on a problem in the athlete's or the squad's files
    warnings: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    row: Row | None = None  # the athlete's status, from the plan just built


class SquadResult(NamedTuple):
    squad: Squad
    outcomes: list[Outcome]  # by athlete id
    workers: int  # processes used (1: in this process)

    def count(self, state: State) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state == "failed"]

    def rows(self, folder: SquadFolder, athletes: list[str], clock: Clock) -> list[Row]:
        """Every athlete's status row (squad.html's), those who need the coach first: from
        the plans just built, else read from their plan folders."""
        built = {o.athlete: o.row for o in self.outcomes if o.row is not None}
        rows = [
            built.get(athlete) or athlete_row(folder, athlete, clock, self.squad.rules)
            for athlete in athletes
        ]
        return sorted(rows, key=Row.rank)


class Context(NamedTuple):
    """What every athlete's build shares: read once, sent to each worker once."""

    folder: SquadFolder
    squad: Squad
    clock: Clock
    system: SystemZone


def plan_squad(
    folder: SquadFolder,
    only: list[str],
    clock: Clock,
    system: SystemZone,
    workers: int | None = None,
    progress: Progress | None = None,
) -> SquadResult:
    """Build the plans of the squad's athletes (or those in `only`)."""
    squad = read_squad(folder)  # a problem here is everyone's: raised, nothing built
    athletes = folder.chosen(only)
    context = Context(folder, squad, clock, system)
    count = max(1, min(workers or os.cpu_count() or 1, len(athletes)))
    done: list[Outcome] = []

    def tell(outcome: Outcome) -> None:
        done.append(outcome)
        if progress is not None:
            progress(len(done), len(athletes), outcome.athlete)

    if count == 1:  # one athlete (or one core): a pool would only cost its start-up
        for athlete in athletes:
            tell(plan_one(context, athlete))
    else:
        _in_pool(context, athletes, count, tell)
    return SquadResult(squad, sorted(done, key=lambda o: o.athlete), count)


def _in_pool(
    context: Context, athletes: list[str], count: int, tell: Callable[[Outcome], None]
) -> None:
    # Small batches: fewer round trips than one task per athlete, and still
    # enough of them that both the load and the progress bar stay even.
    size = max(1, min(16, len(athletes) // (count * 8)))
    batches = [athletes[i : i + size] for i in range(0, len(athletes), size)]
    with ProcessPoolExecutor(count, initializer=_start_worker, initargs=(context,)) as pool:
        futures: dict[Future[list[Outcome]], list[str]] = {
            pool.submit(_plan_batch, batch): batch for batch in batches
        }
        for future in as_completed(futures):
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                reason = "its worker process died (out of memory?); run again with {only}"
                outcomes = [Outcome(a, "failed", reason) for a in futures[future]]
            except Exception as error:  # a bug: said per athlete, the others go on
                reason = f"unexpected error ({type(error).__name__}: {error})"
                outcomes = [Outcome(a, "failed", reason) for a in futures[future]]
            for outcome in outcomes:
                tell(outcome)


_WORKER: Context | None = None


def _start_worker(context: Context) -> None:
    global _WORKER
    _WORKER = context


def _plan_batch(athletes: list[str]) -> list[Outcome]:
    assert _WORKER is not None, "the pool's initializer sets the context"
    outcomes = []
    for athlete in athletes:
        try:
            outcomes.append(plan_one(_WORKER, athlete))
        except Exception as error:  # a bug: said for this athlete, the batch goes on
            reason = f"unexpected error ({type(error).__name__}: {error})"
            outcomes.append(Outcome(athlete, "failed", reason))
    return outcomes


def plan_one(context: Context, athlete: str) -> Outcome:
    """One athlete's plan built and written; any problem becomes the outcome."""
    folder = context.folder.plan_folder(athlete)
    try:
        loaded = load_athlete(context.squad, context.folder, athlete)
        before = _snapshot(folder.path)
        inputs = _inputs(context, loaded, folder)
        result = build_and_write(inputs, PlanRequest(folder=folder, today=context.clock))
    except UsageError as error:
        return Outcome(athlete, "failed", error.worded(), bad_input=True)
    except PosecoachError as error:
        return Outcome(athlete, "failed", error.worded())
    except OSError as error:
        return Outcome(athlete, "failed", f"{error.filename or folder}: {error.strerror}")
    state: State = "unchanged" if _snapshot(folder.path) == before else "built"
    day = context.clock(result.plan.timezone)
    row = plan_row(athlete, result.plan, inputs.checkins, day, inputs.rules)
    warnings, cautions = tuple(result.warnings), tuple(result.cautions)
    return Outcome(athlete, state, None, False, warnings, cautions, row)


def _inputs(context: Context, athlete: Athlete, folder: PlanFolder) -> PlanInputs:
    """The athlete's plan inputs, as load_inputs reads a runner's, from what is parsed."""
    squad = context.squad
    warnings: list[str] = []
    try:
        previous = folder.read_header()
    except DamagedPlanError as error:  # it is about to be rebuilt
        previous = None
        warnings.append(f"{error.message}; building it again")
    # The plan folder keeps the merged profile as its own, so it stands alone.
    profile = folder.file(PlanFolder.PROFILE)
    if not profile.is_file() or profile.read_bytes() != athlete.profile_text:
        prepare_folder(folder.path)
        write_atomic(profile, athlete.profile_text)
    own_rules = folder.own(PlanFolder.RULES)
    rules = loaders.load_rules(own_rules) if own_rules is not None else squad.rules
    log = checkin_log.read(folder.checkin_log)
    files = InputFiles(
        profile=profile,
        curriculum=squad.curriculum_files[athlete.curriculum],
        rules=own_rules,
        checkins=folder.own(PlanFolder.CHECKINS),
    )
    runner, zone = _zoned(athlete.profile, previous, lambda: context.system)
    curriculum = squad.curricula[athlete.curriculum]
    return PlanInputs(
        folder, runner, curriculum, rules, log.checkins, files, previous,
        [*warnings, *log.warnings], zone,
    )  # fmt: skip


def _snapshot(path: Path) -> dict[str, tuple[int, int, int]]:
    """Each file's identity and stamp: a write (always a rename) changes them."""
    if not path.is_dir():
        return {}
    found = {}
    for entry in os.scandir(path):
        if entry.is_file() and not entry.name.endswith("-lock"):
            stat = entry.stat()
            found[entry.name] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return found
