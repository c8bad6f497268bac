"""`squad plan`: every athlete's plan built in one run, in parallel across cores.

squad.yaml and its curricula are read once, here; each worker process gets
the parsed models once (the pool's initializer, before it forks), then builds
athletes' plans exactly as `posecoach plan` builds a single runner's
(render_folder, then write_rendered), so a plan folder under plans/ is the same
as a runner's own. Files are only written when their bytes change, and an
athlete whose folder is stamped as built from exactly their inputs is not built
at all (see stamp.py). One athlete's problem is that athlete's outcome, never
the end of the run.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from posecoach import loaders
from posecoach.commands.inputs import InputFiles, PlanInputs, check_missing, history, resolve
from posecoach.commands.plan import (
    PlanRequest,
    Rendered,
    prepare_token,
    render_folder,
    write_rendered,
)
from posecoach.commands.zone import SystemZone
from posecoach.errors import PosecoachError, UsageError
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.folder.stamp import Stamp, athlete_key, fresh, gist, gist_plan, record, run_key
from posecoach.folder.store import clear_leftovers
from posecoach.render.memo import RenderMemo
from posecoach.squad.athlete import Athlete, load_athlete
from posecoach.squad.folder import Squad, SquadFolder, read_squad
from posecoach.squad.status import Row, athlete_row, plan_row

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
    run: str  # the key of what every athlete's build shares (stamp.run_key)


def context_of(folder: SquadFolder, clock: Clock, system: SystemZone) -> Context:
    """squad.yaml and its curricula read and parsed: a problem here is everyone's."""
    folder.require()
    # Its bytes before it is parsed: an edit in between leaves a key that no
    # longer matches, so the next run builds again (never the other way round).
    text = folder.squad_file.read_bytes()
    squad = read_squad(folder)
    own = [path for path in squad.curriculum_files.values() if path is not None]
    return Context(folder, squad, clock, system, run_key(text, own, system.name))


# An athlete to build, with the key of their inputs (None when they could not be
# read: the build says why, and leaves no stamp).
Task = tuple[str, str | None]


def plan_squad(
    folder: SquadFolder,
    only: list[str],
    clock: Clock,
    system: SystemZone,
    workers: int | None = None,
    progress: Progress | None = None,
) -> SquadResult:
    """Build the plans of the squad's athletes (or those in `only`); an athlete whose
    folder is stamped as built from exactly their inputs is skipped, as unchanged."""
    context = context_of(folder, clock, system)
    athletes = folder.chosen(only)
    done: list[Outcome] = []

    def tell(outcome: Outcome) -> None:
        done.append(outcome)
        if progress is not None:
            progress(len(done), len(athletes), outcome.athlete)

    stale: list[Task] = []
    for athlete in athletes:  # in this process: a stamp is read in well under a millisecond
        key, skipped = _skip(context, athlete)
        if skipped is not None:
            tell(skipped)
        else:
            stale.append((athlete, key))
    count = max(1, min(workers or os.cpu_count() or 1, len(stale)))
    if stale:  # before the workers fork, so they share it rather than each doing it
        _warm()
    with _steady_gc():
        if count == 1:  # one athlete (or one core): a pool would only cost its start-up
            _plan_many(context, RenderMemo(), stale, tell)
        else:
            _in_pool(context, stale, count, tell)
    return SquadResult(context.squad, sorted(done, key=lambda o: o.athlete), count)


@contextlib.contextmanager
def _steady_gc() -> Iterator[None]:
    """What is here before the build (modules, templates, curricula) kept out of the
    collector's passes while plans are built, in this process and the workers it
    forks: those passes walked it all again and again, a tenth of the run's time.
    The collector still frees every plan's cycles; the objects go back after."""
    gc.collect()  # nothing already garbage is kept
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _skip(context: Context, athlete: str) -> tuple[str | None, Outcome | None]:
    """The key of the athlete's inputs, and their outcome when their folder is already
    built from exactly those inputs (then nothing is built or written)."""
    folder = context.folder.plan_folder(athlete)
    try:
        key = athlete_key(context.run, context.folder.athlete_file(athlete), folder)
    except OSError:  # the build reads it again, and says what is wrong
        return None, None
    stamp = fresh(folder, key)
    if stamp is None:
        return key, None
    try:
        own_rules = folder.own(PlanFolder.RULES)
        rules = loaders.load_rules(own_rules) if own_rules is not None else context.squad.rules
        checkins = checkin_log.read(folder.checkin_log).checkins
        plan = gist_plan(stamp.gist)
        row = plan_row(athlete, plan, checkins, context.clock(plan.timezone), rules)
    except (PosecoachError, OSError, ValueError, KeyError, TypeError):  # the build says why
        return key, None
    except AttributeError:  # the row reads more of a plan than the gist holds: build it
        return key, None
    outcome = Outcome(
        athlete, "unchanged", None, False, tuple(stamp.warnings), tuple(stamp.cautions), row
    )
    return key, outcome


def _in_pool(
    context: Context, tasks: list[Task], count: int, tell: Callable[[Outcome], None]
) -> None:
    # Batches: fewer round trips than one task per athlete, and still enough
    # of them that both the load and the progress bar stay even.
    size = max(1, min(16, len(tasks) // (count * 8)))
    batches = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    with ProcessPoolExecutor(count, initializer=_start_worker, initargs=(context,)) as pool:
        futures: dict[Future[list[Outcome]], list[Task]] = {
            pool.submit(_plan_batch, batch): batch for batch in batches
        }
        for future in as_completed(futures):
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                reason = "its worker process died (out of memory?); run again with {only}"
                outcomes = [Outcome(a, "failed", reason) for a, _ in futures[future]]
            except Exception as error:  # a bug: said per athlete, the others go on
                outcomes = [Outcome(a, "failed", _unexpected(error)) for a, _ in futures[future]]
            for outcome in outcomes:
                tell(outcome)


def _warm() -> None:
    """Import what building a plan needs and compile its templates, once."""
    from posecoach.engine import build_plan  # noqa: F401
    from posecoach.render import environment, ical, markdown  # noqa: F401

    for template in ("markdown/plan.md.j2", "html/plan.html.j2"):
        environment.environment(template.split("/", 1)[0]).get_template(template)


# A worker process's share of the run: the context, and its memo of rendering (its
# athletes share drill rows: see RenderMemo), set once by the pool's initializer.
_WORKER: tuple[Context, RenderMemo] | None = None


def _start_worker(context: Context) -> None:
    global _WORKER
    _WORKER = (context, RenderMemo())


def _plan_batch(tasks: list[Task]) -> list[Outcome]:
    assert _WORKER is not None, "the pool's initializer sets the context"
    outcomes: list[Outcome] = []
    _plan_many(*_WORKER, tasks, outcomes.append)
    return outcomes


# Rendered athletes waiting for the writer at most: enough to keep the disk busy
# while the next athlete renders, few enough that memory stays flat.
WRITE_AHEAD = 2


def _plan_many(
    context: Context, memo: RenderMemo, tasks: list[Task], tell: Callable[[Outcome], None]
) -> None:
    """Build athletes one after another, each written by a thread while the next one
    renders: writing waits on the disk (every file is flushed), rendering on the CPU."""
    pending: deque[tuple[str, Future[Outcome]]] = deque()

    def collect() -> None:
        athlete, future = pending.popleft()
        try:
            tell(future.result())
        except Exception as error:  # a bug: said for this athlete, the others go on
            tell(Outcome(athlete, "failed", _unexpected(error)))

    with ThreadPoolExecutor(1, thread_name_prefix="posecoach-writer") as writer:
        for athlete, key in tasks:
            try:
                started = _start(context, athlete, memo)
            except Exception as error:  # a bug: said for this athlete, the others go on
                started = Outcome(athlete, "failed", _unexpected(error))
            if isinstance(started, Outcome):
                done: Future[Outcome] = Future()
                done.set_result(started)
                pending.append((athlete, done))
            else:
                pending.append((athlete, writer.submit(_finish, context, started, key)))
            while len(pending) > WRITE_AHEAD:
                collect()
        while pending:
            collect()


def plan_one(context: Context, athlete: str, key: str | None = None) -> Outcome:
    """One athlete's plan built and written; any problem becomes the outcome. With
    `key` (of the inputs, from stamp.athlete_key), the folder is stamped with it."""
    started = _start(context, athlete, RenderMemo())
    return started if isinstance(started, Outcome) else _finish(context, started, key)


class _Started(NamedTuple):
    athlete: str
    folder: PlanFolder
    before: dict[str, tuple[int, int, int]]
    inputs: PlanInputs
    rendered: Rendered


def _start(context: Context, athlete: str, memo: RenderMemo) -> _Started | Outcome:
    """The athlete's inputs read and their outputs rendered, nothing written (but the
    feed's token, when the calendar links to the check-in pages); a problem becomes
    the outcome."""
    folder = context.folder.plan_folder(athlete)
    try:
        loaded = load_athlete(context.squad, context.folder, athlete)
        before = _snapshot(folder.path)
        inputs = _inputs(context, loaded, folder)
        prepare_token(folder, inputs.profile)
        rendered = render_folder(inputs, PlanRequest(folder=folder, today=context.clock), memo)
    except Exception as error:
        return _failed(athlete, folder, error)
    return _Started(athlete, folder, before, inputs, rendered)


def _finish(context: Context, started: _Started, key: str | None) -> Outcome:
    """Write what `_start` rendered, stamp the folder, and give the outcome."""
    athlete, folder, inputs = started.athlete, started.folder, started.inputs
    try:
        result = write_rendered(started.rendered)
    except Exception as error:
        return _failed(athlete, folder, error)
    state: State = "unchanged" if _snapshot(folder.path) == started.before else "built"
    warnings, cautions = tuple(result.warnings), tuple(result.cautions)
    if key is not None:
        with contextlib.suppress(OSError):  # only costs a rebuild next time
            record(folder, key, Stamp(list(warnings), list(cautions), gist(result.plan)))
    day = context.clock(result.plan.timezone)
    row = plan_row(athlete, result.plan, inputs.checkins, day, inputs.rules)
    return Outcome(athlete, state, None, False, warnings, cautions, row)


def _failed(athlete: str, folder: PlanFolder, error: Exception) -> Outcome:
    """A problem with the athlete's files, or the disk, as their outcome; a bug is raised."""
    if isinstance(error, UsageError):
        return Outcome(athlete, "failed", error.worded(), bad_input=True)
    if isinstance(error, PosecoachError):
        return Outcome(athlete, "failed", error.worded())
    if isinstance(error, OSError):
        return Outcome(athlete, "failed", f"{error.filename or folder}: {error.strerror}")
    raise error


def _unexpected(error: Exception) -> str:
    return f"unexpected error ({type(error).__name__}: {error})"


def _inputs(context: Context, athlete: Athlete, folder: PlanFolder) -> PlanInputs:
    """The athlete's plan inputs, as load_inputs reads a runner's, from what is parsed:
    the merged profile becomes the folder's own profile.yaml in the set the build
    writes, so the folder stands alone (and nothing is written before it)."""
    squad = context.squad
    # Older versions wrote the profile on its own, and a kill could leave its
    # temporary file: squad plan wrote it, so squad plan clears it.
    clear_leftovers(folder.path, f".{PlanFolder.PROFILE}.")
    snapshot = Snapshot(folder)
    request = PlanRequest(folder=folder, today=context.clock, system_zone=lambda: context.system)
    last = history(snapshot)
    athlete_file = context.folder.athlete_file(athlete.id)
    check_missing(snapshot, last.record, request._replace(profile=athlete_file))
    own: dict[str, bytes] = {PlanFolder.PROFILE: athlete.profile_text}
    given = squad.curriculum_files[athlete.curriculum]
    if given is not None:
        own[PlanFolder.CURRICULUM] = given.read_bytes()
    own_rules = snapshot.input(PlanFolder.RULES)
    rules_file = folder.file(PlanFolder.RULES) if own_rules is not None else None
    rules = loaders.load_rules(rules_file, own_rules) if rules_file is not None else squad.rules
    if own_rules is not None:
        own[PlanFolder.RULES] = own_rules
    # The calendar's stamps date from the profile's last change: the folder's copy, or
    # the athlete's file when the copy is about to change.
    kept = snapshot.input(PlanFolder.PROFILE) == athlete.profile_text
    profile_file = folder.file(PlanFolder.PROFILE) if kept else athlete_file
    files = InputFiles(profile_file, given, rules_file, None)
    curriculum = squad.curricula[athlete.curriculum]
    return resolve(snapshot, last, request, athlete.profile, curriculum, rules, own, files)


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
