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
from posecoach.cli.help_words import metavars
from posecoach.i18n import N_, _, ngettext, pgettext
from posecoach.model import Plan, Rules, Session
from posecoach.render import amounts, wording
from posecoach.render.text import (
    clock,
    date_range,
    day_and_time,
    long_date,
    sessions_day,
    today_heading,
    weekday_date,
)
from posecoach.sources import bibliography

if TYPE_CHECKING:
    from posecoach.commands.today import DayView

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
        (N_("Week"), "right"),
        (N_("Dates"), "left"),
        (N_("Phase"), "left"),
        (N_("Cadence"), "left"),
        (N_("Sessions"), "right"),
        (N_("Min"), "right"),
        (N_("Run min"), "right"),
    ):
        table.add_column(_(header), justify=justify)  # type: ignore[arg-type]
    for week in plan.weeks:
        deload = _("%(phase)s (deload)") % {"phase": week.phase_name}
        phase = deload if week.deload else week.phase_name
        now = week.number == current
        table.add_row(
            f"→ {week.number}" if now else str(week.number),
            date_range(week.start, week.end),
            phase,
            amounts.cadence(week.cadence),
            str(len(week.sessions)),
            str(week.minutes),
            f"{week.running_minutes:g}",
            style="bold" if now else None,
        )
    print_table(console, table)
    if current is not None:
        said = _("→ this week. %(command)s for its sessions and drills.")
        console.print(said % {"command": f"posecoach show --week {current}"})
    else:
        said = _("%(command)s for a week's sessions and drills.")
        console.print(said % {"command": "posecoach show --week N"}, style="dim")


def session_panel(console: Console, session: Session, label: str = "") -> None:
    """One session: its focus, cadence target, and each drill with dose and cues."""
    drills = Table(show_header=True, box=None, pad_edge=False, expand=True)
    drills.add_column(_("Drill"), ratio=2)
    drills.add_column(_("Dose"), ratio=2)
    drills.add_column(_("Cues"), ratio=5)
    for item in session.items:
        drills.add_row(
            Text(item.name, style=ELEMENT_STYLE.get(item.element, "")),
            amounts.dose(item),
            "\n".join(f"• {cue}" for cue in item.cues),
        )
    parts: list[RenderableType] = [Text(wording.focus(session), style="dim")]
    if session.cadence is not None:
        said = _("Cadence target: %(cadence)s") % {"cadence": amounts.cadence(session.cadence)}
        parts.append(Text(said))
    parts.append(drills)
    noted = _("Note: %(note)s")
    parts.extend(Text(noted % {"note": n}, style="yellow") for n in wording.notes(session))
    minutes = _("%(minutes)s min") % {"minutes": session.minutes}
    title = Text(
        f"{day_and_time(session.date, session.time, ' ')} · {wording.title(session)}"
        f" · {minutes}{label}"
    )
    boxed(console, Group(*parts), title, session.key)


def show_week(console: Console, plan: Plan, number: int, today: date | None = None) -> None:
    week = plan.weeks[number - 1]
    deload = " · " + _("deload week") if week.deload else ""
    heading = _("Week %(number)s: %(phase)s") % {"number": week.number, "phase": week.phase_name}
    console.print(
        Text(heading, style="bold") + Text(f"{deload} · {date_range(week.start, week.end)}")
    )
    console.print(Text(week.focus, style="italic"))
    for session in week.sessions:
        session_panel(console, session, " · " + _("today") if session.date == today else "")


def show_today(console: Console, plan: Plan, view: DayView) -> None:
    """`posecoach today`: the day's sessions (or the next one), then the week at a glance."""
    day = long_date(view.day)
    week = view.week
    where = (
        " · "
        + _("week %(number)s of %(weeks)s: %(phase)s")
        % {"number": week.number, "weeks": len(plan.weeks), "phase": week.phase_name}
        if week
        else ""
    )
    if view.state == "after":
        ended = _("%(day)s: the plan ended on %(end)s.")
        console.print(ended % {"day": day, "end": long_date(plan.end)}, markup=False)
        console.print(
            _("Plan your next block: %(command)s") % {"command": metavars(NEXT_BLOCK)}, markup=False
        )
        return
    if view.state == "before":
        starts = _("%(day)s: the plan starts on %(start)s.")
        console.print(starts % {"day": day, "start": long_date(plan.start)}, markup=False)
    elif view.sessions:
        heading = _("Today, %(day)s") % {"day": today_heading(view.day)}
        console.print(Text(heading + where, style="bold"))
    else:
        heading = _("Rest day today, %(day)s") % {"day": today_heading(view.day)}
        console.print(Text(heading + where, style="bold"))
        for work in week.home or [] if week is not None else []:  # a day for work at home
            if work.note is not None:
                said = wording.say(work.note)
                said = _("Today, if not done yet: %(work)s") % {"work": said}
                console.print(Text(said, style="yellow"))
    for session in view.sessions:
        session_panel(console, session)
    if view.next is not None:
        console.print(_next_line(view.day, view.next), markup=False)
        session_panel(console, view.next)
    elif not view.sessions:
        console.print(_("No sessions are left in this plan."))
    if view.glance and week is not None:
        glance_title = _("Week %(number)s at a glance") % {"number": week.number}
        glance = new_table(console, glance_title, show_header=False)
        for header in ("Day", "Time", "Session", "Min", "Status"):  # not shown
            glance.add_column(header, justify="right" if header == "Min" else "left")
        for entry in view.glance:
            status = entry.status or (_("today") if entry.today else "")
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
        logged = _(" and ").join(view.logged)
        said = _("Today's session is logged: %(sessions)s.") % {"sessions": logged}
        console.print(said, markup=False)
        ahead = _("No sessions are left in this plan.")
        console.print(_next_line(view.day, view.later) if view.later else ahead, markup=False)
        command = metavars("posecoach checkin --replace --cadence SPM --rpe 0-10")
        console.print(_("To change it: %(command)s") % {"command": command}, markup=False)
    elif view.sessions:
        command = metavars("posecoach checkin --cadence SPM --rpe 0-10")
        console.print(_("After it: %(command)s") % {"command": command}, markup=False)


def _next_line(day: date, session: Session) -> str:
    """'Next: Sat 16 Jan at 09:00 (in 3 days), Strength.'"""
    days = (session.date - day).days
    when = _("tomorrow") if days == 1 else ngettext("in %(count)s day", "in %(count)s days", days)
    said = _("Next: %(day)s at %(time)s (%(when)s), %(session)s.")
    return said % {
        "day": weekday_date(session.date),
        "time": clock(session.time),
        "when": when % {"count": days},
        "session": wording.title(session),
    }


def grid() -> Table:
    body = Table.grid(padding=(0, 2))
    body.add_column(style="bold", no_wrap=True)
    body.add_column(overflow="fold")
    return body


def show_adjustments(console: Console, plan: Plan, rules: Rules, week: int | None) -> None:
    chosen = [a for a in plan.adjustments if week is None or a.week == week]
    if not chosen:
        said = (
            _("No changes to week %(week)s: it follows the curriculum as written.")
            if week
            else _("No changes to the plan: it follows the curriculum as written.")
        )
        console.print(said % {"week": week})
        return
    for adjustment in chosen:
        rule = getattr(rules, adjustment.rule, None)
        body = grid()
        body.add_row(pgettext("explain", "Change"), wording.reason(adjustment))
        if adjustment.checkin:
            body.add_row(pgettext("explain", "Because"), wording.because(adjustment.checkin))
        session = next((s for s in plan.sessions if s.key == adjustment.session), None)
        if session is not None:
            said = f"{sessions_day(session.date)} ({wording.title(session)})"
            body.add_row(pgettext("explain", "Session"), said)
        if rule is not None:
            said = f"{wording.rule_label(adjustment.rule)}: {rule.summary}"
            body.add_row(pgettext("explain", "Rule"), said)
        sources = bibliography(i18n.language()).labelled(adjustment.sources)
        body.add_row(pgettext("explain", "Sources"), sources)
        boxed(console, body, Text(_("Week %(number)s") % {"number": adjustment.week}))


SPARKS = "▁▂▃▄▅▆▇█"
NEXT_BLOCK = "posecoach plan --start YYYY-MM-DD"


def sparkline(values: list[float]) -> str:
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low or 1.0
    return "".join(SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values)
