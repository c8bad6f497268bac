"""Building a plan folder: read its inputs once, build the plan, write every output.

`posecoach plan` and `posecoach checkin` both end here, so a check-in changes
plan.yaml, plan.md, plan.html and plan.ics at once. Reading the clock is the
caller's job: `today` comes in as a function of the runner's zone, asked only
when a default start date is needed, and the revision time as a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from posecoach import checkin_log, loaders, resources
from posecoach.commands.sheet import current_sheets
from posecoach.commands.tracks import Progress, TracksResult, holds_tracks, update_tracks
from posecoach.commands.workouts import WorkoutsResult, follow_plan, refresh
from posecoach.commands.zone import SystemZone
from posecoach.errors import InputError, UsageError
from posecoach.feed.tokens import checkin_base
from posecoach.model import Adjustment, CheckIn, Curriculum, Plan, Rules, RunnerProfile
from posecoach.outputs import OutputOptions, render_outputs
from posecoach.plan_folder import PlanFolder
from posecoach.render.html import Paper
from posecoach.render.plan_file import PlanHeader


class PlanRequest(NamedTuple):
    """What a run asks for; None means: what the folder already has, else the default."""

    folder: PlanFolder
    today: Callable[[str], date]  # today in a time zone, for a default start date
    profile: Path | None = None
    curriculum: str | None = None
    weeks: int | None = None
    start: date | None = None
    rules: Path | None = None
    paper: Paper | None = None
    all_day: bool | None = None
    reminder_minutes: int | None = None
    # The system's zone, for a profile that names none (asked only then).
    system_zone: Callable[[], SystemZone] | None = None
    audio: bool = False  # also give every session done to the beat a click track
    watch: bool = False  # also give every session a FIT workout for the watch
    progress: Progress | None = None  # told how far long work (click tracks) has got


class InputFiles(NamedTuple):
    """Where this run's inputs came from."""

    profile: Path
    curriculum: Path | None  # None for a built-in curriculum
    rules: Path | None
    checkins: Path | None

    def paths(self) -> list[Path]:
        given = [self.curriculum or resources.curricula_dir(), self.rules, self.checkins]
        return [self.profile, *(p for p in given if p is not None)]


class PlanInputs(NamedTuple):
    """Everything a plan folder's plan is built from, read once."""

    folder: PlanFolder
    profile: RunnerProfile
    curriculum: Curriculum
    rules: Rules
    checkins: list[CheckIn]
    files: InputFiles
    previous: PlanHeader | None  # the last plan's curriculum, start and length
    warnings: list[str]
    zone: str | None = None  # where the zone came from, when the profile names none

    def with_checkin(self, checkin: CheckIn) -> PlanInputs:
        """The same inputs once `checkin` is in the log."""
        files = self.files._replace(checkins=self.folder.checkin_log)
        return self._replace(checkins=[*self.checkins, checkin], files=files)


class PlanResult(NamedTuple):
    plan: Plan
    written: list[Path]
    warnings: list[str]
    cautions: list[str] = []  # what the runner must hear before they start  # noqa: RUF012
    notes: list[str] = []  # other outputs of the folder removed, and why  # noqa: RUF012
    profile: Path | None = None  # the profile file the plan was built from
    zone: str | None = None  # where the zone came from, when the profile names none
    tracks: TracksResult | None = None  # the folder's click tracks, when it holds any
    workouts: WorkoutsResult | None = None  # the folder's workouts, when it holds any


class PlanChange(NamedTuple):
    """One reason the plan changed, and the weeks it changed."""

    reason: str
    weeks: list[int]


def plan_changes(before: Iterable[Adjustment], after: Iterable[Adjustment]) -> list[PlanChange]:
    """The adjustments new since `before`, grouped by reason, in the order they appear."""
    seen = {(a.week, a.rule, a.reason) for a in before}
    weeks_by_reason: dict[str, list[int]] = {}
    for change in after:
        if (change.week, change.rule, change.reason) not in seen:
            weeks_by_reason.setdefault(change.reason, []).append(change.week)
    return [PlanChange(reason, weeks) for reason, weeks in weeks_by_reason.items()]


def load_inputs(
    folder: PlanFolder,
    profile: Path | None = None,
    curriculum: str | None = None,
    rules: Path | None = None,
    system_zone: Callable[[], SystemZone] | None = None,
) -> PlanInputs:
    """Profile, curriculum, rules and check-ins, with the problems of all files at once.

    What is not given comes from the folder (its own copies, then the last
    plan's curriculum), else the built-in defaults. A profile that names no time
    zone gets the zone its plan was first built in, else the system's.
    """
    previous, warnings = folder.header_to_rebuild()
    profile_path = profile or folder.own(PlanFolder.PROFILE) or resources.default_profile_file()
    builtin = resources.builtin_curricula()
    if curriculum is None:
        own_curriculum = folder.own(PlanFolder.CURRICULUM)
        if own_curriculum is not None:
            curriculum = str(own_curriculum)
        elif previous is not None and previous.curriculum in builtin:
            curriculum = previous.curriculum
    rules_path = rules or folder.own(PlanFolder.RULES)

    problems = []
    loaded: list[Any] = []
    for load in (
        lambda: loaders.load_profile(profile_path),
        lambda: loaders.load_curriculum(curriculum),
        lambda: loaders.load_rules(rules_path),
    ):
        try:
            loaded.append(load())
        except InputError as error:
            problems.extend(error.problems)
            loaded.append(None)
    if problems:
        raise InputError(problems)
    own = curriculum is not None and curriculum not in builtin
    log = checkin_log.read(folder.checkin_log)
    files = InputFiles(
        profile=profile_path,
        curriculum=Path(curriculum) if own and curriculum else None,
        rules=rules_path,
        checkins=folder.own(PlanFolder.CHECKINS),
    )
    runner, zone = zoned(loaded[0], previous, system_zone)
    return PlanInputs(
        folder, runner, loaded[1], loaded[2], log.checkins, files, previous,
        [*warnings, *log.warnings], zone,
    )  # fmt: skip


def zoned(
    runner: RunnerProfile, previous: PlanHeader | None, system: Callable[[], SystemZone] | None
) -> tuple[RunnerProfile, str | None]:
    """The profile with a zone, and where it came from when the profile names none."""
    if "timezone" in runner.model_fields_set:
        return runner, None
    if previous is not None and previous.timezone:
        zone, note = previous.timezone, "the zone the plan was first built in"
    else:
        found = system() if system is not None else SystemZone("UTC", None)
        zone, note = found.name, found.note
    return runner.model_copy(update={"timezone": zone}), f"{note}; the profile names none"


def unused_profile(folder: PlanFolder, given: Path | None, cwd: Path) -> str | None:
    """A warning when the profile.yaml in the current folder is not the one the plan uses."""
    here = cwd / PlanFolder.PROFILE
    if given is not None or not here.is_file():
        return None
    own = folder.own(PlanFolder.PROFILE)
    name = PlanFolder.PROFILE
    use = f"to plan from it: posecoach plan {{profile}} {name}"
    if own is None:
        return f"{name} here is not used: this plan uses the built-in default profile; {use}"
    if own.resolve() == here.resolve() or own.read_bytes() == here.read_bytes():
        return None
    return f"{name} here differs from {own}, the profile this plan uses; {use}"


def runners_today(profile: RunnerProfile, now: datetime) -> date:
    """The runner's date at `now`: a check-in or an undo at 23:30 in New York is that
    day's, not the next (UTC) day's."""
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(profile.timezone)).date()


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def revision_time(paths: list[Path]) -> datetime:
    """When the inputs last changed: the stamp of calendar events that changed.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) overrides the files'
    modification times, for byte-identical output anywhere.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number") from None
    latest = max(int(path.stat().st_mtime) for path in paths)
    return datetime.fromtimestamp(latest, UTC)


def regenerate(request: PlanRequest) -> PlanResult:
    """Build the folder's plan from its inputs (and the request's) and write every output."""
    if request.weeks is not None and request.weeks < 1:
        raise UsageError(f"{request.weeks} is not a number of weeks", field="weeks")
    path = request.folder.path
    if path.exists() and not path.is_dir():  # before its inputs are looked for inside it
        raise UsageError(f"{path}: exists and is not a folder", "choose another folder")
    inputs = load_inputs(
        request.folder, request.profile, request.curriculum, request.rules, request.system_zone
    )
    return build_and_write(inputs, request)


def build_and_write(inputs: PlanInputs, request: PlanRequest) -> PlanResult:
    """The plan from inputs already read, and every output written atomically."""
    return write_rendered(render_folder(inputs, request))


class Rendered(NamedTuple):
    """A plan folder's outputs rendered in memory, not yet written: `squad plan`
    renders the next athlete while these reach the disk."""

    inputs: PlanInputs
    request: PlanRequest
    plan: Plan
    files: dict[str, bytes]  # by name, every output and the inputs the folder keeps
    gone: list[Path]  # week sheets of weeks the plan no longer has
    notes: list[str]


def render_folder(inputs: PlanInputs, request: PlanRequest) -> Rendered:
    """The plan from inputs already read, and every output rendered (nothing written)."""
    from posecoach.engine import build_plan

    folder, runner, previous = inputs.folder, inputs.profile, inputs.previous
    start = request.start or runner.start or (previous.start if previous else None)
    start = start or next_monday(request.today(runner.timezone))
    weeks = request.weeks
    if weeks is None and previous is not None and previous.curriculum == inputs.curriculum.id:
        weeks = previous.weeks

    plan = build_plan(inputs.curriculum, runner, inputs.rules, start, weeks, inputs.checkins)
    options = OutputOptions.from_profile(
        runner, request.paper, request.all_day, request.reminder_minutes
    )._replace(checkin_base=checkin_base(folder, runner.calendar.public_url))
    files: dict[str, bytes] = {}
    # The folder keeps its inputs, so it can be rebuilt from itself alone.
    if inputs.files.profile.resolve() != folder.file(PlanFolder.PROFILE).resolve():
        files[PlanFolder.PROFILE] = inputs.files.profile.read_bytes()
    own = inputs.files.curriculum
    if own is not None and own.resolve() != folder.file(PlanFolder.CURRICULUM).resolve():
        files[PlanFolder.CURRICULUM] = own.read_bytes()
    previous_ics = folder.own(PlanFolder.ICS)
    files |= render_outputs(
        plan,
        options,
        previous_ics.read_bytes() if previous_ics else None,
        revision_time(inputs.files.paths()),
        inputs.checkins,
        inputs.curriculum,
    )
    # The week sheets `posecoach sheet` wrote follow the plan, in the same set.
    sheets = current_sheets(plan, folder, options.paper, inputs.curriculum)
    return Rendered(inputs, request, plan, files | sheets.files, sheets.gone, sheets.notes)


def write_rendered(rendered: Rendered) -> PlanResult:
    """Write what `render_folder` rendered, as one set, and say what a run says."""
    inputs, request, plan = rendered.inputs, rendered.request, rendered.plan
    folder, runner = inputs.folder, inputs.profile
    written = folder.write(rendered.files)
    for path in rendered.gone:
        path.unlink(missing_ok=True)
    tracks = None
    if request.audio or holds_tracks(folder):
        tracks = update_tracks(
            plan, folder, request.progress, _track_suffix() if request.audio else None
        )
    workouts = follow_plan(plan, folder, inputs.rules, request.watch)
    warnings = [*inputs.warnings, *outside(plan, inputs.checkins)]
    notes = [*rendered.notes, *(tracks.notes if tracks else [])]
    return PlanResult(
        plan,
        written,
        warnings,
        cautions(runner, plan),
        notes,
        inputs.files.profile,
        inputs.zone,
        tracks,
        workouts,
    )


def _track_suffix() -> str:
    """FLAC when the audio extra is installed (small, and phones play it), else WAV."""
    try:
        import soundfile  # noqa: F401
    except ImportError:
        return ".wav"
    return ".flac"


def outside(plan: Plan, checkins: list[CheckIn]) -> list[str]:
    """Check-ins that no longer belong to this plan (it was re-dated or re-planned)."""
    keys = {s.key for s in plan.sessions}
    lost = [
        c
        for c in checkins
        if not plan.start <= c.date <= plan.end or (c.session is not None and c.session not in keys)
    ]
    if not lost:
        return []
    listed = "; ".join(c.label for c in lost[:5]) + ("; ..." if len(lost) > 5 else "")
    return [
        f"{len(lost)} check-in(s) fall outside this plan's sessions ({listed}): they are kept in"
        " the log, and any pain they report still counts from its day. Re-plan from the old"
        " start date to match them again, or take one back with `posecoach checkin {undo} ID`"
        " (`posecoach checkins` lists the ids)."
    ]


def cautions(runner: RunnerProfile, plan: Plan) -> list[str]:
    """What a careful physiotherapist would say before this runner starts."""
    said = []
    injured = sorted(runner.current_injuries)
    if injured:
        said.append(
            f"Current injury ({', '.join(injured)}): get a physiotherapist's or doctor's"
            " all-clear before you change your running technique. Until you check in"
            " pain-free there, the plan keeps plyometric drills off it, climbs the run ladder"
            " slowly and keeps your own cadence."
        )
    start_with = plan.own_running.start_with if plan.own_running else None
    if start_with is not None:
        said.append(
            f"You have no running to build on yet (weekly_volume is 0): start with the"
            f" {start_with} curriculum, `posecoach plan {{curriculum}} {start_with}`, and come"
            " back to this plan after it. Do an easy 10 to 15 minute run/walk first to set"
            " your baseline."
        )
    return said


def bring_up_to_date(
    folder: PlanFolder,
    today: Callable[[str], date],
    rebuild: bool = True,
    system_zone: Callable[[], SystemZone] | None = None,
) -> list[str]:
    """Before a command reads a folder: finish a write a crash interrupted, and (with
    `rebuild`) rebuild outputs older than their inputs. Returns what it did, to say."""
    notes: list[str] = []
    if folder.repair():
        notes.append(f"{folder}: finished a write that was interrupted")
    if rebuild and folder.is_stale():
        try:
            regenerate(PlanRequest(folder=folder, today=today, system_zone=system_zone))
        except UsageError as error:
            notes.append(
                f"{folder}: the plan is older than its inputs, which have a problem, so this"
                f" is the last plan built ({error.message})"
            )
        else:
            notes.append(
                f"{folder}: the plan was older than its inputs (a check-in or an edit came"
                " after it): rebuilt it first"
            )
    notes += [f"{folder}: brought the workouts up to date"] if rebuild and refresh(folder) else []
    return notes


def rebuild(
    folder: PlanFolder,
    today: Callable[[str], date],
    system_zone: Callable[[], SystemZone] | None = None,
) -> PlanResult:
    """Bring a folder's outputs up to date with its own inputs (the feed's refresh)."""
    return regenerate(PlanRequest(folder=folder, today=today, system_zone=system_zone))
