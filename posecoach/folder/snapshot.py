"""One command's reading of a plan folder: each file read at most once, plan.yaml
parsed at most once, and all of it passed down rather than read again.

A command (or one request of the server) makes a Snapshot, asks it for what it
needs (the record, an input's bytes, the check-in log, the plan) and passes it
to whatever else needs the folder: the freshness check, the build, the pages.
Nothing here is kept between commands: a server's threads each read their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from posecoach import limits
from posecoach.errors import PosecoachError, UsageError
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import DamagedPlanError, NoPlanError, PlanFolder
from posecoach.folder.record import DamagedRecord, Record, parse_record
from posecoach.folder.store import reason
from posecoach.i18n import _

if TYPE_CHECKING:
    from posecoach.folder.plan_file import PlanHeader
    from posecoach.model import Plan, Rules, RunnerProfile

T = TypeVar("T")
_UNREAD = object()
# The most of each input read: past it, the loaders (or the log) refuse the file.
_YAML_INPUTS = (PlanFolder.PROFILE, PlanFolder.RULES, PlanFolder.CURRICULUM)


class Snapshot:
    """A plan folder as one command reads it."""

    def __init__(self, folder: PlanFolder) -> None:
        self.folder = folder
        self._files: dict[str, bytes | None] = {}
        self._record: object = _UNREAD
        self._log: checkin_log.LogContents | None = None
        self._plan: Plan | None = None
        self._header: object = _UNREAD

    def __repr__(self) -> str:
        return f"Snapshot({self.folder!r})"

    # ------------------------------------------------------------------ files

    def file(self, name: str) -> bytes | None:
        """A file of the folder by name, read once; None when there is none."""
        if name not in self._files:
            self._files[name] = self._read(self.folder.file(name))
        return self._files[name]

    def _read(self, path: Path) -> bytes | None:
        try:
            if path.name in _YAML_INPUTS and path.stat().st_size > limits.YAML_BYTES:
                # Not read: the loaders refuse it by its size, naming the limit.
                from posecoach.loaders import read_document

                read_document(path)
            if path.name == PlanFolder.CHECKINS:
                return checkin_log.read_bytes(path) if path.exists() else None
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except IsADirectoryError:
            raise UsageError(_("%(path)s: is a folder, not a file") % {"path": path}) from None
        except OSError as error:
            said = _("%(path)s: cannot be read (%(why)s)")
            raise PosecoachError(said % {"path": path, "why": reason(error)}) from None

    def input(self, name: str) -> bytes | None:
        """An input the folder holds (an empty check-in log counts as none)."""
        data = self.file(name)
        return None if data is None or (name == PlanFolder.CHECKINS and not data) else data

    def forget(self, *names: str) -> None:
        """Read these files again when next asked (this command has just written them)."""
        for name in names:
            self._files.pop(name, None)
        if PlanFolder.CHECKINS in names:
            self._log = None
        if PlanFolder.RECORD in names:
            self._record = _UNREAD
        if PlanFolder.PLAN in names:
            self._plan, self._header = None, _UNREAD

    # ------------------------------------------------------------------ the record

    def record(self) -> Record | None:
        """The record of the last build; None for a folder an older version built (or
        none built). DamagedRecord when there is one that cannot be read."""
        if self._record is _UNREAD:
            data = self.file(PlanFolder.RECORD)
            try:
                self._record = None if data is None else parse_record(data)
            except DamagedRecord as error:
                self._record = error
        if isinstance(self._record, DamagedRecord):
            raise self._record
        assert self._record is None or isinstance(self._record, Record)
        return self._record

    def readable_record(self) -> tuple[Record | None, list[str]]:
        """The record, or None and a warning when it cannot be read (the folder is
        then rebuilt as an older version's is, and the build writes a new record)."""
        try:
            return self.record(), []
        except DamagedRecord as error:
            path = self.folder.file(PlanFolder.RECORD)
            said = _("%(path)s: the folder's record cannot be read (%(why)s); going by plan.yaml")
            return None, [said % {"path": path, "why": error}]

    def spoken(self) -> str:
        """The language the folder's plan is written in (English for a folder built
        before plans had one, or whose record cannot be read)."""
        return self.recorded_language() or "en"

    def recorded_language(self) -> str | None:
        """The language the record says the plan is written in; None when it says none
        (an older version's record, or none that can be read)."""
        record, _warnings = self.readable_record()
        if record is None or "spoken" not in record.choices.model_fields_set:
            return None
        return record.choices.spoken

    # ------------------------------------------------------------------ contents

    def log(self) -> checkin_log.LogContents:
        """The check-in log, parsed once."""
        if self._log is None:
            self._log = checkin_log.parse(
                self.folder.checkin_log, self.file(PlanFolder.CHECKINS) or b""
            )
        return self._log

    def plan(self) -> Plan:
        """The plan in plan.yaml, parsed once; an error tells no plan from a damaged one."""
        from posecoach.folder.plan_file import parse_plan_file

        if self._plan is None:
            self._require_plan()
            self._plan = self._parsed(parse_plan_file)
        return self._plan

    def with_plan(self, plan: Plan) -> Snapshot:
        """This snapshot once `plan` was built and written: read without parsing it back."""
        self._files.clear()
        self._record, self._log = _UNREAD, None
        self._plan, self._header = plan, _UNREAD
        return self

    def header(self) -> PlanHeader | None:
        """The last plan's curriculum, start and length; None when there is no plan.yaml."""
        from posecoach.folder.plan_file import parse_plan_header

        if self._header is _UNREAD:
            self._header = (
                None if self.file(PlanFolder.PLAN) is None else self._parsed(parse_plan_header)
            )
        return self._header  # type: ignore[return-value]

    def header_to_rebuild(self) -> tuple[PlanHeader | None, list[str]]:
        """The last plan's header before a rebuild, and the warning to give when the
        plan is damaged (the rebuild replaces it, so it counts as no plan)."""
        try:
            return self.header(), []
        except DamagedPlanError as error:
            return None, [_("%(problem)s; building it again") % {"problem": error.message}]

    def profile(self) -> RunnerProfile | None:
        """The folder's own profile, or None when it has none."""
        from posecoach import loaders

        data = self.input(PlanFolder.PROFILE)
        if data is None:
            return None
        return loaders.load_profile(self.folder.file(PlanFolder.PROFILE), data)

    def rules(self, language: str = "en") -> Rules:
        """The shipped progression rules with the folder's overrides, if any, on top;
        their words in `language` (the plan is built from the English ones)."""
        from posecoach import loaders

        data = self.input(PlanFolder.RULES)
        own = self.folder.file(PlanFolder.RULES) if data is not None else None
        return loaders.load_rules(own, data, language=language)

    # ------------------------------------------------------------------ plan.yaml

    def require_plan(self) -> None:
        """That a plan was built here (else NoPlanError); in an older version's folder
        (no record), that plan.yaml reads, as it had to then (else DamagedPlanError)."""
        if not self.folder.holds_plan():
            self._require_plan()
        if self.readable_record()[0] is None:
            self.header()

    def _require_plan(self) -> None:
        path = self.folder.path
        if not path.is_dir():
            raise NoPlanError(
                _("%(path)s: no such folder, so no plan yet") % {"path": path},
                _("run `posecoach plan` first, or name the plan folder with {folder}"),
            )
        if self.file(PlanFolder.PLAN) is None:
            said = _("%(path)s: holds no plan yet") % {"path": path}
            raise NoPlanError(said, _("run `posecoach plan` first"))

    def _parsed(self, parse: Callable[[str], T]) -> T:
        import yaml
        from pydantic import ValidationError

        path = self.folder.plan_file
        hint = _(
            "rebuild it from the folder's profile and check-ins: run `posecoach plan` there"
            " (nothing in the check-in log is lost)"
        )
        try:
            return parse((self.file(PlanFolder.PLAN) or b"").decode("utf-8"))
        except UnicodeDecodeError:
            why = _("it is not UTF-8 text")
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            why = (
                _("it is not valid YAML (line %(line)s)") % {"line": mark.line + 1}
                if mark
                else _("it is not valid YAML")
            )
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or _("the top level")
            why = _(
                "it does not match this version's plan format, so it is damaged or was"
                " written by another version of posecoach (%(where)s: %(what)s)"
            ) % {"where": where, "what": first["msg"]}
        said = _("%(path)s: the plan file is damaged: %(why)s")
        raise DamagedPlanError(said % {"path": path, "why": why}, hint)
