"""Form checks in the terminal: a clip's report, and the form figures over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from posecoach.cli.terminal import new_table, print_table, sparkline
from posecoach.commands.form import ESTIMATES

if TYPE_CHECKING:
    from rich.console import Console

    from posecoach.commands.form import FormResult
    from posecoach.model import CheckIn, FormCheck, Plan

FILMING = (
    "Filming: from the side, the whole body in frame, 3-6 m away, the phone still and level"
    " with the hips, 60 fps if it allows, 10 s of steady running."
)


def measured(check: FormCheck) -> dict[str, tuple[str, str]]:
    """figure -> (the value in words, with its spread)."""
    c, lean, s, b = check.cadence, check.lean, check.strike, check.bounce
    return {
        "cadence": (f"{c.value:.0f} steps/min", f"{c.value:.0f} ±{c.spread:.0f} steps/min"),
        "lean": (f"{lean.value:.0f}°", f"{lean.value:.0f}° ±{lean.spread:.1f}°"),
        "strike": (f"{s.value:.2f} leg lengths", f"{s.value:.2f} ±{s.spread:.2f} leg lengths"),
        "bounce": (f"{b.value:.2f} leg lengths", f"{b.value:.2f} ±{b.spread:.2f} leg lengths"),
    }


NAMES = {
    "cadence": "Cadence",
    "lean": "Trunk lean*",
    "strike": "Foot ahead of hips*",
    "bounce": "Bounce*",
}


def show_form(console: Console, result: FormResult) -> None:
    check, gait, landmarks = result.check, result.gait, result.landmarks
    clip_fps = landmarks.fps * landmarks.clip_step
    console.print(
        f"Form check: {result.source.name} ({landmarks.seconds:.1f} s at {clip_fps:.0f} fps;"
        f" the runner found in {gait.found_share:.0%} of the frames)",
        markup=False,
        highlight=False,
    )
    words = measured(check)
    rows: list[tuple[str, str, str, str, bool]] = []
    for key, name in NAMES.items():
        unit = "strikes" if key == "strike" else "steps"
        verdict = result.verdicts[key]
        count = f"{getattr(check, key).count} {unit}"
        rows.append((name, words[key][1], count, verdict.text, verdict.fault))
    table = new_table(console)
    for n, header in enumerate(("Figure", "Measured (± spread)", "Rests on")):
        wide = max(len(header), *(len(str(row[n])) for row in rows))
        table.add_column(header, no_wrap=True, min_width=wide)
    table.add_column("Against", overflow="fold")
    for name, value, count, against, past in rows:
        table.add_row(name, value, count, against, style="bold" if past else None)
    print_table(console, table)
    lines = ["* " + ESTIMATES, "Where the foot lands is read from the near foot's strikes."]
    if gait.cadence_from_strikes is not None:
        lines.append(
            f"The foot strikes give {gait.cadence_from_strikes:.0f} steps/min (a cross-check"
            " of the hips' figure)."
        )
    lines += result.notes
    for fault in result.faults:
        what = "the pull and the Pose" if fault.kind == "overstriding" else "the fall and the Pose"
        lines.append(
            f"Logged with a session, this shifts the next {result.rule.weeks} weeks toward"
            f" {what} drills (the form rule: posecoach explain shows it)."
        )
    lines.append(FILMING)
    for line in lines:
        console.print(line, markup=False, highlight=False)


def form_lines(result: FormResult) -> list[str]:
    """The form check in a check-in's report: one line of figures and its verdicts."""
    check = result.check
    words = measured(check)
    faults = [v.text for k, v in result.verdicts.items() if v.fault and k != "cadence"]
    summary = (
        f"Form from {check.clip}: cadence {words['cadence'][0]}, trunk lean"
        f" {words['lean'][0]}, the foot lands {words['strike'][0]} ahead of the hips,"
        f" bounce {words['bounce'][0]} (all but cadence are estimates)."
    )
    return [summary, *(f"  {text}." for text in faults)]


def show_form_progress(console: Console, plan: Plan, checkins: list[CheckIn]) -> None:
    """The form checks logged so far, oldest first, with their trends."""
    checks = [c for c in checkins if c.form is not None]
    if not checks:
        return
    table = new_table(console, "Form checks")
    table.add_column("Date", no_wrap=True, min_width=10)
    table.add_column("Clip", overflow="fold")
    for header in ("Cadence", "Lean", "Foot lands", "Bounce"):
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
        console.print(
            f"Foot lands: {sparkline(strikes)}  {strikes[0]:+.2f} → {strikes[-1]:+.2f} leg"
            f" lengths ahead of the hips; trunk lean: {sparkline(leans)}  {leans[0]:.0f}° →"
            f" {leans[-1]:.0f}°",
            markup=False,
            highlight=False,
        )
    console.print(
        "Lean, foot and bounce are estimates from 2D video; lengths are in leg lengths.",
        style="dim",
    )
