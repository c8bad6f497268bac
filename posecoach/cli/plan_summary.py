"""What `posecoach plan` says it did: the plan, where its times are, the profile it
read, what it wrote (click tracks and workouts too), in the reader's language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.cli import flag_names
from posecoach.errors import word
from posecoach.i18n import _, ngettext

if TYPE_CHECKING:
    from posecoach.commands.plan import PlanResult
    from posecoach.commands.workouts import WorkoutsResult


def summary(result: PlanResult, copied: bool) -> list[str]:
    """A few plain lines; plain echo spares importing rich on the main path."""
    from posecoach import resources
    from posecoach.render.text import clock, date_range, weekday_date

    built = result.said  # with its curriculum's words in the runner's language
    said = _("%(curriculum)s for %(runner)s: %(weeks)s, %(sessions)s, %(dates)s.")
    weeks = ngettext("%(count)s week", "%(count)s weeks", len(built.weeks))
    sessions = ngettext("%(count)s session", "%(count)s sessions", len(built.sessions))
    lines = [
        said
        % {
            "curriculum": built.curriculum_name,
            "runner": built.runner,
            "weeks": weeks % {"count": len(built.weeks)},
            "sessions": sessions % {"count": len(built.sessions)},
            "dates": date_range(built.start, built.end),
        }
    ]
    if built.sessions:
        first = built.sessions[0]
        said = _("First session: %(day)s at %(time)s, %(session)s.")
        day, time = weekday_date(first.date), clock(first.time)
        lines.append(said % {"day": day, "time": time, "session": first.title})
    zone = f" ({result.zone})" if result.zone else ""
    lines.append(_("Times are in %(zone)s.") % {"zone": f"{built.timezone}{zone}"})
    source = result.profile
    if source is not None and source.resolve() == resources.default_profile_file().resolve():
        said = _("Profile: the built-in default (%(command)s writes one of your own).")
        lines.append(said % {"command": "posecoach init"})
    elif source is not None:
        folder = result.written[0].parent if result.written else Path(".")
        copy = folder / "profile.yaml"
        kept = _("Profile: %(file)s (copied into %(copy)s).") if copied else _("Profile: %(file)s.")
        lines.append(kept % {"file": source, "copy": copy})
    if built.adjustments:
        count = len(built.adjustments)
        lines.append(
            ngettext(
                "%(count)s adjustment to the curriculum, each explained in plan.md.",
                "%(count)s adjustments to the curriculum, each explained in plan.md.",
                count,
            )
            % {"count": count}
        )
    lines.append(_("Wrote: %(files)s") % {"files": ", ".join(str(p) for p in result.written)})
    lines += [_("Note: %(note)s") % {"note": word(note, flag_names())} for note in result.notes]
    tracks = result.tracks
    if tracks is not None:
        audio = result.written[0].parent / "audio" if result.written else Path("audio")
        if tracks.problem:
            lines.append(_("No click tracks: %(problem)s.") % {"problem": tracks.problem})
        elif tracks.written:
            kinds = ", ".join(sorted({p.suffix[1:].upper() for p in tracks.written}))
            said = ngettext(
                "Wrote %(count)s click track to %(folder)s (%(kinds)s); %(unchanged)s unchanged.",
                "Wrote %(count)s click tracks to %(folder)s (%(kinds)s); %(unchanged)s unchanged.",
                len(tracks.written),
            )
            counts = {"count": len(tracks.written), "unchanged": tracks.unchanged}
            lines.append(said % {**counts, "folder": audio, "kinds": kinds})
        else:
            said = _("Click tracks in %(folder)s: all %(count)s current.")
            lines.append(said % {"folder": audio, "count": tracks.unchanged})
    if result.workouts is not None:
        lines += workout_lines(result.workouts)
    return lines


def workout_lines(result: WorkoutsResult) -> list[str]:
    """What became of the folder's workouts: written, current, removed or left alone."""
    folder, count = result.folder, len(result.written)
    if count:
        said = ngettext(
            "Wrote %(count)s workout for the watch to %(folder)s (FIT); %(unchanged)s unchanged.",
            "Wrote %(count)s workouts for the watch to %(folder)s (FIT); %(unchanged)s unchanged.",
            count,
        )
    else:
        said = _("Workouts in %(folder)s: all %(unchanged)s current.")
    lines = [said % {"count": count, "folder": folder, "unchanged": result.unchanged}]
    return lines + [_("Note: %(note)s") % {"note": note} for note in result.notes]
