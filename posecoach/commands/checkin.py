"""Recording a check-in: what the runner says (or their watch file) becomes a line
of the log, then the plan is rebuilt from the same inputs so every output adapts.

Everything is checked before anything is written: a bad value, an unknown
session or an unreadable activity file leaves the log untouched. The folder's
inputs are read once (its snapshot); the rebuild reuses them with the new
check-in added, and logging and rebuilding succeed together (logged.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from posecoach import limits, loaders
from posecoach.commands.logged import log_and_rebuild, read_inputs
from posecoach.commands.named_session import named_session
from posecoach.commands.plan import PlanChange, PlanResult, build, plan_changes, runners_today
from posecoach.commands.today import plan_checkins
from posecoach.errors import UsageError, all_at_once, did_you_mean
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.i18n import _
from posecoach.model import REGIONS, CheckIn, Plan, Session
from posecoach.render.checkin_words import reported
from posecoach.render.text import fixed, number

if TYPE_CHECKING:
    from posecoach.commands.form import FormResult
    from posecoach.commands.tracks import Progress
    from posecoach.folder.checkin_log import LogEntry
    from posecoach.imports import ActivitySummary


class CheckInRequest(NamedTuple):
    folder: PlanFolder
    day: date | None = None
    session: str | None = None
    cadence: float | None = None
    rpe: int | None = None
    pain: int | None = None
    where: str | None = None
    settled: str | None = None  # "yes" or "no"
    swelling: bool = False
    missed: bool = False
    ill: bool = False
    cleared: str | None = None  # a clinician's clearance after a red flag: who and when
    replace: bool = False  # replace the session's check-in, if it has one
    note: str = ""
    source: Path | None = None
    progress: Progress | None = None  # told how far rewriting click tracks has got
    snapshot: Snapshot | None = None  # the folder as the command has read it already
    form: FormResult | None = None  # a form check measured from a clip, to log with it
    picture: Path | None = None  # where the form check's picture goes, once logged


class CheckInResult(NamedTuple):
    checkin: CheckIn
    session: Session | None  # the planned session it reports, as rebuilt
    activity: ActivitySummary | None  # what was read from the watch file, if one was given
    changes: list[PlanChange]  # what the check-in changed in the plan
    plan: PlanResult
    warnings: list[str]
    form: FormResult | None = None
    saved: tuple[Path, ...] = ()  # the form check's picture
    checkin_id: int | None = None  # its id in the log (its line), to take it back by


def request_problems(request: CheckInRequest) -> list[UsageError]:
    """Everything wrong with the request's own values, all at once (none of it needs
    the plan): a front end shows them together, and nothing is logged."""
    problems: list[UsageError] = []
    low, high = limits.CADENCE_LOWEST, limits.CADENCE_HIGHEST
    cadence = request.cadence
    if cadence is not None and not low <= cadence <= high:
        hint = _("your steps a minute, from %(low)s to %(high)s") % {"low": low, "high": high}
        if low / 2 <= cadence < low:
            hint = _(
                "if it counts one foot's steps (as some watches show), double it: %(double)s"
            ) % {"double": number(cadence * 2)}
        said = _("%(cadence)s is not a running cadence") % {"cadence": number(cadence)}
        problems.append(UsageError(said, hint, field="cadence"))
    scores = (
        ("rpe", request.rpe, _("0 rest ... 10 all out")),
        ("pain", request.pain, _("0 none ... 10 worst")),
    )
    for name, score, scale in scores:
        if score is not None and not 0 <= score <= limits.SCORE_HIGHEST:
            said = _("%(score)s is not a score from 0 to 10") % {"score": score}
            problems.append(UsageError(said, scale, field=name))
    if request.where is not None:
        try:
            _region(request.where)
        except UsageError as error:
            problems.append(error)
        if request.pain is None:
            said, hint = _("a region needs a pain score"), _("add {pain} 0-10")
            problems.append(UsageError(said, hint, field="where"))
    if request.pain is not None and request.where is None:
        problems.append(
            UsageError(
                _("a pain score needs the place that hurt"),
                _("add {where}: the body region that hurt, e.g. calf or achilles"),
                field="pain",
            )
        )
    try:
        _settled(request.settled)
    except UsageError as error:
        problems.append(error)
    if request.missed and (request.cadence is not None or request.pain is not None):
        problems.append(
            UsageError(
                _("a missed session has no cadence or pain to report"),
                _("leave them out, or log the session as done"),
                field="missed",
            )
        )
    return problems


def _settled(value: str | None) -> bool | None:
    if value is None:
        return None
    answer = value.strip().casefold()
    if answer in ("yes", "y", "true"):
        return True
    if answer in ("no", "n", "false"):
        return False
    raise UsageError(_("%(given)r is not yes or no") % {"given": value}, field="settled")


def _region(value: str | None) -> str | None:
    if value is None:
        return None
    from posecoach.model.region_names import region_id

    found = region_id(value)
    if found is None:
        raise UsageError(
            _("%(given)r is not a body region") % {"given": value},
            region_hint(value.strip().casefold().replace(" ", "-")),
            field="where",
        )
    return found


def region_hint(given: str) -> str:
    """The nearest region's name, else every one, as the runner types them (in Polish,
    the Polish names: posecoach reads them too)."""
    from posecoach import i18n
    from posecoach.model.region_names import polish_names

    names = list(REGIONS) if i18n.language() == i18n.DEFAULT else polish_names()
    return did_you_mean(given, names) or _("one of %(regions)s") % {"regions": ", ".join(names)}


class NearestSession(UsageError):
    """No session is planned on the day: the runner may mean the nearest one before it."""

    def __init__(self, day: date, nearest: Session, title: str | None = None) -> None:
        super().__init__(
            _("no session is planned on %(day)s") % {"day": day.isoformat()},
            _(
                "the nearest one before it is %(key)s (%(title)s, %(day)s): check in for it"
                " with {session} %(key)s"
            )
            % {
                "key": nearest.key,
                "title": nearest.title if title is None else title,
                "day": nearest.date.isoformat(),
            },
            field="day",
        )
        self.nearest = nearest


def _session(
    plan: Plan,
    wanted: str | None,
    day: date | None,
    from_file: bool,
    title: Callable[[Session], str] = lambda session: session.title,
) -> Session:
    """The planned session a check-in reports: named, or the one planned on its day.

    A check-in belongs to a session of this plan, so a day outside the plan, a
    day with several sessions or with none is refused with what to do instead.
    """
    sessions = plan.sessions
    if wanted is not None:
        return named_session(plan, wanted)
    assert day is not None
    if not plan.start <= day <= plan.end:
        said = {
            "day": day.isoformat(),
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
        }
        outside = (
            _("the file is from %(day)s, outside this plan (%(start)s to %(end)s)")
            if from_file
            else _("the check-in is for %(day)s, outside this plan (%(start)s to %(end)s)")
        )
        raise UsageError(
            outside % said,
            _(
                "if it belongs to a planned session, give that session's day with {day}"
                " YYYY-MM-DD or name it with {session} KEY"
            ),
            field="day",
        )
    on_day = [s for s in sessions if s.date == day]
    if len(on_day) > 1:
        named = ", ".join(s.key for s in on_day)
        raise UsageError(
            _("several sessions on %(day)s (%(keys)s)") % {"day": day.isoformat(), "keys": named},
            _("name one with {session} KEY"),
        )
    if on_day:
        return on_day[0]
    earlier = [s for s in sessions if s.date < day]
    if not earlier:
        raise UsageError(
            _("no session is planned on %(day)s or before it") % {"day": day.isoformat()},
            _("the plan starts on %(day)s") % {"day": plan.start.isoformat()},
            field="day",
        )
    raise NearestSession(day, earlier[-1], title(earlier[-1]))


def _read_activity(request: CheckInRequest, timezone: str) -> ActivitySummary | None:
    from posecoach.imports import ActivityError, summarise

    if request.source is None:
        return None
    try:
        summary = summarise(request.source, timezone)
    except ActivityError as error:
        raise UsageError(f"{request.source}: {error}") from None
    if request.day is None and summary.local_date is None:
        raise UsageError(
            f"{request.source}: the file does not say which day it was",
            "pass {day} YYYY-MM-DD",
        )
    return summary


def _earlier(snapshot: Snapshot, plan: Plan, key: str, replace: bool) -> int | None:
    """The id of the session's check-in in force, which `replace` replaces; without
    `replace`, a second check-in for one session is refused (it would count twice)."""
    log = snapshot.log()
    in_force = [e for e in log.entries if e.retracted_by is None]
    keys = plan_checkins(plan, [e.checkin for e in in_force])
    earlier: list[LogEntry] = [e for e, c in zip(in_force, keys, strict=True) if c.session == key]
    if not earlier:
        return None
    if not replace:
        first = earlier[-1]
        said = {"key": key, "id": first.id, "reported": reported(first.checkin)}
        raise UsageError(
            _("%(key)s has a check-in already (id %(id)s, %(reported)s)") % said,
            _(
                "to change it, check in again with {replace}; to take it back,"
                " posecoach checkin {undo} %(id)s"
            )
            % said,
            field="session",
        )
    return earlier[-1].id


def _titled(snapshot: Snapshot, plan: Plan) -> Callable[[Session], str]:
    """A session's title in the language the command speaks (the curriculum's words)."""

    def title(session: Session) -> str:
        from posecoach.commands.sheet import in_reading_language

        return named_session(in_reading_language(snapshot, plan)[0], session.key).title

    return title


def _too_little(activity: ActivitySummary) -> str:
    if activity.sport == "walking":
        return _("a walk")
    minutes = fixed(activity.running_minutes, 1)
    return _("%(minutes)s running minutes (under 5)") % {"minutes": minutes}


def record_checkin(request: CheckInRequest, now: datetime) -> CheckInResult:
    """Log one check-in, rebuild the folder, and say what changed (or, when the
    outputs cannot be written, log nothing and say so: see logged.py)."""
    all_at_once(request_problems(request))
    snapshot = request.snapshot or Snapshot(request.folder)
    inputs, plan_request = read_inputs(snapshot, now, request.progress)
    # The plan as it stands, built rather than read back: a build is quicker than
    # parsing plan.yaml, and it is what the folder's inputs make now.
    before = build(inputs)
    today = runners_today(inputs.profile, now)
    warnings = list(inputs.warnings)

    activity = _read_activity(request, inputs.profile.timezone)
    figures: dict[str, Any] = {}
    if activity is not None:
        warnings += [f"{activity.source}: {w}" for w in activity.warnings]
        figures = {
            "cadence": activity.cadence,
            "device_cadence": activity.device_cadence,
            "dynamics": activity.dynamics,
            "source": activity.source,
        }
    rpe, note = request.rpe, request.note
    if activity is not None and rpe is None and (activity.rpe is not None or activity.feel):
        # The watch asked after the run (Garmin's effort and feel): the runner's
        # own answer, so it stands in for the one they did not type.
        rpe = activity.rpe
        if activity.feel:
            note = "; ".join(filter(None, [note, f"felt {activity.feel} (rated on the watch)"]))
    if request.cadence is not None:
        figures["cadence"] = request.cadence  # what the runner typed wins
    if request.form is not None:
        # A ten-second clip's cadence stays with its form check: the session's cadence
        # is the runner's (or the watch's) over the whole run.
        figures["form"] = request.form.check
    given_day = request.day or (activity.local_date if activity else None)
    if given_day is None and request.session is None:
        given_day = today
    if given_day is not None and given_day > today:
        raise UsageError(
            _("%(day)s is after today (%(today)s in %(zone)s): a check-in tells how a session went")
            % {
                "day": given_day.isoformat(),
                "today": today.isoformat(),
                "zone": inputs.profile.timezone,
            },
            _("check in after the session; to plan around a day off, log it then with {missed}"),
            field="day",
        )
    session = _session(
        before, request.session, given_day, activity is not None, _titled(snapshot, before)
    )
    # Named by its key alone, a session is checked in for on its own day.
    day = given_day or session.date
    key = session.key
    if day > today:
        raise UsageError(
            _("%(key)s is on %(day)s, after today (%(today)s)")
            % {"key": session.key, "day": day.isoformat(), "today": today.isoformat()},
            _("check in after the session"),
            field="session",
        )
    replaces = _earlier(snapshot, before, key, request.replace)
    if activity is not None and (activity.sport == "walking" or activity.running_minutes < 5):
        # A walk, or a few minutes of running, says nothing of a running cadence.
        figures["cadence"] = None
        figures["running_minutes"] = activity.running_minutes
        warnings.append(
            _("%(source)s: %(what)s: logged, but not used for your cadence")
            % {"source": activity.source, "what": _too_little(activity)}
        )
    elif activity is not None:
        figures["running_minutes"] = round(activity.running_minutes, 1)
    checkin = loaders.validate_request(
        CheckIn,
        {
            "date": day,
            "recorded": now,
            "session": key,
            "session_day": session.date,
            "rpe": rpe,
            "pain": request.pain,
            "where": _region(request.where),
            "settled_next_morning": _settled(request.settled),
            "swelling": request.swelling,
            "missed": request.missed,
            "ill": request.ill,
            "cleared": request.cleared,
            "replaces": replaces,
            "note": note,
            **figures,
        },
        fields={"settled_next_morning": "settled", "date": "day"},
    )

    said = (_("logged"), _("nothing was logged"))
    logged_id, result = log_and_rebuild(inputs, checkin, plan_request, said)
    rebuilt = next((s for s in result.said.sessions if s.key == checkin.session), None)
    changes = plan_changes(before.adjustments, result.plan.adjustments, result.plan, today)
    saved: tuple[Path, ...] = ()
    if request.form is not None:
        from posecoach.commands.form import save

        saved = tuple(save(request.form, request.picture, None))
    return CheckInResult(
        checkin, rebuilt, activity, changes, result, warnings, request.form, saved, logged_id
    )
