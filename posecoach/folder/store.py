"""Atomic writes, so nothing on disk is ever half-written.

Every output is rendered in memory first; only then is each file written to a
temporary file beside its target, flushed to disk and renamed over it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from posecoach.errors import PosecoachError, UsageError


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` so that readers see the old file or the new, never a part."""
    # A name of our own beside the target: the same file system, so the rename
    # is atomic. The pid keeps two writers apart; a leftover of a crashed run
    # with our pid is cleared first.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
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
