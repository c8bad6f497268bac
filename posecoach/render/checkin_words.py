"""A check-in as a sentence says it: by the day and session it was for, never by its
session key or an ISO date ("your check-in for Monday's session, 7 December: pain 6
at the Achilles"). Keys stay where a command needs them (`posecoach checkins`)."""

from __future__ import annotations

from posecoach.i18n import _, pgettext
from posecoach.model import CheckIn, Session
from posecoach.render.text import done_date, number, sessions_day, spoken_date
from posecoach.render.wording_base import region


def reported(checkin: CheckIn) -> str:
    """What it reported: 'pain 6 at the Achilles, not settled next morning'."""
    parts: list[str] = []
    if checkin.missed:
        parts.append(pgettext("check-in", "missed"))
    if checkin.ill:
        parts.append(pgettext("check-in", "ill"))
    if checkin.cleared:
        parts.append(_("cleared to run by %(who)s") % {"who": checkin.cleared})
    if checkin.cadence is not None:
        parts.append(_("cadence %(spm)s") % {"spm": number(checkin.cadence)})
    if checkin.pain is not None and checkin.where:
        said = _("pain %(pain)s at the %(region)s")
        parts.append(said % {"pain": checkin.pain, "region": region(checkin.where)})
    elif checkin.pain is not None:
        parts.append(_("pain %(pain)s") % {"pain": checkin.pain})
    if checkin.settled_next_morning is False:
        parts.append(_("not settled next morning"))
    if checkin.swelling:
        parts.append(pgettext("check-in", "swelling"))
    if checkin.rpe is not None:
        parts.append(_("effort %(rpe)s/10") % {"rpe": checkin.rpe})
    if checkin.form is not None:
        parts.append(_("form from %(clip)s") % {"clip": checkin.form.clip})
    return ", ".join(parts) or _("no figures")


def which(checkin: CheckIn, session: Session | None = None) -> str:
    """ "Monday's session, 7 December (Foot and Pose)", and the day it was done when
    that was another: "..., done Tuesday 8 December"; with no session, its day."""
    planned = session.date if session is not None else checkin.session_day
    if planned is None and checkin.session is None:
        return spoken_date(checkin.date)
    said = sessions_day(planned or checkin.date)
    if session is not None:
        from posecoach.render.wording import title

        said += f" ({title(session)})"
    if planned is not None and planned != checkin.date:
        when = {"session": said, "day": done_date(checkin.date)}
        # Translators: the session was missed, and the check-in saying so logged that day.
        said = (
            _("%(session)s, logged %(day)s") if checkin.missed else _("%(session)s, done %(day)s")
        ) % when
    return said


def checkin_sentence(checkin: CheckIn, session: Session | None = None) -> str:
    """ "Monday's session, 7 December (Foot and Pose): pain 6 at the Achilles"."""
    return f"{which(checkin, session)}: {reported(checkin)}"
