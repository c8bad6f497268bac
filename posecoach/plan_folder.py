"""The plan folder: the one owner of its file names, its lookups and its discovery.

A plan folder holds a runner's inputs (profile, optional rules and curriculum,
the check-in log), the outputs built from them (plan.yaml, plan.md, plan.html,
plan.ics, weekly sheets, click tracks) and the feed's secret token. Everything
that reads or writes one (the use-cases, the feed, the CLI) asks this class
where a file lives, so a name is spelt once.

Commands find their folder the way git finds a repository: the folder given,
else the current folder when it holds a plan, else the nearest parent that
does, else `./posecoach-plan`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from posecoach.errors import UsageError

if TYPE_CHECKING:
    from posecoach.model import Plan, Rules, RunnerProfile
    from posecoach.render.plan_file import PlanHeader

T = TypeVar("T")


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
    # A digest of the inputs the outputs were built from, written with them.
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
                    f"{given}: no such folder, so it holds no plan yet",
                    "check the path, or run `posecoach plan` first",
                    field="folder",
                )
            if not given.is_dir():
                raise UsageError(f"{given}: is a file, not a plan folder", field="folder")
            return cls(given)
        return cls.discover(cwd) or cls(cls.DEFAULT)

    @classmethod
    def find_or_new(cls, given: Path | None, cwd: Path) -> PlanFolder:
        """Like `find`, for a command that creates the folder when it is not there yet."""
        if given is not None:
            return cls(given)
        return cls.discover(cwd) or cls(cls.DEFAULT)

    @classmethod
    def discover(cls, cwd: Path) -> PlanFolder | None:
        """The nearest folder at or above `cwd` that holds a plan, as a path relative to `cwd`."""
        for candidate in (cwd, *cwd.parents):
            if (candidate / cls.PLAN).is_file():
                return cls(Path(os.path.relpath(candidate, cwd)))
        return None

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

    # ------------------------------------------------------------------ reading

    def holds_plan(self) -> bool:
        return self.plan_file.is_file()

    def read_plan(self) -> Plan:
        """The plan in plan.yaml, or an error that tells no plan from a damaged one."""
        from posecoach.render.plan_file import parse_plan_file

        self._require_plan()
        return self._parsed(parse_plan_file)

    def read_header(self) -> PlanHeader | None:
        """The last plan's curriculum, start and length; None when there is no plan yet."""
        from posecoach.render.plan_file import parse_plan_header

        if not self.holds_plan():
            return None
        return self._parsed(parse_plan_header)

    def header_to_rebuild(self) -> tuple[PlanHeader | None, list[str]]:
        """The last plan's header before a rebuild, and the warning to give when the
        plan is damaged (the rebuild replaces it, so it counts as no plan)."""
        try:
            return self.read_header(), []
        except DamagedPlanError as error:
            return None, [f"{error.message}; building it again"]

    def _require_plan(self) -> None:
        if not self.path.is_dir():
            raise NoPlanError(
                f"{self.path}: no such folder, so no plan yet",
                "run `posecoach plan` first, or name the plan folder with {folder}",
            )
        if not self.holds_plan():
            raise NoPlanError(f"{self.path}: holds no plan yet", "run `posecoach plan` first")

    def _parsed(self, parse: Callable[[str], T]) -> T:
        import yaml
        from pydantic import ValidationError

        path = self.plan_file
        hint = (
            "rebuild it from the folder's profile and check-ins: run `posecoach plan` there"
            " (nothing in the check-in log is lost)"
        )
        try:
            return parse(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            reason = "it is not UTF-8 text"
        except OSError as error:
            raise UsageError(f"{path}: cannot be read ({error.strerror})") from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = "it is not valid YAML" + (f" (line {mark.line + 1})" if mark else "")
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the top level"
            reason = (
                "it does not match this version's plan format, so it is damaged or was"
                f" written by another version of posecoach ({where}: {first['msg']})"
            )
        raise DamagedPlanError(f"{path}: the plan file is damaged: {reason}", hint)

    def load_profile(self) -> RunnerProfile:
        """The folder's own profile, else the built-in default."""
        from posecoach import loaders

        return loaders.load_profile(self.own(self.PROFILE))

    def load_rules(self) -> Rules:
        """The shipped progression rules with the folder's overrides, if any, on top."""
        from posecoach import loaders

        return loaders.load_rules(self.own(self.RULES))

    # ------------------------------------------------------------------ writing

    def write(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write rendered files (by name) as one set: after a crash, all old or all new.

        The set also records which inputs it was built from (see `is_stale`).
        """
        from posecoach.together import write_together

        stamped = {**files, self.BUILT: self.fingerprint(files).encode()}
        return [path for path in write_together(self.path, stamped) if path.name != self.BUILT]

    def fingerprint(self, pending: Mapping[str, bytes] | None = None) -> str:
        """A digest of the folder's inputs (with `pending` as about to be written)."""
        import hashlib

        digest = hashlib.sha256()
        for name in self.INPUTS:
            data = (pending or {}).get(name)
            if data is None:
                path = self.path / name
                data = path.read_bytes() if path.is_file() else b""
            digest.update(f"{name}:{len(data)}:".encode() + hashlib.sha256(data).digest())
        return digest.hexdigest()

    def is_stale(self) -> bool:
        """Whether the outputs are older than the inputs: a check-in or an edit came
        after the last build (or a crash came between them)."""
        built = self.path / self.BUILT
        if not self.holds_plan():
            return False
        try:
            return built.read_text(encoding="ascii").strip() != self.fingerprint()
        except (OSError, UnicodeDecodeError):
            return True

    def repair(self) -> bool:
        """Finish or undo a write a crash interrupted; True when there was one."""
        from posecoach.together import repair

        return repair(self.path)
