"""Click tracks as a stream of PCM pieces, and the writers that save them.

Only the current click and a shared block of silence are ever in memory, so
a track of any length renders in flat memory. WAV needs nothing beyond the
standard library; FLAC, OGG and MP3 go through soundfile (the `audio` extra).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from posecoach.audio.sounds import Sound, click_samples, pcm16
from posecoach.audio.timing import Onset, Segment, onsets, sample_index
from posecoach.folder.store import reason
from posecoach.i18n import _

RATE = 44100
PRE_ROLL = 0.5  # seconds of silence first: detectors (and ears) miss a click at t = 0
TAIL = 0.5
_SILENCE = bytes(2 * RATE)  # one second of 16-bit silence, sliced as needed


class Track(NamedTuple):
    segments: list[Segment]
    accent_every: int = 0
    sound: Sound = "click"
    rate: int = RATE

    @property
    def seconds(self) -> float:
        return PRE_ROLL + sum(s.seconds for s in self.segments) + TAIL

    @property
    def frames(self) -> int:
        return sample_index(self.seconds, self.rate)

    def onsets(self) -> Iterator[Onset]:
        return onsets(self.segments, self.accent_every, PRE_ROLL)


def pcm_events(track: Track) -> Iterator[int | bytes]:
    """The whole track as 16-bit mono PCM: a number of silent frames, or a click's bytes."""
    plain = pcm16(click_samples(track.sound, track.rate, accent=False))
    accented = pcm16(click_samples(track.sound, track.rate, accent=True))
    position = 0  # in frames
    for onset in track.onsets():
        at = sample_index(onset.time, track.rate)
        if at < position:  # cannot happen at 240 bpm or less: clicks are shorter than a beat
            raise ValueError("clicks overlap")
        if at > position:
            yield at - position
        click = accented if onset.accent else plain
        yield click
        position = at + len(click) // 2
    if track.frames > position:
        yield track.frames - position


def pcm_pieces(track: Track) -> Iterator[bytes | memoryview]:
    """The track's PCM bytes in pieces (silence as slices of one shared block)."""
    view = memoryview(_SILENCE)
    for event in pcm_events(track):
        if isinstance(event, bytes):
            yield event
            continue
        frames = event
        while frames > 0:
            step = min(frames, len(_SILENCE) // 2)
            yield view[: 2 * step]
            frames -= step


class AudioError(Exception):
    """The track cannot be written as asked (format, missing extra, file system)."""


FORMATS = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG", ".mp3": "MP3"}


def write_track(track: Track, path: Path) -> Path:
    """Write the track, by the file's extension, atomically: a failed write leaves nothing."""
    kind = FORMATS.get(path.suffix.casefold())
    if kind is None:
        raise AudioError(_("%(name)s: write .wav, .flac, .ogg or .mp3") % {"name": path.name})
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if kind == "WAV":
            _write_wav(track, temporary)
        else:
            _write_soundfile(track, temporary, kind)
        _sync(temporary)  # on disk before the rename: a crash leaves the old track or this one
        os.replace(temporary, path)
    except OSError as error:
        why = reason(error) if error.strerror else str(error)
        raise AudioError(
            _("%(path)s: cannot write (%(why)s)") % {"path": path, "why": why}
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _wav_header(frames: int, rate: int) -> bytes:
    data = 2 * frames
    return (
        b"RIFF" + struct.pack("<I", 36 + data) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, 2 * rate, 2, 16)
        + b"data" + struct.pack("<I", data)
    )  # fmt: skip


def _write_wav(track: Track, path: Path) -> None:
    """Clicks are written; silence is skipped over, so the file system stores it as a
    hole that reads back as zeros. A 60-minute track then writes a few megabytes,
    not 317, and the bytes read back are the same."""
    if 2 * track.frames + 36 >= 2**32:
        raise AudioError(_("a WAV file holds at most about 6 hours at 44.1 kHz"))
    with open(path, "wb") as out:
        out.write(_wav_header(track.frames, track.rate))
        for event in pcm_events(track):
            if isinstance(event, bytes):
                out.write(event)
            else:
                out.seek(2 * event, os.SEEK_CUR)
        out.truncate()  # a track ending in silence: the file still ends where it should


def _write_soundfile(track: Track, path: Path, kind: str) -> None:
    try:
        import numpy as np
        import soundfile
    except ImportError:
        said = _("%(kind)s needs the audio extra: pip install 'posecoach[audio]' (or write .wav)")
        raise AudioError(said % {"kind": kind}) from None
    subtype = {"FLAC": "PCM_16", "OGG": "VORBIS", "MP3": "MPEG_LAYER_III"}[kind]
    block = bytearray()
    with soundfile.SoundFile(
        str(path), "w", samplerate=track.rate, channels=1, format=kind, subtype=subtype
    ) as out:
        for piece in pcm_pieces(track):
            block += piece
            if len(block) >= 2 * track.rate * 10:  # ten seconds at a time
                out.write(np.frombuffer(bytes(block), dtype="<i2"))
                block.clear()
        if block:
            out.write(np.frombuffer(bytes(block), dtype="<i2"))
