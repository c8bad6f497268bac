"""fitdecode, driven faster: the reader and the checksum posecoach reads FIT files with.

fitdecode reads a message a field at a time (a read, a struct and a checksum
update for each of its some 20 fields), decodes them all and runs its data
processor on each. Here it runs without the processor; without its own
checksum, which is computed as the bytes stream past (`Checksummed`); and it
reads each message's fields in one go, decoding of a record only the fields
posecoach reads (`_reader_class`). A 1 MB file decodes in a fifth of the time.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from posecoach.fit_crc import crc16 as crc

# Of a record, the fields posecoach reads.
RECORD_FIELDS = {
    "timestamp", "cadence", "fractional_cadence", "enhanced_speed", "speed", "activity_type",
    "stance_time", "vertical_oscillation", "vertical_ratio", "step_length",
}  # fmt: skip
RECORD = 20  # a record's global message number: nearly all of a file's messages
# Of a record, the fields decoded: those read, and one whose components give the
# speed on old watches (speed itself gives enhanced_speed).
_DECODED = RECORD_FIELDS | {"compressed_speed_distance"}
_OVERRIDDEN = ("definition_message", "data_message_raw_values", "bytes")  # fitdecode's _read_*


class Checksummed:
    """The stream fitdecode reads, each FIT file's checksum computed as its bytes pass
    (a file may be several chained), as fitdecode would with CrcCheck.WARN, from the
    sizes its headers give: nothing of the file is kept for it."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self.position = 0  # bytes read so far
        self.end: int | None = None  # where the part the checksum covers ends, once known
        self.crc = 0  # of the FIT file being read, so far
        self.bad = False

    def read(self, size: int = -1) -> bytes:
        data = self._read(size)
        if self.end is None:
            self.crc = crc(data, self.crc)
        elif self.position < self.end:
            self.crc = crc(data[: self.end - self.position], self.crc)
        self.position += len(data)
        return data

    def header(self, frame: Any) -> None:
        # fitdecode checks the header's own checksum even when told not to check.
        self.bad |= frame.crc_matched is False
        self.end = self.position + frame.body_size  # the header was just read

    def footer(self, frame: Any) -> None:
        self.bad |= self.crc != frame.crc
        self.end, self.crc = None, 0  # the next chained file, if any, starts here


def reader(source: Any) -> Any:
    """fitdecode's reader of `source` (bytes, or a stream with `read`), without
    processor and checksum, a message's fields in one go."""
    import fitdecode

    options = {"processor": None, "check_crc": fitdecode.CrcCheck.DISABLED}
    if not all(hasattr(fitdecode.FitReader, f"_read_{name}") for name in _OVERRIDDEN):
        return fitdecode.FitReader(source, **options)  # another fitdecode: slower, as sound
    return _reader_class()(source, **options)


@cache  # made once: fitdecode is imported only when a FIT file is read
def _reader_class() -> type:
    """A FitReader that unpacks a message's fields with one struct per definition,
    with the same checks on each value (the stock one makes a read and a struct per
    field), and skips a record's fields that posecoach does not read (position,
    heart rate, power...: most of a file) unparsed. tests/test_imports_fit_speed.py
    holds it to the stock reader's frames."""
    import fitdecode

    class Reader(fitdecode.FitReader):  # type: ignore[misc]
        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **options)
            # By local message number (16 at most), not by definition: a file may
            # redefine its messages a million times.
            self.plans: dict[int, _Plan | None] = {}

        def _read_definition_message(self, *args: Any) -> Any:
            full = super()._read_definition_message(*args)
            plan = _plan(full, full.global_mesg_num == RECORD)
            if plan is not None and plan.definition is not full:
                # Decoded from here on as the definition of the fields it reads.
                self._local_mesg_defs[full.local_mesg_num] = plan.definition
            self.plans[full.local_mesg_num] = plan
            return full

        def _read_data_message_raw_values(self, definition: Any) -> tuple[list[bytes], list[Any]]:
            plan = self.plans.get(definition.local_mesg_num)
            if plan is None or plan.definition is not definition:
                # A field of no size: the stock reader raises where it should.
                return super()._read_data_message_raw_values(definition)  # type: ignore[no-any-return]
            if not plan.fields:
                return [], []  # a message of no fields (they exist): nothing to read
            chunk = self._read_bytes(plan.unpacker.size)
            values = plan.unpacker.unpack(chunk)
            raw: list[Any] = []
            at = 0
            for count, parse, whole in plan.fields:
                if whole:  # a byte array is one value, invalid only if all of it is
                    raw.append(parse(values[at : at + count]))
                elif count > 1:
                    raw.append(tuple(parse(v) for v in values[at : at + count]))
                else:
                    raw.append(parse(values[at]))
                at += count
            return [chunk], raw

    return Reader


class _Plan(NamedTuple):
    """How to read the data messages of one definition."""

    definition: Any  # the one they are decoded as: a record's only has the fields we read
    unpacker: struct.Struct  # all the message's bytes, skipping the fields left out
    fields: list[tuple[int, Any, bool]]  # each field's number of values, check, byte array


def _plan(definition: Any, trim: bool) -> _Plan | None:
    """One struct for a definition's fields (a record's we read, if `trim`), or None
    when one has no size: the stock reader is left to refuse it."""
    import copy

    from fitdecode import types

    layout, fields, kept = definition.endian, [], []
    for field in definition.all_field_defs:
        base = field.base_type
        count = int(field.size / base.size)
        if count <= 0:
            return None
        if trim and (field.is_dev or field.field is None or field.field.name not in _DECODED):
            layout += f"{field.size}x"  # its bytes skipped, no value made
            continue
        kept.append(field)
        layout += f"{count}{base.fmt}"
        whole = base.identifier == types.BASE_TYPE_BYTE.identifier
        fields.append((1 if base.fmt == "s" else count, base.parse, whole))  # "5s" is one value
    if len(kept) < len(definition.field_defs) + len(definition.dev_field_defs):
        definition = copy.copy(definition)
        definition.field_defs, definition.dev_field_defs = kept, []
    return _Plan(definition, struct.Struct(layout), fields)
