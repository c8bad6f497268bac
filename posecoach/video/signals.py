"""Small numpy helpers for landmark signals: one value per frame, NaN where unknown."""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

Signal = NDArray[np.float64]


def fill_gaps(values: Signal, longest: int) -> Signal:
    """Gaps of up to `longest` frames filled by straight lines between their ends;
    longer gaps, and the ends of the signal, stay NaN."""
    out = values.copy()
    known = np.flatnonzero(~np.isnan(values))
    if len(known) < 2:
        return out
    for a, b in itertools.pairwise(known):
        if 1 < b - a <= longest + 1:
            out[a + 1 : b] = np.interp(np.arange(a + 1, b), [a, b], [values[a], values[b]])
    return out


def despike(values: Signal, half: int, floor: float) -> Signal:
    """A Hampel filter: a value further from its neighbours' median (within `half`
    frames either side) than three of their scaled median deviations, and than
    `floor`, is taken for a spike and made NaN."""
    n = len(values)
    if n < 2 * half + 1:
        return values.copy()
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    known = ~np.isnan(windows)
    enough = known.sum(axis=1) >= half + 1
    with np.errstate(invalid="ignore"):
        filled = np.where(known, windows, np.inf)
        sorted_ = np.sort(filled, axis=1)
        counts = known.sum(axis=1)
        middle = np.take_along_axis(sorted_, ((counts - 1) // 2)[:, None], axis=1)[:, 0]
        deviation = np.abs(np.where(known, windows, np.nan) - middle[:, None])
        spread = np.sort(np.where(known, deviation, np.inf), axis=1)
        mad = np.take_along_axis(spread, ((counts - 1) // 2)[:, None], axis=1)[:, 0]
        spike = enough & (np.abs(values - middle) > np.maximum(3 * 1.4826 * mad, floor))
    out = values.copy()
    out[spike] = np.nan
    return out


def smooth(values: Signal, sigma: float) -> Signal:
    """A Gaussian smoothing of `sigma` frames that ignores NaN (and keeps it)."""
    if sigma <= 0.3:
        return values.copy()
    radius = max(1, round(3 * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    known = ~np.isnan(values)
    filled = np.where(known, values, 0.0)
    weight = np.convolve(known.astype(np.float64), kernel, mode="same")
    total = np.convolve(filled, kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Signal = total / weight
    out[~known] = np.nan
    return out


def dominant_frequency(values: Signal, fps: float, low: float, high: float) -> float | None:
    """The strongest frequency (Hz) between `low` and `high` in a signal with gaps
    filled, from a finely padded periodogram; None when the band holds nothing."""
    finite = values[~np.isnan(values)]
    if len(finite) < 8:
        return None
    x = np.where(np.isnan(values), np.mean(finite), values) - np.mean(finite)
    x = x * np.hanning(len(x))
    size = 1 << max(14, int(np.ceil(np.log2(len(x)))) + 3)
    power = np.abs(np.fft.rfft(x, size)) ** 2
    freqs = np.fft.rfftfreq(size, 1.0 / fps)
    band = (freqs >= low) & (freqs <= high)
    if not band.any() or power[band].max() <= 0:
        return None
    return float(freqs[band][np.argmax(power[band])])


def minima(values: Signal, spacing: float) -> NDArray[np.float64]:
    """Sub-frame times (in frames) of the local minima at least about `spacing`
    frames apart: each the lowest point within half a spacing either side,
    refined by a parabola through it and its neighbours."""
    half = max(1, int(spacing * 0.45))
    found: list[float] = []
    n = len(values)
    for i in range(1, n - 1):
        v = values[i]
        if np.isnan(v):
            continue
        window = values[max(0, i - half) : min(n, i + half + 1)]
        if np.isnan(window).any() or v > np.min(window) or i - half < 0 or i + half >= n:
            continue
        if found and i - found[-1] < spacing * 0.5:
            continue
        a, b, c = values[i - 1], v, values[i + 1]
        bend = a - 2 * b + c
        shift = 0.5 * (a - c) / bend if bend > 0 else 0.0
        found.append(i + float(np.clip(shift, -0.5, 0.5)))
    return np.asarray(found)


def peak(values: Signal, i: int) -> float:
    """The top of a parabola through a sample and its two neighbours (a maximum
    falls between frames; the highest sample alone reads it low)."""
    if i <= 0 or i + 1 >= len(values):
        return float(values[i])
    a, b, c = values[i - 1], values[i], values[i + 1]
    bend = a - 2 * b + c
    if not bend < 0:
        return float(b)
    shift = float(np.clip(0.5 * (a - c) / bend, -0.5, 0.5))
    return float(b - 0.25 * (a - c) * shift)


def event_rate(times: NDArray[np.float64], low: float, high: float) -> tuple[float, float] | None:
    """The rate (per frame) at which events recur, between `low` and `high`, and how
    regular they are (1: every event on the beat). A missed event leaves the rate as
    it was: the events are phases on a circle, not intervals."""
    if len(times) < 3:
        return None
    rates = np.linspace(low, high, 2000)
    phases = np.exp(2j * np.pi * np.outer(rates, times))
    strength = np.abs(phases.mean(axis=1))
    best = int(np.argmax(strength))
    fine = np.linspace(rates[max(0, best - 1)], rates[min(len(rates) - 1, best + 1)], 400)
    fine_strength = np.abs(np.exp(2j * np.pi * np.outer(fine, times)).mean(axis=1))
    top = int(np.argmax(fine_strength))
    return float(fine[top]), float(fine_strength[top])


def at(values: Signal, time: float) -> float:
    """The signal at a sub-frame time, by straight lines between frames."""
    i = int(np.floor(time))
    if i < 0 or i + 1 >= len(values):
        return float(values[min(max(i, 0), len(values) - 1)])
    f = time - i
    return float(values[i] * (1 - f) + values[i + 1] * f)


def runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, end) of each run of True, end exclusive."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
