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
from posecoach.errors import InputError, UsageError
from posecoach.model import Adjustment, CheckIn, Curriculum, Plan, Rules, RunnerProfile
from posecoach.outputs import OutputOptions, render_outputs
from posecoach.plan_folder import DamagedPlanError, PlanFolder
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

    def with_checkin(self, checkin: CheckIn) -> PlanInputs:
        """The same inputs once `checkin` is in the log."""
        files = self.files._replace(checkins=self.folder.checkin_log)
        return self._replace(checkins=[*self.checkins, checkin], files=files)


class PlanResult(NamedTuple):
    plan: Plan
    written: list[Path]
    warnings: list[str]
    cautions: list[str] = []  # what the runner must hear before they start  # noqa: RUF012


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
) -> PlanInputs:
    """Profile, curriculum, rules and check-ins, with the problems of all files at once.

    What is not given comes from the folder (its own copies, then the last
    plan's curriculum), else the built-in defaults.
    """
    warnings: list[str] = []
    try:
        previous = folder.read_header()
    except DamagedPlanError as error:  # it is about to be rebuilt
        previous = None
        warnings.append(f"{error.message}; building it again")
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
    return PlanInputs(
        folder, loaded[0], loaded[1], loaded[2], log.checkins, files, previous,
        [*warnings, *log.warnings],
    )  # fmt: skip


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
    inputs = load_inputs(request.folder, request.profile, request.curriculum, request.rules)
    return build_and_write(inputs, request)


def build_and_write(inputs: PlanInputs, request: PlanRequest) -> PlanResult:
    """The plan from inputs already read, and every output written atomically."""
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
    )
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
    )
    written = folder.write(files)
    warnings = [*inputs.warnings, *outside(plan, inputs.checkins)]
    return PlanResult(plan, written, warnings, cautions(runner))


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


def cautions(runner: RunnerProfile) -> list[str]:
    """What a careful physiotherapist would say before this runner starts."""
    injured = sorted(runner.current_injuries)
    if not injured:
        return []
    return [
        f"Current injury ({', '.join(injured)}): get a physiotherapist's or doctor's all-clear"
        " before you change your running technique. Until you check in pain-free there, the"
        " plan keeps plyometric drills off it, climbs the run ladder slowly and keeps your"
        " own cadence."
    ]


def bring_up_to_date(
    folder: PlanFolder, today: Callable[[str], date], rebuild: bool = True
) -> list[str]:
    """Before a command reads a folder: finish a write a crash interrupted, and (with
    `rebuild`) rebuild outputs older than their inputs. Returns what it did, to say."""
    notes: list[str] = []
    if folder.repair():
        notes.append(f"{folder}: finished a write that was interrupted")
    if rebuild and folder.is_stale():
        try:
            regenerate(PlanRequest(folder=folder, today=today))
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
    return notes


def rebuild(folder: PlanFolder, today: Callable[[str], date]) -> PlanResult:
    """Bring a folder's outputs up to date with its own inputs (the feed's refresh)."""
    return regenerate(PlanRequest(folder=folder, today=today))
