"""Keeping each week's sheet on one printed page.

A browser decides page breaks only when it prints, so the renderer estimates
beforehand how tall a week will be, from how much text it holds, and picks a
type density (roomy, compact, dense) that fits. When even the dense setting
would overflow (many long sessions), the page is zoomed down to fit: smaller
type beats a week split over two sheets, and nothing is ever clipped. The
estimate errs on the tall side; tests print real weeks in Chromium to check it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

from posecoach.model import Item, Week
from posecoach.render import amounts, wording
from posecoach.render.feedback import Coaching

PT = 0.3528  # millimetres in a point
# Printable height and width in mm: the paper less the @page margins (9 + 10, 10 + 10).
PAGE = {"a4": (297.0 - 19.0, 210.0 - 20.0), "letter": (279.4 - 19.0, 215.9 - 20.0)}
BUDGET = 0.94  # of the printable height: the estimate's safety margin


class Density(NamedTuple):
    name: str
    base_pt: float  # body type
    cue_pt: float  # cue type
    cues_shown: int  # cues per drill printed at this density
    session_focus: bool  # the session's one-line purpose printed
    row_padding: float  # mm above and below each drill row
    session_chrome: float  # mm of a session's header, check-in, border and gap
    # Measured height over estimated height, at most, for the built-in curricula
    # printed in Chromium (the rough text model overestimates the smaller type).
    calibration: float


DENSITIES = (
    Density("roomy", 8.8, 7.0, 4, True, 0.9, 13.0, 1.0),
    Density("compact", 8.2, 7.0, 2, False, 0.9, 11.0, 0.97),
    Density("dense", 7.6, 6.6, 1, False, 0.6, 8.5, 0.91),
)


def _lines(chars: int, width_mm: float, size_pt: float) -> int:
    per_line = max(10, int(width_mm / (size_pt * PT * 0.52)))  # ~0.52 em a character
    return max(1, math.ceil(chars / per_line))


class _Drill(NamedTuple):
    """What a drill's row on the sheet holds, measured once for every density."""

    named: int  # characters of its name and dose
    note: int  # characters of its dose's note
    cues: tuple[str, ...]  # the cues shown (all, or the key one once faded)
    watch: int  # characters of the fault to watch for (0: none)


def _drills(week: Week, coaching: Coaching | None) -> list[list[_Drill]]:
    """Each session's drills, measured (each distinct one once: see ItemMemo)."""
    measured = coaching.memo.rows(_measure) if coaching else _measure
    sessions = []
    for session in week.sessions:
        drills = []
        for index, item in enumerate(session.items):
            cues = coaching.cues_of(session.key, index, item.cues) if coaching else item.cues
            watch = coaching.watch.get(item.drill, "") if coaching else ""
            drills.append(measured(item, tuple(cues), watch))
        sessions.append(drills)
    return sessions


def _measure(item: Item, cues: tuple[str, ...], watch: str | None) -> _Drill:
    note = item.dose.note if item.dose and item.dose.note else ""
    return _Drill(len(item.name) + len(amounts.dose(item)), len(note), cues, len(watch or ""))


# A plan (and a squad) prints the same drill at the same dose again and again.
@lru_cache(maxsize=4096)
def _item_height(drill: _Drill, density: Density, column_mm: float) -> float:
    text_width = column_mm - 8.5  # the figure's column
    name_line = density.base_pt * PT * 1.3
    if drill.named > text_width / (density.base_pt * PT * 0.55):
        name_line *= 2  # a long name wraps beside its dose
    shown = " · ".join(drill.cues[: density.cues_shown])
    extra = drill.watch + 12 if drill.watch else 0  # "Watch for: ..."
    cue_lines = _lines(len(shown) + drill.note + extra + 2, text_width, density.cue_pt)
    return name_line + cue_lines * density.cue_pt * PT * 1.18 + 2 * density.row_padding


def week_height(
    week: Week,
    density: Density,
    paper: str,
    coaching: Coaching | None = None,
    measured: list[list[_Drill]] | None = None,
) -> float:
    """An estimate of a week's printed height in mm, at a density, with the cues and
    the fault to watch for that `coaching` shows (all cues and none without it).
    `measured` is the week's drills as `_drills` measures them, when already done."""
    _, width = PAGE[paper]
    column = (width - 4.0 - 3.0) / 2  # session padding, then the gap between columns
    height = 14.0  # running head and the week's focus line
    height += len(week.home or []) * 5.0  # a line of work between sessions each
    sessions = measured if measured is not None else _drills(week, coaching)
    for session, rows in zip(week.sessions, sessions, strict=True):
        height += density.session_chrome
        if density.session_focus:
            height += _lines(len(wording.focus(session)), width - 4.0, 8.0) * 8.0 * PT * 1.3
        height += len(session.notes) * 4.0
        # Rows two abreast, each pair as tall as its taller drill (spelled out, not
        # max() over a slice: this runs for every drill, density and week).
        for left in range(0, len(rows) - 1, 2):
            height += max(
                _item_height(rows[left], density, column),
                _item_height(rows[left + 1], density, column),
            )
        if len(rows) % 2:
            height += _item_height(rows[-1], density, column)
    return height * density.calibration


class Fit(NamedTuple):
    density: str
    zoom: float  # 1.0 unless even the dense setting would overflow


def fit_week(week: Week, paper: str, coaching: Coaching | None = None) -> Fit:
    budget = PAGE[paper][0] * BUDGET
    measured = _drills(week, coaching)  # once, for every density tried
    for density in DENSITIES:
        height = week_height(week, density, paper, coaching, measured)
        if height <= budget:
            return Fit(density.name, 1.0)
    return Fit(DENSITIES[-1].name, math.floor(budget / height * 100) / 100)


def cover_zoom(
    paper: str, rows: list[tuple[str, str]], progress: bool, notes: list[str], howto: int
) -> float:
    """The zoom that keeps the cover on one page (1.0 when it fits as it is).

    `rows` are the overview's (phase, cadence target) texts, which wrap in their
    columns; `notes` the texts printed below the table. Like the weeks, the
    estimate errs on the tall side.
    """
    height, width = PAGE[paper]
    line = 8.5 * PT * 1.3
    total = 24.0  # kicker, name and the one-line summary
    total += 2 * (40.0 + 12.0) if progress else 60.0 + 12.0  # charts and their captions
    total += 7.0  # the table's head
    for phase, cadence in rows:
        lines = max(_lines(len(phase), 36.0, 8.5), _lines(len(cadence), 42.0, 8.5))
        total += 1.8 + lines * line
    total += 4.0 + sum(_lines(len(n), width - 6.0, 7.6) * 7.6 * PT * 1.3 + 1.0 for n in notes)
    total += 4.0 + _lines(howto, width, 8.5) * line
    budget = height * BUDGET
    return 1.0 if total <= budget else math.floor(budget / total * 100) / 100
