"""FIT files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

fitdecode streams the file and keeps every record it read before a damaged
part, so a truncated file yields what it holds, with a warning. A FIT file
holds one session per sport (a triathlon has five, transitions included):
each session becomes a leg with the records inside its time window.

Speed (issues 14 and 15: a day-long file must not take seconds). fitdecode
reads a message a field at a time (a read, a struct and a checksum update for
each of its some 20 fields), decodes them all and runs its data processor on
each. Here it runs without the processor, whose only work we need is turning
FIT times into datetimes (`_moment` does it for the few fields read); without
its own checksum, which is computed here in one pass over the bytes (`_crc`);
and it reads each message's fields in one go, decoding of a record only the
fields read (`_reader_class`). A 1 MB file decodes in a fifth of the time.
"""

from __future__ import annotations

import struct
import warnings as warnings_module
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from posecoach.fit_crc import crc16 as _crc
from posecoach.imports.activity import Activity, ActivityError, Leg, Moment, Sample
from posecoach.imports.legs import sport_of
from posecoach.model import RunningDynamics

_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all"}
_RECORD_FIELDS = {
    "timestamp", "cadence", "fractional_cadence", "enhanced_speed", "speed", "activity_type",
    "stance_time", "vertical_oscillation", "vertical_ratio", "step_length",
}  # fmt: skip
_INDOOR = {"treadmill", "indoor_running", "virtual_activity", "indoor_walking"}
SLACK_SECONDS = 2.0  # a record stamped just outside its session still belongs to it
# FIT times count seconds from this moment; below DEVICE_TIME_BELOW they count
# from the device's power-on instead (old watches), and stay plain seconds.
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
DEVICE_TIME_BELOW = 0x10000000
_TIME_FIELDS = {"timestamp", "start_time"}  # the date_time fields posecoach reads
# The messages posecoach reads; a file of another kind is refused whole, so its
# decoding stops at its file_id.
_MESSAGES = {"event", "session", "sport", "activity", "file_id"}
RECORD = 20  # a record's global message number: nearly all of a file's messages
# Of a record, the fields decoded: those read, and one whose components give the
# speed on old watches (speed itself gives enhanced_speed).
_DECODED = _RECORD_FIELDS | {"compressed_speed_distance"}
POSITION_LAT = 0  # a record's field: a watch recording with GPS on defines it
_OVERRIDDEN = ("definition_message", "data_message_raw_values", "bytes")  # fitdecode's _read_*


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _moment(value: Any) -> Moment | None:
    """A FIT date_time as stored (seconds): aware UTC, or seconds since power-on."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None  # invalid (None), or an array where one time belongs
    return FIT_EPOCH + timedelta(seconds=value) if value >= DEVICE_TIME_BELOW else float(value)


def _native(frame: Any) -> dict[str, Any]:
    # Native fields only: developer fields (Stryd's, say) reuse names in other units.
    values = {f.name: f.value for f in frame.fields if not getattr(f.field_def, "is_dev", False)}
    for name in _TIME_FIELDS & values.keys():
        values[name] = _moment(values[name])
    return values


def _sample(frame: Any) -> Sample | None:
    values: dict[str, Any] = {}
    for data in frame.fields:
        field = data.field  # None for a field the profile does not know
        if field is not None and field.name in _RECORD_FIELDS:
            if getattr(data.field_def, "is_dev", False):
                continue  # a developer's "cadence" may be in steps, or anything
            values[field.name] = data.value
    time = _moment(values.get("timestamp"))
    if time is None:
        return None
    cadence = _number(values.get("cadence"))
    if cadence is not None:
        cadence += _number(values.get("fractional_cadence")) or 0.0
    return Sample(
        time=time,
        cadence=cadence,
        speed=_number(values.get("enhanced_speed")) or _number(values.get("speed")),
        walking=values.get("activity_type") == "walking",
        dynamics=(
            _number(values.get("stance_time")),
            _number(values.get("vertical_oscillation")),
            _number(values.get("vertical_ratio")),
            _number(values.get("step_length")),
        ),
    )


class _Reading:
    """What a pass over the frames collects."""

    def __init__(self) -> None:
        self.kind = "activity"
        self.samples: list[Sample] = []
        self.sessions: list[dict[str, Any]] = []
        self.sport = ""
        self.paused: list[tuple[Moment, Moment]] = []
        self.stopped_at: Any = None
        self.local_offset: timedelta | None = None
        # Records defined with a GPS position: their definitions alone say so (decoding
        # a position in every record would cost its time for a yes or no).
        self.located = False

    def take(self, frame: Any) -> bool:
        """Take in one data message; False once the rest of the file is not needed."""
        name = frame.name
        if name == "record":
            sample = _sample(frame)
            if sample is not None:
                self.samples.append(sample)
            return True
        if name not in _MESSAGES:
            return True
        values = _native(frame)
        if name == "event" and values.get("event") == "timer":
            kind = values.get("event_type")
            if kind in _STOPS:
                self.stopped_at = values.get("timestamp")
            elif kind == "start" and self.stopped_at is not None:
                resumed = values.get("timestamp")
                if resumed is not None and type(resumed) is type(self.stopped_at):
                    self.paused.append((self.stopped_at, resumed))
                self.stopped_at = None
        elif name == "session":
            self.sessions.append(values)
        elif name == "sport" and not self.sport:
            self.sport = str(values.get("sport") or "")
        elif name == "file_id" and values.get("type") is not None:
            kind = values["type"]
            # A type the profile does not name stays a number; an array is damage.
            self.kind = str(kind) if isinstance(kind, str | int) else "unknown"
            # A workout, settings or monitoring file is refused whatever it holds:
            # reading on (a day of monitoring is megabytes) would be wasted.
            return self.kind == "activity"
        elif name == "activity":
            local, utc = values.get("local_timestamp"), values.get("timestamp")
            if isinstance(local, int) and isinstance(utc, datetime):
                # local_timestamp is the watch's wall-clock time counted like a
                # UTC one: the difference is the offset.
                self.local_offset = FIT_EPOCH + timedelta(seconds=local) - utc
        return True


class _Checksums:
    """Checks each FIT file's checksum in the stream (a file may be several chained),
    as fitdecode would with CrcCheck.WARN, from the sizes its headers give."""

    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.start = 0  # where the FIT file being read begins
        self.size = 0  # its header and body, which its checksum covers
        self.bad = False

    def header(self, frame: Any) -> None:
        # fitdecode checks the header's own checksum even when told not to check.
        self.bad |= frame.crc_matched is False
        self.size = frame.header_size + frame.body_size

    def footer(self, frame: Any) -> None:
        end = self.start + self.size
        self.bad |= _crc(self.data[self.start : end]) != frame.crc
        self.start = end + 2  # past the footer: the next chained file, if any


def _reader(data: bytes) -> Any:
    """fitdecode's reader, without processor and checksum, a message's fields in one go."""
    import fitdecode

    options = {"processor": None, "check_crc": fitdecode.CrcCheck.DISABLED}
    if not all(hasattr(fitdecode.FitReader, f"_read_{name}") for name in _OVERRIDDEN):
        return fitdecode.FitReader(data, **options)  # another fitdecode: slower, as sound
    return _reader_class()(data, **options)


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


def _decode(data: bytes, reading: _Reading) -> list[str]:
    import fitdecode

    warnings: list[str] = []
    failure: Exception | None = None
    checksums = _Checksums(data)
    with warnings_module.catch_warnings():
        # fitdecode warns of what it reads past (an undefined developer field...);
        # what matters of a damaged file is said below.
        warnings_module.simplefilter("ignore")
        frames = iter(_reader(data))
        while True:
            # Only the decoder is guarded: a mistake in our own handling of a
            # frame must surface as the bug it is, not as "a damaged file".
            try:
                frame = next(frames, None)
            except fitdecode.FitHeaderError:
                raise ActivityError("not a FIT file, or its header is damaged") from None
            except Exception as error:
                # fitdecode raises its own errors, but also ValueError, struct.error,
                # AssertionError... on malformed bytes; what was read before is sound.
                failure = error
                break
            if frame is None:
                break
            kind = frame.frame_type
            if kind == fitdecode.FIT_FRAME_DATA:
                if not reading.take(frame):
                    return warnings  # refused for what it is: its damage does not matter
            elif kind == fitdecode.FIT_FRAME_DEFINITION and frame.global_mesg_num == RECORD:
                reading.located |= any(f.def_num == POSITION_LAT for f in frame.field_defs)
            elif kind == fitdecode.FIT_FRAME_HEADER:
                checksums.header(frame)
            elif kind == fitdecode.FIT_FRAME_CRC:
                checksums.footer(frame)
    if failure is not None:
        why = type(failure).__name__
        if not reading.samples and not reading.sessions:
            raise ActivityError(f"the FIT file is damaged: nothing could be read from it ({why})")
        warnings.append(
            f"the file is damaged or ends early ({why}); "
            f"used the {len(reading.samples)} records before that"
        )
    if checksums.bad:
        warnings.append("the file's checksum does not match: it may be damaged; read it anyway")
    return warnings


def read_fit(path: Path, data: bytes) -> Activity:
    reading = _Reading()
    warnings = _decode(data, reading)
    sessions = reading.sessions or [{"sport": reading.sport}]
    windows = [_window(s) for s in sessions]
    legs = []
    for session, window in zip(sessions, windows, strict=True):
        samples = reading.samples if len(sessions) == 1 else _within(reading.samples, window)
        legs.append(_leg(session, samples, reading.located if reading.samples else None))
    local_date = None
    start = next((w[0] for w in windows if isinstance(w[0], datetime)), None)
    if start is None:
        start = next((s.time for s in reading.samples if isinstance(s.time, datetime)), None)
    if isinstance(start, datetime) and reading.local_offset is not None:
        local_date = (start + reading.local_offset).date()
    return Activity(
        source=path.name,
        legs=legs,
        local_date=local_date,
        paused=reading.paused,
        warnings=warnings,
        kind=reading.kind,
    )


def _window(session: dict[str, Any]) -> tuple[Any, Any]:
    start, end = session.get("start_time"), session.get("timestamp")
    elapsed = _number(session.get("total_elapsed_time"))
    if isinstance(start, datetime) and elapsed is not None:
        end = max(end, start + timedelta(seconds=elapsed)) if isinstance(end, datetime) \
            else start + timedelta(seconds=elapsed)  # fmt: skip
    return start, end


def _within(samples: list[Sample], window: tuple[Any, Any]) -> list[Sample]:
    """The samples stamped inside a session's window (give or take the slack)."""
    start, end = window
    if not isinstance(start, datetime):
        return []
    slack = timedelta(seconds=SLACK_SECONDS)
    low = start - slack
    high = end + slack if isinstance(end, datetime) else datetime.max.replace(tzinfo=UTC)
    return [s for s in samples if isinstance(s.time, datetime) and low <= s.time <= high]


def _leg(session: dict[str, Any], samples: list[Sample], located: bool | None) -> Leg:
    sport = sport_of(session.get("sport"))
    device = _number(session.get("avg_running_cadence")) or _number(session.get("avg_cadence"))
    if device is not None:
        device += _number(session.get("avg_fractional_cadence")) or 0.0
    dynamics = RunningDynamics(
        ground_contact_ms=_positive(session.get("avg_stance_time")),
        vertical_oscillation_mm=_positive(session.get("avg_vertical_oscillation")),
        vertical_ratio_percent=_positive(session.get("avg_vertical_ratio")),
        step_length_mm=_positive(session.get("avg_step_length")),
    )
    has_dynamics = any(v is not None for v in dynamics.model_dump().values())
    rpe = _number(session.get("workout_rpe"))  # Borg CR10 times ten
    feel = _number(session.get("workout_feel"))
    return Leg(
        sport=sport,
        samples=samples,
        device_cadence=device if device else None,
        dynamics=dynamics if has_dynamics else None,
        rpe=None if rpe is None or not 0 <= rpe <= 100 else round(rpe / 10),
        feel=None if feel is None or not 0 <= feel <= 100 else round(feel),
        indoor=str(session.get("sub_sport") or "") in _INDOOR,
        positions=located,
    )


def _positive(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None
