"""Building a plan folder: read its inputs once, build the plan, write every output.

`posecoach plan` and `posecoach checkin` both end here, so a check-in changes
plan.yaml, plan.md, plan.html and plan.ics at once, and the folder's record
with them (what the plan was built from: see folder/record.py). Reading the
clock is the caller's job: `today` comes in as a function of the runner's zone,
asked only when a default start date is needed, and the revision time as a value.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from posecoach import i18n, loaders
from posecoach.commands.inputs import PlanInputs, load_inputs
from posecoach.commands.sheet import current_sheets
from posecoach.commands.tracks import (
    Progress,
    TracksResult,
    holds_tracks,
    preferred_suffix,
    update_tracks,
)
from posecoach.commands.workouts import WorkoutsResult, follow_plan
from posecoach.commands.zone import SystemZone
from posecoach.errors import UsageError
from posecoach.folder import tokens
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.record import Record, copies_bytes, digest
from posecoach.folder.snapshot import Snapshot
from posecoach.model import Adjustment, CheckIn, Curriculum, Plan, RunnerProfile
from posecoach.outputs import OutputOptions, render_outputs
from posecoach.plan_words import in_language
from posecoach.render.html import Paper
from posecoach.render.ical import Stamp
from posecoach.render.ical_stamps import previous_stamps
from posecoach.render.memo import RenderMemo


class PlanRequest(NamedTuple):
    """What a run asks for; None means: what the folder's record says, else the default."""

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
    # Run as `posecoach plan` by the runner: a rules.yaml they removed is taken as
    # meant (and said); any other command names it as missing.
    planning: bool = False
    language: str | None = None  # --lang: kept by the folder until given again
    # The system locale's language, asked only for a folder's first build.
    system_language: Callable[[], str | None] | None = None


class PlanResult(NamedTuple):
    plan: Plan
    written: list[Path]
    warnings: list[str]
    cautions: list[str] = []  # what the runner must hear before they start  # noqa: RUF012
    notes: list[str] = []  # other outputs of the folder removed, choices moved, and why  # noqa: RUF012
    profile: Path | None = None  # the profile file the plan was built from
    zone: str | None = None  # where the zone came from, when the profile names none
    tracks: TracksResult | None = None  # the folder's click tracks, when it holds any
    workouts: WorkoutsResult | None = None  # the folder's workouts, when it holds any
    # The plan with its curriculum's words in the runner's language, for what a command
    # says of it (`plan` is as plan.yaml keeps it, for everything else).
    shown: Plan | None = None
    spoken: str = i18n.DEFAULT  # that language, which the command's summary speaks

    @property
    def said(self) -> Plan:
        return self.shown or self.plan


class PlanChange(NamedTuple):
    """One reason the plan changed, and the weeks it changed: those still to come
    (the current week included), and those already over."""

    reason: str
    weeks: list[int]  # from the current week on, each once, in order
    past: list[int] = []  # noqa: RUF012  weeks over before today: the record, not the runner's plan


def plan_changes(
    before: Iterable[Adjustment], after: Iterable[Adjustment], plan: Plan, today: date
) -> list[PlanChange]:
    """The adjustments new since `before`, grouped by reason, in the order they appear;
    each reason's weeks split into those from today's week on and those already over."""
    from posecoach.render.wording import reason

    over = {w.number for w in plan.weeks if w.end < today}
    seen = {(a.week, a.rule, a.remark.key) for a in before}
    weeks_by_reason: dict[str, set[int]] = {}
    for change in after:
        if (change.week, change.rule, change.remark.key) not in seen:
            weeks_by_reason.setdefault(reason(change), set()).add(change.week)
    return [
        PlanChange(reason, sorted(weeks - over), sorted(weeks & over))
        for reason, weeks in weeks_by_reason.items()
    ]


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


def regenerate(request: PlanRequest, snapshot: Snapshot | None = None) -> PlanResult:
    """Build the folder's plan from its inputs and record (and the request's choices)
    and write every output; `snapshot`: the folder as this command has read it."""
    if request.weeks is not None and request.weeks < 1:
        raise UsageError(f"{request.weeks} is not a number of weeks", field="weeks")
    path = request.folder.path
    if path.exists() and not path.is_dir():  # before its inputs are looked for inside it
        raise UsageError(f"{path}: exists and is not a folder", "choose another folder")
    inputs = load_inputs(snapshot or Snapshot(request.folder), request)
    prepare_token(request.folder, inputs.profile)
    return build_and_write(inputs, request)


def build_and_write(inputs: PlanInputs, request: PlanRequest) -> PlanResult:
    """The plan from inputs already read, and every output written atomically, in the
    plan's language (what the run says about it too)."""
    with i18n.use(inputs.choices.spoken):
        return write_rendered(render_folder(inputs, request))


class Rendered(NamedTuple):
    """A plan folder's outputs rendered in memory, not yet written: `squad plan`
    renders the next athlete while these reach the disk."""

    inputs: PlanInputs
    request: PlanRequest
    plan: Plan
    files: dict[str, bytes]  # by name, every output, the record and the inputs kept
    gone: list[Path]  # week sheets of weeks the plan no longer has, files it replaces
    notes: list[str]
    shown: Plan | None = None  # the plan in the runner's language (in_their_language)


def build(inputs: PlanInputs) -> Plan:
    """The plan the inputs and their choices make (nothing rendered or written)."""
    from posecoach.engine import build_plan

    choices = inputs.choices
    return build_plan(
        inputs.curriculum, inputs.profile, inputs.rules, choices.start, choices.weeks,
        inputs.checkins,
    )  # fmt: skip


def render_folder(
    inputs: PlanInputs, request: PlanRequest, memo: RenderMemo | None = None
) -> Rendered:
    """The plan from inputs already read, and every output rendered, with the record of
    what it was built from (nothing written). `memo`: the command's (see RenderMemo)."""
    with i18n.use(inputs.choices.spoken):
        return _render_folder(inputs, request, memo or RenderMemo())


def _render_folder(inputs: PlanInputs, request: PlanRequest, memo: RenderMemo) -> Rendered:
    folder, runner, choices = inputs.folder, inputs.profile, inputs.choices
    plan = build(inputs)
    shown, curriculum = in_their_language(inputs, plan)
    options = OutputOptions.from_profile(
        runner, choices.paper, choices.all_day, choices.reminder_minutes
    )._replace(checkin_base=_checkin_base(folder, runner))
    # The folder keeps its inputs, so it can be rebuilt from itself alone.
    files: dict[str, bytes] = {
        name: data
        for name, data in inputs.own.items()
        if name != PlanFolder.CHECKINS and inputs.snapshot.input(name) != data
    }
    files |= render_outputs(
        plan,
        options,
        _told(inputs),
        revision_time(inputs.files.paths()),
        inputs.checkins,
        curriculum,
        memo,
        shown,
    )
    # The week sheets `posecoach sheet` wrote follow the plan, in the same set.
    sheets = current_sheets(shown, folder, options.paper, curriculum, memo)
    files |= sheets.files
    gone = list(sheets.gone)
    notes = [*inputs.notes, *sheets.notes]
    if not choices.own_curriculum and inputs.snapshot.input(PlanFolder.CURRICULUM) is not None:
        gone.append(folder.file(PlanFolder.CURRICULUM))  # a copy of one it no longer follows
        notes.append(f"removed {PlanFolder.CURRICULUM}: the plan follows {choices.curriculum} now")
    if inputs.snapshot.file(PlanFolder.BUILT) is not None:
        gone.append(folder.file(PlanFolder.BUILT))  # an older version's: the record replaces it
    outputs = {name: digest(data) for name, data in files.items() if name not in inputs.own}
    copies = copies_bytes(inputs.own)
    outputs[PlanFolder.COPIES] = digest(copies)
    told = previous_stamps(files[PlanFolder.ICS])
    record = Record(
        choices=choices,
        inputs={name: digest(data) for name, data in inputs.own.items() if data},
        outputs=dict(sorted(outputs.items())),
        calendar={uid: (s.fingerprint, s.sequence, s.modified) for uid, s in told.items()},
    )
    files[PlanFolder.COPIES] = copies
    # Renamed last of the set: a command that looks between two renames finds outputs
    # newer than the record (and rebuilds), never a record of outputs not there yet.
    files[PlanFolder.RECORD] = record.to_bytes()
    return Rendered(inputs, request, plan, files, gone, notes, shown)


def in_their_language(inputs: PlanInputs, plan: Plan) -> tuple[Plan, Curriculum]:
    """The plan and its curriculum with the curriculum's words in the language the
    plan is read in (plan_words.py); plan.yaml keeps the plan as built, in English."""
    spoken = inputs.choices.spoken
    if spoken == i18n.DEFAULT:
        return plan, inputs.curriculum
    own = inputs.own.get(PlanFolder.CURRICULUM) if inputs.choices.own_curriculum else None
    name = str(inputs.folder.file(PlanFolder.CURRICULUM)) if own else inputs.choices.curriculum
    target = loaders.load_curriculum(name, own, language=spoken)
    return in_language(plan, inputs.curriculum, target, spoken), target


def _told(inputs: PlanInputs) -> dict[str, Stamp]:
    """What the folder's plan.ics told calendars about each event: read from it, or
    from the record when plan.ics is gone or not as written (its SEQUENCEs go on)."""
    ics = inputs.snapshot.file(PlanFolder.ICS)
    record, _ = inputs.snapshot.readable_record()
    if record is not None and (ics is None or digest(ics) != record.outputs.get(PlanFolder.ICS)):
        return {uid: Stamp(*stamp) for uid, stamp in record.calendar.items()}
    return previous_stamps(ics) if ics is not None else {}


def _checkin_base(folder: PlanFolder, runner: RunnerProfile) -> str | None:
    """Where the calendar's events link to their check-in pages (the profile's public
    address and the folder's token); None without either (see prepare_token)."""
    public = runner.calendar.public_url
    token = tokens.read_token(folder) if public is not None else None
    return f"{public}/{token}/checkin/" if token is not None else None


def prepare_token(folder: PlanFolder, runner: RunnerProfile) -> None:
    """Make the feed's token before a build whose calendar links to the check-in pages
    under it (a profile with a public address): the build itself writes no token."""
    if runner.calendar.public_url is not None:
        tokens.ensure_token(folder)


def write_rendered(rendered: Rendered) -> PlanResult:
    """Write what `render_folder` rendered as one set, then the click tracks."""
    written = write_set(rendered)
    return finish(rendered, written, update_folder_tracks(rendered))


def write_set(rendered: Rendered) -> list[Path]:
    """Write the outputs, record and kept inputs as one set; remove what it replaces."""
    folder = rendered.inputs.folder
    shown = (PlanFolder.RECORD, PlanFolder.COPIES, *PlanFolder.INPUTS)
    written = folder.write(rendered.files)
    for path in rendered.gone:
        path.unlink(missing_ok=True)
    return [path for path in written if path.name not in shown]


def update_folder_tracks(rendered: Rendered) -> TracksResult | None:
    """The folder's click tracks brought in line with the plan just written (after the
    set: a track is long to write and a set is written whole)."""
    request, folder = rendered.request, rendered.inputs.folder
    if not (request.audio or rendered.inputs.choices.audio or holds_tracks(folder)):
        return None
    suffix = preferred_suffix() if request.audio else None
    return update_tracks(rendered.plan, folder, request.progress, suffix)


def finish(rendered: Rendered, written: list[Path], tracks: TracksResult | None) -> PlanResult:
    """What a run says about the plan it wrote (the folder's workouts follow it here)."""
    inputs, plan = rendered.inputs, rendered.plan
    workouts = follow_plan(plan, inputs.folder, inputs.rules, rendered.request.watch)
    warnings = [*inputs.warnings, *outside(plan, inputs.checkins)]
    notes = [*rendered.notes, *(tracks.notes if tracks else [])]
    return PlanResult(
        plan,
        written,
        warnings,
        cautions(inputs.profile, plan),
        notes,
        inputs.files.profile,
        inputs.zone,
        tracks,
        workouts,
        rendered.shown,
        inputs.choices.spoken,
    )


def outside(plan: Plan, checkins: list[CheckIn]) -> list[str]:
    """Check-ins that no longer belong to this plan (it was re-dated or re-planned)."""
    from posecoach.commands.today import plan_checkins

    keys = {s.key for s in plan.sessions}
    lost = [
        c
        for c in plan_checkins(plan, checkins)
        if not plan.start <= c.date <= plan.end or (c.session is not None and c.session not in keys)
    ]
    if not lost:
        return []
    from posecoach.render.checkin_words import checkin_sentence

    listed = "; ".join(checkin_sentence(c) for c in lost[:5]) + ("; ..." if len(lost) > 5 else "")
    said = i18n.ngettext(
        "%(count)s check-in falls outside this plan's sessions (%(listed)s): it is kept in the"
        " log, and any pain it reports still counts from its day. Re-plan from the old start"
        " date to match them again, or take one back with `posecoach checkin {undo} ID`"
        " (`posecoach checkins` lists the ids).",
        "%(count)s check-ins fall outside this plan's sessions (%(listed)s): they are kept in the"
        " log, and any pain they report still counts from its day. Re-plan from the old start"
        " date to match them again, or take one back with `posecoach checkin {undo} ID`"
        " (`posecoach checkins` lists the ids).",
        len(lost),
    )
    return [said % {"count": len(lost), "listed": listed}]


def cautions(runner: RunnerProfile, plan: Plan) -> list[str]:
    """What a careful physiotherapist would say before this runner starts."""
    from posecoach.render.wording import reason

    said = []
    injured = sorted(runner.current_injuries)
    if injured:
        said.append(
            i18n.gettext(
                "Current injury (%(injuries)s): get a physiotherapist's or doctor's all-clear"
                " before you change your running technique."
            )
            % {"injuries": ", ".join(injured)}
        )
    # What the plan does about each injury and race, as plan.md words it.
    said += [reason(a) for a in plan.adjustments if a.rule in ("injuries", "races")]
    start_with = plan.own_running.start_with if plan.own_running else None
    if start_with is not None:
        said.append(
            i18n.gettext(
                "You have no running to build on yet (weekly_volume is 0): start with the"
                " %(first)s curriculum, `posecoach plan {curriculum} %(first)s`, and come back"
                " to this plan after it. Do an easy 10 to 15 minute run/walk first to set your"
                " baseline."
            )
            % {"first": start_with}
        )
    return said
