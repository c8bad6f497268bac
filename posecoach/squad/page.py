"""squad.html: the squad's status as one self-contained, printable page.

A row per athlete (the order of `squad status`), each with an inline-SVG
sparkline of their check-ins' cadence against the target, pain reports
marked on it. Every number the template shows is worked out here: the
template does no arithmetic. Written only when its bytes change.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from posecoach.folder.store import write_atomic
from posecoach.i18n import _, ngettext
from posecoach.render.text import long_date, number, weekday_date
from posecoach.render.wording_base import region
from posecoach.squad.folder import SquadFolder
from posecoach.squad.status import PainFlag, Row

WIDTH, HEIGHT, PAD = 132, 30, 3  # the sparkline's box, in SVG units


class Marker(NamedTuple):
    x: float
    y: float
    title: str


class Spark(NamedTuple):
    cadence: str  # polyline points
    target: str  # polyline points (a step line), empty without targets
    last: Marker | None  # the latest cadence, as a dot
    pain: list[Marker]  # pain reports, along the bottom edge
    label: str  # what it shows, for screen readers


class RowView(NamedTuple):
    athlete: str
    runner: str
    flags: str  # CSS classes: pain (stepped back or stopped), held, silent, missed, off, problem
    problem: str | None
    week: str
    done: str
    missed: str
    pain: str
    cadence: str
    last: str
    adjusted: str
    spark: Spark | None


class PageView(NamedTuple):
    title: str
    squad: str
    day: str
    counts: str
    width: int
    height: int
    rows: list[RowView]


def sparkline(row: Row) -> Spark | None:
    """Cadence (line) against target (steps) over the check-ins' days; pain as marks."""
    points = row.series
    pain_days = [flag for flag in row.pain if not points or flag.day >= points[0].day]
    if not points and not pain_days:
        return None
    days = [p.day for p in points] + [flag.day for flag in pain_days]
    first, span = min(days), (max(days) - min(days)).days
    values = [p.cadence for p in points] + [p.target for p in points if p.target is not None]
    low, high = (min(values) - 2, max(values) + 2) if values else (0.0, 1.0)

    def x(day: date) -> float:
        if span == 0:  # a single day: at the right, the line leads up to it
            return WIDTH - PAD
        return round(PAD + (day - first).days / span * (WIDTH - 2 * PAD), 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD), 1)

    cadence = " ".join(f"{x(p.day)},{y(p.cadence)}" for p in points)
    if len(points) == 1:  # one check-in still draws a short level line
        cadence = f"{PAD},{y(points[0].cadence)} {cadence}"
    steps: list[str] = []
    for p in points:
        if p.target is not None:
            if steps:
                steps.append(f"{x(p.day)},{steps[-1].split(',')[1]}")
            steps.append(f"{x(p.day)},{y(p.target)}")
    if steps:
        steps.append(f"{WIDTH - PAD},{steps[-1].split(',')[1]}")
        steps.insert(0, f"{PAD},{steps[0].split(',')[1]}")
    last = points[-1] if points else None
    dot = (
        Marker(x(last.day), y(last.cadence), _("%(spm)s spm") % {"spm": number(last.cadence)})
        if last
        else None
    )
    pain = [Marker(x(f.day), HEIGHT - PAD, _pain_mark(f)) for f in pain_days]
    label = ngettext(
        "%(count)s check-in with a cadence", "%(count)s check-ins with a cadence", len(points)
    ) % {"count": len(points)}
    reports = ngettext("%(count)s pain report", "%(count)s pain reports", len(pain_days))
    label = f"{label}; {reports % {'count': len(pain_days)}}"
    return Spark(cadence if points else "", " ".join(steps), dot, pain, label)


def _pain_mark(flag: PainFlag) -> str:
    """'Tue 8 Dec: pain 6/10 at the calf', a pain mark's title."""
    said: dict[str, object] = {"day": weekday_date(flag.day), "pain": flag.pain}
    if flag.where:
        return _("%(day)s: pain %(pain)s/10 at the %(region)s") % {
            **said,
            "region": region(flag.where),
        }
    return _("%(day)s: pain %(pain)s/10") % said


def row_view(row: Row) -> RowView:
    flags = [
        name
        for name, on in (
            ("pain", any(flag.urgent for flag in row.pain)),
            ("held", bool(row.pain) and not any(flag.urgent for flag in row.pain)),
            ("injury", bool(row.injuries)),
            ("silent", row.silent),
            ("missed", row.missed > 0),
            ("off", row.cadence_off),
            ("problem", row.problem is not None),
        )
        if on
    ]
    return RowView(
        athlete=row.athlete,
        runner=row.runner,
        flags=" ".join(flags),
        problem=row.problem,
        week="-" if row.week is None else str(row.week),
        done=f"{row.done}/{row.planned}",
        missed=str(row.missed) if row.missed else "-",
        pain=row.pain_and_injury,
        cadence=row.cadence_text,
        last=_last(row),
        adjusted=row.adjusted_text,
        spark=sparkline(row) if row.problem is None else None,
    )


def _last(row: Row) -> str:
    """'Thu 21 Jan, 6 days ago'; 'none in 15 days' since the plan started."""
    if row.last_checkin is None:
        return row.last_text
    return f"{weekday_date(row.last_checkin)}, {row.last_text}"


def page_view(squad: str, rows: list[Row]) -> PageView:
    days = [row.today for row in rows if row.today is not None]
    day = long_date(max(days)) if days else "-"
    needing = sum(
        1 for row in rows if row.pain or row.silent or row.missed or row.cadence_off or row.problem
    )
    athletes = ngettext("%(count)s athlete", "%(count)s athletes", len(rows))
    look = ngettext("%(count)s needs a look", "%(count)s need a look", needing)
    counts = f"{athletes % {'count': len(rows)}}; {look % {'count': needing}}"
    title = _("%(squad)s: squad status") % {"squad": squad}
    return PageView(title, squad, day, counts, WIDTH, HEIGHT,
                    [row_view(row) for row in rows])  # fmt: skip


def render_page(squad: str, rows: list[Row]) -> str:
    from posecoach.i18n import language
    from posecoach.render.environment import render

    return render("html/squad.html.j2", view=page_view(squad, rows), lang=language())


def write_page(folder: SquadFolder, squad: str, rows: list[Row]) -> bool:
    """Write squad.html when its bytes change; True when it was written."""
    data = render_page(squad, rows).encode()
    path = folder.html_file
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
