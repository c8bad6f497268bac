"""The check-in log (a plan folder's checkins.jsonl): append-only JSON lines, safe to share.

Each record is one line, written whole under an exclusive file lock and
flushed to disk before the lock is released, so two processes checking in at
once lose nothing. A crash mid-write can leave at most a partial last line;
reading skips it (with a warning) and never touches the lines before it.

A check-in's id is its line number: stable, since lines are only ever added.
Taking a check-in back appends a retraction naming that id; the log is never
edited in place, so the history of what was said stays readable.

A log larger than any plan's (limits.CHECKIN_LOG_BYTES) is refused, naming the
file: never read whole, and never taken for no log.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from posecoach import limits
from posecoach.errors import PosecoachError, UsageError
from posecoach.folder.store import reason
from posecoach.i18n import _
from posecoach.model import CheckIn, Retraction
from posecoach.render.text import fixed


def _lock(descriptor: int) -> None:
    """An exclusive lock on the log, released when the descriptor closes."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)


class HeldLog:
    """The log held by one writer (see `held`): what it holds now, and one record
    appended that can be taken out again while the lock lasts."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path, self._descriptor = path, descriptor
        self._before: int | None = None  # the log's size before our record

    def contents(self) -> bytes:
        """The log's bytes now (no other writer can change them while it is held)."""
        _check_size(self.path, os.fstat(self._descriptor).st_size)  # it is read whole
        with open(self.path, "rb") as reader:
            return reader.read()

    def append(self, record: CheckIn | Retraction) -> int:
        """Add one record; returns its id (its line number)."""
        existing = self.contents()
        line = record.model_dump_json(exclude_defaults=True) + "\n"
        # A crash may have left a partial line: start ours on a line of its own.
        if existing and not existing.endswith(b"\n"):
            line = "\n" + line
        number = existing.count(b"\n") + line.count("\n")
        self._before = len(existing)
        try:
            data = line.encode()
            while data:  # a full disk may take part of it, then refuse the rest
                data = data[os.write(self._descriptor, data) :]
            os.fsync(self._descriptor)
        except OSError as error:
            self.take_back()  # a short write (a full disk) leaves nothing behind
            said = _("%(path)s: cannot add to the check-in log (%(why)s)")
            raise PosecoachError(said % {"path": self.path, "why": reason(error)}) from None
        return number

    def take_back(self) -> None:
        """Remove the record `append` added (the outputs could not follow it): the
        log is as it was. Shortening a file needs no space, so it works on a full disk."""
        if self._before is not None:
            os.ftruncate(self._descriptor, self._before)
            os.fsync(self._descriptor)
            self._before = None


@contextlib.contextmanager
def held(path: Path) -> Iterator[HeldLog]:
    """The log at `path` under an exclusive lock for the block (made if there is none):
    a writer appends and builds its outputs before another can append."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as error:
        said = _("%(path)s: cannot open the check-in log (%(why)s)")
        raise PosecoachError(said % {"path": path, "why": reason(error)}) from None
    try:
        _lock(descriptor)  # released when the descriptor closes
        yield HeldLog(path, descriptor)
    finally:
        os.close(descriptor)


def append(path: Path, record: CheckIn | Retraction) -> int:
    """Add one record to the log at `path`; returns its id (its line number)."""
    with held(path) as log:
        return log.append(record)


def _check_size(path: Path, size: int) -> None:
    """Refuse a log larger than any plan's: reading it would take seconds and memory,
    and it is more likely some other file than years of check-ins."""
    if size > limits.CHECKIN_LOG_BYTES:
        megabytes = math.ceil(size * 10 / 2**20) / 10  # rounded up: never "4.0 MB, over 4 MB"
        said = _(
            "%(path)s: the check-in log is %(size)s MB, more than the %(most)s MB posecoach"
            " reads (a decade of daily check-ins is about 1 MB)"
        )
        raise UsageError(
            said
            % {
                "path": path,
                "size": fixed(megabytes, 1),
                "most": limits.CHECKIN_LOG_BYTES // 2**20,
            },
            _(
                "if it is not this plan's log, move it out of the plan folder; if it is,"
                " keep that folder as a record and make the next plan in a new folder"
            ),
        )


class LogEntry(NamedTuple):
    """One check-in as the log holds it, with its id and, if taken back, by which line."""

    id: int
    checkin: CheckIn
    retracted_by: int | None = None


class LogContents(NamedTuple):
    checkins: list[CheckIn]  # the check-ins in force, oldest first
    warnings: list[str]
    entries: list[LogEntry]  # every check-in in log order, retracted ones included


def read_bytes(path: Path) -> bytes:
    """The log at `path` as bytes: empty when there is no log, and only then."""
    try:
        with open(path, "rb") as handle:
            _check_size(path, os.fstat(handle.fileno()).st_size)
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):  # no such file, or no such folder
        return b""
    except OSError as error:  # not readable, a folder: said, never taken for no check-ins
        said = _("%(path)s: cannot read the check-in log (%(why)s)")
        raise PosecoachError(said % {"path": path, "why": reason(error)}) from None


def read(path: Path) -> LogContents:
    """Every readable check-in of the log at `path`, and which of them stand."""
    return parse(path, read_bytes(path))


def parse(path: Path, data: bytes) -> LogContents:
    """The check-ins in `data`, the log at `path` (named in warnings) as read."""
    # Lines as a text-mode read splits them: any of \n, \r\n or \r ends one.
    text = io.StringIO(data.decode("utf-8", errors="replace"), newline=None).readlines()
    entries: dict[int, LogEntry] = {}
    warnings: list[str] = []
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            found = json.loads(line)
            if isinstance(found, dict) and "retracts" in found:
                retraction = Retraction.model_validate(found)
                taken = entries.get(retraction.retracts)
                if taken is None or taken.retracted_by is not None:
                    said = _(
                        "%(path)s:%(line)s: takes back check-in %(id)s, which is not a check-in"
                        " in force; ignored"
                    )
                    warnings.append(
                        said % {"path": path, "line": number, "id": retraction.retracts}
                    )
                else:
                    entries[retraction.retracts] = taken._replace(retracted_by=number)
                continue
            entries[number] = LogEntry(number, CheckIn.model_validate(found))
        except (json.JSONDecodeError, ValidationError):
            said = _("%(path)s:%(line)s: not a readable check-in; skipped")
            warnings.append(said % {"path": path, "line": number})
    # A check-in that replaces another takes it back in the same line (written whole,
    # so a crash never leaves the session with neither); taken back itself, it does not.
    for number, entry in list(entries.items()):
        old = entry.checkin.replaces
        if entry.retracted_by is not None or old is None:
            continue
        if old in entries and entries[old].retracted_by is None:
            entries[old] = entries[old]._replace(retracted_by=number)
    listed = list(entries.values())
    standing = [e.checkin for e in listed if e.retracted_by is None]
    standing.sort(key=lambda c: (c.date, c.recorded))
    return LogContents(standing, warnings, listed)
