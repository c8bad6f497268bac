"""FIT files written byte by byte: the few message kinds a workout file holds.

The FIT protocol (Garmin's published format, which fitdecode and fit-tool
implement too) is small for a file like this: a 14-byte header; for each kind
of message a definition (a local number, the global message number, and each
field's number, size and base type) followed by its data messages; then a
CRC-16 of everything before it. Every message of one kind here shares one
definition, its strings padded to the longest, so a workout needs three.

Why not fit-tool (issue 27 suggested it): measured on this machine it takes
0.15-0.4 s to import and some 18 ms to build one workout, so `plan --watch`
on a 12-week plan would add close to a second; this writer builds one in a
fraction of a millisecond. fit-tool, fitdecode and Garmin's own SDK all decode
every file it writes in the tests (tests/test_workouts.py), and the SDK checks
its integrity.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Literal, NamedTuple

from posecoach.fit_crc import crc16

BaseType = Literal["enum", "uint16", "uint32", "uint32z", "string"]
# Each base type's number in a definition, struct format and "no value" marker.
_BASE: dict[BaseType, tuple[int, str, int]] = {
    "enum": (0x00, "B", 0xFF),
    "uint16": (0x84, "H", 0xFFFF),
    "uint32": (0x86, "I", 0xFFFFFFFF),
    "uint32z": (0x8C, "I", 0),
    "string": (0x07, "s", 0),
}
PROTOCOL_VERSION = 0x10  # 1.0: no 2.0 feature is used, and every device reads 1.0
PROFILE_VERSION = 2171  # 21.171, fitdecode 0.11's: it knows every field written
MAX_STRING_BYTES = 254  # a field's size is one byte, and the string ends in a NUL
FIT_EPOCH_SECONDS = 631065600  # 1989-12-31T00:00:00Z in Unix time: FIT's times count from it

Value = int | str | None  # None: the field has no value in this message


class Kind(NamedTuple):
    """One kind of message as this file writes it: its global number and its fields
    (number and base type), in the order their values come."""

    number: int
    fields: tuple[tuple[int, BaseType], ...]


class Message(NamedTuple):
    kind: Kind
    values: tuple[Value, ...]  # one per field of its kind


class FitEncodingError(ValueError):
    """A message that does not fit its kind: a programming error, never the user's."""


def _text(value: Value) -> bytes:
    if value is None:
        return b""
    if not isinstance(value, str):
        raise FitEncodingError(f"{value!r} is not a string")
    data = value.encode("utf-8")
    if b"\0" in data or len(data) > MAX_STRING_BYTES:
        raise FitEncodingError(f"{value!r}: a FIT string holds no NUL and at most 254 bytes")
    return data


def _layout(kind: Kind, messages: Sequence[Message]) -> tuple[bytes, struct.Struct]:
    """A kind's definition message (without its record header) and the struct of its data:
    each string as wide as its longest value, and its NUL."""
    sizes = []
    formats = ["<"]
    for index, (_, base) in enumerate(kind.fields):
        code, fmt, _ = _BASE[base]
        if base == "string":
            size = 1 + max(len(_text(m.values[index])) for m in messages)
            formats.append(f"{size}s")
        else:
            size = struct.calcsize(f"<{fmt}")
            formats.append(fmt)
        sizes.append((size, code))
    definition = struct.pack("<BBHB", 0, 0, kind.number, len(kind.fields))  # little-endian
    definition += b"".join(
        struct.pack("BBB", number, size, code)
        for (number, _), (size, code) in zip(kind.fields, sizes, strict=True)
    )
    return definition, struct.Struct("".join(formats))


def _data(message: Message, layout: struct.Struct) -> bytes:
    values: list[int | bytes] = []
    for (_, base), value in zip(message.kind.fields, message.values, strict=True):
        if base == "string":
            values.append(_text(value))  # struct pads it with NULs to the field's size
        elif value is None:
            values.append(_BASE[base][2])
        elif isinstance(value, int) and value != _BASE[base][2]:
            values.append(value)
        else:
            raise FitEncodingError(f"{value!r} is not a {base} value")
    try:
        return layout.pack(*values)
    except struct.error as error:
        raise FitEncodingError(str(error)) from None


def fit_file(messages: Sequence[Message]) -> bytes:
    """The messages as one FIT file, in their order, each kind defined before its first
    message (local message numbers 0, 1, 2... by first appearance)."""
    kinds: dict[Kind, int] = {}
    for message in messages:
        if len(message.values) != len(message.kind.fields):
            raise FitEncodingError(f"message {message.kind.number}: a value for every field")
        kinds.setdefault(message.kind, len(kinds))
    if len(kinds) > 16:
        raise FitEncodingError("a FIT file holds at most 16 local message kinds at once")
    layouts = {kind: _layout(kind, [m for m in messages if m.kind == kind]) for kind in kinds}
    body = bytearray()
    defined: set[Kind] = set()
    for message in messages:
        local = kinds[message.kind]
        definition, layout = layouts[message.kind]
        if message.kind not in defined:
            body += bytes([0x40 | local]) + definition
            defined.add(message.kind)
        body += bytes([local]) + _data(message, layout)
    header = struct.pack("<BBHI4s", 14, PROTOCOL_VERSION, PROFILE_VERSION, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16(data))
