"""What `posecoach checkin` (and `checkin --undo`, `form --log`) says it did: the
check-in, what the watch's file gave, what changed in the plan, what was rewritten;
in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from posecoach.cli import flag_names
from posecoach.i18n import _, ngettext

if TYPE_CHECKING:
    from posecoach.commands.checkin import CheckInResult
    from posecoach.commands.plan import PlanChange, PlanResult
    from posecoach.imports import ActivitySummary


def report_lines(result: CheckInResult) -> list[str]:
    from posecoach.render.checkin_words import checkin_sentence

    said = checkin_sentence(result.checkin, result.session)
    lines = [_("Checked in %(checkin)s.") % {"checkin": said}]
    if result.activity is not None:
        lines += _activity_lines(result.activity)
    if result.form is not None:
        from posecoach.cli.form_view import form_lines

        lines += form_lines(result.form)
        lines += [_("Wrote %(file)s.") % {"file": path} for path in result.saved]
    heading = _("The plan changed (%(command)s tells why):") % {
        "command": "posecoach explain --week N"
    }
    lines += change_lines(result.changes, heading, _("The plan stays as it was."))
    return lines + updated(result.plan)


def updated(result: PlanResult) -> list[str]:
    """What a rebuild wrote, and what it removed from the folder."""
    from posecoach.errors import word

    lines = [_("Updated: %(files)s") % {"files": ", ".join(p.name for p in result.written)}]
    tracks = result.tracks
    if tracks is not None and tracks.written:
        count = len(tracks.written)
        said = ngettext(
            "Rewrote %(count)s click track in audio/.",
            "Rewrote %(count)s click tracks in audio/.",
            count,
        )
        lines.append(said % {"count": count})
    workouts = result.workouts
    if workouts is not None and workouts.written:
        count = len(workouts.written)
        said = ngettext(
            "Rewrote %(count)s workout in workouts/: copy it to the watch again.",
            "Rewrote %(count)s workouts in workouts/: copy them to the watch again.",
            count,
        )
        lines.append(said % {"count": count})
    notes = [*result.notes, *(workouts.notes if workouts else [])]
    return lines + [_("Note: %(note)s") % {"note": word(note, flag_names())} for note in notes]


def _activity_lines(activity: ActivitySummary) -> list[str]:
    """'From run.fit: cadence 180.6 steps/min over 41.2 running minutes (...).'"""
    from posecoach.cli.checkins import checkin
    from posecoach.errors import word

    lines = []
    if activity.legs is not None:
        said = {"file": activity.source, "legs": activity.legs}
        lines.append(_("From %(file)s: %(legs)s.") % said)
    figures = {
        "cadence": f"{activity.cadence or 0:g}",
        "minutes": f"{activity.running_minutes:g}",
        "device": f"{activity.device_cadence or 0:g}",
        "flag": "{cadence}",
    }
    if activity.cadence is not None:
        read = _("cadence %(cadence)s steps/min over %(minutes)s running minutes") % figures
        if activity.device_cadence is not None:
            read += _(" (the watch's own average, stops included: %(device)s)") % figures
    else:
        read = (
            _(
                "%(minutes)s running minutes; the file has no cadence"
                " (add yours with %(flag)s STEPS_PER_MINUTE)"
            )
            % figures
        )
        if activity.device_cadence is not None:
            read += _("; the watch's own average, stops included: %(device)s") % figures
    # After the legs line the source is already named: say which part is read.
    if activity.legs is None:
        lead = _("From %(file)s: %(read)s.") % {"file": activity.source, "read": read}
    else:
        lead = "  " + _("Its running: %(read)s.") % {"read": read}
    lines.append(word(lead, flag_names(checkin)))
    if activity.treadmill:
        lines.append(
            "  "
            + _(
                "Read as a treadmill or indoor run (the file has no GPS): the running time is"
                " judged by your cadence, since the watch's own speed is a guess."
            )
        )
    if activity.rpe is not None or activity.feel is not None:
        rated = [
            _("effort %(rpe)s/10") % {"rpe": activity.rpe} if activity.rpe is not None else "",
            _("felt %(feel)s") % {"feel": activity.feel} if activity.feel else "",
        ]
        both = ", ".join(filter(None, rated))
        lines.append(_("Rated on the watch: %(rated)s.") % {"rated": both})
    return lines


def _spans(weeks: list[int]) -> str:
    """[4, 5, 6, 9] -> '4–6, 9' (an en dash, as every other span of weeks)."""
    spans: list[list[int]] = []
    for week in sorted(set(weeks)):
        if spans and week == spans[-1][-1] + 1:
            spans[-1].append(week)
        else:
            spans.append([week])
    return ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 1 else f"{s[0]}" for s in spans)


def _weeks(weeks: list[int]) -> str:
    if len(weeks) == 1:
        return _("week %(weeks)s") % {"weeks": weeks[0]}
    return _("weeks %(weeks)s") % {"weeks": _spans(weeks)}


def change_lines(changes: list[PlanChange], heading: str, none: str | None) -> list[str]:
    """What changed from this week on, then one line for the weeks already over (the
    plan's record of them follows the check-ins too, but the runner has lived them)."""
    ahead = [change for change in changes if change.weeks]
    past = sorted({week for change in changes for week in change.past})
    if not ahead and not past:
        return [none] if none else []
    lines = [heading] if ahead else []
    lines += [f"  {_weeks(change.weeks)}: {change.reason}" for change in ahead]
    if past:
        # Translators: the count is the number of weeks over ("Week 3, ..." or "Weeks
        # 2-5, ..."), for the participle's agreement.
        over = ngettext(
            "%(weeks)s, already over, changed in the plan's record only (%(command)s).",
            "%(weeks)s, already over, changed in the plan's record only (%(command)s).",
            len(past),
        )
        said = {
            "weeks": _weeks(past).capitalize(),
            "command": f"posecoach explain --week {past[-1]}",
        }
        lines.append(over % said)
    if not ahead and none:
        lines.insert(0, _("Nothing changes from this week on."))
    return lines
