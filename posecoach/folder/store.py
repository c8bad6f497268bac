"""Atomic writes, so nothing on disk is ever half-written.

Every output is rendered in memory first; only then is each file written to a
temporary file beside its target, flushed to disk and renamed over it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from posecoach.errors import PosecoachError, UsageError


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` so that readers see the old file or the new, never a part."""
    # A name of our own beside the target: the same file system, so the rename
    # is atomic. The pid keeps two writers apart; a leftover of a crashed run
    # with our pid is cleared first, and those of writers no longer running.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    clear_leftovers(path.parent, f".{path.name}.")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def clear_leftovers(folder: Path, prefix: str) -> None:
    """Remove the temporary files `<prefix><pid>.tmp` in `folder` whose writer was
    killed before it renamed them: whoever writes a file clears what earlier writes
    of it left."""
    import glob

    for leftover in folder.glob(f"{glob.escape(prefix)}*.tmp"):
        pid = leftover.name[len(prefix) : -len(".tmp")]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # not asked: a leftover stays until the folder is cleaned by hand
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def prepare_folder(folder: Path) -> None:
    """Create a folder to write into, or explain why it cannot be used."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder", "choose another folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{folder}: cannot create the folder ({error.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{folder}: is not writable", "choose another folder")


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write each rendered file into the folder atomically; returns the paths written."""
    prepare_folder(folder)
    written: list[Path] = []
    for name, data in files.items():
        path = folder / name
        try:
            if path.exists() and path.read_bytes() == data:
                written.append(path)  # unchanged: keep its mtime, as a feed's Last-Modified
                continue
            write_atomic(path, data)
        except OSError as error:
            raise PosecoachError(f"{path}: cannot write ({error.strerror})") from None
        written.append(path)
    return written
