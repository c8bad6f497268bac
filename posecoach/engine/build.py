"""The scheduling engine: curriculum + profile + rules + start date -> plan.

Pure: no files, no clock, no randomness. The same inputs give the same plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import cycle, islice

from posecoach.engine import cadence, days, dosing, running
from posecoach.engine.layout import WeekOutline, outline
from posecoach.errors import UsageError
from posecoach.model import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    WEEKDAYS,
    Adjustment,
    CadenceTarget,
    Curriculum,
    Item,
    Plan,
    Prescription,
    Rules,
    RunnerProfile,
    RunWalk,
    Session,
    SessionTemplate,
    Week,
)

CALF_REGIONS = frozenset({"calf", "achilles"})


@dataclass(frozen=True)
class Inputs:
    curriculum: Curriculum
    profile: RunnerProfile
    rules: Rules
    start: date
    weeks: int


@dataclass
class Draft:
    """A session before its date is final: the template's items at this week's dose."""

    slot: int
    template: SessionTemplate
    items: list[Item]
    optional: list[bool]
    stage: int  # the rung of the run ladder this week aims for
    deload: float | None  # the volume factor on a deload week
    run_cap: float = math.inf  # running minutes allowed on top of the longest-run rule
    notes: list[str] = field(default_factory=list)

    def heavy(self, heavy_run_minutes: float) -> bool:
        return any(_is_heavy(item, heavy_run_minutes) for item in self.items)


def _is_heavy(item: Item, heavy_run_minutes: float) -> bool:
    if item.run is not None:
        return item.run.running_minutes >= heavy_run_minutes
    return _is_calf_plyometric(item)


def _is_calf_plyometric(item: Item) -> bool:
    return item.plyometric and bool(CALF_REGIONS.intersection(item.loads))


def build_plan(
    curriculum: Curriculum,
    profile: RunnerProfile,
    rules: Rules,
    start: date,
    weeks: int | None = None,
) -> Plan:
    """Lay the curriculum over `weeks` weeks from `start` for this runner."""
    inputs = Inputs(curriculum, profile, rules, start, weeks or curriculum.weeks)
    _check_length(inputs)
    return _Builder(inputs).build()


def _check_length(inputs: Inputs) -> None:
    c = inputs.curriculum
    if not c.min_weeks <= inputs.weeks <= c.max_weeks:
        raise UsageError(
            f"the {c.id} curriculum runs {c.min_weeks} to {c.max_weeks} weeks, not {inputs.weeks}",
            f"try --weeks {c.weeks}, its usual length",
        )


class _Builder:
    """Holds what carries from week to week: run history and the last heavy day."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.rules = inputs.rules
        self.profile = inputs.profile
        self.curriculum = inputs.curriculum
        self.history = running.RunHistory(inputs.rules.longest_run)
        # The profile's longest recent run counts as if run the day before the plan.
        self.history.add(inputs.start - timedelta(days=1), inputs.profile.longest_run_minutes)
        self.last_heavy: date | None = None
        self.adjustments: list[Adjustment] = []
        self.weekdays = days.spread_weekdays(
            list(inputs.profile.days), inputs.profile.sessions_per_week
        )
        self.min_gap = inputs.rules.heavy_days.easy_days_between + 1

    def build(self) -> Plan:
        outlines = outline(self.curriculum, self.inputs.weeks)
        steps = cadence.weekly_steps(outlines, self.rules.cadence)
        self._note_injuries()
        weeks: list[Week] = []
        loading_weeks = 0
        for week_outline, step in zip(outlines, steps, strict=True):
            target = cadence.target(step, self.rules.cadence, self.profile.baseline_cadence)
            # A deload week repeats the last loading week's rung, with less of it.
            climbed = max(0, loading_weeks - 1) if week_outline.deload else loading_weeks
            stage = running.ladder_stage(
                self.curriculum.run_ladder, self.profile.background, climbed
            )
            weeks.append(self._week(week_outline, target, stage))
            if not week_outline.deload:
                loading_weeks += 1
        start = self.inputs.start
        return Plan(
            plan_id=self.profile.slug,
            runner=self.profile.name,
            curriculum=self.curriculum.id,
            curriculum_name=self.curriculum.name,
            start=start,
            end=start + timedelta(days=7 * self.inputs.weeks - 1),
            timezone=self.profile.timezone,
            units=self.profile.units,
            baseline_cadence=self.profile.baseline_cadence,
            weeks=weeks,
            adjustments=self.adjustments,
        )

    # ------------------------------------------------------------------ weeks

    def _week(self, week: WeekOutline, target: CadenceTarget, stage: int) -> Week:
        week_start = self.inputs.start + timedelta(days=7 * (week.number - 1))
        count = self.profile.sessions_per_week
        template_ids = list(islice(cycle(week.phase.sessions), count))
        drafts = [
            self._draft(slot, self.curriculum.template(tid), week, target, stage)
            for slot, tid in enumerate(template_ids, start=1)
        ]
        heavy_minutes = self.rules.heavy_days.heavy_run_minutes
        dates, demoted = days.place_slots(
            days.week_dates(week_start, self.weekdays),
            [d.heavy(heavy_minutes) for d in drafts],
            self.last_heavy,
            self.min_gap,
        )
        sessions: list[Session] = []
        for index in sorted(range(count), key=lambda i: dates[i]):
            draft = drafts[index]
            if index in demoted:
                draft = self._lighten(draft, week.number)
            session = self._finish(draft, dates[index], week.number, target)
            if session.heavy_calf:
                self.last_heavy = session.date
            sessions.append(session)
        return Week(
            number=week.number,
            phase=week.phase.id,
            phase_name=week.phase.name,
            focus=week.phase.focus,
            deload=week.deload,
            start=week_start,
            end=week_start + timedelta(days=6),
            cadence=target,
            sessions=sessions,
        )

    def _draft(
        self,
        slot: int,
        template: SessionTemplate,
        week: WeekOutline,
        target: CadenceTarget,
        stage: int,
    ) -> Draft:
        deload = self.rules.deload.volume_factor if week.deload else None
        injured = self.profile.current_injuries
        items: list[Item] = []
        optional: list[bool] = []
        for entry in template.items:
            drill = self.curriculum.drill(entry.drill)
            if drill.plyometric and injured.intersection(drill.loads):
                continue  # reported once for the plan by _note_injuries
            run: RunWalk | None = None
            dose: Prescription | None = None
            if drill.ladder:
                run = running.stage_run(self.curriculum.run_ladder[stage], deload)
                minutes = dosing.run_minutes(run)
            else:
                dose = dosing.prescribe(entry.dose or drill.dose, week.progress, deload)
                minutes = dosing.prescription_minutes(dose)
            items.append(
                Item(
                    drill=drill.id,
                    name=drill.name,
                    element=drill.element,
                    block=entry.block or DEFAULT_BLOCK[drill.element],
                    dose=dose,
                    run=run,
                    cues=drill.cues,
                    cadence=drill.cadence,
                    plyometric=drill.plyometric,
                    loads=drill.loads,
                    figure=drill.figure or DEFAULT_FIGURE[drill.element],
                    minutes=minutes,
                )
            )
            optional.append(entry.optional)
        return Draft(slot, template, items, optional, stage, deload)

    def _lighten(self, draft: Draft, week: int) -> Draft:
        """Take the heavy calf load out of a session that cannot be kept apart.

        Plyometric calf drills go and the run is held under the heavy-run length.
        """
        kept = [
            (item, opt)
            for item, opt in zip(draft.items, draft.optional, strict=True)
            if not _is_calf_plyometric(item)
        ]
        dropped = [i.name for i in draft.items if _is_calf_plyometric(i)]
        note = "Kept light: a heavy calf day is too close"
        note += f" (left out {', '.join(dropped)})." if dropped else " (a shorter run)."
        self._adjust(week, self._key(week, draft.slot), "heavy_days", note)
        return replace(
            draft,
            items=[item for item, _ in kept],
            optional=[opt for _, opt in kept],
            run_cap=self.rules.heavy_days.heavy_run_minutes - 0.5,
            notes=[*draft.notes, note],
        )

    def _finish(self, draft: Draft, day: date, week: int, target: CadenceTarget) -> Session:
        limit = self.profile.max_session_minutes
        key = self._key(week, draft.slot)
        notes = list(draft.notes)

        # 1. No run longer than 110% of the longest run in the last 30 days
        #    (nor, on a day kept light, as long as a heavy run).
        history_cap = self.history.cap(day)
        other_cap = draft.run_cap
        longest = self.history.longest_before(day)
        if draft.deload is not None and longest > 0:
            other_cap = min(other_cap, longest * draft.deload)  # a deload week runs less
        cap = min(history_cap, other_cap)
        capped: list[tuple[Item, bool]] = []
        for item, optional in zip(draft.items, draft.optional, strict=True):
            if item.run is not None:
                ladder = self.curriculum.run_ladder
                fitted = running.best_run(ladder, draft.stage, draft.deload, cap)
                if fitted != item.run and history_cap < other_cap:
                    note = self._run_cap_note(fitted, history_cap)
                    self._adjust(week, key, "longest_run", note)
                    notes.append(note)
                if fitted is None:
                    continue
                item = _with_run(item, fitted)
            capped.append((item, optional))

        # 2. Fit the runner's longest session: optional items go first (last
        #    first), then the run is shortened, then trailing items go.
        entries, dropped = _fit_session(capped, cap, limit)
        if dropped:
            notes.append(f"Shortened to fit {limit} minutes: left out {', '.join(dropped)}.")

        items = [item for item, _ in entries]
        self.history.add(day, sum(i.run.running_minutes for i in items if i.run is not None))
        heavy_minutes = self.rules.heavy_days.heavy_run_minutes
        template = draft.template
        weekday = WEEKDAYS[day.weekday()]
        return Session(
            key=key,
            slot=draft.slot,
            template=template.id,
            title=template.title,
            kind=template.kind,
            focus=template.focus,
            date=day,
            weekday=weekday,  # type: ignore[arg-type]
            time=self.profile.days[weekday],  # type: ignore[index]
            minutes=dosing.session_minutes([i.minutes for i in items]),
            heavy_calf=any(_is_heavy(i, heavy_minutes) for i in items),
            cadence=target,
            items=items,
            notes=notes,
        )

    # ------------------------------------------------------------------ helpers

    def _key(self, week: int, slot: int) -> str:
        return f"{self.profile.slug}-w{week:02d}-s{slot}"

    def _run_cap_note(self, fitted: RunWalk | None, cap: float) -> str:
        factor = round((self.rules.longest_run.factor - 1) * 100)
        held = (
            "left out" if fitted is None else f"held to {fitted.running_minutes:g} running minutes"
        )
        return (
            f"Run {held}: no run more than {factor}% longer than your longest"
            f" in the last {self.rules.longest_run.window_days} days (cap {cap:.1f} min)."
        )

    def _adjust(self, week: int, session: str | None, rule: str, reason: str) -> None:
        sources = list(getattr(self.rules, rule).sources)
        self.adjustments.append(
            Adjustment(week=week, session=session, rule=rule, reason=reason, sources=sources)
        )

    def _note_injuries(self) -> None:
        injured = self.profile.current_injuries
        left_out = [
            d.name for d in self.curriculum.drills if d.plyometric and injured.intersection(d.loads)
        ]
        if left_out:
            regions = ", ".join(sorted(injured))
            self.adjustments.append(
                Adjustment(
                    week=1,
                    rule="pain",
                    reason=(
                        f"Current injury ({regions}): plyometric drills that load it are left"
                        f" out of the whole plan: {', '.join(left_out)}."
                    ),
                    sources=list(self.rules.pain.sources),
                )
            )


def _with_run(item: Item, run: RunWalk) -> Item:
    return item.model_copy(update={"run": run, "minutes": dosing.run_minutes(run)})


def _total(entries: list[tuple[Item, bool]]) -> float:
    return sum(item.minutes for item, _ in entries)


def _fit_session(
    entries: list[tuple[Item, bool]], run_cap: float, limit: float
) -> tuple[list[tuple[Item, bool]], list[str]]:
    """Trim a session to `limit` minutes; returns what is kept and the names left out."""
    entries = list(entries)
    dropped: list[str] = []
    while _total(entries) > limit and any(optional for _, optional in entries):
        index = max(i for i, (_, optional) in enumerate(entries) if optional)
        dropped.insert(0, entries.pop(index)[0].name)
    for index, (item, optional) in enumerate(entries):
        if item.run is not None and _total(entries) > limit:
            room = limit - (_total(entries) - item.minutes) - dosing.CHANGEOVER_SECONDS / 60
            fitted = running.fit_run(item.run, run_cap, room)
            if fitted is None:
                dropped.append(item.name)
                entries[index] = (item.model_copy(update={"minutes": 0.0}), optional)
            else:
                entries[index] = (_with_run(item, fitted), optional)
    entries = [(item, opt) for item, opt in entries if item.minutes > 0]
    entries = _fewer_sets(entries, limit)
    while _total(entries) > limit and len(entries) > 1:
        dropped.append(entries.pop()[0].name)
    return entries, dropped


def _fewer_sets(entries: list[tuple[Item, bool]], limit: float) -> list[tuple[Item, bool]]:
    """Take a set off each item in turn, last first, while the session runs long.

    Fewer sets of every drill keep the session's whole lesson; dropping items
    is the last resort.
    """
    entries = list(entries)
    while _total(entries) > limit:
        changed = False
        for index in reversed(range(len(entries))):
            item, optional = entries[index]
            if item.dose is None or item.dose.sets <= 1:
                continue
            dose = item.dose.model_copy(update={"sets": item.dose.sets - 1})
            minutes = dosing.prescription_minutes(dose)
            entries[index] = (item.model_copy(update={"dose": dose, "minutes": minutes}), optional)
            changed = True
            if _total(entries) <= limit:
                return entries
        if not changed:
            break
    return entries
