"""The plan and the drill library drawn in the terminal with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from posecoach.model import CheckIn, Curriculum, Drill, Plan, Rules
from posecoach.render.text import clock, date_range, weekday_date

ELEMENT_STYLE = {
    "pose": "bold cyan",
    "fall": "bold magenta",
    "pull": "bold green",
    "integration": "bold blue",
    "running": "bold yellow",
    "strength": "red",
    "stability": "dark_orange",
    "mobility": "dim cyan",
}


def show_overview(console: Console, plan: Plan) -> None:
    table = Table(title=f"{plan.curriculum_name}: {plan.runner}", title_justify="left")
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
        phase = week.phase_name + (" [dim](deload)[/]" if week.deload else "")
        table.add_row(
            str(week.number),
            date_range(week.start, week.end),
            phase,
            week.cadence.text,
            str(len(week.sessions)),
            str(week.minutes),
            f"{week.running_minutes:g}",
        )
    console.print(table)
    console.print("[dim]posecoach show --week N for a week's sessions and drills.[/]")


def show_week(console: Console, plan: Plan, number: int) -> None:
    week = plan.weeks[number - 1]
    deload = " · deload week" if week.deload else ""
    console.print(
        f"[bold]Week {week.number}: {week.phase_name}[/]{deload} · "
        f"{date_range(week.start, week.end)}"
    )
    console.print(Text(week.focus, style="italic"))
    for session in week.sessions:
        table = Table(show_header=True, box=None, pad_edge=False, expand=True)
        table.add_column("Drill", ratio=2)
        table.add_column("Dose", ratio=2)
        table.add_column("Cues", ratio=5)
        for item in session.items:
            table.add_row(
                Text(item.name, style=ELEMENT_STYLE.get(item.element, "")),
                item.dose_text,
                "\n".join(f"• {cue}" for cue in item.cues),
            )
        parts: list[Text | Table] = [Text(session.focus, style="dim")]
        if session.cadence is not None:
            parts.append(Text(f"Cadence target: {session.cadence.text}"))
        parts.append(table)
        parts.extend(Text(f"Note: {note}", style="yellow") for note in session.notes)
        title = (
            f"{weekday_date(session.date)} {clock(session.time)} · {session.title}"
            f" · {session.minutes} min"
        )
        console.print(Panel(Group(*parts), title=title, title_align="left", subtitle=session.key))


def show_drills(console: Console, curriculum: Curriculum) -> None:
    table = Table(title=f"{curriculum.name}: {len(curriculum.drills)} drills", title_justify="left")
    table.add_column("ID", style="bold")
    table.add_column("Drill")
    table.add_column("Element")
    table.add_column("Dose")
    table.add_column("Loads", overflow="fold")
    for drill in curriculum.drills:
        dose = "run/walk ladder" if drill.ladder else _dose_text(drill)
        flags = " [dim](plyo)[/]" if drill.plyometric else ""
        table.add_row(
            drill.id,
            drill.name + flags,
            Text(drill.element, style=ELEMENT_STYLE.get(drill.element, "")),
            dose,
            ", ".join(drill.loads),
        )
    console.print(table)
    console.print("[dim]posecoach drills ID shows one drill in full.[/]")


def _dose_text(drill: Drill) -> str:
    from posecoach.engine.dosing import prescribe

    low, high = prescribe(drill.dose, 0.0, None).text, prescribe(drill.dose, 1.0, None).text
    return low if low == high else f"{low} → {high}"


def show_drill(console: Console, curriculum: Curriculum, drill: Drill) -> None:
    body = Table.grid(padding=(0, 2))
    body.add_column(style="bold", no_wrap=True)
    body.add_column(overflow="fold")
    body.add_row("Element", Text(drill.element, style=ELEMENT_STYLE.get(drill.element, "")))
    body.add_row("Purpose", drill.purpose)
    body.add_row("Setup", drill.setup)
    body.add_row("Cues", "\n".join(f"• {cue}" for cue in drill.cues))
    body.add_row("Faults", "\n".join(f"• {fault}" for fault in drill.faults))
    body.add_row("Dose", "the run/walk ladder" if drill.ladder else _dose_text(drill))
    body.add_row("Progress", drill.progression)
    body.add_row("Regress", drill.regression)
    body.add_row("Equipment", ", ".join(drill.equipment) or "none")
    body.add_row("Loads", ", ".join(drill.loads) + (" (plyometric)" if drill.plyometric else ""))
    body.add_row("Sources", ", ".join(drill.sources))
    used = [t.title for t in curriculum.templates if any(i.drill == drill.id for i in t.items)]
    body.add_row("Used in", ", ".join(used) or "no session")
    console.print(Panel(body, title=f"{drill.name} [dim]({drill.id})[/]", title_align="left"))


def show_curricula(console: Console, curricula: list[Curriculum]) -> None:
    table = Table(title="Built-in curricula", title_justify="left")
    table.add_column("Name", style="bold")
    table.add_column("Title")
    table.add_column("Weeks", justify="right")
    table.add_column("Drills", justify="right")
    table.add_column("For", overflow="fold")
    for curriculum in curricula:
        weeks = f"{curriculum.weeks} ({curriculum.min_weeks}-{curriculum.max_weeks})"
        table.add_row(
            curriculum.id, curriculum.name, weeks, str(len(curriculum.drills)), curriculum.audience
        )
    console.print(table)
    console.print("[dim]posecoach plan --curriculum NAME uses one.[/]")


def show_adjustments(console: Console, plan: Plan, rules: Rules, week: int | None) -> None:
    chosen = [a for a in plan.adjustments if week is None or a.week == week]
    if not chosen:
        where = f"week {week}" if week else "the plan"
        console.print(f"No changes to {where}: it follows the curriculum as written.")
        return
    for adjustment in chosen:
        rule = getattr(rules, adjustment.rule, None)
        body = Table.grid(padding=(0, 2))
        body.add_column(style="bold", no_wrap=True)
        body.add_column(overflow="fold")
        body.add_row("Change", adjustment.reason)
        if adjustment.checkin:
            body.add_row("Because", adjustment.checkin)
        if adjustment.session:
            body.add_row("Session", adjustment.session)
        if rule is not None:
            body.add_row("Rule", f"{adjustment.rule}: {rule.summary}")
        body.add_row("Sources", ", ".join(adjustment.sources) + " (docs/pose-domain-facts.md)")
        console.print(Panel(body, title=f"Week {adjustment.week}", title_align="left"))


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
    table = Table(title=f"Check-ins: {plan.runner}", title_justify="left")
    for header in ("Date", "Session", "Cadence", "Watch", "Target", "Effort", "Pain", "Note"):
        table.add_column(header, overflow="fold")
    cadences: list[float] = []
    for checkin in checkins:
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
            ("missed " if checkin.missed else "") + _short_key(plan, checkin.session),
            f"{checkin.cadence:g}" if checkin.cadence is not None else "",
            f"{checkin.device_cadence:g}" if checkin.device_cadence is not None else "",
            target.text if target else "",
            "" if checkin.rpe is None else str(checkin.rpe),
            pain,
            checkin.note,
        )
    console.print(table)
    if len(cadences) >= 2:
        change = cadences[-1] - cadences[0]
        console.print(
            f"Cadence trend: {sparkline(cadences)}  {cadences[0]:g} → {cadences[-1]:g} spm"
            f" ({change:+g})"
        )
    missed = sum(1 for c in checkins if c.missed)
    if missed:
        console.print(f"Missed sessions logged: {missed}.")
