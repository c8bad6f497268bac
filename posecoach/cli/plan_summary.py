"""What `posecoach plan` says it did: the plan, where its times are, the profile it
read, what it wrote (click tracks and workouts too), in the reader's language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.cli import flag_names
from posecoach.errors import word

if TYPE_CHECKING:
    from posecoach.commands.plan import PlanResult
    from posecoach.commands.workouts import WorkoutsResult


def summary(result: PlanResult, copied: bool) -> list[str]:
    """A few plain lines; plain echo spares importing rich on the main path."""
    from posecoach import resources
    from posecoach.render.text import clock, date_range, weekday_date

    built = result.plan
    lines = [
        f"{built.curriculum_name} for {built.runner}: {len(built.weeks)} weeks,"
        f" {len(built.sessions)} sessions, {date_range(built.start, built.end)}."
    ]
    if built.sessions:
        first = built.sessions[0]
        lines.append(
            f"First session: {weekday_date(first.date)} at {clock(first.time)}, {first.title}."
        )
    zone = f" ({result.zone})" if result.zone else ""
    lines.append(f"Times are in {built.timezone}{zone}.")
    source = result.profile
    if source is not None and source.resolve() == resources.default_profile_file().resolve():
        lines.append("Profile: the built-in default (posecoach init writes one of your own).")
    elif source is not None:
        folder = result.written[0].parent if result.written else Path(".")
        kept = f" (copied into {folder / 'profile.yaml'})" if copied else ""
        lines.append(f"Profile: {source}{kept}.")
    if built.adjustments:
        from posecoach.render.text import counted

        said = counted(len(built.adjustments), "adjustment")
        lines.append(f"{said} to the curriculum, each explained in plan.md.")
    lines.append("Wrote: " + ", ".join(str(path) for path in result.written))
    lines += [f"Note: {word(note, flag_names())}" for note in result.notes]
    tracks = result.tracks
    if tracks is not None:
        audio = result.written[0].parent / "audio" if result.written else Path("audio")
        if tracks.problem:
            lines.append(f"No click tracks: {tracks.problem}.")
        elif tracks.written:
            kinds = sorted({p.suffix[1:].upper() for p in tracks.written})
            lines.append(
                f"Wrote {len(tracks.written)} click tracks to {audio} ({', '.join(kinds)});"
                f" {tracks.unchanged} unchanged."
            )
        else:
            lines.append(f"Click tracks in {audio}: all {tracks.unchanged} current.")
    if result.workouts is not None:
        lines += workout_lines(result.workouts)
    return lines


def workout_lines(result: WorkoutsResult) -> list[str]:
    """What became of the folder's workouts: written, current, removed or left alone."""
    folder, count = result.folder, len(result.written)
    if count:
        done = f"Wrote {count} workout{'s' if count != 1 else ''} for the watch to {folder}"
        lines = [f"{done} (FIT); {result.unchanged} unchanged."]
    else:
        lines = [f"Workouts in {folder}: all {result.unchanged} current."]
    return lines + [f"Note: {note}" for note in result.notes]
