"""posecoach metronome: a click track at a cadence, or following a planned session."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import FolderOption, app, completion, examples, plan_folder, reports_errors
from posecoach.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from posecoach.commands.today import CadenceChoice
    from posecoach.folder.snapshot import Snapshot


@app.command(
    epilog=examples(
        "posecoach metronome",
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
        typer.Argument(
            metavar="[BPM]",
            help=N_(
                "Beats (steps) per minute, 60 to 240. Default: the cadence target of today's"
                " session, or of the next one (asked to confirm in a terminal)."
            ),
        ),
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes",
            "-m",
            help=N_(
                "The track's length (default 30 with a BPM or --ramp; a session's track"
                " lasts as long as the session)."
            ),
        ),
    ] = None,
    ramp: Annotated[
        str | None, typer.Option("--ramp", help=N_("FROM:TO bpm, rising steadily."))
    ] = None,
    accent: Annotated[
        int, typer.Option("--accent", help=N_("Accent every Nth beat (2: left/right)."))
    ] = 0,
    sound: Annotated[
        str,
        typer.Option(
            "--sound",
            help=N_("click, wood or beep."),
            autocompletion=completion.fixed("click", "wood", "beep"),
        ),
    ] = "click",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=N_(".wav, .flac, .ogg or .mp3"))
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help=N_("Follow a planned session (its key)."),
            autocompletion=completion.session_keys,
        ),
    ] = None,
    folder: FolderOption = None,
    live: Annotated[
        bool, typer.Option("--live", help=N_("Play it now, with a beat in the terminal."))
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help=N_("With no BPM, use the plan's target without asking.")),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", "-f", help=N_("Replace the file if it is there already."))
    ] = False,
) -> None:
    """Write a click track at a cadence (or following a session), or play one live.

    With no BPM, --ramp or --session it writes the click track of today's session
    (or the next one done to the beat) into the plan folder's audio/, as long as the
    session; with --minutes or --live, a steady click at that session's cadence
    target. In a terminal it asks first; piped, or with --yes, it goes ahead and says
    so. A file that is there already is replaced only with --force.
    """
    from posecoach.commands.metronome import MetronomeRequest, run_metronome
    from posecoach.folder.plan_folder import PlanFolder

    if bpm is None and ramp is None and session is None:
        found = _plan_for_target(folder)
        if live or minutes is not None:
            bpm = _target(found, yes, live, minutes)
        else:
            session = _todays_session(found, yes)
            folder = found.folder.path
        if bpm is None and session is None:
            said = _("Nothing written. Give a BPM, e.g. %(command)s")
            typer.echo(said % {"command": "posecoach metronome 170"})
            return
    request = MetronomeRequest(
        bpm=bpm,
        minutes=minutes,
        ramp=ramp,
        accent=accent,
        sound=sound,
        out=out,
        session=session,
        # Only a session's track needs the plan: a plain BPM works anywhere.
        folder=plan_folder(folder).folder if session else PlanFolder(PlanFolder.DEFAULT),
        live=live,
        force=force,
    )
    for line in run_metronome(request):
        typer.echo(line)


def _plan_for_target(folder: Path | None) -> Snapshot:
    """The plan folder, for a target to click at; a missing plan says what to give instead."""
    from posecoach.errors import UsageError
    from posecoach.folder.plan_folder import NoPlanError

    try:
        found = plan_folder(folder)
        found.plan()
    except NoPlanError as error:
        no_plan = _("no BPM given, and no plan to take today's target from (%(problem)s)")
        give = _(
            "give one, e.g. %(example)s; or run %(plan)s first, or name the plan folder with"
            " %(folder)s"
        )
        commands = {"example": "`posecoach metronome 170`", "plan": "`posecoach plan`"}
        raise UsageError(
            no_plan % {"problem": error.message}, give % {**commands, "folder": "{folder}"}
        ) from None
    return found


def _choice(found: Snapshot) -> tuple[CadenceChoice, str]:
    """Today's session (or the next one) with a cadence target, and how to name it."""
    from posecoach.cli import today
    from posecoach.commands.sheet import worded_plan
    from posecoach.commands.today import cadence_for
    from posecoach.render.text import weekday_date

    plan = worded_plan(found)
    choice = cadence_for(plan, today(plan.timezone))
    session = choice.session
    # Translators: said after "the cadence target of" and "the click track of".
    today_s = pgettext("of", "today's session, %(session)s (%(minutes)s min)")
    # Translators: said after "the cadence target of" and "the click track of".
    next_s = pgettext("of", "the next session (%(day)s), %(session)s (%(minutes)s min)")
    said = {"day": weekday_date(session.date), "session": session.title, "minutes": session.minutes}
    return choice, (today_s if choice.today else next_s) % said


def _target(found: Snapshot, yes: bool, live: bool, minutes: float | None) -> float | None:
    """Today's (or the next session's) cadence target, confirmed in a terminal."""
    choice, which = _choice(found)
    said = {"bpm": choice.bpm, "which": which, "minutes": f"{minutes or 0:g}"}
    # The track's own length, worded apart from the session's: they differ.
    timed = not live and minutes is not None
    if yes or not sys.stdin.isatty():
        # Said on stderr: stdout stays the result, as with a BPM given.
        using = (
            _(
                "No BPM given: using %(bpm)s spm, the cadence target of %(which)s,"
                " for a %(minutes)s-min track."
            )
            if timed
            else _("No BPM given: using %(bpm)s spm, the cadence target of %(which)s.")
        )
        typer.echo(using % said, err=True)
        return float(choice.bpm)
    question = (
        _("Click at %(bpm)s spm, the cadence target of %(which)s, for a %(minutes)s-min track?")
        if timed
        else _("Click at %(bpm)s spm, the cadence target of %(which)s?")
    )
    return float(choice.bpm) if typer.confirm(question % said, default=True) else None


def _todays_session(found: Snapshot, yes: bool) -> str | None:
    """The key of today's (or the next) session to write the click track of, confirmed in
    a terminal."""
    choice, which = _choice(found)
    said = {"which": which, "bpm": choice.bpm}
    if yes or not sys.stdin.isatty():
        writing = _("No BPM given: writing the click track of %(which)s, at %(bpm)s spm.")
        typer.echo(writing % said, err=True)
        return choice.session.key
    question = _("Write the click track of %(which)s, at %(bpm)s spm?") % said
    return choice.session.key if typer.confirm(question, default=True) else None
