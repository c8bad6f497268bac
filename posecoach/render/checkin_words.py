"""A check-in as a sentence says it: by the day and session it was for, never by its
session key or an ISO date ("your check-in for Monday's session, 7 December: pain 6
at the Achilles"). Keys stay where a command needs them (`posecoach checkins`)."""

from __future__ import annotations

from posecoach.model import CheckIn, Session
from posecoach.render.text import sessions_day, spoken_date
from posecoach.render.wording_base import region


def reported(checkin: CheckIn) -> str:
    """What it reported: 'pain 6 at the Achilles, not settled next morning'."""
    parts: list[str] = []
    if checkin.missed:
        parts.append("missed")
    if checkin.ill:
        parts.append("ill")
    if checkin.cleared:
        parts.append(f"cleared to run by {checkin.cleared}")
    if checkin.cadence is not None:
        parts.append(f"cadence {checkin.cadence:g}")
    if checkin.pain is not None:
        where = f" at the {region(checkin.where)}" if checkin.where else ""
        parts.append(f"pain {checkin.pain}{where}")
    if checkin.settled_next_morning is False:
        parts.append("not settled next morning")
    if checkin.swelling:
        parts.append("swelling")
    if checkin.rpe is not None:
        parts.append(f"effort {checkin.rpe}/10")
    if checkin.form is not None:
        parts.append(f"form from {checkin.form.clip}")
    return ", ".join(parts) or "no figures"


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
        said += f", {'logged' if checkin.missed else 'done'} {spoken_date(checkin.date)}"
    return said


def checkin_sentence(checkin: CheckIn, session: Session | None = None) -> str:
    """ "Monday's session, 7 December (Foot and Pose): pain 6 at the Achilles"."""
    return f"{which(checkin, session)}: {reported(checkin)}"
