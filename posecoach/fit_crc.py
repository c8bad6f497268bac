"""FIT's CRC-16, the one check both the FIT reader (imports) and the workout writer
(render) compute: CRC-16/ARC, polynomial 0x8005 reflected, starting at 0, a byte at a
time through a table. A FIT file's header ends with the CRC of its first 12 bytes, and
the file with the CRC of everything before it."""

from __future__ import annotations

from functools import reduce

_TABLE = tuple(
    reduce(lambda crc, _: (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1, range(8), byte)
    for byte in range(256)
)


def crc16(data: bytes | memoryview, crc: int = 0) -> int:
    """The CRC of `data`, continuing from `crc` (a file's checksum as its bytes pass)."""
    table = _TABLE  # a local table: this loop runs once a byte
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc
