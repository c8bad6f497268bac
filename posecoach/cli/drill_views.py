"""The drill library and the curricula drawn in the terminal (see cli/terminal.py
for how tables look in a terminal and piped)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from posecoach import i18n
from posecoach.cli.help_words import metavars
from posecoach.cli.terminal import ELEMENT_STYLE, boxed, grid, id_column, new_table, print_table
from posecoach.i18n import _, ngettext, pgettext
from posecoach.model import Curriculum, Drill
from posecoach.render.wording_base import element
from posecoach.sources import bibliography


def show_drills(console: Console, curriculum: Curriculum) -> None:
    count = len(curriculum.drills)
    drills = ngettext("%(count)s drill", "%(count)s drills", count) % {"count": count}
    table = new_table(console, f"{curriculum.name}: {drills}")
    id_column(table, "ID", [d.id for d in curriculum.drills], style="bold")
    for header in (_("Drill"), _("Element"), _("Dose"), _("Loads")):
        table.add_column(header)
    plyo = " " + _("(plyo)")
    for drill in curriculum.drills:
        dose = _("run/walk ladder") if drill.ladder else _dose_text(drill)
        table.add_row(
            drill.id,
            Text(drill.name) + Text(plyo if drill.plyometric else "", style="dim"),
            Text(element(drill.element), style=ELEMENT_STYLE.get(drill.element, "")),
            dose,
            _loads(drill),
        )
    print_table(console, table)
    said = _("%(command)s shows one drill in full.") % {"command": "posecoach drills ID"}
    console.print(said, style="dim")


def _loads(drill: Drill) -> str:
    """The body regions a drill loads: their keys in English (as a curriculum file
    writes them), their names in another language."""
    from posecoach.render.wording_base import region

    if i18n.language() == i18n.DEFAULT:
        return ", ".join(drill.loads)
    return ", ".join(region(name) for name in drill.loads)


def _dose_text(drill: Drill) -> str:
    from posecoach.engine.dosing import prescribe
    from posecoach.render.amounts import prescription

    low = prescription(prescribe(drill.dose, 0.0, None))
    high = prescription(prescribe(drill.dose, 1.0, None))
    return low if low == high else f"{low} → {high}"


def show_drill(console: Console, curriculum: Curriculum, drill: Drill) -> None:
    body = grid()
    said = Text(element(drill.element), style=ELEMENT_STYLE.get(drill.element, ""))
    body.add_row(_("Element"), said)
    body.add_row(_("Purpose"), drill.purpose)
    body.add_row(_("Setup"), drill.setup)
    body.add_row(_("Cues"), "\n".join(f"• {cue}" for cue in drill.cues))
    body.add_row(_("Faults"), "\n".join(f"• {fault}" for fault in drill.faults))
    body.add_row(_("Dose"), _("the run/walk ladder") if drill.ladder else _dose_text(drill))
    body.add_row(pgettext("drill", "Progress"), drill.progression)
    body.add_row(pgettext("drill", "Regress"), drill.regression)
    body.add_row(_("Equipment"), ", ".join(drill.equipment) or _("none"))
    plyometric = " " + _("(plyometric)") if drill.plyometric else ""
    body.add_row(_("Loads"), _loads(drill) + plyometric)
    body.add_row(
        pgettext("explain", "Sources"), bibliography(i18n.language()).labelled(drill.sources)
    )
    used = [t.title for t in curriculum.templates if any(i.drill == drill.id for i in t.items)]
    body.add_row(_("Used in"), ", ".join(used) or _("no session"))
    boxed(console, body, Text(drill.name) + Text(f" ({drill.id})", style="dim"))


def show_curricula(console: Console, curricula: list[Curriculum]) -> None:
    table = new_table(console, _("Built-in curricula"))
    id_column(table, _("Name"), [c.id for c in curricula], style="bold")
    table.add_column(_("Title"))
    table.add_column(_("Weeks"), justify="right")
    table.add_column(_("Drills"), justify="right")
    table.add_column(pgettext("curriculum", "For"))
    for curriculum in curricula:
        weeks = f"{curriculum.weeks} ({curriculum.min_weeks}-{curriculum.max_weeks})"
        table.add_row(
            curriculum.id, curriculum.name, weeks, str(len(curriculum.drills)), curriculum.audience
        )
    print_table(console, table)
    said = _("%(command)s uses one.") % {"command": metavars("posecoach plan --curriculum NAME")}
    console.print(said, style="dim")
