"""What a plan is built from: the folder's inputs read once (from its snapshot), and
every choice resolved against its record.

A choice given on the command line wins, and stays: the record keeps it for every
later rebuild (a check-in, the feed's, a plain `posecoach plan`). Otherwise the
record's choice stands, except where the profile's own `start` was edited since
(the newer choice). A folder an older version built (no record) goes by its
plan.yaml's header, as it did then. Only a folder where nothing was ever planned
gets the defaults (the default profile, the built-in curriculum, next Monday).
An input the plan was built from and that is gone is an error that names it:
never a default in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from posecoach import i18n, loaders, resources
from posecoach.commands.zone import SystemZone
from posecoach.errors import InputError, Problem, UsageError
from posecoach.folder import checkin_log
from posecoach.folder.freshness import missing_error
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.record import Choices, Record
from posecoach.i18n import _, ngettext
from posecoach.model import CheckIn, Curriculum, Rules, RunnerProfile
from posecoach.render.text import day_in_sentence

if TYPE_CHECKING:
    from posecoach.commands.plan import PlanRequest
    from posecoach.folder.plan_file import PlanHeader
    from posecoach.folder.snapshot import Snapshot


class InputFiles(NamedTuple):
    """Where this run's inputs came from (their modification times date the calendar)."""

    profile: Path
    curriculum: Path | None  # None for a built-in curriculum
    rules: Path | None
    checkins: Path | None

    def paths(self) -> list[Path]:
        given = [self.curriculum or resources.curricula_dir(), self.rules, self.checkins]
        return [self.profile, *(p for p in given if p is not None)]


class PlanInputs(NamedTuple):
    """Everything a plan folder's plan is built from, read once."""

    snapshot: Snapshot
    profile: RunnerProfile
    curriculum: Curriculum
    rules: Rules
    checkins: list[CheckIn]
    choices: Choices
    own: dict[str, bytes]  # the inputs the folder keeps as its own after this build
    files: InputFiles
    warnings: list[str]
    notes: list[str] = []  # choices that moved, and why  # noqa: RUF012
    zone: str | None = None  # where the zone came from, when the profile names none

    @property
    def folder(self) -> PlanFolder:
        return self.snapshot.folder

    def with_log(self, log: bytes) -> PlanInputs:
        """The same inputs with the check-in log as it holds `log` now (one more line)."""
        path = self.folder.checkin_log
        checkins = checkin_log.parse(path, log).checkins
        files = self.files._replace(checkins=path if log else None)
        own = {**self.own, PlanFolder.CHECKINS: log}
        return self._replace(checkins=checkins, files=files, own=own)


class History(NamedTuple):
    """What the folder says about its last build: the record, or (an older version's
    folder) plan.yaml's header, and warnings when either cannot be read."""

    record: Record | None
    previous: PlanHeader | None
    warnings: list[str]


def history(snapshot: Snapshot) -> History:
    record, warnings = snapshot.readable_record()
    previous = None
    if record is None:
        previous, damaged = snapshot.header_to_rebuild()
        warnings += damaged
    return History(record, previous, warnings)


def load_inputs(snapshot: Snapshot, request: PlanRequest) -> PlanInputs:
    """Profile, curriculum, rules and check-ins, with the problems of all files at once,
    and the plan's choices (see the module)."""
    folder = snapshot.folder
    last = history(snapshot)
    check_missing(snapshot, last.record, request)
    own: dict[str, bytes] = {}
    profile_path = request.profile or folder.file(PlanFolder.PROFILE)
    profile_data = (
        _given(request.profile) if request.profile else snapshot.input(PlanFolder.PROFILE)
    )
    if profile_data is None:  # nothing was ever planned here: the default profile
        from posecoach.commands.init import default_profile

        kept = last.record.choices if last.record is not None else None
        profile_path = resources.default_profile_file()
        profile_data = default_profile(_spoken(kept, request, None))
    own[PlanFolder.PROFILE] = profile_data
    curriculum, curriculum_path = _curriculum(snapshot, last, request)
    if curriculum_path is not None:
        given = request.curriculum is not None
        data = _given(curriculum_path) if given else snapshot.input(PlanFolder.CURRICULUM)
        own[PlanFolder.CURRICULUM] = data or b""
    rules_path = request.rules or folder.file(PlanFolder.RULES)
    rules_data = _given(request.rules) if request.rules else snapshot.input(PlanFolder.RULES)
    if rules_data is not None:
        own[PlanFolder.RULES] = rules_data
    # A profile's problems are said in the plan's language: --lang's or the record's,
    # else the one the profile asks for.
    kept = last.record.choices if last.record is not None else None
    asked = request.language if request.language is not None else getattr(kept, "language", None)
    chosen = i18n.supported(asked)
    problems: list[Problem] = []
    spoken: str | None = None
    loaded: list[Any] = []
    for load in (
        lambda: loaders.load_profile(profile_path, profile_data, its_language=chosen is None),
        lambda: loaders.load_curriculum(curriculum, own.get(PlanFolder.CURRICULUM)),
        lambda: loaders.load_rules(rules_path if rules_data is not None else None, rules_data),
    ):
        try:
            loaded.append(load())
        except InputError as error:
            problems.extend(error.problems)
            spoken = spoken or error.spoken
            loaded.append(None)
    if problems:
        raise InputError(problems, spoken=spoken)
    files = InputFiles(
        profile=profile_path,
        curriculum=curriculum_path,
        rules=rules_path if rules_data is not None else None,
        checkins=None,
    )
    inputs = resolve(snapshot, last, request, loaded[0], loaded[1], loaded[2], own, files)
    if request.profile is None:
        return inputs
    choices = inputs.choices.model_copy(update={"profile_from": str(request.profile)})
    return inputs._replace(choices=choices)


def resolve(
    snapshot: Snapshot,
    last: History,
    request: PlanRequest,
    profile: RunnerProfile,
    curriculum: Curriculum,
    rules: Rules,
    own: dict[str, bytes],
    files: InputFiles,
) -> PlanInputs:
    """The inputs read (`own`: the bytes the folder keeps of each), with the check-in
    log, the zone and the choices of this build: `squad plan` reads an athlete's
    profile and curriculum its own way, then comes here as `posecoach plan` does."""
    log = snapshot.log()
    data = snapshot.input(PlanFolder.CHECKINS)
    if data is not None:
        own = {**own, PlanFolder.CHECKINS: data}
        files = files._replace(checkins=snapshot.folder.checkin_log)
    record, previous = last.record, last.previous
    kept_zone = record.choices.timezone if record else previous.timezone if previous else None
    own_curriculum = PlanFolder.CURRICULUM in own
    # The notes are said in the language the plan is read in, known before they are made.
    with i18n.use(_spoken(record.choices if record else None, request, profile)):
        runner, zone = zoned(profile, kept_zone, request.system_zone)
        choices, notes = _choices(record, previous, runner, curriculum, own_curriculum, request)
        notes += _dropped(record, own)
    return PlanInputs(
        snapshot, runner, curriculum, rules, log.checkins, choices, own, files,
        [*last.warnings, *log.warnings], notes, zone,
    )  # fmt: skip


def _given(path: Path) -> bytes:
    """A file named on the command line, read once (its problems said as the loaders do)."""
    try:
        if path.stat().st_size > 4 * 1024 * 1024:  # far over any YAML: the loaders say so
            loaders.read_document(path)
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a YAML file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror})") from None


def check_missing(snapshot: Snapshot, record: Record | None, request: PlanRequest) -> None:
    """Inputs the plan was built from that are gone, and not given anew: named."""
    folder = snapshot.folder
    gone = []
    planned = folder.holds_plan()
    if planned and request.profile is None and snapshot.input(PlanFolder.PROFILE) is None:
        gone.append(PlanFolder.PROFILE)
    if record is not None:
        for name in (PlanFolder.RULES, PlanFolder.CURRICULUM, PlanFolder.CHECKINS):
            if name in record.inputs and snapshot.input(name) is None:
                gone.append(name)
        if request.curriculum is not None and PlanFolder.CURRICULUM in gone:
            gone.remove(PlanFolder.CURRICULUM)  # another one is given
        if (request.rules is not None or request.planning) and PlanFolder.RULES in gone:
            gone.remove(PlanFolder.RULES)  # given anew, or taken out on purpose (said)
    if gone:
        copies = folder.file(PlanFolder.COPIES).is_file()
        raise missing_error(folder, tuple(gone), record is not None and copies)


def _curriculum(
    snapshot: Snapshot, last: History, request: PlanRequest
) -> tuple[str | None, Path | None]:
    """The curriculum to build from (a built-in name, or a file), and its file if not
    built in. Given, else the folder's own copy, else the record's (or the last plan's)
    built-in one, else the default."""
    builtin = resources.builtin_curricula()
    if request.curriculum is not None:
        given = request.curriculum
        return given, None if given in builtin else Path(given)
    if snapshot.input(PlanFolder.CURRICULUM) is not None:
        own = snapshot.folder.file(PlanFolder.CURRICULUM)
        return str(own), own
    if last.record is not None and not last.record.choices.own_curriculum:
        return last.record.choices.curriculum, None
    if last.previous is not None and last.previous.curriculum in builtin:
        return last.previous.curriculum, None
    return None, None


def _choices(
    record: Record | None,
    previous: PlanHeader | None,
    runner: RunnerProfile,
    curriculum: Curriculum,
    own_curriculum: bool,
    request: PlanRequest,
) -> tuple[Choices, list[str]]:
    """This build's choices, and a note for each that moved from the record's."""
    notes: list[str] = []
    kept = record.choices if record is not None else None
    start = request.start
    if start is None and kept is not None:
        edited = runner.start is not None and runner.start != kept.profile_start
        start = runner.start if runner.start is not None and edited else kept.start
        if start != kept.start:
            notes.append(_moved(kept.start, start, edited=True))
    elif start is None:  # an older version's folder (its plan's start), or a new one
        start = previous.start if previous is not None else runner.start
    elif kept is not None and start != kept.start:
        notes.append(_moved(kept.start, start, edited=False))
    start = start or next_monday(request.today(runner.timezone))
    same = kept is not None and kept.curriculum == curriculum.id
    weeks = request.weeks
    if weeks is None and kept is not None and same:
        weeks = kept.weeks
    elif weeks is None and kept is None and previous and previous.curriculum == curriculum.id:
        weeks = previous.weeks
    length = weeks or curriculum.weeks
    if kept is not None and same and length != (kept.weeks or curriculum.weeks):
        before = kept.weeks or curriculum.weeks
        said = ngettext(
            "the plan is %(count)s week now, not %(before)s",
            "the plan is %(count)s weeks now, not %(before)s",
            length,
        )
        notes.append(said % {"count": length, "before": before})

    def either(given: Any, name: str) -> Any:
        return given if given is not None else getattr(kept, name, None)

    choices = Choices(
        profile_from=kept.profile_from if kept else None,
        curriculum=curriculum.id,
        own_curriculum=own_curriculum,
        start=start,
        profile_start=runner.start,
        weeks=weeks,
        timezone=runner.timezone,
        paper=either(request.paper, "paper"),
        all_day=either(request.all_day, "all_day"),
        reminder_minutes=either(request.reminder_minutes, "reminder_minutes"),
        audio=request.audio or bool(kept and kept.audio),
        language=i18n.supported(either(request.language, "language")),
        system_language=_system_language(kept, request),
    )
    choices = choices.model_copy(update={"spoken": _spoken(kept, request, runner)})
    if kept is not None:
        notes += _options_moved(kept, choices, runner)
        if kept.curriculum != curriculum.id:
            said = _("the plan follows %(now)s now, not %(before)s")
            notes.append(said % {"now": curriculum.id, "before": kept.curriculum})
    return choices, notes


def _spoken(kept: Choices | None, request: PlanRequest, runner: RunnerProfile | None) -> str:
    """The language the plan is read in: --lang (or the record's), else the profile's,
    else the system's."""
    given = request.language if request.language is not None else getattr(kept, "language", None)
    system = _system_language(kept, request)
    own = runner.language if runner is not None else None
    return i18n.choose(i18n.supported(given), own, system)


def _system_language(kept: Choices | None, request: PlanRequest) -> str | None:
    """The system locale's language: the record's once there is one (the folder speaks
    the same from any shell, and on the server), else asked now."""
    if kept is not None:
        return kept.system_language
    return request.system_language() if request.system_language is not None else None


def _options_moved(kept: Choices, now: Choices, runner: RunnerProfile) -> list[str]:
    """A note for each option given on the command line that changes what the last
    build did (the record's choice, or the profile's when none was given)."""
    calendar = runner.calendar
    paper = (kept.paper or runner.paper, now.paper or runner.paper)
    all_day = [calendar.all_day if c.all_day is None else c.all_day for c in (kept, now)]
    reminder = [
        calendar.reminder_minutes if c.reminder_minutes is None else c.reminder_minutes
        for c in (kept, now)
    ]
    notes = []
    if paper[0] != paper[1]:
        said = _("the sheets are on %(now)s paper now, not %(before)s (as given with {paper})")
        notes.append(said % {"now": paper[1], "before": paper[0]})
    if all_day[0] != all_day[1] and all_day[1]:
        notes.append(_("the calendar has all-day events now (as given on the command line)"))
    elif all_day[0] != all_day[1]:
        notes.append(
            _("the calendar has events at the sessions' times now (as given on the command line)")
        )
    if reminder[0] != reminder[1]:
        said = _(
            "the calendar's reminder is %(now)s minutes before a session now, not %(before)s"
            " minutes before (as given with {reminder})"
        )
        if not reminder[0]:
            said = _(
                "the calendar's reminder is %(now)s minutes before a session now, not none (as"
                " given with {reminder})"
            )
        notes.append(said % {"now": reminder[1], "before": reminder[0]})
    return notes


def _moved(before: date, after: date, edited: bool) -> str:
    """'the start moved from Mon 4 Jan to Mon 11 Jan (as given with --start)'."""
    said = {"before": day_in_sentence(before), "after": day_in_sentence(after)}
    if edited:
        return (
            _("the start moved from %(before)s to %(after)s (the profile's start changed)") % said
        )
    return _("the start moved from %(before)s to %(after)s (as given with {start})") % said


def _dropped(record: Record | None, own: dict[str, bytes]) -> list[str]:
    """Notes for inputs the plan was built from that it no longer uses."""
    if record is None or PlanFolder.RULES not in record.inputs or PlanFolder.RULES in own:
        return []
    said = _(
        "%(rules)s is gone, so the plan now follows the shipped progression rules (posecoach"
        " repair puts the copy back)"
    )
    return [said % {"rules": PlanFolder.RULES}]


def zoned(
    runner: RunnerProfile, kept: str | None, system: Callable[[], SystemZone] | None
) -> tuple[RunnerProfile, str | None]:
    """The profile with a zone, and where it came from when the profile names none:
    the zone the plan was first built in (`kept`), else the system's."""
    if "timezone" in runner.model_fields_set:
        return runner, None
    if kept:
        zone, note = kept, _("the zone the plan was first built in")
    else:
        found = system() if system is not None else SystemZone("UTC", None)
        zone, note = found.name, found.note
    said = _("%(where)s; the profile names none") % {"where": note}
    return runner.model_copy(update={"timezone": zone}), said


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())
