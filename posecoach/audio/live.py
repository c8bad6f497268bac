"""The live metronome: beats scheduled on an absolute grid.

Sleeping one period after each tick drifts by hundreds of milliseconds a
minute (the tick itself takes time). Here beat n is due at start + n * period;
the loop sleeps until shortly before that, then waits the last moments out.
The clock, the sleep and the tick are passed in, so tests can drive it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from posecoach.audio.sounds import Sound, click_samples
from posecoach.i18n import _

SPIN = 0.002  # seconds before a beat to stop sleeping and wait it out


def run_beats(
    bpm: float,
    tick: Callable[[int, float], None],
    beats: int | None = None,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Call tick(n, due) at each beat, for `beats` beats or until interrupted."""
    period = 60.0 / bpm
    start = clock() + 0.1
    n = 0
    while beats is None or n < beats:
        due = start + n * period
        remaining = due - clock()
        if remaining > SPIN:
            sleep(remaining - SPIN)
        while clock() < due:
            pass
        tick(n, due)
        n += 1


def audio_problem() -> str | None:
    """Why clicks cannot be played here, or None when they can."""
    try:
        import sounddevice
    except ImportError:
        return _("no audio: install the audio extra (pip install 'posecoach[audio]')")
    except OSError as error:  # the wheel needs the system's PortAudio
        return _("no audio: %(why)s") % {"why": error}
    try:
        sounddevice.check_output_settings(samplerate=44100, channels=1, dtype="int16")
    except Exception as error:  # PortAudioError and friends: no device
        return _("no audio device (%(why)s)") % {"why": error}
    return None


def play_stream(bpm: float, accent_every: int, sound: Sound, rate: int = 44100) -> object:
    """Start one persistent output stream whose callback mixes clicks in at exact
    sample offsets (one sound per tick would stutter). Returns the open stream."""
    import numpy as np
    import sounddevice

    plain = np.array(click_samples(sound, rate, accent=False), dtype=np.float32)
    accented = np.array(click_samples(sound, rate, accent=True), dtype=np.float32)
    state = {"frame": 0}

    def callback(out: object, frames: int, _time: object, _status: object) -> None:
        buffer = np.zeros(frames, dtype=np.float32)
        first = state["frame"]
        n = max(0, int((first - len(accented)) * bpm / 60 / rate))
        while True:
            at = round(rate * 60.0 * n / bpm)
            if at >= first + frames:
                break
            click = accented if accent_every and n % accent_every == 0 else plain
            lo, hi = max(at, first), min(at + len(click), first + frames)
            if hi > lo:
                buffer[lo - first : hi - first] += click[lo - at : hi - at]
            n += 1
        out[:, 0] = buffer  # type: ignore[index]
        state["frame"] = first + frames

    stream = sounddevice.OutputStream(
        samplerate=rate, channels=1, dtype="float32", callback=callback
    )
    stream.start()
    return stream
