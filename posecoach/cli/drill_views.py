"""The drill library and the curricula drawn in the terminal (see cli/terminal.py
for how tables look in a terminal and piped)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from posecoach import i18n
from posecoach.cli.terminal import ELEMENT_STYLE, boxed, grid, id_column, new_table, print_table
from posecoach.model import Curriculum, Drill
from posecoach.sources import bibliography


def show_drills(console: Console, curriculum: Curriculum) -> None:
    table = new_table(console, f"{curriculum.name}: {len(curriculum.drills)} drills")
    id_column(table, "ID", [d.id for d in curriculum.drills], style="bold")
    table.add_column("Drill")
    table.add_column("Element")
    table.add_column("Dose")
    table.add_column("Loads")
    for drill in curriculum.drills:
        dose = "run/walk ladder" if drill.ladder else _dose_text(drill)
        table.add_row(
            drill.id,
            Text(drill.name) + Text(" (plyo)" if drill.plyometric else "", style="dim"),
            Text(drill.element, style=ELEMENT_STYLE.get(drill.element, "")),
            dose,
            ", ".join(drill.loads),
        )
    print_table(console, table)
    console.print("posecoach drills ID shows one drill in full.", style="dim")


def _dose_text(drill: Drill) -> str:
    from posecoach.engine.dosing import prescribe

    low, high = prescribe(drill.dose, 0.0, None).text, prescribe(drill.dose, 1.0, None).text
    return low if low == high else f"{low} → {high}"


def show_drill(console: Console, curriculum: Curriculum, drill: Drill) -> None:
    body = grid()
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
    body.add_row("Sources", bibliography(i18n.language()).labelled(drill.sources))
    used = [t.title for t in curriculum.templates if any(i.drill == drill.id for i in t.items)]
    body.add_row("Used in", ", ".join(used) or "no session")
    boxed(console, body, Text(drill.name) + Text(f" ({drill.id})", style="dim"))


def show_curricula(console: Console, curricula: list[Curriculum]) -> None:
    table = new_table(console, "Built-in curricula")
    id_column(table, "Name", [c.id for c in curricula], style="bold")
    table.add_column("Title")
    table.add_column("Weeks", justify="right")
    table.add_column("Drills", justify="right")
    table.add_column("For")
    for curriculum in curricula:
        weeks = f"{curriculum.weeks} ({curriculum.min_weeks}-{curriculum.max_weeks})"
        table.add_row(
            curriculum.id, curriculum.name, weeks, str(len(curriculum.drills)), curriculum.audience
        )
    print_table(console, table)
    console.print("posecoach plan --curriculum NAME uses one.", style="dim")
