"""What `posecoach plan` says when it is done, in the plan's language: the plan in a
line, its first session, its time zone, the profile it read, the adjustments, what it
wrote; a line each for the click tracks and the watch's workouts."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from posecoach import i18n
from posecoach.errors import word
from posecoach.i18n import gettext as _
from posecoach.i18n import ngettext

if TYPE_CHECKING:
    from posecoach.commands.plan import PlanResult
    from posecoach.commands.workouts import WorkoutsResult


def summary(result: PlanResult, copied: bool, flags: Mapping[str, str]) -> list[str]:
    """A few plain lines in the plan's language (`flags`: how the edge names each
    `{field}` of a note)."""
    with i18n.use(result.spoken):
        return _summary(result, copied, flags)


def _summary(result: PlanResult, copied: bool, flags: Mapping[str, str]) -> list[str]:
    from posecoach import resources
    from posecoach.render.text import clock, date_range, weekday_date

    built = result.shown or result.plan
    weeks, sessions = len(built.weeks), len(built.sessions)
    lines = [
        _("%(curriculum)s for %(runner)s: %(weeks)s, %(sessions)s, %(dates)s.")
        % {
            "curriculum": built.curriculum_name,
            "runner": built.runner,
            "weeks": ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks},
            "sessions": ngettext("%(count)s session", "%(count)s sessions", sessions)
            % {"count": sessions},
            "dates": date_range(built.start, built.end),
        }
    ]
    if built.sessions:
        first = built.sessions[0]
        lines.append(
            _("First session: %(day)s at %(time)s, %(title)s.")
            % {"day": weekday_date(first.date), "time": clock(first.time), "title": first.title}
        )
    if result.zone:
        said = _("Times are in %(zone)s (%(why)s).") % {"zone": built.timezone, "why": result.zone}
    else:
        said = _("Times are in %(zone)s.") % {"zone": built.timezone}
    lines.append(said)
    source = result.profile
    if source is not None and source.resolve() == resources.default_profile_file().resolve():
        lines.append(_("Profile: the built-in default (posecoach init writes one of your own)."))
    elif source is not None and copied:
        folder = result.written[0].parent if result.written else Path(".")
        lines.append(
            _("Profile: %(profile)s (copied into %(copy)s).")
            % {"profile": source, "copy": folder / "profile.yaml"}
        )
    elif source is not None:
        lines.append(_("Profile: %(profile)s.") % {"profile": source})
    if built.adjustments:
        count = len(built.adjustments)
        said = ngettext(
            "%(count)s adjustment to the curriculum, each explained in plan.md.",
            "%(count)s adjustments to the curriculum, each explained in plan.md.",
            count,
        )
        lines.append(said % {"count": count})
    lines.append(_("Wrote: %(files)s") % {"files": ", ".join(str(p) for p in result.written)})
    lines += [_("Note: %(note)s") % {"note": word(note, flags)} for note in result.notes]
    lines += track_lines(result)
    if result.workouts is not None:
        lines += workout_lines(result.workouts)
    return lines


def track_lines(result: PlanResult) -> list[str]:
    tracks = result.tracks
    if tracks is None:
        return []
    audio = result.written[0].parent / "audio" if result.written else Path("audio")
    if tracks.problem:
        return [_("No click tracks: %(problem)s.") % {"problem": tracks.problem}]
    if tracks.written:
        kinds = sorted({p.suffix[1:].upper() for p in tracks.written})
        count = len(tracks.written)
        said = ngettext(
            "Wrote %(count)s click track to %(folder)s (%(kinds)s); %(unchanged)s unchanged.",
            "Wrote %(count)s click tracks to %(folder)s (%(kinds)s); %(unchanged)s unchanged.",
            count,
        )
        kept = {"folder": audio, "kinds": ", ".join(kinds), "unchanged": tracks.unchanged}
        return [said % {"count": count, **kept}]
    return [
        ngettext(
            "%(count)s click track in %(folder)s, current.",
            "Click tracks in %(folder)s: all %(count)s current.",
            tracks.unchanged,
        )
        % {"folder": audio, "count": tracks.unchanged}
    ]


def workout_lines(result: WorkoutsResult) -> list[str]:
    """What became of the folder's workouts: written, current, removed or left alone."""
    folder, count = result.folder, len(result.written)
    if count:
        said = ngettext(
            "Wrote %(count)s workout for the watch to %(folder)s (FIT); %(unchanged)s unchanged.",
            "Wrote %(count)s workouts for the watch to %(folder)s (FIT); %(unchanged)s unchanged.",
            count,
        )
        lines = [said % {"count": count, "folder": folder, "unchanged": result.unchanged}]
    else:
        lines = [
            ngettext(
                "%(count)s workout in %(folder)s, current.",
                "Workouts in %(folder)s: all %(count)s current.",
                result.unchanged,
            )
            % {"folder": folder, "count": result.unchanged}
        ]
    return lines + [_("Note: %(note)s") % {"note": note} for note in result.notes]
