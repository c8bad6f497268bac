"""The plan folder's round trip: read its inputs, build the plan, write every output.

`posecoach plan` and `posecoach checkin` both end here, so a check-in changes
plan.yaml, plan.md, plan.html and plan.ics at once. Reading the clock is the
caller's job: `today` comes in as a function of the runner's zone, asked only
when a default start date is needed, and the revision time as a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from posecoach import checkin_log, loaders, resources
from posecoach.errors import InputError, UsageError
from posecoach.model import CheckIn, Curriculum, Plan, Rules, RunnerProfile
from posecoach.outputs import ICS_FILE, PLAN_FILE, OutputOptions, render_outputs
from posecoach.render.html import Paper
from posecoach.render.plan_file import PlanHeader, parse_plan_header
from posecoach.store import CURRICULUM_FILE, PROFILE_FILE, RULES_FILE, write_files

T = TypeVar("T")


class PlanRequest(NamedTuple):
    """What a run asks for; None means: what the folder already has, else the default."""

    folder: Path
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


class Inputs(NamedTuple):
    profile: RunnerProfile
    curriculum: Curriculum
    rules: Rules
    checkins: list[CheckIn]
    files: InputFiles
    warnings: list[str]


class Result(NamedTuple):
    plan: Plan
    written: list[Path]
    warnings: list[str]


def read_plan_file(folder: Path, parse: Callable[[str], T]) -> T | None:
    """The folder's plan file read with `parse`; None when there is none or it is damaged
    (a damaged plan is simply replaced)."""
    path = folder / PLAN_FILE
    if not path.is_file():
        return None
    try:
        return parse(path.read_text(encoding="utf-8"))
    except Exception:
        return None


def load_inputs(
    folder: Path,
    profile: Path | None = None,
    curriculum: str | None = None,
    rules: Path | None = None,
    previous: PlanHeader | None = None,
) -> Inputs:
    """Profile, curriculum, rules and check-ins, with the problems of all files at once."""
    profile_path = profile or (folder / PROFILE_FILE)
    if not profile_path.is_file() and profile is None:
        profile_path = resources.default_profile_file()
    builtin = resources.builtin_curricula()
    if curriculum is None:
        if (folder / CURRICULUM_FILE).is_file():
            curriculum = str(folder / CURRICULUM_FILE)
        elif previous is not None and previous.curriculum in builtin:
            curriculum = previous.curriculum
    rules_path = rules or (folder / RULES_FILE if (folder / RULES_FILE).is_file() else None)

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
    log = checkin_log.read(folder)
    log_path = folder / checkin_log.LOG_FILE
    files = InputFiles(
        profile=profile_path,
        curriculum=Path(curriculum) if own and curriculum else None,
        rules=rules_path,
        checkins=log_path if log_path.is_file() else None,
    )
    return Inputs(loaded[0], loaded[1], loaded[2], log.checkins, files, log.warnings)


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


def regenerate(request: PlanRequest) -> Result:
    """Build the folder's plan from its inputs and write every output."""
    from posecoach.engine import build_plan

    if request.weeks is not None and request.weeks < 1:
        raise UsageError(f"--weeks: {request.weeks} is not a number of weeks")
    folder = request.folder
    previous = read_plan_file(folder, parse_plan_header)
    inputs = load_inputs(folder, request.profile, request.curriculum, request.rules, previous)
    runner = inputs.profile
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
    if inputs.files.profile.resolve() != (folder / PROFILE_FILE).resolve():
        files[PROFILE_FILE] = inputs.files.profile.read_bytes()  # the folder keeps its inputs
    own = inputs.files.curriculum
    if own is not None and own.resolve() != (folder / CURRICULUM_FILE).resolve():
        files[CURRICULUM_FILE] = own.read_bytes()
    previous_ics = folder / ICS_FILE
    files |= render_outputs(
        plan,
        options,
        previous_ics.read_bytes() if previous_ics.is_file() else None,
        revision_time(inputs.files.paths()),
        inputs.checkins,
    )
    written = write_files(folder, files)
    return Result(plan, written, inputs.warnings)
