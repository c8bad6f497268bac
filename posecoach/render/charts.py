"""The plan at a glance: weekly new-form running minutes (bars) and the cadence
target (a line), as geometry for an inline SVG. The template only draws it."""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

from posecoach.i18n import _
from posecoach.model import Plan
from posecoach.render.text import number

WIDTH, HEIGHT = 640.0, 220.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 44.0, 16.0, 34.0


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    label: str  # the week number under the bar
    value: str  # the minutes above it
    deload: bool


class Tick(NamedTuple):
    y: float
    label: str


class Marker(NamedTuple):
    x: float
    y: float
    label: str


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
    cadence_markers: list[Marker]
    cadence_unit: str


def _nice_top(value: float) -> float:
    """The next round number above `value`, for the axis."""
    if value <= 0:
        return 10.0
    step = 10.0 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 5, 10):
        if value <= multiple * step:
            return float(multiple * step)
    return 10.0 * step


def weekly_chart(plan: Plan) -> Chart:
    weeks = plan.weeks
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height
    slot = plot_width / max(1, len(weeks))
    top_minutes = _nice_top(max((w.running_minutes for w in weeks), default=0))

    bars: list[Bar] = []
    for index, week in enumerate(weeks):
        height = plot_height * week.running_minutes / top_minutes
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.18, 1),
                y=round(bottom - height, 1),
                width=round(slot * 0.64, 1),
                height=round(height, 1),
                label=str(week.number),
                value=f"{week.running_minutes:g}" if week.running_minutes else "",
                deload=week.deload,
            )
        )
    minute_ticks = [
        Tick(round(bottom - plot_height * f, 1), number(top_minutes * f)) for f in (0, 0.5, 1)
    ]

    # Cadence: percent over baseline (or spm when a baseline is known), 0..12%.
    top_percent = 12.0
    baseline = plan.baseline_cadence
    points: list[tuple[float, float]] = []
    markers: list[Marker] = []
    previous: float | None = None
    for index, week in enumerate(weeks):
        x = round(LEFT + (index + 0.5) * slot, 1)
        y = round(bottom - plot_height * week.cadence.percent / top_percent, 1)
        points.append((x, y))
        if week.cadence.percent != previous:
            label = (
                str(week.cadence.spm) if week.cadence.spm else f"+{number(week.cadence.percent)}%"
            )
            markers.append(Marker(x, y, label))
        previous = week.cadence.percent
    cadence_ticks = [
        Tick(
            round(bottom - plot_height * p / top_percent, 1),
            f"{round(baseline * (1 + p / 100))}" if baseline else f"+{number(p)}%",
        )
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
