"""The check-ins in force per session, as the phone pages offer them: the one a
form would replace (its Change), and the one an Undo takes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from posecoach.folder import checkin_log
from posecoach.i18n import _
from posecoach.render import text
from posecoach.render.checkin_words import reported

if TYPE_CHECKING:
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.model import CheckIn


class Standing(NamedTuple):
    """A session's check-in in force."""

    checkin: int  # its id in the log
    summary: str  # "Wed 6 Jan: cadence 168, pain 2 at the calf"
    values: dict[str, str]  # its answers as the form's fields, to change what needs it


def _answers(checkin: CheckIn) -> dict[str, str]:
    values = {"status": "missed" if checkin.missed else "done"}
    for name, value in (
        ("cadence", checkin.cadence),
        ("rpe", checkin.rpe),
        ("pain", checkin.pain),
        ("where", checkin.where),
    ):
        if value is not None:
            values[name] = f"{value:g}" if isinstance(value, float) else str(value)
    if checkin.settled_next_morning is not None:
        values["settled"] = "yes" if checkin.settled_next_morning else "no"
    if checkin.swelling:
        values["swelling"] = "yes"
    if checkin.note:
        values["note"] = checkin.note
    return values


def standing(folder: PlanFolder) -> dict[str, Standing]:
    """Each session's check-in in force, by session key."""
    found: dict[str, Standing] = {}
    for entry in checkin_log.read(folder.checkin_log).entries:
        checkin = entry.checkin
        if entry.retracted_by is None and checkin.session is not None:
            said = f"{text.weekday_date(checkin.date)}: {reported(checkin)}"
            found[checkin.session] = Standing(entry.id, said, _answers(checkin))
    return found


def replaces(earlier: Standing | None, given: str, problems: list[str]) -> bool:
    """Whether the posted form replaces the session's check-in: the form names the one
    it was opened to replace, and only that one is (one logged meanwhile is not)."""
    if earlier is None:
        return False  # none, or taken back since: this one is logged anew
    if given == str(earlier.checkin):
        return True
    problems.append(
        _(
            "This session was logged while the form was open (%(summary)s):"
            " go back to Today to change it or undo it"
        )
        % {"summary": earlier.summary}
    )
    return False
