"""Whether a plan folder's outputs are the ones its record says were built from the
inputs it holds now: the one check the CLI, `serve` and `squad` ask.

Against the record, by content: an input the plan was built from and that is
gone is *missing* (named, never replaced by a default: `posecoach repair` puts
back the copy the record keeps); one edited, added or emptied since is
*changed*; an output that is gone is *lost*, one whose bytes are not those
written is *altered* (damaged, or edited by hand); and outputs another
posecoach version wrote are rebuilt by this one. A folder an older version
built (no record) is checked as it was then: the inputs against the digest in
.posecoach-built.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from posecoach import __version__
from posecoach.errors import UsageError
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.record import DamagedRecord, digest
from posecoach.folder.snapshot import Snapshot

# An older version's outputs, whose absence it did not notice: this one does.
LEGACY_OUTPUTS = (PlanFolder.PLAN, PlanFolder.MARKDOWN, PlanFolder.HTML, PlanFolder.ICS)


class Freshness(NamedTuple):
    missing: tuple[str, ...] = ()  # inputs the plan was built from, now gone
    changed: tuple[str, ...] = ()  # inputs edited, added or emptied since the build
    lost: tuple[str, ...] = ()  # outputs that are gone
    altered: tuple[str, ...] = ()  # outputs whose bytes are not the ones written
    version: str | None = None  # the other posecoach that built the outputs
    unrecorded: str | None = None  # why there is no record to go by ("was missing")

    @property
    def current(self) -> bool:
        return self == Freshness()

    def reasons(self) -> list[str]:
        """Why the outputs must be rebuilt, as the note that says they were."""
        said = []
        if self.changed:
            said.append(
                f"{_names(self.changed)} changed after it was built (a check-in or an edit)"
            )
        if self.lost:
            said.append(f"{_names(self.lost)} {'was' if len(self.lost) == 1 else 'were'} missing")
        if self.altered:
            said.append(
                f"{_names(self.altered)} did not hold what was written (damaged, or edited by"
                " hand: edit the profile and the plan follows)"
            )
        if self.version is not None:
            said.append(f"posecoach {self.version} built it, this is {__version__}")
        if self.unrecorded is not None:
            said.append(f"its record {self.unrecorded}")
        return said


def check(snapshot: Snapshot) -> Freshness:
    """How the folder's outputs stand against its inputs and record (see the module)."""
    folder = snapshot.folder
    if not folder.holds_plan():
        return Freshness()
    try:
        record = snapshot.record()
    except DamagedRecord as error:
        return _legacy(snapshot)._replace(unrecorded=f"could not be read ({error})")
    if record is None:
        return _legacy(snapshot)
    missing, changed = [], []
    for name in PlanFolder.INPUTS:
        data = snapshot.input(name)
        built = record.inputs.get(name)
        if data is None:
            if built is not None:
                missing.append(name)
        elif digest(data) != built:
            changed.append(name)
    lost, altered = [], []
    for name, built in sorted(record.outputs.items()):
        data = snapshot.file(name)
        if data is None and name.startswith(_SHEETS):
            continue  # a week's sheet the runner removed is not wanted any more
        if data is None:
            lost.append(name)
        elif digest(data) != built:
            altered.append(name)
    version = record.posecoach if record.posecoach != __version__ else None
    return Freshness(tuple(missing), tuple(changed), tuple(lost), tuple(altered), version)


def _legacy(snapshot: Snapshot) -> Freshness:
    """An older version's folder: its inputs against .posecoach-built, its outputs there."""
    lost = tuple(name for name in LEGACY_OUTPUTS if snapshot.file(name) is None)
    missing = () if snapshot.input(PlanFolder.PROFILE) is not None else (PlanFolder.PROFILE,)
    built = snapshot.file(PlanFolder.BUILT)
    if built is None:  # neither a record nor an older version's digest: rebuild to know
        return Freshness(missing, (), lost, unrecorded="was missing")
    stamp = built.decode("ascii", "replace").strip()
    changed = () if stamp == legacy_fingerprint(snapshot) else ("its inputs",)
    return Freshness(missing, changed, lost)


_SHEETS = "week-"  # week-NN.html, written by `posecoach sheet` and kept current after


def legacy_fingerprint(snapshot: Snapshot) -> str:
    """The digest of the inputs an older version wrote to .posecoach-built."""
    found = hashlib.sha256()
    for name in PlanFolder.INPUTS:
        data = snapshot.file(name) or b""
        found.update(f"{name}:{len(data)}:".encode() + hashlib.sha256(data).digest())
    return found.hexdigest()


def inputs_key(snapshot: Snapshot) -> str:
    """A digest of every input the folder holds now: the same key, the same inputs."""
    parts = [f"{name}={digest(snapshot.input(name) or b'')}" for name in PlanFolder.INPUTS]
    return digest(";".join(parts).encode())


def missing_error(folder: PlanFolder, missing: tuple[str, ...], restorable: bool) -> UsageError:
    """The error for inputs the plan was built from that are gone: named, with the way
    back (the record's copies, or another file given on the command line)."""
    names = _names(missing)
    verb = "is" if len(missing) == 1 else "are"
    them = "it" if len(missing) == 1 else "them"
    message = (
        f"{folder}: {names} {verb} missing; the plan was built from {them}, and is not"
        f" rebuilt without {them} (nor from a default in {'its' if them == 'it' else 'their'}"
        " place)"
    )
    ways = []
    if restorable:
        ways.append(f"put back the copy the plan was built from: posecoach repair -d {folder}")
    if PlanFolder.PROFILE in missing:
        ways.append("plan from another profile: posecoach plan {profile} FILE")
    if PlanFolder.CURRICULUM in missing:
        ways.append("plan from another curriculum: posecoach plan {curriculum} NAME|FILE")
    if PlanFolder.RULES in missing:
        ways.append("follow the shipped rules from now on: posecoach plan")
    if not ways:
        ways.append("restore it from a backup of the folder")
    return UsageError(message, "; or ".join(ways))


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
