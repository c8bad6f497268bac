"""Click sounds that cut through traffic: short bursts where the ear is keenest.

Traffic and wind put most of their energy below 1 kHz, and hearing is most
sensitive between about 1 and 5 kHz, so a click is a 20 ms tone burst at 2 kHz
with a fast attack and a quick decay; the accent sits higher and louder. Made
once per track with the standard library alone.
"""

from __future__ import annotations

import math
import struct
from typing import Literal

Sound = Literal["click", "wood", "beep"]
SOUNDS: tuple[str, ...] = Sound.__args__  # type: ignore[attr-defined]

PEAK = 10 ** (-2 / 20)  # -2 dBFS: room for lossy encoders to overshoot
ACCENT_GAIN = 10 ** (5 / 20)  # the accent is 5 dB louder than a plain click


def _burst(
    rate: int, frequency: float, seconds: float, decay: float, partials: tuple[float, ...]
) -> list[float]:
    length = round(rate * seconds)
    attack = max(1, round(rate * 0.0005))  # 0.5 ms raised-cosine attack
    fade = max(1, round(rate * 0.002))  # 2 ms fade-out at the end
    out = []
    for n in range(length):
        t = n / rate
        wave = sum(
            math.sin(2 * math.pi * frequency * m * t) / (i + 1) for i, m in enumerate(partials)
        )
        envelope = math.exp(-t / decay)
        if n < attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * n / attack)
        if n >= length - fade:
            envelope *= (length - n) / fade
        out.append(wave * envelope)
    return out


def click_samples(sound: Sound, rate: int, accent: bool) -> list[float]:
    """One click as floats in -1..1."""
    if sound == "click":
        shape = _burst(rate, 2600.0 if accent else 2000.0, 0.020, 0.004, (1.0,))
    elif sound == "wood":  # a second partial at 2.7x gives a woodblock's knock
        shape = _burst(rate, 1900.0 if accent else 1500.0, 0.030, 0.006, (1.0, 2.7))
    else:
        shape = _burst(rate, 1320.0 if accent else 1000.0, 0.060, 0.030, (1.0,))
    top = max(abs(x) for x in shape) or 1.0
    gain = PEAK if accent else PEAK / ACCENT_GAIN
    return [x / top * gain for x in shape]


def pcm16(samples: list[float]) -> bytes:
    """16-bit little-endian PCM."""
    return struct.pack(f"<{len(samples)}h", *(round(s * 32767) for s in samples))
