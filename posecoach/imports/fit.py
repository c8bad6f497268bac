"""FIT files (Garmin, Coros, Suunto, Wahoo...) read with fitdecode.

fitdecode streams the file and keeps every record it read before a damaged
part, so a truncated file yields what it holds, with a warning. A FIT file
holds one session per sport (a triathlon has five, transitions included):
each session becomes a leg with the records inside its time window.

The file is read as a stream, a message at a time, and only the samples are
kept: past limits.ACTIVITY_SAMPLES records, or FIT_MESSAGES messages of any
kind, it is refused as it is read, so memory and time are bounded whatever
the file (issue 25).

Speed (issues 14 and 15: a day-long file must not take seconds): fitdecode
runs without its data processor, whose only work we need is turning FIT times
into datetimes (`_moment` does it for the few fields read), and reads as
fit_decoder.py drives it.
"""

from __future__ import annotations

import warnings as warnings_module
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from posecoach import limits
from posecoach.i18n import N_, _, ngettext
from posecoach.imports.activity import Activity, ActivityError, Leg, Moment, Sample
from posecoach.imports.fit_decoder import RECORD, RECORD_FIELDS, Checksummed, reader
from posecoach.imports.legs import sport_of
from posecoach.model import RunningDynamics
from posecoach.render.text import grouped

POSITION_LAT = 0  # a record's field: a watch recording with GPS on defines it

_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all"}
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
        if field is not None and field.name in RECORD_FIELDS:
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
        self.messages = self.records = 0
        # Records defined with a GPS position: their definitions alone say so (decoding
        # a position in every record would cost its time for a yes or no).
        self.located = False

    def take(self, frame: Any) -> bool:
        """Take in one data message; False once the rest of the file is not needed."""
        self.messages += 1
        if self.messages > limits.FIT_MESSAGES:
            said = _(
                "the FIT file holds more than %(count)s messages (a day recorded every second"
                " is some 90,000): posecoach reads one session of up to a day"
            )
            raise ActivityError(said % {"count": grouped(limits.FIT_MESSAGES)})
        name = frame.name
        if name == "record":
            self.records += 1
            if self.records > limits.ACTIVITY_SAMPLES:
                said = _(
                    "the FIT file holds more than %(count)s records (a day recorded every"
                    " second is 86,400): posecoach reads one session of up to a day"
                )
                raise ActivityError(said % {"count": grouped(limits.ACTIVITY_SAMPLES)})
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
                    self._count(self.paused, N_("timer pauses"))
                self.stopped_at = None
        elif name == "session":
            self.sessions.append(values)
            self._count(self.sessions, N_("sessions"))
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

    @staticmethod
    def _count(kept: list[Any], what: str) -> None:
        if len(kept) > limits.ACTIVITY_LAPS:
            said = _("the FIT file holds more than %(count)s %(what)s: not one activity")
            raise ActivityError(said % {"count": grouped(limits.ACTIVITY_LAPS), "what": _(what)})


def _decode(read: Callable[[int], bytes], reading: _Reading) -> list[str]:
    import fitdecode

    warnings: list[str] = []
    failure: Exception | None = None
    checksums = Checksummed(read)
    with warnings_module.catch_warnings():
        # fitdecode warns of what it reads past (an undefined developer field...);
        # what matters of a damaged file is said below.
        warnings_module.simplefilter("ignore")
        frames = iter(reader(checksums))
        while True:
            # Only the decoder is guarded: a mistake in our own handling of a
            # frame must surface as the bug it is, not as "a damaged file".
            try:
                frame = next(frames, None)
            except fitdecode.FitHeaderError:
                raise ActivityError(_("not a FIT file, or its header is damaged")) from None
            except ActivityError:
                raise  # the stream's own: too large, or a .gz file cut short
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
            said = _("the FIT file is damaged: nothing could be read from it (%(why)s)")
            raise ActivityError(said % {"why": why})
        count = len(reading.samples)
        said = ngettext(
            "the file is damaged or ends early (%(why)s); used the %(count)s record before that",
            "the file is damaged or ends early (%(why)s); used the %(count)s records before that",
            count,
        )
        warnings.append(said % {"why": why, "count": count})
    if checksums.bad:
        warnings.append(_("the file's checksum does not match: it may be damaged; read it anyway"))
    return warnings


def read_fit(path: Path, read: Callable[[int], bytes]) -> Activity:
    """The activity in the FIT file that `read` gives a piece at a time."""
    reading = _Reading()
    warnings = _decode(read, reading)
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
