"""Click tracks: check the request, then write a track or run the live beat."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from posecoach.audio.sounds import SOUNDS, Sound
from posecoach.audio.timing import MAX_BPM, MIN_BPM, Segment
from posecoach.audio.track import FORMATS, AudioError, Track, write_track
from posecoach.commands.named_session import named_session
from posecoach.commands.tracks import (
    TrackEntry,
    audio_folder,
    default_track,
    digest,
    preferred_suffix,
    read_manifest,
    register,
)
from posecoach.errors import UsageError, did_you_mean
from posecoach.folder.plan_folder import PlanFolder
from posecoach.i18n import _, ngettext
from posecoach.render.amounts import cadence
from posecoach.render.text import fixed, grouped, weekday_date

DEFAULT_MINUTES = 30.0
MAX_MINUTES = 360.0


class MetronomeRequest(NamedTuple):
    bpm: float | None = None
    minutes: float | None = None
    ramp: str | None = None
    accent: int = 0
    sound: str = "click"
    out: Path | None = None
    session: str | None = None
    folder: PlanFolder = PlanFolder(PlanFolder.DEFAULT)
    live: bool = False
    force: bool = False  # replace a file that is there (posecoach's own tracks follow the plan)


def _check_bpm(value: float, field: str) -> float:
    if not math.isfinite(value) or not MIN_BPM <= value <= MAX_BPM:
        said = {"value": f"{value:g}", "low": f"{MIN_BPM:g}", "high": f"{MAX_BPM:g}"}
        raise UsageError(
            _("%(value)s bpm is outside %(low)s to %(high)s") % said,
            _("running cadence is usually 150 to 200 steps per minute"),
            field=field,
        )
    return value


def _ramp(text: str) -> tuple[float, float]:
    parts = text.split(":")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise UsageError(
            _("%(text)r is not FROM:TO") % {"text": text},
            _("for example {ramp} 165:175"),
            field="ramp",
        ) from None
    return _check_bpm(low, "ramp"), _check_bpm(high, "ramp")


def _sound(name: str) -> Sound:
    if name not in SOUNDS:
        raise UsageError(
            _("%(name)r is not a sound") % {"name": name},
            did_you_mean(name, SOUNDS) or _("click, wood or beep"),
            field="sound",
        )
    return name  # type: ignore[return-value]


def _writable(path: Path) -> Path:
    if path.suffix.casefold() not in FORMATS:
        said = _("%(name)s is not .wav, .flac, .ogg or .mp3") % {"name": path.name}
        raise UsageError(said, field="out")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(
            _("the folder %(folder)s does not exist") % {"folder": parent}, field="out"
        )
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(_("%(file)s is not writable") % {"file": path}, field="out")
    if path.is_dir():
        raise UsageError(_("%(file)s is a folder") % {"file": path}, field="out")
    return path


class TrackPlan(NamedTuple):
    """The track asked for, a description of it, where it goes by default, and (for a
    session's track) the entry that keeps it current in the plan folder."""

    track: Track
    text: str
    default: Path
    entry: TrackEntry | None = None


def track_for(request: MetronomeRequest) -> TrackPlan:
    """The track asked for, a description of it, and where it goes by default."""
    from posecoach.audio.session import NoCadenceTarget, session_segments

    sound = _sound(request.sound)
    if request.accent < 0:
        beats = _("%(accent)s is not a number of beats") % {"accent": request.accent}
        raise UsageError(beats, field="accent")
    if request.minutes is not None and not (0 < request.minutes <= MAX_MINUTES):
        said = {"minutes": f"{request.minutes:g}", "most": f"{MAX_MINUTES:g}"}
        raise UsageError(_("%(minutes)s is not between 0 and %(most)s") % said, field="minutes")
    if request.session is not None:
        if request.bpm is not None or request.ramp is not None:
            raise UsageError(_("{session} sets its own tempo: leave out {bpm} and {ramp}"))
        from posecoach.commands.sheet import worded_plan
        from posecoach.folder.snapshot import Snapshot

        snapshot = Snapshot(request.folder)
        plan = snapshot.plan()
        session = named_session(plan, request.session)
        # The session's title in the language the command speaks (its key is the data).
        title = named_session(worded_plan(snapshot), session.key).title
        try:
            segments = session_segments(session)
        except NoCadenceTarget as error:
            raise UsageError(
                str(error),
                _("add baseline_cadence to your profile, or give {bpm}"),
                field="session",
            ) from None
        clicking = [s for s in segments if not s.silent]
        if not clicking or session.cadence is None:
            silent = _("%(session)s has no work done to the beat") % {"session": title}
            raise UsageError(silent, field="session")
        text = _(
            "for %(session)s (%(day)s, a %(minutes)s-min session): %(cadence)s through the"
            " work done to the beat, silent between"
        ) % {
            "session": title,
            "day": weekday_date(session.date),
            "minutes": session.minutes,
            "cadence": cadence(session.cadence),
        }
        default = default_track(request.folder, plan, session.key, preferred_suffix())
        entry = TrackEntry(session.key, request.accent, sound)
        return TrackPlan(Track(segments, request.accent, sound), text, default, entry)
    seconds = (request.minutes or DEFAULT_MINUTES) * 60
    if request.ramp is not None:
        if request.bpm is not None:
            raise UsageError(_("give either {bpm} or {ramp} FROM:TO, not both"))
        low, high = _ramp(request.ramp)
        text = _("from %(low)s to %(high)s bpm") % {"low": f"{low:g}", "high": f"{high:g}"}
        name = f"metronome-{low:g}-{high:g}bpm.wav"
        track = Track([Segment(seconds, low, high)], request.accent, sound)
        return TrackPlan(track, text, Path(name))
    if request.bpm is None:
        raise UsageError(
            _("give {bpm}, {ramp} FROM:TO or {session} KEY"),
            _("for example: %(bpm)s") % {"bpm": 172},
        )
    bpm = _check_bpm(request.bpm, "bpm")
    track = Track([Segment(seconds, bpm, bpm)], request.accent, sound)
    at = _("at %(bpm)s bpm") % {"bpm": f"{bpm:g}"}
    return TrackPlan(track, at, Path(f"metronome-{bpm:g}bpm.wav"))


def run_metronome(request: MetronomeRequest) -> Iterator[str]:
    track, text, default, entry = track_for(request)
    if request.live:
        yield from _live(track, request)
        return
    path = request.out or default
    kept = None
    if entry is not None and path == default:
        # In the plan folder's audio/, the track follows its session from now on.
        kept = entry._replace(
            digest=digest(track.segments, entry.accent, entry.sound, default.suffix)
        )
        if read_manifest(audio_folder(request.folder)).get(path.name) == kept and path.is_file():
            length = duration_text(track.seconds)
            said = {"file": path, "size": size_text(path), "length": length, "text": text}
            yield _("%(file)s (%(size)s) is there and current: a %(length)s track %(text)s.") % said
            return
    elif path.exists() and not request.force:
        raise UsageError(
            _("%(file)s is there already") % {"file": path},
            _("add {force} to replace it, or name another file with {out}"),
        )
    if request.out is None:
        default.parent.mkdir(parents=True, exist_ok=True)
    _writable(path)
    try:
        write_track(track, path)
    except AudioError as error:
        raise UsageError(str(error)) from None
    clicks = sum(1 for _onset in track.onsets())
    length = duration_text(track.seconds)
    said = {"file": path, "size": size_text(path), "length": length, "text": text}
    said["clicks"] = grouped(clicks)
    yield (
        ngettext(
            "Wrote %(file)s (%(size)s): a %(length)s track %(text)s; %(clicks)s click.",
            "Wrote %(file)s (%(size)s): a %(length)s track %(text)s; %(clicks)s clicks.",
            clicks,
        )
        % said
    )
    if kept is not None:
        register(request.folder, path, kept)
        yield _("It is kept current as the plan changes.")


def duration_text(seconds: float) -> str:
    """'25 min', '25 min 1 s', '30 s': a track's length as it plays."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def size_text(path: Path) -> str:
    """A file's size as a person reads it: '812 kB', '158.8 MB'."""
    size = path.stat().st_size
    return f"{fixed(size / 1e6, 1)} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def _live(track: Track, request: MetronomeRequest) -> Iterator[str]:
    from posecoach.audio.live import audio_problem, play_stream, run_beats

    if len(track.segments) != 1 or track.segments[0].start_bpm != track.segments[0].end_bpm:
        raise UsageError(_("{live} plays one steady tempo: give {bpm}"))
    bpm = track.segments[0].start_bpm
    beats = None if request.minutes is None else round(request.minutes * bpm)
    problem = audio_problem()
    stream = None
    if problem is None:
        try:
            stream = play_stream(bpm, request.accent, track.sound)
        except Exception as error:  # a device that fails to open: the bell will do
            problem = _("no audio (%(error)s)") % {"error": error}
    said = {"bpm": f"{bpm:g}", "problem": problem}
    yield (
        _("%(bpm)s bpm; %(problem)s: using the terminal bell. Ctrl-C stops.") % said
        if problem
        else _("%(bpm)s bpm. Ctrl-C stops.") % said
    )
    glyphs = ("●", "○")

    def tick(n: int, _due: float) -> None:
        accent = request.accent and n % request.accent == 0
        mark = glyphs[0] if accent or not request.accent else glyphs[1]
        bell = "\a" if stream is None else ""
        sys.stdout.write(f"\r{bell}{mark} {n + 1:>5}")
        sys.stdout.flush()

    try:
        run_beats(bpm, tick, beats)
    except KeyboardInterrupt:
        pass
    finally:
        if stream is not None:
            stream.close()  # type: ignore[attr-defined]
        sys.stdout.write("\n")
