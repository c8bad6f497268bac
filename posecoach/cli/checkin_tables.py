"""The check-ins drawn in the terminal: `posecoach progress` (with the cadence trend)
and `posecoach checkins` (the log with ids), in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from posecoach.cli.terminal import id_column, new_table, print_table, sparkline
from posecoach.i18n import N_, _, pgettext
from posecoach.model import CheckIn, Plan
from posecoach.render import amounts
from posecoach.render.checkin_words import reported
from posecoach.render.text import short_weekday_date

if TYPE_CHECKING:
    from posecoach.folder.checkin_log import LogEntry

NO_CHECKINS = N_("No check-ins yet. After a session: %(command)s")
PROGRESS_HEADERS = (
    N_("Cadence"),
    N_("Watch"),
    N_("Target"),
    N_("Effort"),
    N_("Pain"),
    N_("Note"),
)


def _short_key(plan: Plan, key: str | None) -> str:
    """'w03-s2' for 'runner-w03-s2': the plan's id adds nothing in its own table."""
    return (key or "").removeprefix(f"{plan.plan_id}-")


def _where(region: str) -> str:
    """Where it hurt: the key as logged in English (`calf`), its name in another language."""
    from posecoach.i18n import DEFAULT, language
    from posecoach.render.wording_base import region as named

    return region if language() == DEFAULT else named(region)


def _pain(checkin: CheckIn) -> str:
    """'4 calf' in English; Polish says it as everywhere else: '4/10 (łydka)'."""
    if checkin.pain is None:
        return ""
    if checkin.where:
        # Translators: pain and where, in the progress table's Pain column: "4 calf".
        said = pgettext("pain in a table", "%(pain)s %(where)s")
        return said % {"pain": checkin.pain, "where": _where(checkin.where)}
    # Translators: pain alone, in the progress table's Pain column: "4".
    return pgettext("pain in a table", "%(pain)s") % {"pain": checkin.pain}


def show_progress(console: Console, plan: Plan, checkins: list[CheckIn]) -> None:
    if not checkins:
        console.print(_(NO_CHECKINS) % {"command": "posecoach checkin --cadence 168 --rpe 4"})
        return
    targets = {w.number: w.cadence for w in plan.weeks}
    table = new_table(console, _("Check-ins: %(runner)s") % {"runner": plan.runner})
    table.add_column(_("Date"), no_wrap=True, min_width=10)
    missed_key = _("missed %(session)s")
    sessions = [
        missed_key % {"session": _short_key(plan, c.session)}
        if c.missed
        else _short_key(plan, c.session)
        for c in checkins
    ]
    id_column(table, _("Session"), sessions)
    for header in PROGRESS_HEADERS:
        table.add_column(_(header), overflow="fold")
    cadences: list[float] = []
    for checkin, session in zip(checkins, sessions, strict=True):
        week = (checkin.date - plan.start).days // 7 + 1
        target = targets.get(week)
        pain = _pain(checkin)
        if checkin.cadence is not None:
            cadences.append(checkin.cadence)
        table.add_row(
            checkin.date.isoformat(),
            session,
            f"{checkin.cadence:g}" if checkin.cadence is not None else "",
            f"{checkin.device_cadence:g}" if checkin.device_cadence is not None else "",
            amounts.cadence(target) if target else "",
            "" if checkin.rpe is None else str(checkin.rpe),
            pain,
            checkin.note,
        )
    print_table(console, table)
    if len(cadences) >= 2:
        change = cadences[-1] - cadences[0]
        trend = f"{sparkline(cadences)}  {cadences[0]:g} → {cadences[-1]:g}"
        said = _("Cadence trend: %(trend)s spm (%(change)s)")
        console.print(said % {"trend": trend, "change": f"{change:+g}"})
    missed = sum(1 for c in checkins if c.missed)
    if missed:
        console.print(_("Missed sessions logged: %(count)s.") % {"count": missed})


def show_checkins(console: Console, entries: list[LogEntry]) -> None:
    """The check-in log with ids, those taken back struck through (marked when piped)."""
    table = new_table(console, _("Check-ins"))
    id_column(table, _("Id"), [str(e.id) for e in entries], justify="right")
    # The day, as wide as the widest: never cut short ('pon. 12 p…').
    id_column(table, _("Day"), [short_weekday_date(e.checkin.date) for e in entries])
    id_column(table, _("Session"), [e.checkin.session or "" for e in entries])
    table.add_column(_("What"), overflow="fold")
    table.add_column(_("From"), overflow="fold")
    taken_back = _("; taken back (line %(line)s)")
    for entry in entries:
        c = entry.checkin
        back = taken_back % {"line": entry.retracted_by} if entry.retracted_by else ""
        what = reported(c) + back
        style = "dim strike" if entry.retracted_by else None
        table.add_row(
            str(entry.id),
            short_weekday_date(c.date),
            c.session or "",
            what,
            c.source or "",
            style=style,
        )
    print_table(console, table)
