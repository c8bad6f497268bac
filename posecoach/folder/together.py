"""Writing a set of files so they change together: a crash leaves all old or all new.

Each file of the set is first written in full beside its target (flushed to
disk), then a journal naming every pair is written atomically: that is the
commit. Only then are the files renamed over their targets and the journal
removed. A run that dies before the journal leaves only staged files, which
the next run deletes (the old set stands); one that dies after it leaves the
journal, and the next run finishes the renames (the new set stands). A lock
keeps two writers, or a writer and a repair, from crossing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from posecoach.errors import PosecoachError
from posecoach.folder.store import prepare_folder, reason, write_atomic
from posecoach.i18n import _

JOURNAL = ".posecoach-journal"
LOCK = ".posecoach-lock"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder's writes, held for the block."""
    descriptor = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _staged(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.staged")


def _stage(path: Path, data: bytes) -> Path:
    staged = _staged(path)
    try:
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:  # a full disk: never a part of the file left behind
        staged.unlink(missing_ok=True)
        raise
    return staged


def _commit(folder: Path, pairs: list[tuple[str, str]]) -> None:
    for staged, name in pairs:
        if (folder / staged).exists():
            os.replace(folder / staged, folder / name)
    if sys.platform != "win32":  # the renames themselves reach the disk
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    (folder / JOURNAL).unlink(missing_ok=True)


def _journal_pairs(folder: Path) -> list[tuple[str, str]]:
    """The journal's renames; names only, never a path out of the folder."""
    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    pairs: list[tuple[str, str]] = []
    if isinstance(data, list):
        for pair in data:
            if isinstance(pair, list) and len(pair) == 2 and all(_plain_name(n) for n in pair):
                pairs.append((pair[0], pair[1]))
    return pairs


def _plain_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
    )


def _repair(folder: Path) -> bool:
    """Finish a committed set, drop an uncommitted one; True when there was anything."""
    found = False
    if (folder / JOURNAL).is_file():
        _commit(folder, _journal_pairs(folder))
        found = True
    # Staged files of a set that never committed, and temporary files of the
    # journal or of the outputs (older versions wrote each output on its own).
    patterns = (".*.staged", f".{JOURNAL}.*.tmp", ".plan.*.tmp", ".week-*.tmp")
    for leftover in [path for pattern in patterns for path in folder.glob(pattern)]:
        leftover.unlink(missing_ok=True)
        found = True
    return found


def repair(folder: Path) -> bool:
    """Bring a folder a crash left between two sets back to one (see the module's notes)."""
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return False
    with _locked(folder):
        return _repair(folder)


def write_together(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into `folder` as one set; unchanged files keep
    their modification time (a feed's Last-Modified). Returns every file's path."""
    prepare_folder(folder)
    with _locked(folder):
        _repair(folder)
        pairs: list[tuple[str, str]] = []
        try:
            for name, data in files.items():
                path = folder / name
                if path.is_file() and path.read_bytes() == data:
                    continue
                pairs.append((_stage(path, data).name, name))
            if pairs:
                write_atomic(folder / JOURNAL, json.dumps(pairs).encode())
        except OSError as error:
            for staged, _name in pairs:
                (folder / staged).unlink(missing_ok=True)
            said = _("%(path)s: cannot write (%(why)s)")
            raise PosecoachError(said % {"path": folder, "why": reason(error)}) from None
        if pairs:
            _commit(folder, pairs)
    return [folder / name for name in files]
