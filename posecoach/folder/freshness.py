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
from posecoach.i18n import N_, _, ngettext, pgettext

MISSING = "missing"  # Freshness.unrecorded when there is no record at all
ITS_INPUTS = N_("its inputs")  # what changed in an older version's folder (no record)
# An older version's outputs, whose absence it did not notice: this one does.
LEGACY_OUTPUTS = (PlanFolder.PLAN, PlanFolder.MARKDOWN, PlanFolder.HTML, PlanFolder.ICS)


class Freshness(NamedTuple):
    missing: tuple[str, ...] = ()  # inputs the plan was built from, now gone
    changed: tuple[str, ...] = ()  # inputs edited, added or emptied since the build
    lost: tuple[str, ...] = ()  # outputs that are gone
    altered: tuple[str, ...] = ()  # outputs whose bytes are not the ones written
    version: str | None = None  # the other posecoach that built the outputs
    unrecorded: str | None = None  # why there is no record to go by (MISSING, or the damage)

    @property
    def current(self) -> bool:
        return self == Freshness()

    def reasons(self) -> list[str]:
        """Why the outputs must be rebuilt, as the note that says they were."""
        said = []
        if self.changed:
            changed = _("%(names)s changed after it was built (a check-in or an edit)")
            said.append(changed % {"names": _names(self.changed)})
        if self.lost:
            lost = ngettext("%(names)s was missing", "%(names)s were missing", len(self.lost))
            said.append(lost % {"names": _names(self.lost)})
        if self.altered:
            altered = _(
                "%(names)s did not hold what was written (damaged, or edited by hand: edit the"
                " profile and the plan follows)"
            )
            said.append(altered % {"names": _names(self.altered)})
        if self.version is not None:
            built = _("posecoach %(built)s built it, this is %(this)s")
            said.append(built % {"built": self.version, "this": __version__})
        if self.unrecorded == MISSING:
            said.append(_("its record was missing"))
        elif self.unrecorded is not None:
            damaged = _("its record could not be read (%(why)s)")
            said.append(damaged % {"why": self.unrecorded})
        return said


def check(snapshot: Snapshot) -> Freshness:
    """How the folder's outputs stand against its inputs and record (see the module)."""
    folder = snapshot.folder
    if not folder.holds_plan():
        return Freshness()
    try:
        record = snapshot.record()
    except DamagedRecord as error:
        return _legacy(snapshot)._replace(unrecorded=str(error))
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
        return Freshness(missing, (), lost, unrecorded=MISSING)
    stamp = built.decode("ascii", "replace").strip()
    changed = () if stamp == legacy_fingerprint(snapshot) else (ITS_INPUTS,)
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
    message = ngettext(
        "%(folder)s: %(names)s is missing; the plan was built from it, and is not rebuilt"
        " without it (nor from a default in its place)",
        "%(folder)s: %(names)s are missing; the plan was built from them, and is not rebuilt"
        " without them (nor from a default in their place)",
        len(missing),
    ) % {"folder": folder, "names": _names(missing)}
    ways = []
    if restorable:
        back = _("put back the copy the plan was built from: posecoach repair -d %(folder)s")
        ways.append(back % {"folder": folder})
    if PlanFolder.PROFILE in missing:
        ways.append(_("plan from another profile: posecoach plan {profile} FILE"))
    if PlanFolder.CURRICULUM in missing:
        ways.append(_("plan from another curriculum: posecoach plan {curriculum} NAME|FILE"))
    if PlanFolder.RULES in missing:
        ways.append(_("follow the shipped rules from now on: posecoach plan"))
    if not ways:
        ways.append(_("restore it from a backup of the folder"))
    return UsageError(message, pgettext("between ways", "; or ").join(ways))


def _names(names: tuple[str, ...]) -> str:
    shown = [_(name) if name == ITS_INPUTS else name for name in names]
    if len(shown) == 1:
        return shown[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(shown[:-1]), "last": shown[-1]}
