"""The check-ins in force per session, as the phone pages offer them: the one a
form would replace (its Change), and the one an Undo takes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from posecoach.folder import checkin_log
from posecoach.render import text

if TYPE_CHECKING:
    from posecoach.folder.plan_folder import PlanFolder


class Standing(NamedTuple):
    """A session's check-in in force."""

    checkin: int  # its id in the log
    summary: str  # "Wed 6 Jan: cadence 168, pain 2 at the calf"


def standing(folder: PlanFolder) -> dict[str, Standing]:
    """Each session's check-in in force, by session key."""
    found: dict[str, Standing] = {}
    for entry in checkin_log.read(folder.checkin_log).entries:
        checkin = entry.checkin
        if entry.retracted_by is None and checkin.session is not None:
            said = f"{text.weekday_date(checkin.date)}: {checkin.summary}"
            found[checkin.session] = Standing(entry.id, said)
    return found


def replaces(earlier: Standing | None, given: str, problems: list[str]) -> bool:
    """Whether the posted form replaces the session's check-in: the form names the one
    it was opened to replace, and only that one is (one logged meanwhile is not)."""
    if earlier is None:
        return False  # none, or taken back since: this one is logged anew
    if given == str(earlier.checkin):
        return True
    problems.append(
        f"This session was logged while the form was open ({earlier.summary}):"
        " go back to Today to change it or undo it"
    )
    return False
