"""The scheduling engine: curriculum + profile + rules + start date -> plan.

Pure: no files, no clock, no randomness. The same inputs give the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import cycle, islice
from typing import Literal, NamedTuple

from posecoach.engine import adapt, cadence, days, dosing, layout, running
from posecoach.engine.layout import WeekOutline, outline
from posecoach.errors import UsageError
from posecoach.model import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    WEEKDAYS,
    Adjustment,
    CadenceTarget,
    CheckIn,
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


class Inputs(NamedTuple):
    curriculum: Curriculum
    profile: RunnerProfile
    rules: Rules
    start: date
    weeks: int
    checkins: tuple[CheckIn, ...] = ()


class _State(NamedTuple):
    """What one week hands to the next."""

    stage: int  # the run ladder's rung
    progress: float  # through the phase's doses, 0..1
    phase: str
    step: int  # the cadence step
    weeks_at_step: int
    step_since: date  # check-ins from this day on judge the next step
    no_rise_next: bool = False  # after a realignment the cadence waits a week


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
    removed: list[str] = field(default_factory=list)  # drills a check-in took out

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
    checkins: Sequence[CheckIn] = (),
) -> Plan:
    """Lay the curriculum over `weeks` weeks from `start` for this runner,
    adapted by the check-ins so far (see engine/adapt.py)."""
    ordered = tuple(sorted(checkins, key=lambda c: (c.date, c.recorded)))
    inputs = Inputs(curriculum, profile, rules, start, weeks or curriculum.weeks, ordered)
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
        self.checkins = inputs.checkins
        self.outlines = outline(inputs.curriculum, inputs.weeks)
        self.restrictions = adapt.Restrictions()
        first_rung = running.START_STAGE[inputs.profile.background]
        self.state = _State(
            stage=min(first_rung, len(inputs.curriculum.run_ladder) - 1),
            progress=0.0,
            phase="",
            step=0,
            weeks_at_step=0,
            step_since=inputs.start,
        )
        self.stages: dict[int, int] = {}  # week -> rung, to resume from after a break
        # Week-wide changes still to be noted on the week's sessions: (reason, which sessions).
        self.pending_notes: list[tuple[str, Literal["all", "beat"]]] = []
        self.realigned: set[str] = set()  # first keys of missed streaks dealt with

    def build(self) -> Plan:
        self._note_injuries()
        weeks: list[Week] = []
        for number in range(1, self.inputs.weeks + 1):
            weeks.append(self._next_week(number))
            self._realign_after_missed(weeks)
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

    # ------------------------------------------------------------------ progression

    def _week_start(self, number: int) -> date:
        return self.inputs.start + timedelta(days=7 * (number - 1))

    def _next_week(self, number: int) -> Week:
        """Decide this week's load from last week's check-ins, then lay it out."""
        plan = self.outlines[number - 1]
        week_start = self._week_start(number)
        last_week = [
            c for c in self.checkins if week_start - timedelta(days=7) <= c.date < week_start
        ]
        for checkin in last_week:
            self.restrictions.apply(checkin, self.rules)
        verdict = (
            adapt.load_verdict(last_week, self.rules)
            if number > 1
            else adapt.LoadVerdict("advance")
        )
        if verdict.load != "advance":
            self._explain_load(number, verdict)

        state = self.state
        ladder_top = len(self.curriculum.run_ladder) - 1
        same_phase = state.phase == plan.phase.id
        if number == 1:
            stage, progress = state.stage, plan.progress
        elif verdict.load == "regress":  # one rung down, even on a deload week
            stage = max(0, state.stage - 1)
            progress = min(plan.progress, state.progress) if same_phase else plan.progress
        elif plan.deload or verdict.load == "hold":
            stage = state.stage
            progress = min(plan.progress, state.progress) if same_phase else plan.progress
        else:
            stage = min(ladder_top, state.stage + 1)
            progress = plan.progress
        volume = (
            self.rules.deload.volume_factor if plan.deload or verdict.load == "regress" else None
        )

        step = self._cadence_step(number, plan, verdict)
        target = cadence.target(step, self.rules.cadence, self.profile.baseline_cadence)
        week = self._with_notes(self._week(plan, target, stage, progress, volume))
        self.state = _State(
            stage=stage,
            progress=progress,
            phase=plan.phase.id,
            step=step,
            weeks_at_step=state.weeks_at_step + 1 if step == state.step else 1,
            step_since=state.step_since if step == state.step else week_start,
            no_rise_next=False,
        )
        self.stages[number] = stage
        return week

    def _with_notes(self, week: Week) -> Week:
        """Put the week's changes on the sessions they change, so the sheets and the
        calendar events say why (and an unaffected session's event stays as it was)."""
        if not self.pending_notes:
            return week
        sessions = []
        for session in week.sessions:
            beat = any(item.cadence for item in session.items)
            extra = [r for r, scope in self.pending_notes if scope == "all" or beat]
            sessions.append(session.model_copy(update={"notes": [*extra, *session.notes]}))
        self.pending_notes = []
        return week.model_copy(update={"sessions": sessions})

    def _cadence_step(self, number: int, plan: WeekOutline, verdict: adapt.LoadVerdict) -> int:
        """One step up at most, when the phase allows it and the evidence (or, with
        no check-ins to go on, the time held) says so."""
        state, rule = self.state, self.rules.cadence
        allowed = min(plan.phase.cadence_step, len(rule.steps_percent))
        if number == 1 or state.step >= allowed:
            return state.step
        if plan.deload or state.no_rise_next:
            return state.step
        week_start = self._week_start(number)
        current = cadence.target(state.step, rule, self.profile.baseline_cadence)
        since = [c for c in self.checkins if state.step_since <= c.date < week_start]
        evidence = adapt.cadence_evidence(since, current.spm, self.rules)
        nominal = state.weeks_at_step >= rule.min_weeks_per_step
        if verdict.load != "advance" or self.restrictions.stop_running is not None:
            if nominal or evidence.advance:
                reason = "Cadence target held: the pain rule comes first."
                self._adjust(number, None, "cadence", reason, verdict.cause, notes="beat")
            return state.step
        if not evidence.seen:
            return state.step + 1 if nominal else state.step
        step_text = f"+{rule.steps_percent[state.step]:g}%"
        if evidence.advance:
            count = len(evidence.checkins)
            self._adjust(
                number,
                None,
                "cadence",
                f"Cadence target up to {step_text}: {count} check-ins in a row on target"
                " without a pain flag.",
                evidence.checkins[-1],
                notes="beat",
            )
            return state.step + 1
        if nominal:
            self._adjust(
                number,
                None,
                "cadence",
                f"Cadence target held at {current.text} instead of rising to {step_text}:"
                f" it rises after {rule.hold_checkins} check-ins in a row on target.",
                evidence.checkins[-1],
                notes="beat",
            )
        return state.step

    def _explain_load(self, number: int, verdict: adapt.LoadVerdict) -> None:
        cause = verdict.cause
        assert cause is not None
        what = {
            "hold": "Holding last week's load (no progression this week)",
            "regress": "Stepping back: lighter doses and an easier run",
        }[verdict.load]
        self._adjust(number, None, "pain", f"{what} after {cause.label}.", cause, notes="all")

    def _realign_after_missed(self, weeks: list[Week]) -> None:
        """After `realign_after` missed sessions in a row, resume where they began."""
        number = len(weeks)
        if number >= self.inputs.weeks:
            return
        sessions = [s for w in weeks for s in w.sessions]
        missed = adapt.missed_keys(self.checkins, sessions)
        streak = adapt.missed_streak(sessions, missed, self.rules.missed.realign_after)
        if not streak or streak[0].key in self.realigned:
            return
        self.realigned.add(streak[0].key)
        resume = (streak[0].date - self.inputs.start).days // 7 + 1
        every = self.curriculum.deload_every
        relaid = layout.relay(self.outlines, resume, number + 1, self.inputs.weeks, every)
        self.outlines[number:] = relaid
        self.state = self.state._replace(
            stage=self.stages.get(resume, self.state.stage), phase="", no_rise_next=True
        )
        last = streak[-1]
        cause = next(
            c
            for c in self.checkins
            if c.missed and (c.session == last.key or (c.session is None and c.date == last.date))
        )
        self._adjust(
            number + 1,
            None,
            "missed",
            f"{len(streak)} sessions missed in a row (from {streak[0].date.isoformat()}):"
            f" the plan picks up again with week {resume}'s work, and the rest of the"
            " curriculum is fitted into the weeks that remain.",
            cause,
            notes="all",
        )

    # ------------------------------------------------------------------ weeks

    def _week(
        self,
        week: WeekOutline,
        target: CadenceTarget,
        stage: int,
        progress: float,
        volume: float | None,
    ) -> Week:
        week_start = self._week_start(week.number)
        count = self.profile.sessions_per_week
        template_ids = list(islice(cycle(week.phase.sessions), count))
        drafts = [
            self._draft(slot, self.curriculum.template(tid), week, stage, progress, volume)
            for slot, tid in enumerate(template_ids, start=1)
        ]
        self._explain_restrictions(week.number, drafts)
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

    def _explain_restrictions(self, number: int, drafts: list[Draft]) -> None:
        """Record what check-ins took out of this week, on the sessions it was taken from."""
        removed = sorted({name for d in drafts for name in d.removed})
        if not removed:
            return
        stop = self.restrictions.stop_running
        if stop is not None:
            reason = (
                f"Strength and mobility only, no running or technique drills, after {stop.label}."
                " Please see a physiotherapist or doctor; running returns after a check-in"
                f" with pain of {self.rules.pain.advance_max} or less and no swelling."
            )
            cause = stop
        else:
            regions = ", ".join(sorted(self.restrictions.no_plyometrics))
            reason = (
                f"Plyometric drills that load the {regions} are left out ({', '.join(removed)})"
                f" until a check-in there reports pain of {self.rules.pain.advance_max} or less."
            )
            cause = list(self.restrictions.no_plyometrics.values())[-1]
        self._adjust(number, None, "pain", reason, cause)
        for draft in drafts:
            if draft.removed:
                draft.notes.append(reason)

    def _draft(
        self,
        slot: int,
        template: SessionTemplate,
        week: WeekOutline,
        stage: int,
        progress: float,
        deload: float | None,
    ) -> Draft:
        injured = self.profile.current_injuries
        blocked = self.restrictions.blocked_regions()
        strength_only = self.restrictions.stop_running is not None
        items: list[Item] = []
        optional: list[bool] = []
        removed: list[str] = []
        for entry in template.items:
            drill = self.curriculum.drill(entry.drill)
            if drill.plyometric and injured.intersection(drill.loads):
                continue  # reported once for the plan by _note_injuries
            if strength_only and drill.element not in ("strength", "stability", "mobility"):
                removed.append(drill.name)
                continue
            if drill.plyometric and blocked.intersection(drill.loads):
                removed.append(drill.name)
                continue
            run: RunWalk | None = None
            dose: Prescription | None = None
            if drill.ladder:
                run = running.stage_run(self.curriculum.run_ladder[stage], deload)
                minutes = dosing.run_minutes(run)
            else:
                dose = dosing.prescribe(entry.dose or drill.dose, progress, deload)
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
        return Draft(slot, template, items, optional, stage, deload, removed=removed)

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

    def _adjust(
        self,
        week: int,
        session: str | None,
        rule: str,
        reason: str,
        checkin: CheckIn | None = None,
        notes: Literal["all", "beat"] | None = None,
    ) -> None:
        """Record a change; `notes` also puts it on the week's sessions (all of them,
        or those worked to the beat) when the week is laid out."""
        if notes is not None:
            self.pending_notes.append((reason, notes))
        sources = list(getattr(self.rules, rule).sources)
        self.adjustments.append(
            Adjustment(
                week=week,
                session=session,
                rule=rule,
                reason=reason,
                sources=sources,
                checkin=checkin.label if checkin else None,
            )
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
