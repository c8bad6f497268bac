"""The plan folder: the one owner of its file names, its lookups and its discovery.

A plan folder holds a runner's inputs (profile, optional rules and curriculum,
the check-in log), the outputs built from them (plan.yaml, plan.md, plan.html,
plan.ics, weekly sheets, click tracks) and the feed's secret token. Everything
that reads or writes one (the use-cases, the feed, the CLI) asks this class
where a file lives, so a name is spelt once.

Commands find their folder the way git finds a repository: the folder given,
else the current folder when it holds a plan, else the nearest parent that
does, else `./posecoach-plan`. A folder holds a plan when it has plan.yaml or
the record of one (plan.yaml may be gone: it is rebuilt from the record).

Reading a folder is a Snapshot's job (snapshot.py), whether it is current a
Freshness check's (freshness.py); this class knows where things are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.errors import UsageError
from posecoach.i18n import _

if TYPE_CHECKING:
    from posecoach.model import Plan


class NoPlanError(UsageError):
    """The folder holds no plan.yaml: nothing has been planned there yet."""


class DamagedPlanError(UsageError):
    """plan.yaml is there but cannot be read: damaged, or written by another version."""


class PlanFolder:
    """One plan folder on disk; `path` is as the user would write it (relative when it can be)."""

    DEFAULT = Path("posecoach-plan")

    # Inputs: what the runner (or their coach) edits, and the check-in log.
    PROFILE = "profile.yaml"
    RULES = "rules.yaml"
    CURRICULUM = "curriculum.yaml"
    CHECKINS = "checkins.jsonl"
    INPUTS = (PROFILE, RULES, CURRICULUM, CHECKINS)
    # Outputs: rebuilt from the inputs whenever they change.
    PLAN = "plan.yaml"
    MARKDOWN = "plan.md"
    HTML = "plan.html"
    ICS = "plan.ics"
    AUDIO = "audio"
    WORKOUTS = "workouts"  # FIT workouts for the watch (posecoach plan --watch)
    # The calendar feed's secret: owner-only, never an output.
    TOKEN = "feed-token"
    # What the outputs were built from (every choice, a digest of every input and
    # output), and a copy of each input to restore from: written with the outputs.
    RECORD = ".posecoach-record"
    COPIES = ".posecoach-inputs"
    # What older versions wrote instead of a record: a digest of the inputs alone.
    BUILT = ".posecoach-built"

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"PlanFolder({str(self.path)!r})"

    def __str__(self) -> str:
        return str(self.path)

    # ------------------------------------------------------------------ discovery

    @classmethod
    def find(cls, given: Path | None, cwd: Path) -> PlanFolder:
        """The folder a command works on: `given`, else the nearest plan at or above `cwd`,
        else the default. A given folder must exist."""
        if given is not None:
            if not given.exists():
                raise NoPlanError(
                    _("%(path)s: no such folder, so it holds no plan yet") % {"path": given},
                    _("check the path, or run `posecoach plan` first"),
                    field="folder",
                )
            if not given.is_dir():
                said = _("%(path)s: is a file, not a plan folder") % {"path": given}
                raise UsageError(said, field="folder")
            return cls(given).inner() or cls(given)
        return cls.discover(cwd) or cls(cls.DEFAULT)

    def inner(self) -> PlanFolder | None:
        """The plan in this folder's ./posecoach-plan, when this folder holds none itself:
        `--dir ~/running` for the plan `posecoach plan` made in ~/running."""
        inside = type(self)(self.path / self.DEFAULT)
        return inside if not self.holds_plan() and inside.holds_plan() else None

    @classmethod
    def find_or_new(cls, given: Path | None, cwd: Path) -> PlanFolder:
        """Like `find`, for a command that creates the folder when it is not there yet."""
        if given is not None:
            return cls(given).inner() or cls(given)
        return cls.discover(cwd) or cls(cls.DEFAULT)

    @classmethod
    def discover(cls, cwd: Path) -> PlanFolder | None:
        """The nearest folder at or above `cwd` that holds a plan, as a path relative to `cwd`."""
        for candidate in (cwd, *cwd.parents):
            if cls(candidate).holds_plan():
                return cls(Path(os.path.relpath(candidate, cwd)))
        return None

    def holds_plan(self) -> bool:
        """Whether a plan was built here: plan.yaml, or the record it was built from."""
        return (self.path / self.PLAN).is_file() or (self.path / self.RECORD).is_file()

    # ------------------------------------------------------------------ files

    def file(self, name: str) -> Path:
        return self.path / name

    def own(self, name: str) -> Path | None:
        """The folder's own copy of an input, if it has one."""
        path = self.path / name
        return path if path.is_file() else None

    @property
    def plan_file(self) -> Path:
        return self.path / self.PLAN

    @property
    def ics_file(self) -> Path:
        return self.path / self.ICS

    @property
    def checkin_log(self) -> Path:
        return self.path / self.CHECKINS

    @property
    def token_file(self) -> Path:
        return self.path / self.TOKEN

    def sheet_file(self, week: int) -> Path:
        """One week's printable sheet, written beside the whole plan's."""
        return self.path / f"week-{week:02d}.html"

    def audio_file(self, session_key: str, suffix: str) -> Path:
        return self.path / self.AUDIO / f"{session_key}{suffix}"

    # ------------------------------------------------------------------ writing

    def write(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write rendered files (by name) as one set: after a crash, all old or all new."""
        from posecoach.folder.together import write_together

        return write_together(self.path, files)

    def repair(self) -> bool:
        """Finish or undo a write a crash interrupted; True when there was one."""
        from posecoach.folder.together import repair

        return repair(self.path)

    def is_stale(self) -> bool:
        """Whether the outputs are not the ones its inputs and record make (see
        freshness.check, which says why)."""
        from posecoach.folder.freshness import check
        from posecoach.folder.snapshot import Snapshot

        return self.holds_plan() and not check(Snapshot(self)).current

    def read_plan(self) -> Plan:
        """The plan in plan.yaml (see Snapshot.plan; a command that reads more of the
        folder keeps its snapshot instead)."""
        from posecoach.folder.snapshot import Snapshot

        return Snapshot(self).plan()
