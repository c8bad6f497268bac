"""Form checks in the terminal: a clip's report, and the form figures over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from posecoach.cli.terminal import new_table, print_table, sparkline
from posecoach.commands.form import ESTIMATES
from posecoach.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.commands.form import FormResult
    from posecoach.model import CheckIn, FormCheck, Plan

FILMING = N_(
    "Filming: from the side, the whole body in frame, 3-6 m away, the phone still and level"
    " with the hips, 60 fps if it allows, 10 s of steady running."
)


def measured(check: FormCheck) -> dict[str, tuple[str, str]]:
    """figure -> (the value in words, with its spread)."""
    c, lean, s, b = check.cadence, check.lean, check.strike, check.bounce
    spm, legs = _("%(value)s steps/min"), _("%(value)s leg lengths")
    return {
        "cadence": (
            spm % {"value": f"{c.value:.0f}"},
            spm % {"value": f"{c.value:.0f} ±{c.spread:.0f}"},
        ),
        "lean": (f"{lean.value:.0f}°", f"{lean.value:.0f}° ±{lean.spread:.1f}°"),
        "strike": (
            legs % {"value": f"{s.value:.2f}"},
            legs % {"value": f"{s.value:.2f} ±{s.spread:.2f}"},
        ),
        "bounce": (
            legs % {"value": f"{b.value:.2f}"},
            legs % {"value": f"{b.value:.2f} ±{b.spread:.2f}"},
        ),
    }


NAMES = {
    "cadence": N_("Cadence"),
    "lean": N_("Trunk lean*"),
    "strike": N_("Foot ahead of hips*"),
    "bounce": N_("Bounce*"),
}


def show_form(console: Console, result: FormResult) -> None:
    check, gait, landmarks = result.check, result.gait, result.landmarks
    clip_fps = landmarks.fps * landmarks.clip_step
    said = _(
        "Form check: %(clip)s (%(seconds)s s at %(fps)s fps; the runner found in %(share)s of"
        " the frames)"
    )
    figures = {"seconds": f"{landmarks.seconds:.1f}", "fps": f"{clip_fps:.0f}"}
    shown = said % {"clip": result.source.name, **figures, "share": f"{gait.found_share:.0%}"}
    console.print(shown, markup=False, highlight=False)
    words = measured(check)
    rows: list[tuple[str, str, str, str, bool]] = []
    for key, name in NAMES.items():
        verdict = result.verdicts[key]
        number = getattr(check, key).count
        unit = (
            ngettext("%(count)s strike", "%(count)s strikes", number)
            if key == "strike"
            else ngettext("%(count)s step", "%(count)s steps", number)
        )
        count = unit % {"count": number}
        rows.append((_(name), words[key][1], count, verdict.text, verdict.fault))
    table = new_table(console)
    for n, header in enumerate((_("Figure"), _("Measured (± spread)"), _("Rests on"))):
        wide = max(len(header), *(len(str(row[n])) for row in rows))
        table.add_column(header, no_wrap=True, min_width=wide)
    table.add_column(_("Against"), overflow="fold")
    for name, value, count, against, past in rows:
        table.add_row(name, value, count, against, style="bold" if past else None)
    print_table(console, table)
    near = _("Where the foot lands is read from the near foot's strikes.")
    lines = ["* " + _(ESTIMATES), near]
    if gait.cadence_from_strikes is not None:
        cross = _(
            "The foot strikes give %(cadence)s steps/min (a cross-check of the hips' figure)."
        )
        lines.append(cross % {"cadence": f"{gait.cadence_from_strikes:.0f}"})
    lines += result.notes
    for fault in result.faults:
        shifts = (
            _(
                "Logged with a session, this shifts the next %(weeks)s weeks toward the pull"
                " and the Pose drills (the form rule: %(command)s shows it)."
            )
            if fault.kind == "overstriding"
            else _(
                "Logged with a session, this shifts the next %(weeks)s weeks toward the fall"
                " and the Pose drills (the form rule: %(command)s shows it)."
            )
        )
        lines.append(shifts % {"weeks": result.rule.weeks, "command": "posecoach explain"})
    lines.append(_(FILMING))
    for line in lines:
        console.print(line, markup=False, highlight=False)


def form_lines(result: FormResult) -> list[str]:
    """The form check in a check-in's report: one line of figures and its verdicts."""
    check = result.check
    words = measured(check)
    faults = [v.text for k, v in result.verdicts.items() if v.fault and k != "cadence"]
    summary = _(
        "Form from %(clip)s: cadence %(cadence)s, trunk lean %(lean)s, the foot lands"
        " %(strike)s ahead of the hips, bounce %(bounce)s (all but cadence are estimates)."
    ) % {"clip": check.clip, **{key: said[0] for key, said in words.items()}}
    return [summary, *(f"  {text}." for text in faults)]


def show_form_progress(console: Console, plan: Plan, checkins: list[CheckIn]) -> None:
    """The form checks logged so far, oldest first, with their trends."""
    checks = [c for c in checkins if c.form is not None]
    if not checks:
        return
    table = new_table(console, _("Form checks"))
    table.add_column(_("Date"), no_wrap=True, min_width=10)
    table.add_column(_("Clip"), overflow="fold")
    for header in (_("Cadence"), _("Lean"), _("Foot lands"), _("Bounce")):
        table.add_column(header, no_wrap=True)
    for checkin in checks:
        form = checkin.form
        assert form is not None
        table.add_row(
            checkin.date.isoformat(),
            form.clip,
            f"{form.cadence.value:.0f}",
            f"{form.lean.value:.0f}°",
            f"{form.strike.value:+.2f}",
            f"{form.bounce.value:.2f}",
        )
    print_table(console, table)
    if len(checks) >= 2:
        strikes = [c.form.strike.value for c in checks if c.form is not None]
        leans = [c.form.lean.value for c in checks if c.form is not None]
        trend = _(
            "Foot lands: %(strikes)s leg lengths ahead of the hips; trunk lean: %(leans)s"
        ) % {
            "strikes": f"{sparkline(strikes)}  {strikes[0]:+.2f} → {strikes[-1]:+.2f}",
            "leans": f"{sparkline(leans)}  {leans[0]:.0f}° → {leans[-1]:.0f}°",
        }
        console.print(trend, markup=False, highlight=False)
    console.print(
        _("Lean, foot and bounce are estimates from 2D video; lengths are in leg lengths."),
        style="dim",
    )
