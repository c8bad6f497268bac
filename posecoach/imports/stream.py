"""An activity file as a stream of bytes, read a piece at a time.

A reader never holds a whole file: a 60 MB GPX file read whole took 500-870 MB
of memory to parse (issue 25). A .gz file is inflated as it is read, so a small
file that inflates to gigabytes costs neither time nor memory: past
limits.ACTIVITY_BYTES, as stored or inflated, it is refused.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from posecoach import limits
from posecoach.i18n import _
from posecoach.imports.activity import ActivityError

PIECE = 64 * 1024  # what is read from the disk at a time


class Stream:
    """The bytes of an activity file (inflated, for a .gz one), `read` a piece at a
    time; any failure said in words as an ActivityError."""

    def __init__(self, path: Path, most: int = limits.ACTIVITY_BYTES) -> None:
        self.most = most
        self.gzipped = path.name.casefold().endswith(".gz")
        self.size = 0  # bytes read (inflated, for a .gz file) so far
        try:
            if path.stat().st_size > most:
                said = _("the file is larger than %(mb)s MB: not one activity")
                raise ActivityError(said % {"mb": most // 2**20})
            self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 (closed by close)
            if self.gzipped:
                self._check_declared()
        except OSError as error:
            raise ActivityError(
                _("cannot read the file (%(why)s)") % {"why": error.strerror}
            ) from None
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzipped else None
        self._inflated, self._at = b"", 0  # the last piece inflated, and how much was read

    def _check_declared(self) -> None:
        """A .gz file ends with its (last member's) size inflated, modulo 4 GB: one
        that says more than the limit is refused before any of it is inflated. One
        that says less may lie; the count as it inflates holds either way."""
        self._file.seek(0, 2)
        if self._file.tell() >= 18:  # a gzip header and trailer at least
            self._file.seek(-4, 2)
            if int.from_bytes(self._file.read(4), "little") > self.most:
                self._file.close()
                said = _("the .gz file inflates to more than %(mb)s MB: not one activity")
                raise ActivityError(said % {"mb": self.most // 2**20})
        self._file.seek(0)

    def read(self, size: int = PIECE) -> bytes:
        """Up to `size` bytes; b"" at the end."""
        size = PIECE if size < 0 else size
        if self._inflater is not None and self._at < len(self._inflated):
            # What was inflated a piece at a time, handed out in the sizes asked
            # for (a FIT reader asks for a few bytes at a time).
            data = self._inflated[self._at : self._at + size]
            self._at += len(data)
            return data
        try:
            if self._inflater is None:
                data = self._file.read(size)
            else:
                self._inflated, self._at = self._inflate(max(size, PIECE)), 0
                data = self._inflated[:size]
                self._at = len(data)
        except OSError as error:
            raise ActivityError(
                _("cannot read the file (%(why)s)") % {"why": error.strerror}
            ) from None
        except zlib.error as error:
            raise ActivityError(_("not a readable .gz file (%(why)s)") % {"why": error}) from None
        self.size += len(self._inflated) if self._inflater is not None else len(data)
        if self.size > self.most:
            said = (
                _("the .gz file inflates to more than %(mb)s MB: not one activity")
                if self.gzipped
                else _("the file is more than %(mb)s MB: not one activity")
            )
            raise ActivityError(said % {"mb": self.most // 2**20})
        return data

    def _inflate(self, size: int) -> bytes:
        """The next inflated bytes. A .gz file may hold several members, one after
        another: each is inflated in turn."""
        while True:
            assert self._inflater is not None
            if self._inflater.eof:
                rest = self._inflater.unused_data or self._file.read(PIECE)
                if not rest:
                    return b""
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = rest
            else:
                data = self._inflater.unconsumed_tail or self._file.read(PIECE)
                if not data:
                    raise ActivityError(_("the .gz file is cut short"))
            inflated = self._inflater.decompress(data, size)
            if inflated:
                return inflated

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
