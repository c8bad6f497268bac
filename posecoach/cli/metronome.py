"""posecoach metronome: a click track at a cadence, or following a planned session."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from posecoach.cli import FolderOption, app, examples, plan_folder, reports_errors


@app.command(
    epilog=examples(
        "posecoach metronome 172 --minutes 30 --accent 2 --out cadence.wav",
        "posecoach metronome --ramp 165:175 --minutes 10 --out ramp.mp3",
        "posecoach metronome --session runner-w07-s2",
        "posecoach metronome 172 --live",
    )
)
@reports_errors
def metronome(
    bpm: Annotated[
        float | None,
        typer.Argument(metavar="[BPM]", help="Beats (steps) per minute, 60 to 240."),
    ] = None,
    minutes: Annotated[
        float | None, typer.Option("--minutes", "-m", help="Length (default 30).")
    ] = None,
    ramp: Annotated[
        str | None, typer.Option("--ramp", help="FROM:TO bpm, rising steadily.")
    ] = None,
    accent: Annotated[
        int, typer.Option("--accent", help="Accent every Nth beat (2: left/right).")
    ] = 0,
    sound: Annotated[str, typer.Option("--sound", help="click, wood or beep.")] = "click",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=".wav, .flac, .ogg or .mp3")
    ] = None,
    session: Annotated[
        str | None, typer.Option("--session", help="Follow a planned session (its key).")
    ] = None,
    folder: FolderOption = None,
    live: Annotated[
        bool, typer.Option("--live", help="Play it now, with a beat in the terminal.")
    ] = False,
) -> None:
    """Write a click track at a cadence (or following a session), or play one live."""
    from posecoach.commands.metronome import MetronomeRequest, run_metronome
    from posecoach.plan_folder import PlanFolder

    request = MetronomeRequest(
        bpm=bpm,
        minutes=minutes,
        ramp=ramp,
        accent=accent,
        sound=sound,
        out=out,
        session=session,
        # Only a session's track needs the plan: a plain BPM works anywhere.
        folder=plan_folder(folder) if session else PlanFolder(PlanFolder.DEFAULT),
        live=live,
    )
    for line in run_metronome(request):
        typer.echo(line)
