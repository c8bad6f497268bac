"""The FIT reader's shortcuts (issues 14 and 15) read what fitdecode's stock reader reads.

posecoach.imports.fit runs fitdecode without its data processor and its
checksum, reads each message's fields in one go, and stops at the file_id of a
file it will refuse. These tests hold each shortcut to the stock behaviour on
every FIT file of the corpus and on damaged copies, and count the work it saves
(counts, not seconds: the machines that run the tests are noisy).
"""

from __future__ import annotations

import io
import random
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from fuzzing import count_calls, mutate

from posecoach.fit_crc import crc16 as crc
from posecoach.imports import ActivityError, summarise
from posecoach.imports.fit import read_fit
from posecoach.imports.fit_decoder import RECORD_FIELDS, reader

ACTIVITIES = Path(__file__).parent / "data" / "activities"
FIT_FILES = sorted(p.relative_to(ACTIVITIES).as_posix() for p in ACTIVITIES.rglob("*.fit"))
LARGE = "real-world/fitparse-activity-large-fenxi2-multisport.fit"
SMALL = "garmin-fenix-5-run.fit"
# Damaged copies are made of these (the stock reader takes seconds over the others).
MUTABLE = [n for n in FIT_FILES if (ACTIVITIES / n).stat().st_size < 100_000]


def frames(reader: Any) -> Iterator[tuple[Any, ...]]:
    """What a reader yields, as comparable values (of a record, the fields posecoach
    reads, the only ones it decodes); a failure as its type, last."""
    try:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                fields = tuple(
                    (f.name, f.value, f.raw_value)
                    for f in frame.fields
                    if frame.name != "record"
                    or (f.name in RECORD_FIELDS and not getattr(f.field_def, "is_dev", False))
                )
                yield frame.frame_type, frame.name, fields
            elif frame.frame_type == fitdecode.FIT_FRAME_HEADER:
                yield frame.frame_type, frame.header_size, frame.body_size, frame.crc
            else:
                yield (frame.frame_type,)
    except Exception as error:
        yield ("failed", type(error).__name__)


def stock(data: bytes) -> Any:
    return fitdecode.FitReader(data, processor=None, check_crc=fitdecode.CrcCheck.DISABLED)


def assert_same_frames(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fitdecode warns of the damage it reads past
        assert list(frames(reader(data))) == list(frames(stock(data)))


@pytest.mark.parametrize("name", FIT_FILES)
def test_each_message_read_in_one_go_is_the_stock_message(name: str) -> None:
    assert_same_frames((ACTIVITIES / name).read_bytes())


def test_damaged_files_read_in_one_go_fail_where_the_stock_reader_fails() -> None:
    chance = random.Random(15)
    seeds = [(ACTIVITIES / n).read_bytes() for n in MUTABLE]
    for _ in range(100):
        assert_same_frames(mutate(chance.choice(seeds), chance.choice(seeds), chance))


def fitdecode_warns_of_a_checksum(data: bytes) -> bool:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in frames(fitdecode.FitReader(data, check_crc=fitdecode.CrcCheck.WARN)):
            pass
    return any("crc" in str(w.message).casefold() for w in caught)


def doubts_the_checksum(data: bytes) -> bool | None:
    """Whether posecoach warns of the checksum; None for a file it refuses unread (its
    header is damaged, nothing could be read, or its file_id says it is no activity)."""
    try:
        activity = read_fit(Path("case.fit"), io.BytesIO(data).read)
    except ActivityError:
        return None
    if activity.kind != "activity":
        return None
    return any("checksum" in w for w in activity.warnings)


def test_the_checksum_is_computed_as_fitdecode_computes_it() -> None:
    data = (ACTIVITIES / SMALL).read_bytes()
    body = data[: 14 + int.from_bytes(data[4:8], "little")]
    assert crc(body) == int.from_bytes(data[len(body) : len(body) + 2], "little")
    assert crc(body) == fitdecode.utils.compute_crc(body)
    assert crc(body + crc(body).to_bytes(2, "little")) == 0  # CRC-16 of data and its CRC


@pytest.mark.parametrize("name", MUTABLE)
def test_a_checksum_is_doubted_when_fitdecode_doubts_it(name: str) -> None:
    data = (ACTIVITIES / name).read_bytes()
    chance = random.Random(name)
    cases = [data] + [mutate(data, data, chance) for _ in range(3)]
    doubted = [doubts_the_checksum(case) for case in cases]
    assert doubted == [
        None if ours is None else fitdecode_warns_of_a_checksum(case)
        for ours, case in zip(doubted, cases, strict=True)
    ]
    assert doubted[0] is None or doubted[0] == ("filecrc" in name)


def fit_file(messages: list[bytes], header_crc: bool = True) -> bytes:
    """A FIT file around raw records: a 14-byte header, the records and the checksum."""
    body = b"".join(messages)
    header = struct.pack("<BBHI4s", 14, 0x10, 2093, len(body), b".FIT")
    header += struct.pack("<H", crc(header) if header_crc else 0)
    return header + body + struct.pack("<H", crc(header + body))


def file_id(kind: int, size: int = 1) -> list[bytes]:
    """A file_id definition (local message 0: its `type`, an enum of `size` bytes) and data."""
    definition = struct.pack("<BBBHB3B", 0x40, 0, 0, 0, 1, 0, size, 0)
    return [definition, b"\x00" + bytes([kind]) * size]


def test_each_file_of_a_chain_has_its_checksum_checked(tmp_path: Path) -> None:
    one = (ACTIVITIES / SMALL).read_bytes()
    path = tmp_path / "chained.fit"
    path.write_bytes(one + one)
    assert summarise(path, "UTC").warnings == []
    for damaged in (len(one) - 1, 2 * len(one) - 1):  # either file's checksum
        chain = bytearray(one + one)
        chain[damaged] ^= 0x01
        path.write_bytes(bytes(chain))
        assert any("checksum" in w for w in summarise(path, "UTC").warnings)


def test_the_large_file_is_read_a_message_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 1 MB multisport file took 2.2 s: fitdecode made a read, a struct and a
    checksum update for each of its 485,000 fields, decoded each and ran its data
    processor on each. Now: two reads a message, the checksum once over the bytes,
    no processor, and of a record's 20 fields the 7 posecoach reads decoded."""
    data = (ACTIVITIES / LARGE).read_bytes()
    messages = sum(1 for frame in frames(stock(data)) if frame[0] == fitdecode.FIT_FRAME_DATA)
    reads = count_calls(monkeypatch, fitdecode.FitReader, "_read_bytes")
    checksums = count_calls(monkeypatch, fitdecode.utils, "compute_crc")
    processed = count_calls(monkeypatch, fitdecode.DefaultDataProcessor, "on_process_field")
    decoded = count_calls(monkeypatch, fitdecode.types, "FieldData")
    summary = summarise(ACTIVITIES / LARGE, "UTC")
    assert summary.warnings == []
    assert reads[0] < 2.1 * messages  # a header byte and the fields, and the definitions
    assert checksums[0] <= 1  # fitdecode checks the header's own 12 bytes
    assert processed[0] == 0
    assert decoded[0] < 7.1 * messages


@pytest.mark.parametrize(("kind", "what"), [(2, "settings"), (3, "sport-settings")])
def test_a_file_refused_for_its_kind_is_not_read_past_its_file_id(
    kind: int, what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A monitoring or settings file may be megabytes; this one is damaged after
    # its file_id too (a record of an undefined message), which changes nothing.
    records = [b"\x00" + bytes(60)] * 5000
    path = tmp_path / "not-an-activity.fit"
    path.write_bytes(fit_file([*file_id(kind), b"\x05\x00", *records]))
    reads = count_calls(monkeypatch, fitdecode.FitReader, "_read_record")
    with pytest.raises(ActivityError, match=f"this is a {what} file, not a recorded activity"):
        summarise(path, "UTC")
    assert reads[0] == 2  # the file_id's definition and data


def test_a_file_type_that_is_an_array_is_named_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / "odd.fit"
    path.write_bytes(fit_file(file_id(4, size=3)))
    with pytest.raises(ActivityError, match="a FIT file of no type posecoach knows"):
        summarise(path, "UTC")
