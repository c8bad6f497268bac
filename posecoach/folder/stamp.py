"""Whether an athlete's plan folder is already built from exactly its inputs, so that
`squad plan` skips it without building anything.

After building an athlete, `squad plan` leaves a stamp in the plan folder
(.posecoach-squad): a key (a digest of every input the build reads, by bytes,
and of the run's settings that reach the outputs), the identity of every file
the folder held after the write (inode, size, modification time), and what the
run said about the athlete (warnings, cautions, the gist of the plan its status
row needs). The next run skips the athlete when the key and every file are the
same: building again would read the same bytes and write nothing.

"Today" is not in the key on purpose: it only sets the start date of a plan
built for the first time, and a stamp exists only once a plan has been built
(from then on the plan keeps its start, which plan.yaml holds, and plan.yaml's
identity is in the stamp). The status row, which does depend on today, is
computed afresh from the gist on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from posecoach import resources
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.store import clear_leftovers
from posecoach.model import Plan
from posecoach.model.plan import (
    Adjustment,
    CadenceTarget,
    CheckInRef,
    RegionStatus,
    Session,
    Week,
)

STAMP = ".posecoach-squad"
FORMAT = 2  # bumped when the stamp's layout changes: older stamps only cause a rebuild
# What the outputs' bytes depend on besides posecoach's own code and data.
LIBRARIES = ("pydantic", "pydantic-core", "jinja2", "markupsafe", "icalendar", "pyyaml")
# The folder's inputs besides profile.yaml, which `squad plan` writes itself from
# the athlete's file and squad.yaml (both in the key).
OWN_INPUTS = tuple(name for name in PlanFolder.INPUTS if name != PlanFolder.PROFILE)


@cache
def code_digest() -> str:
    """posecoach's code, templates, curricula and rules, and its libraries' versions:
    a new version of any of them may change the outputs, so it rebuilds every plan."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent.parent
    roots = [package, resources.curricula_dir(), resources.templates_dir()]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                _add(digest, str(path.relative_to(root)), path.read_bytes())
    for library in LIBRARIES:
        try:
            _add(digest, library, version(library).encode())
        except PackageNotFoundError:
            _add(digest, library, b"")
    return digest.hexdigest()


def run_key(squad_text: bytes, curricula: list[Path], system_zone: str) -> str:
    """What every athlete of this run shares: the code, squad.yaml's bytes, the
    squad's own curriculum files, and the settings that reach the outputs."""
    digest = hashlib.sha256(code_digest().encode())
    _add(digest, "squad", squad_text)
    for path in curricula:
        _add(digest, f"curriculum {path}", path.read_bytes())
    # plan.ics's stamps come from SOURCE_DATE_EPOCH, else from the inputs'
    # modification times (the built-in curricula's folder among them).
    mtimes = [int(p.stat().st_mtime) for p in [resources.curricula_dir(), *curricula]]
    _add(digest, "revised", f"{os.environ.get('SOURCE_DATE_EPOCH')}:{mtimes}".encode())
    _add(digest, "zone", system_zone.encode())  # for a profile that names none
    return digest.hexdigest()


def athlete_key(run: str, athlete_file: Path, folder: PlanFolder) -> str:
    """The key of one athlete's build: the run's, their file, and the plan folder's
    own inputs (rules, curriculum, check-in log), all by their bytes."""
    digest = hashlib.sha256(run.encode())
    _add(digest, "athlete", athlete_file.read_bytes())
    for name in OWN_INPUTS:
        path = folder.file(name)
        _add(digest, name, path.read_bytes() if path.is_file() else b"\0absent")
    return digest.hexdigest()


class Stamp(NamedTuple):
    """What the last build said about the athlete, for a run that skips them."""

    warnings: list[str]
    cautions: list[str]
    gist: dict[str, Any]  # see `gist`


def gist(plan: Plan) -> dict[str, Any]:
    """What a status row (status.plan_row) reads of a plan, as JSON data: a few
    kilobytes, where reading plan.yaml back takes longer than building the plan."""
    return {
        "runner": plan.runner,
        "timezone": plan.timezone,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "weeks": [
            [w.number, w.start.isoformat(), w.end.isoformat(), w.cadence.spm,
             [[s.key, s.date.isoformat()] for s in w.sessions]]
            for w in plan.weeks
        ],
        "adjustments": [  # those of check-ins, and the profile's current injuries
            [a.week, a.rule, a.id, a.params,
             a.checkin.model_dump(mode="json") if a.checkin is not None else None]
            for a in plan.adjustments
            if a.checkin is not None or a.id == "injury.current"
        ],
        "regions": [r.model_dump(mode="json") for r in plan.regions],
    }  # fmt: skip


def gist_plan(data: dict[str, Any]) -> Plan:
    """The plan a gist came from, holding only what status.plan_row reads (a test
    keeps the two in step). Built without validation: the data is our own stamp's,
    and every value is converted to its type here (a ValueError, KeyError or
    TypeError when the stamp is not one)."""
    day = date.fromisoformat
    weeks = [
        _partial(
            Week,
            number=int(number),
            start=day(start),
            end=day(end),
            cadence=_partial(
                CadenceTarget, step=0, percent=0.0, spm=None if spm is None else int(spm)
            ),
            sessions=[_partial(Session, key=str(k), date=day(d)) for k, d in sessions],
        )
        for number, start, end, spm, sessions in data["weeks"]
    ]
    adjustments = [
        _partial(
            Adjustment,
            week=int(w),
            rule=str(r),
            id=str(i),
            params=dict(p),
            checkin=None if c is None else CheckInRef.model_validate(c),
        )
        for w, r, i, p, c in data["adjustments"]
    ]
    runner, zone, start = str(data["runner"]), str(data["timezone"]), day(data["start"])
    end = day(data["end"])
    regions = [RegionStatus.model_validate(r) for r in data["regions"]]
    return _partial(
        Plan,
        runner=runner,
        timezone=zone,
        start=start,
        end=end,
        weeks=weeks,
        adjustments=adjustments,
        regions=regions,
    )


def fresh(folder: PlanFolder, key: str) -> Stamp | None:
    """The folder's stamp when it was built with `key` and no file has changed since.
    A stamp a killed run wrote but never renamed is cleared (squad plan owns them)."""
    clear_leftovers(folder.path, f"{STAMP}.")
    try:
        data = json.loads((folder.path / STAMP).read_bytes())
        if data["format"] != FORMAT or data["key"] != key or data["files"] != _files(folder):
            return None
        return Stamp(list(data["warnings"]), list(data["cautions"]), dict(data["gist"]))
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or not one of ours
        return None


def record(folder: PlanFolder, key: str, stamp: Stamp) -> None:
    """Stamp the folder just built from the inputs `key` was made from.

    Not flushed to disk: the outputs were, before this, and a stamp lost in a
    crash only costs a rebuild. The files are listed after the write, so a
    check-in that came during the build leaves a stamp that no longer matches.
    """
    data = {
        "format": FORMAT,
        "key": key,
        "files": _files(folder),
        "warnings": stamp.warnings,
        "cautions": stamp.cautions,
        "gist": stamp.gist,
    }
    target = folder.path / STAMP
    temporary = target.with_name(f"{STAMP}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, target)


def _files(folder: PlanFolder) -> dict[str, list[int]]:
    """Every file in the folder (and its audio/) by name: inode, size, modification
    time. Any write (always a rename), edit or removal changes one of them."""
    found: dict[str, list[int]] = {}
    for base in (folder.path, folder.path / PlanFolder.AUDIO):
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(STAMP) or entry.name.endswith("-lock") or entry.is_dir():
                continue
            stat = entry.stat()
            name = os.path.relpath(entry.path, folder.path)
            found[name] = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
    return dict(sorted(found.items()))


M = TypeVar("M", bound=BaseModel)


def _partial(model: type[M], **fields: Any) -> M:
    """`model` holding only `fields`: a partial plan, by design (see `gist_plan`)."""
    return model.model_construct(**fields)


def _add(digest: Any, label: str, data: bytes) -> None:
    """A labelled, length-prefixed part, so no two inputs run together."""
    digest.update(f"{label}:{len(data)}:".encode())
    digest.update(data)
