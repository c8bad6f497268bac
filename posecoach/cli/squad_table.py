"""The squad's status as a terminal table (rich): a row per athlete, plain when piped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from posecoach.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.squad.status import Row


def show_status(console: Console, squad: str, rows: list[Row]) -> None:
    from rich import box
    from rich.table import Table

    from posecoach.squad.status import SILENT_DAYS

    # Light lines and short headers: eight columns fit 80 characters. Piped, plain
    # columns: no rule under the header for a script (or grep) to step over.
    table = Table(
        title=ngettext(
            "%(squad)s: %(count)s athlete, those who need you first",
            "%(squad)s: %(count)s athletes, those who need you first",
            len(rows),
        )
        % {"squad": squad, "count": len(rows)},
        box=box.SIMPLE_HEAD if console.is_terminal else None,
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
    )
    table.add_column(_("Athlete"), no_wrap=True)
    # Translators: short column headers: eight columns fit 80 characters.
    table.add_column(pgettext("squad column", "Wk"), no_wrap=True)
    table.add_column(pgettext("squad column", "Done"), no_wrap=True)
    table.add_column(pgettext("squad column", "Missed"), no_wrap=True)
    table.add_column(_("Pain, injury"), min_width=12, ratio=3)  # wraps between words
    table.add_column(_("Cadence"), no_wrap=True)
    table.add_column(pgettext("squad column", "Last in"), min_width=9)
    table.add_column(_("Adjusted by"), min_width=10, ratio=2)
    for row in rows:
        if row.problem is not None:
            table.add_row(row.athlete, "-", "-", "-", "-", "-", "-", row.problem)
            continue
        table.add_row(
            row.athlete,
            "-" if row.week is None else str(row.week),
            f"{row.done}/{row.planned}",
            str(row.missed) if row.missed else "-",
            row.pain_and_injury,
            row.cadence_text,
            row.last_text + (" !" if row.silent else ""),
            row.adjusted_text,
        )
    console.print(table)
    legend = [
        _("Wk: the plan's week."),
        _("Missed: this week's sessions checked in as missed, or gone by without a check-in."),
        _(
            "Pain: the worst report behind a region the plan still holds back (+N: more"
            " regions), until check-ins there clear it; injury: a current one from the"
            " athlete's profile, and where its rehab stands."
        ),
        _(
            "Last in: the last check-in; ! after %(days)s days or more of silence, which ranks"
            " the athlete before missed sessions."
        )
        % {"days": SILENT_DAYS},
        _(
            "Adjusted by: the rules behind the changes check-ins made to the plan from this"
            " week on, and how many (posecoach explain in the athlete's plan folder says why)."
        ),
    ]
    console.print(" ".join(legend), markup=False)
