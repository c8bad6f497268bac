"""The check-in log (a plan folder's checkins.jsonl): append-only JSON lines, safe to share.

Each check-in is one line, written whole under an exclusive file lock and
flushed to disk before the lock is released, so two processes checking in at
once lose nothing. A crash mid-write can leave at most a partial last line;
reading skips it (with a warning) and never touches the lines before it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from posecoach.errors import PosecoachError
from posecoach.model import CheckIn


def _lock(descriptor: int) -> None:
    """An exclusive lock on the log, released when the descriptor closes."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)


def append(path: Path, checkin: CheckIn) -> Path:
    """Add one check-in to the log at `path`."""
    line = checkin.model_dump_json(exclude_defaults=True) + "\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as error:
        raise PosecoachError(f"{path}: cannot open the check-in log ({error.strerror})") from None
    try:
        _lock(descriptor)  # released when the descriptor closes
        # A crash may have left a partial line: start ours on a line of its own.
        size = os.fstat(descriptor).st_size
        if size:
            with open(path, "rb") as reader:
                reader.seek(size - 1)
                if reader.read(1) != b"\n":
                    line = "\n" + line
        os.write(descriptor, line.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return path


class LogContents(NamedTuple):
    checkins: list[CheckIn]
    warnings: list[str]


def read(path: Path) -> LogContents:
    """Every readable check-in of the log at `path`, oldest first."""
    if not path.exists():
        return LogContents([], [])
    checkins: list[CheckIn] = []
    warnings: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                checkins.append(CheckIn.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError):
                warnings.append(f"{path}:{number}: not a readable check-in; skipped")
    checkins.sort(key=lambda c: (c.date, c.recorded))
    return LogContents(checkins, warnings)
