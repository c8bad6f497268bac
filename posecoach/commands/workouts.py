"""FIT workouts kept in a plan folder's workouts/: one a session, named by date and
title, and kept current as the plan changes, as the click tracks are (tracks.py).

A manifest (workouts/.posecoach-workouts) lists the workouts posecoach wrote
there: for each file, the session it follows and a digest of its bytes, and a
digest of the plan.yaml they follow. After every change to the plan each listed
workout is rendered again (a fraction of a millisecond each) and written only
when its bytes change; renamed when its session moved or was retitled; removed
when its session is gone or has nothing to do. Files it does not list are never
touched, nor overwritten.

A crash cannot leave a workout posecoach wrote unlisted, nor half-written: each
file is written beside its name and renamed over it, and before any is written
the manifest lists the old and the new files with no plan digest. The next
command that reads the folder (`refresh`) brings the workouts up to date when
the manifest follows another plan.yaml, or a listed file's bytes are not the
ones it lists (a power cut can empty a file its disk had not stored yet). So
the files, which can always be made again, are not flushed to disk one by one:
36 flushes would double what `plan --watch` adds on a busy disk
(benchmarks/watch.py); the manifest is.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from posecoach.commands.named_session import named_session
from posecoach.commands.tracks import track_stems
from posecoach.errors import PosecoachError, UsageError
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.i18n import _, ngettext

if TYPE_CHECKING:
    from posecoach.model import Plan, Rules, Session

MANIFEST = ".posecoach-workouts"
SUFFIX = ".fit"
_FORMAT = 1  # the manifest's own version


class WorkoutEntry(NamedTuple):
    session: str  # the key of the session it follows
    digest: str  # SHA-256 of its bytes


class WorkoutsResult(NamedTuple):
    folder: Path  # the plan folder's workouts/
    written: list[Path]  # workouts written now
    unchanged: int  # workouts already current
    notes: list[str]  # workouts removed or left alone, and why


class WorkoutFile(NamedTuple):
    session: Session
    week: int
    data: bytes


def workouts_folder(folder: PlanFolder) -> Path:
    return folder.file(PlanFolder.WORKOUTS)


def holds_workouts(folder: PlanFolder) -> bool:
    return (workouts_folder(folder) / MANIFEST).is_file()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(workouts: Path) -> tuple[dict[str, WorkoutEntry], str]:
    """The workouts posecoach wrote in `workouts`, and the digest of the plan they
    follow; none (and no digest) when the manifest is missing or unreadable."""
    try:
        data = json.loads((workouts / MANIFEST).read_text(encoding="utf-8"))
        entries = {
            name: WorkoutEntry(str(entry["session"]), str(entry["digest"]))
            for name, entry in data["workouts"].items()
            if isinstance(name, str) and name.endswith(SUFFIX) and "/" not in name
            and "\\" not in name and not name.startswith(".")
        }  # fmt: skip
        return entries, str(data.get("plan") or "")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, ""


def _write_manifest(workouts: Path, entries: dict[str, WorkoutEntry], plan: str) -> None:
    from posecoach.folder.store import write_atomic

    listed = {name: entry._asdict() for name, entry in sorted(entries.items())}
    text = json.dumps({"version": _FORMAT, "plan": plan, "workouts": listed}, indent=1)
    write_atomic(workouts / MANIFEST, (text + "\n").encode())


def render_all(plan: Plan, tolerance_percent: float) -> dict[str, WorkoutFile]:
    """Every session's workout by file name; a session with nothing to do has none."""
    from posecoach.render.workout import render_workout

    stems = track_stems(plan)
    return {
        stems[session.key] + SUFFIX: WorkoutFile(
            session, week.number,
            render_workout(session, week.number, plan.timezone, tolerance_percent),
        )
        for week in plan.weeks
        for session in week.sessions
        if session.items
    }  # fmt: skip


def worded(plan: Plan, folder: PlanFolder) -> Plan:
    """`plan` with its curriculum's words in the language the command speaks (the plan's
    own, in its folder): the watch shows the session's names and cues as the plan does."""
    from posecoach import i18n
    from posecoach.commands.sheet import in_reading_language

    if i18n.language() == i18n.DEFAULT:
        return plan
    return in_reading_language(Snapshot(folder), plan)[0]


def update_workouts(
    plan: Plan, folder: PlanFolder, tolerance_percent: float, add: Collection[str] = ()
) -> WorkoutsResult:
    """Bring the folder's workouts in line with `plan` (the one its plan.yaml holds),
    first giving the sessions keyed in `add` a workout of their own."""
    workouts = workouts_folder(folder)
    listed, _followed = read_manifest(workouts)
    _clear_leftovers(workouts)
    rendered = render_all(worded(plan, folder), tolerance_percent)
    by_key = {r.session.key: name for name, r in rendered.items()}
    keys = {s.key for s in plan.sessions}
    wanted: dict[str, WorkoutFile] = {}
    gone: dict[str, list[str]] = {}  # reason -> workouts removed for it
    for name, entry in sorted(listed.items()):
        if entry.session in by_key:
            wanted[by_key[entry.session]] = rendered[by_key[entry.session]]
        else:
            reason = (
                _("its session has nothing to do now")
                if entry.session in keys
                else _("its session is gone from the plan")
            )
            gone.setdefault(reason, []).append(name)
    for key in add:
        if key in by_key:
            wanted.setdefault(by_key[key], rendered[by_key[key]])
    notes = [_removed(names, reason) for reason, names in gone.items()]
    foreign = sorted(n for n in wanted if n not in listed and (workouts / n).exists())
    for name in foreign:  # a file of the runner's own by that name: never overwritten
        if (workouts / name).is_file() and (workouts / name).read_bytes() == wanted[name].data:
            continue  # the same bytes: take it on
        del wanted[name]
        notes.append(
            f"left {PlanFolder.WORKOUTS}/{name} alone: posecoach did not write it; move it away"
            " to get that session's workout there"
        )
    due = [n for n, r in wanted.items() if not _holds(workouts / n, r.data)]
    entries = {name: WorkoutEntry(r.session.key, _digest(r.data)) for name, r in wanted.items()}
    try:
        if due:
            workouts.mkdir(parents=True, exist_ok=True)
            _write_manifest(workouts, listed | entries, "")  # every file about to be written
        written = [_write(workouts / name, wanted[name].data) for name in due]
        for name in sorted(set(listed) - set(wanted)):
            (workouts / name).unlink(missing_ok=True)
        if listed or wanted:
            _write_manifest(workouts, entries, _digest(folder.plan_file.read_bytes()))
    except OSError as error:
        raise PosecoachError(f"{workouts}: cannot write ({error.strerror})") from None
    return WorkoutsResult(workouts, written, len(wanted) - len(due), notes)


def follow_plan(plan: Plan, folder: PlanFolder, rules: Rules, every: bool) -> WorkoutsResult | None:
    """After a build: the folder's workouts follow `plan` (with `every`, each session
    gets one); None when the folder holds none and none are asked for."""
    if not every and not holds_workouts(folder):
        return None
    keys = [s.key for s in plan.sessions] if every else []
    return update_workouts(plan, folder, alert_band(rules), keys)


def alert_band(rules: Rules) -> float:
    """How far, in percent, cadence may drift from the target before the watch alerts:
    the range a check-in counts as on target."""
    return rules.cadence.tolerance_percent


def _clear_leftovers(workouts: Path) -> None:
    """Remove the temporary files of a run that was killed while writing here (named
    ".<name>.<pid>.tmp"), never those of a run still going."""
    for path in workouts.glob(".*.tmp"):
        pid = path.name.rsplit(".", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill there would stop the process, not ask after it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or a system that cannot tell: leave it
        return True
    return True


def _intact(path: Path, entry: WorkoutEntry) -> bool:
    """A listed workout as written, or gone (the runner may remove one: the next build
    writes it again, as it does a click track)."""
    try:
        return _digest(path.read_bytes()) == entry.digest
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write(path: Path, data: bytes) -> Path:
    """Written beside its name, then renamed over it: seen whole or not at all (and not
    flushed: see the module's notes)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _removed(names: list[str], reason: str) -> str:
    listed = ", ".join(names[:3])
    if len(names) > 3:
        listed = _("%(listed)s and %(count)s more") % {"listed": listed, "count": len(names) - 3}
    said = {"count": len(names), "folder": PlanFolder.WORKOUTS, "listed": listed, "reason": reason}
    if len(names) == 1:
        return _("removed a workout from %(folder)s/ (%(listed)s): %(reason)s") % said
    # The singular is never said in English (one is 'a workout'), but Polish needs the count.
    many = ngettext(
        "removed %(count)s workout from %(folder)s/ (%(listed)s): %(reason)s",
        "removed %(count)s workouts from %(folder)s/ (%(listed)s): %(reason)s",
        len(names),
    )
    return many % said


def refresh(folder: PlanFolder) -> WorkoutsResult | None:
    """Bring the workouts up to date when a run was cut short between plan.yaml and
    them (their manifest follows another plan.yaml); None when they are current."""
    if not holds_workouts(folder):
        return None
    workouts = workouts_folder(folder)
    listed, followed = read_manifest(workouts)
    try:
        plan_file = folder.plan_file.read_bytes()
    except OSError:
        return None
    if followed == _digest(plan_file) and all(_intact(workouts / n, e) for n, e in listed.items()):
        return None
    try:
        snapshot = Snapshot(folder)
        plan, rules = snapshot.plan(), snapshot.rules()
    except UsageError:
        return None  # the command that reads the plan says what is wrong with it
    return follow_plan(plan, folder, rules, every=False)


class WorkoutRequest(NamedTuple):
    folder: PlanFolder
    today: Callable[[str], date]  # today in a time zone: the default session's day
    session: str | None = None
    day: date | None = None  # the default session's day, if not today
    out: Path | None = None  # default: the folder's workouts/, kept current there


class WorkoutResult(NamedTuple):
    path: Path
    session: Session
    name: str  # the workout's name on the watch
    steps: int
    cadence: tuple[int, int] | None  # steps per minute on the runs, low and high
    kept: WorkoutsResult | None  # in the folder's workouts/: kept current as the plan changes


def _session(plan: Plan, wanted: str | None, day: date) -> Session:
    if wanted is not None:
        return named_session(plan, wanted)
    found = next((s for s in plan.sessions if s.date >= day and s.items), None)
    if found is None:
        said = {"day": day.isoformat(), "end": plan.end.isoformat()}
        raise UsageError(_("no session from %(day)s on: the plan ended %(end)s") % said)
    return found


def write_workout(request: WorkoutRequest) -> WorkoutResult:
    """One session's workout: into the folder's workouts/ (and its manifest), or `out`."""
    from posecoach.folder.store import write_atomic
    from posecoach.render.workout import render_workout, workout_name, workout_steps

    folder = request.folder
    snapshot = Snapshot(folder)
    plan, rules = snapshot.plan(), snapshot.rules()
    day = request.day or request.today(plan.timezone)
    session = _session(worded(plan, folder), request.session, day)
    if not session.items:
        said = _("%(session)s has nothing to do now, so no workout") % {"session": session.title}
        raise UsageError(said, field="session")
    tolerance = alert_band(rules)
    workouts = workouts_folder(folder)
    name = track_stems(plan)[session.key] + SUFFIX
    out = request.out or workouts / name
    if out.suffix.casefold() != SUFFIX:
        said = _("%(name)s: a workout file's name ends in .fit") % {"name": out.name}
        raise UsageError(said, field="out")
    if not out.parent.is_dir() and request.out is not None:
        said = _("the folder %(folder)s does not exist") % {"folder": out.parent}
        raise UsageError(said, field="out")
    kept = out.resolve() == (workouts / name).resolve()
    week = next(w.number for w in plan.weeks if any(s.key == session.key for s in w.sessions))
    result = None
    if kept:  # the folder's copy: listed, and kept current with every other one there
        result = update_workouts(plan, folder, tolerance, add=[session.key])
        if name not in read_manifest(workouts)[0]:
            raise UsageError(
                _("%(file)s: a file posecoach did not write is in the way") % {"file": out},
                _("move it away, or write the workout elsewhere with {out} FILE"),
            )
    else:
        try:
            write_atomic(out, render_workout(session, week, plan.timezone, tolerance))
        except OSError as error:
            failed = {"file": out, "why": error.strerror}
            raise UsageError(_("%(file)s: cannot write (%(why)s)") % failed, field="out") from None
    steps = workout_steps(session, tolerance)
    band = next((s.cadence for s in steps if s.cadence is not None), None)
    cadence = (2 * band[0], 2 * band[1]) if band else None
    return WorkoutResult(out, session, workout_name(session, week), len(steps), cadence, result)
