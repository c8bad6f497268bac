"""The plan at a glance: weekly new-form running minutes (bars) and the cadence
target (a stepped line), as geometry for an inline SVG. The template only draws it.

The cadence line has a lane of its own above the bars, sharing their weeks: laid
over the bars, its labels fell on bars, on the minutes above them and on its own
markers. Every label's place is chosen here, where its box can be checked."""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

from posecoach.i18n import _
from posecoach.model import Plan
from posecoach.render.text import number

WIDTH, HEIGHT = 640.0, 220.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 44.0, 16.0, 34.0

# The cadence lane: rises of 0 to 10% between these heights, labels above the top one.
LANE_TOP, LANE_BOTTOM = 32.0, 64.0
LANE_PERCENT = 10.0
# Room above the bars for the minutes over the tallest one.
BARS_TOP = LANE_BOTTOM + 26.0
# The cadence labels' font size (px, bold), as plan.css sets it, and their glyphs'
# widths in ems in DejaVu Sans Bold, the widest of the sans fonts a browser picks.
LABEL_FONT = 9.0
GLYPHS = {"+": 0.838, "%": 1.002, ".": 0.380}
DIGIT = 0.696
LABEL_GAP = 7.0  # from a marker's centre to its label's baseline


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    label: str  # the week number under the bar
    value: str  # the minutes above it
    deload: bool
    centre: float = 0.0  # where the texts above and under it are centred
    value_y: float = 0.0  # the baseline of the minutes


class Tick(NamedTuple):
    y: float
    label: str


class Marker(NamedTuple):
    x: float
    y: float
    label: str


class CadenceMarker(NamedTuple):
    """A change of the cadence target: a dot, and its label above it (below, when the
    label before it is in the way)."""

    x: float
    y: float
    label: str
    label_y: float  # the label's baseline


class Chart(NamedTuple):
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_bottom: float
    bars: list[Bar]
    minute_ticks: list[Tick]
    cadence_ticks: list[Tick]
    cadence_line: str  # SVG points
    cadence_markers: list[CadenceMarker]
    cadence_unit: str
    lane_label_y: float = 0.0  # 'cadence', left of its lane
    week_label_y: float = 0.0  # the week numbers' baseline


def _nice_top(value: float) -> float:
    """The next round number above `value`, for the axis."""
    if value <= 0:
        return 10.0
    step = 10.0 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 5, 10):
        if value <= multiple * step:
            return float(multiple * step)
    return 10.0 * step


Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(x: float, baseline: float, text: str, size: float) -> Box:
    """The box a centred label takes: as wide as its widest glyphs, cap height over
    the baseline (the chart's labels are digits and signs: nothing descends)."""
    half = sum(GLYPHS.get(c, DIGIT) for c in text) * size / 2
    return (x - half, baseline - size * 0.75, x + half, baseline)


def _overlap(a: Box, b: Box, margin: float = 1.0) -> bool:
    return (
        a[0] < b[2] + margin
        and b[0] < a[2] + margin
        and a[1] < b[3] + margin
        and b[1] < a[3] + margin
    )


def _lane_y(percent: float) -> float:
    share = min(percent, LANE_PERCENT + 2) / LANE_PERCENT
    return round(LANE_BOTTOM - (LANE_BOTTOM - LANE_TOP) * share, 1)


def weekly_chart(plan: Plan) -> Chart:
    weeks = plan.weeks
    plot_width = WIDTH - LEFT - RIGHT
    bottom = HEIGHT - BOTTOM
    plot_height = bottom - BARS_TOP
    slot = plot_width / max(1, len(weeks))
    top_minutes = _nice_top(max((w.running_minutes for w in weeks), default=0))

    bars: list[Bar] = []
    for index, week in enumerate(weeks):
        height = round(plot_height * week.running_minutes / top_minutes, 1)
        x = round(LEFT + index * slot + slot * 0.18, 1)
        width = round(slot * 0.64, 1)
        y = round(bottom - height, 1)
        bars.append(
            Bar(
                x=x,
                y=y,
                width=width,
                height=height,
                label=str(week.number),
                value=f"{week.running_minutes:g}" if week.running_minutes else "",
                deload=week.deload,
                centre=round(x + width / 2, 1),
                value_y=round(y - 3, 1),
            )
        )
    minute_ticks = [
        Tick(round(bottom - plot_height * f, 1), number(top_minutes * f)) for f in (0, 0.5, 1)
    ]

    # Cadence: percent over baseline (or spm when a baseline is known), in its lane.
    baseline = plan.baseline_cadence
    points: list[tuple[float, float]] = []
    markers: list[CadenceMarker] = []
    boxes: list[Box] = []
    previous: str | None = None
    for index, week in enumerate(weeks):
        x = round(LEFT + (index + 0.5) * slot, 1)
        spm = week.cadence.spm
        # Where the target is: a rise the runner's ceiling holds back stays level.
        y = _lane_y((spm / baseline - 1) * 100 if spm and baseline else week.cadence.percent)
        edge = round(x - slot / 2, 1)
        if points:  # a step: the target holds for the week, then rises
            points.append((edge, points[-1][1]))
        points += [(edge, y), (x, y)]
        label = str(spm) if spm else f"+{number(week.cadence.percent)}%"
        if label != previous:  # a rise held at the runner's ceiling is no new target
            above = round(y - LABEL_GAP, 1)
            below = round(y + LABEL_GAP + LABEL_FONT * 0.75, 1)
            label_y = above
            if boxes and _overlap(boxes[-1], label_box(x, above, label, LABEL_FONT)):
                label_y = below
            boxes.append(label_box(x, label_y, label, LABEL_FONT))
            markers.append(CadenceMarker(x, y, label, label_y))
        previous = label
    if points:  # the last week's target runs to the end of its slot
        points.append((round(points[-1][0] + slot / 2, 1), points[-1][1]))
    cadence_ticks = [
        Tick(_lane_y(p), f"{round(baseline * (1 + p / 100))}" if baseline else f"+{number(p)}%")
        for p in (0.0, 5.0, 10.0)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=bottom,
        bars=bars,
        minute_ticks=minute_ticks,
        cadence_ticks=cadence_ticks,
        cadence_line=" ".join(f"{x:g},{y:g}" for x, y in points),
        cadence_markers=markers,
        cadence_unit=_("spm") if baseline else _("over baseline"),
        lane_label_y=round((LANE_TOP + LANE_BOTTOM) / 2, 1),
        week_label_y=round(bottom + 13, 1),
    )


class ProgressChart(NamedTuple):
    """Check-in cadences (dots) against the cadence target (a stepped line)."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_bottom: float
    points: list[Marker]
    target_line: str  # SVG points; empty without a baseline
    ticks: list[Tick]
    week_ticks: list[Marker]


def progress_chart(plan: Plan, cadences: list[tuple[date, float]]) -> ProgressChart | None:
    """Where check-in cadences fall against the targets; None without any."""
    if not cadences:
        return None
    width, height = WIDTH, 170.0
    plot_height = height - TOP - BOTTOM
    bottom = TOP + plot_height
    days = 7 * len(plan.weeks)
    targets = [w.cadence.spm for w in plan.weeks if w.cadence.spm]
    values = [spm for _, spm in cadences] + [float(t) for t in targets]
    low = math.floor(min(values) / 5) * 5 - 5
    high = math.ceil(max(values) / 5) * 5 + 5

    def x(day: float) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * day / days, 1)

    def y(spm: float) -> float:
        return round(bottom - plot_height * (spm - low) / (high - low), 1)

    points = [
        Marker(x((day - plan.start).days + 0.5), y(spm), f"{spm:g}")
        for day, spm in cadences
        if 0 <= (day - plan.start).days < days
    ]
    line: list[str] = []
    for week in plan.weeks:
        if week.cadence.spm:
            first = (week.number - 1) * 7
            line += [
                f"{x(first):g},{y(week.cadence.spm):g}",
                f"{x(first + 7):g},{y(week.cadence.spm):g}",
            ]
    step = 5 if high - low <= 40 else 10
    ticks = [Tick(y(v), f"{v}") for v in range(int(low), int(high) + 1, step)]
    week_ticks = [Marker(x((w.number - 0.5) * 7), bottom + 13, str(w.number)) for w in plan.weeks]
    return ProgressChart(
        width=width,
        height=height,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=bottom,
        points=points,
        target_line=" ".join(line),
        ticks=ticks,
        week_ticks=week_ticks,
    )
