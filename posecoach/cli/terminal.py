"""The plan and the drill library drawn in the terminal with rich.

In a terminal, tables and panels have borders and colour; piped, the same
content comes as plain text (no box drawing, no colour), wrapped at the width
the environment gives (COLUMNS). Id columns are never cut short or wrapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from posecoach import i18n
from posecoach.model import CheckIn, Plan, Rules, Session
from posecoach.render import wording
from posecoach.render.checkin_words import reported
from posecoach.render.text import clock, date_range, long_date, sessions_day, weekday_date
from posecoach.sources import bibliography

if TYPE_CHECKING:
    from posecoach.commands.today import DayView
    from posecoach.folder.checkin_log import LogEntry

ELEMENT_STYLE = {
    "pose": "bold cyan", "fall": "bold magenta", "pull": "bold green",
    "integration": "bold blue", "running": "bold yellow", "strength": "red",
    "stability": "dark_orange", "mobility": "dim cyan",
}  # fmt: skip


def new_table(console: Console, title: str | None = None, **options: Any) -> Table:
    """A table with borders in a terminal; piped, plain columns with no box drawing."""
    if not console.is_terminal:
        options = {**options, "box": None, "pad_edge": False}
    return Table(title=title, title_justify="left", **options)


def print_table(console: Console, table: Table) -> None:
    """Print a table whose text wraps between words. When its columns cannot fit the
    width even so, each row is printed as a record instead: the first cell (an id)
    on a line of its own, then each other column as 'Header: value', wrapped."""
    for column in table.columns:
        if not column.no_wrap:
            column.overflow = "fold"  # the last resort for a word longer than its line
    if _fit(console, table):
        console.print(table)
        return
    if table.title:
        console.print(Text(str(table.title), style="bold"))
    columns = table.columns
    cells = [list(column.cells) for column in columns]
    for row in range(table.row_count):
        style = table.rows[row].style or ""
        console.print(cells[0][row], style=style, overflow="fold")
        fields = Table.grid(padding=(0, 1))
        fields.add_column(no_wrap=True)
        fields.add_column(overflow="fold")
        for index, column in enumerate(columns[1:], start=1):
            value = cells[index][row]
            if str(value).strip():
                fields.add_row(f"  {column.header}:", value, style=style)
        console.print(fields)


def _fit(console: Console, table: Table) -> bool:
    """Set column widths so that no word is broken, if the table can fit the width so;
    False when it cannot. Each column gets its longest word, then a share of the room
    left in proportion to how much more its text would like."""
    from rich.measure import Measurement

    def measure(renderable: RenderableType) -> Measurement:
        return Measurement.get(console, console.options, renderable)

    least: list[int] = []
    most: list[int] = []
    pads: list[int] = []
    for index, column in enumerate(table.columns):
        cells = [measure(cell) for cell in column.cells]
        if table.show_header:
            cells.append(measure(column.header))
        least.append(max([*(c.minimum for c in cells), column.min_width or 0]))
        most.append(max([*(c.maximum for c in cells), least[-1]]))
        pads.append(table._get_padding_width(index))
    room = console.width - table._extra_width - sum(pads)
    if sum(most) <= room:
        return True  # it fits as it is
    if sum(least) > room:
        return False
    spare, wants = room - sum(least), [m - n for m, n in zip(most, least, strict=True)]
    shares = [spare * want // sum(wants) for want in wants]
    for index, column in enumerate(table.columns):
        column.width = least[index] + shares[index]
    return True


def id_column(table: Table, header: str, ids: Iterable[str], **options: Any) -> None:
    """A column of ids, as wide as the longest: an id is never cut short or wrapped."""
    widest = max((len(i) for i in ids), default=0)
    table.add_column(header, no_wrap=True, min_width=max(widest, len(header)), **options)


def boxed(console: Console, body: RenderableType, title: Text, subtitle: str | None = None) -> None:
    """A panel in a terminal; piped, the title, the body and the subtitle, unboxed."""
    if console.is_terminal:
        console.print(Panel(body, title=title, title_align="left", subtitle=subtitle))
        return
    console.print()
    console.print(title)
    console.print(body)
    if subtitle:
        console.print(subtitle, markup=False)


def show_overview(console: Console, plan: Plan, current: int | None = None) -> None:
    table = new_table(console, f"{plan.curriculum_name}: {plan.runner}")
    for header, justify in (
        ("Week", "right"),
        ("Dates", "left"),
        ("Phase", "left"),
        ("Cadence", "left"),
        ("Sessions", "right"),
        ("Min", "right"),
        ("Run min", "right"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for week in plan.weeks:
        phase = week.phase_name + (" (deload)" if week.deload else "")
        now = week.number == current
        table.add_row(
            f"→ {week.number}" if now else str(week.number),
            date_range(week.start, week.end),
            phase,
            week.cadence.text,
            str(len(week.sessions)),
            str(week.minutes),
            f"{week.running_minutes:g}",
            style="bold" if now else None,
        )
    print_table(console, table)
    if current is not None:
        console.print(f"→ this week. posecoach show --week {current} for its sessions and drills.")
    else:
        console.print("posecoach show --week N for a week's sessions and drills.", style="dim")


def session_panel(console: Console, session: Session, label: str = "") -> None:
    """One session: its focus, cadence target, and each drill with dose and cues."""
    drills = Table(show_header=True, box=None, pad_edge=False, expand=True)
    drills.add_column("Drill", ratio=2)
    drills.add_column("Dose", ratio=2)
    drills.add_column("Cues", ratio=5)
    for item in session.items:
        drills.add_row(
            Text(item.name, style=ELEMENT_STYLE.get(item.element, "")),
            item.dose_text,
            "\n".join(f"• {cue}" for cue in item.cues),
        )
    parts: list[RenderableType] = [Text(wording.focus(session), style="dim")]
    if session.cadence is not None:
        parts.append(Text(f"Cadence target: {session.cadence.text}"))
    parts.append(drills)
    parts.extend(Text(f"Note: {note}", style="yellow") for note in wording.notes(session))
    title = Text(
        f"{weekday_date(session.date)} {clock(session.time)} · {wording.title(session)}"
        f" · {session.minutes} min{label}"
    )
    boxed(console, Group(*parts), title, session.key)


def show_week(console: Console, plan: Plan, number: int, today: date | None = None) -> None:
    week = plan.weeks[number - 1]
    deload = " · deload week" if week.deload else ""
    console.print(
        Text(f"Week {week.number}: {week.phase_name}", style="bold")
        + Text(f"{deload} · {date_range(week.start, week.end)}")
    )
    console.print(Text(week.focus, style="italic"))
    for session in week.sessions:
        session_panel(console, session, " · today" if session.date == today else "")


def show_today(console: Console, plan: Plan, view: DayView) -> None:
    """`posecoach today`: the day's sessions (or the next one), then the week at a glance."""
    day = long_date(view.day)
    week = view.week
    where = f" · week {week.number} of {len(plan.weeks)}: {week.phase_name}" if week else ""
    if view.state == "after":
        console.print(f"{day}: the plan ended on {long_date(plan.end)}.", markup=False)
        console.print("Plan your next block: posecoach plan --start YYYY-MM-DD", markup=False)
        return
    if view.state == "before":
        console.print(f"{day}: the plan starts on {long_date(plan.start)}.", markup=False)
    elif view.sessions:
        console.print(Text(f"Today, {day}{where}", style="bold"))
    else:
        console.print(Text(f"Rest day today, {day}{where}", style="bold"))
        for work in week.home or [] if week is not None else []:  # a day for work at home
            if work.note is not None:
                said = wording.say(work.note)
                console.print(Text(f"Today, if not done yet: {said}", style="yellow"))
    for session in view.sessions:
        session_panel(console, session)
    if view.next is not None:
        console.print(_next_line(view.day, view.next), markup=False)
        session_panel(console, view.next)
    elif not view.sessions:
        console.print("No sessions are left in this plan.")
    if view.glance and week is not None:
        glance = new_table(console, f"Week {week.number} at a glance", show_header=False)
        for header in ("Day", "Time", "Session", "Min", "Status"):
            glance.add_column(header, justify="right" if header == "Min" else "left")
        for entry in view.glance:
            status = entry.status or ("today" if entry.today else "")
            glance.add_row(
                weekday_date(entry.session.date),
                clock(entry.session.time),
                wording.title(entry.session),
                str(entry.session.minutes),
                status,
                style="bold" if entry.today else None,
            )
        console.print()
        print_table(console, glance)
    if view.logged:
        # Checked in already: say so and what comes next, not how to check in again.
        console.print(f"Today's session is logged: {' and '.join(view.logged)}.", markup=False)
        ahead = "No sessions are left in this plan."
        console.print(_next_line(view.day, view.later) if view.later else ahead, markup=False)
        console.print(
            "To change it: posecoach checkin --replace --cadence SPM --rpe 0-10", markup=False
        )
    elif view.sessions:
        console.print("After it: posecoach checkin --cadence SPM --rpe 0-10", markup=False)


def _next_line(day: date, session: Session) -> str:
    """'Next: Sat 16 Jan at 09:00 (in 3 days), Strength.'"""
    days = (session.date - day).days
    when = "tomorrow" if days == 1 else f"in {days} days"
    at = f"{weekday_date(session.date)} at {clock(session.time)}"
    return f"Next: {at} ({when}), {wording.title(session)}."


def grid() -> Table:
    body = Table.grid(padding=(0, 2))
    body.add_column(style="bold", no_wrap=True)
    body.add_column(overflow="fold")
    return body


def show_adjustments(console: Console, plan: Plan, rules: Rules, week: int | None) -> None:
    chosen = [a for a in plan.adjustments if week is None or a.week == week]
    if not chosen:
        where = f"week {week}" if week else "the plan"
        console.print(f"No changes to {where}: it follows the curriculum as written.")
        return
    for adjustment in chosen:
        rule = getattr(rules, adjustment.rule, None)
        body = grid()
        body.add_row("Change", wording.reason(adjustment))
        if adjustment.checkin:
            body.add_row("Because", wording.because(adjustment.checkin))
        session = next((s for s in plan.sessions if s.key == adjustment.session), None)
        if session is not None:
            body.add_row("Session", f"{sessions_day(session.date)} ({wording.title(session)})")
        if rule is not None:
            body.add_row("Rule", f"{adjustment.rule}: {rule.summary}")
        body.add_row("Sources", bibliography(i18n.language()).labelled(adjustment.sources))
        boxed(console, body, Text(f"Week {adjustment.week}"))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low or 1.0
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)


def _short_key(plan: Plan, key: str | None) -> str:
    """'w03-s2' for 'runner-w03-s2': the plan's id adds nothing in its own table."""
    return (key or "").removeprefix(f"{plan.plan_id}-")


def show_progress(console: Console, plan: Plan, checkins: list[CheckIn]) -> None:
    if not checkins:
        console.print("No check-ins yet. After a session: posecoach checkin --cadence 168 --rpe 4")
        return
    targets = {w.number: w.cadence for w in plan.weeks}
    table = new_table(console, f"Check-ins: {plan.runner}")
    table.add_column("Date", no_wrap=True, min_width=10)
    sessions = [("missed " if c.missed else "") + _short_key(plan, c.session) for c in checkins]
    id_column(table, "Session", sessions)
    for header in ("Cadence", "Watch", "Target", "Effort", "Pain", "Note"):
        table.add_column(header, overflow="fold")
    cadences: list[float] = []
    for checkin, session in zip(checkins, sessions, strict=True):
        week = (checkin.date - plan.start).days // 7 + 1
        target = targets.get(week)
        pain = (
            ""
            if checkin.pain is None
            else f"{checkin.pain}" + (f" {checkin.where}" if checkin.where else "")
        )
        if checkin.cadence is not None:
            cadences.append(checkin.cadence)
        table.add_row(
            checkin.date.isoformat(),
            session,
            f"{checkin.cadence:g}" if checkin.cadence is not None else "",
            f"{checkin.device_cadence:g}" if checkin.device_cadence is not None else "",
            target.text if target else "",
            "" if checkin.rpe is None else str(checkin.rpe),
            pain,
            checkin.note,
        )
    print_table(console, table)
    if len(cadences) >= 2:
        change = cadences[-1] - cadences[0]
        console.print(
            f"Cadence trend: {sparkline(cadences)}  {cadences[0]:g} → {cadences[-1]:g} spm"
            f" ({change:+g})"
        )
    missed = sum(1 for c in checkins if c.missed)
    if missed:
        console.print(f"Missed sessions logged: {missed}.")


def show_checkins(console: Console, entries: list[LogEntry]) -> None:
    """The check-in log with ids, those taken back struck through (marked when piped)."""
    table = new_table(console, "Check-ins")
    id_column(table, "Id", [str(e.id) for e in entries], justify="right")
    table.add_column("Day", no_wrap=True, min_width=10)
    id_column(table, "Session", [e.checkin.session or "" for e in entries])
    table.add_column("What", overflow="fold")
    table.add_column("From", overflow="fold")
    for entry in entries:
        c = entry.checkin
        what = reported(c) + (
            f"; taken back (line {entry.retracted_by})" if entry.retracted_by else ""
        )
        style = "dim strike" if entry.retracted_by else None
        table.add_row(
            str(entry.id), weekday_date(c.date), c.session or "", what, c.source or "", style=style
        )
    print_table(console, table)
