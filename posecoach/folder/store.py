"""Atomic writes, so nothing on disk is ever half-written.

Every output is rendered in memory first; only then is each file written to a
temporary file beside its target, flushed to disk and renamed over it.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from posecoach import i18n
from posecoach.errors import PosecoachError, UsageError
from posecoach.i18n import N_, _

# What the system says of a failed read or write, in the runner's words: the system's
# own text is English whatever the runner reads (Python leaves LC_MESSAGES alone).
_REASONS = {
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOENT: N_("No such file or directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EIO: N_("Input/output error"),
}


def reason(error: OSError) -> str:
    """Why `error` happened, as the system says it in English (unchanged) and as the
    catalogue says it in another language."""
    said = _REASONS.get(error.errno or 0)
    if said is None or i18n.language() == i18n.DEFAULT:
        return str(error.strerror)
    return _(said)


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
        said = _("%(path)s: exists and is not a folder") % {"path": folder}
        raise UsageError(said, _("choose another folder"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        said = _("%(path)s: cannot create the folder (%(why)s)")
        raise UsageError(said % {"path": folder, "why": reason(error)}) from None
    if not os.access(folder, os.W_OK):
        said = _("%(path)s: is not writable") % {"path": folder}
        raise UsageError(said, _("choose another folder"))


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
            said = _("%(path)s: cannot write (%(why)s)")
            raise PosecoachError(said % {"path": path, "why": reason(error)}) from None
        written.append(path)
    return written
