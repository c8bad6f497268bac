"""The squad's status as a terminal table (rich): a row per athlete, plain when piped."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.squad.status import Row


def show_status(console: Console, squad: str, rows: list[Row]) -> None:
    from rich import box
    from rich.table import Table

    # Light lines and short headers: eight columns fit 80 characters.
    table = Table(
        title=f"{squad}: {len(rows)} athletes, those who need you first",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
    )
    table.add_column("Athlete", no_wrap=True)
    for column in ("Wk", "Done", "Missed", "Pain", "Cadence", "Last in"):
        table.add_column(column, no_wrap=True)
    table.add_column("Adjusted by", min_width=10)
    for row in rows:
        if row.problem is not None:
            table.add_row(row.athlete, "-", "-", "-", "-", "-", "-", row.problem)
            continue
        table.add_row(
            row.athlete,
            "-" if row.week is None else str(row.week),
            f"{row.done}/{row.planned}",
            str(row.missed) if row.missed else "-",
            row.pain_text,
            row.cadence_text,
            row.last_checkin.isoformat() if row.last_checkin else "-",
            row.adjusted_text,
        )
    console.print(table)
    console.print(
        "Wk: the plan's week. Missed: checked in as missed, or gone by without a check-in."
        " Pain: over the pain rule's line in the last two weeks, or earlier and not yet"
        " cleared by a pain-free check-in there. Last in: the last check-in."
        " Adjusted by: the rules a check-in set off (posecoach explain in the athlete's plan"
        " folder says why).",
        markup=False,
    )
