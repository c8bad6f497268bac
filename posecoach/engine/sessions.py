"""A week's sessions: drafted from the phase's templates (with the weekly calf
and foot-core work folded in where they lack it, and the drills a form check
calls for), placed on the runner's days
with the heavy calf loads apart, each run held under the longest-run rule, and
each session fitted into the runner's longest session; what the sessions cannot
hold of the weekly strength work goes home.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle, islice

from posecoach.engine import cadence, days, dosing, form, load, pain, running, weekly
from posecoach.engine.drafts import PAUSED_FOCUS, Draft, draft, lighten
from posecoach.engine.fitting import Entry, fit_session, with_run
from posecoach.engine.layout import WeekOutline
from posecoach.engine.own_running import INSIDE_YOUR_RUN
from posecoach.engine.state import Inputs, Ladder, Ledger, PlanState, WeekLoad
from posecoach.model import WEEKDAYS, CadenceTarget, Session, Week
from posecoach.model.curriculum import TemplateItem


def lay_week(
    inputs: Inputs,
    state: PlanState,
    ledger: Ledger,
    week: WeekOutline,
    target: CadenceTarget,
    ladder: Ladder,
    volume: float | None,
) -> Week:
    """The week's sessions at this rung, dose progress and volume, in date order."""
    curriculum, profile, rules = inputs.curriculum, inputs.profile, inputs.rules
    week_start = inputs.week_start(week.number)
    count = profile.sessions_per_week
    templates = [curriculum.template(t) for t in islice(cycle(week.phase.sessions), count)]
    # A deload week is for catching up: it shows no drill the weeks before it have not.
    known = frozenset(state.seen) if week.deload else None
    extra: dict[int, tuple[TemplateItem, ...]] = {}
    without: dict[int, frozenset[str]] = {}

    def drafted(slot: int, day: date, current: Ladder, factor: float | None) -> Draft:
        return draft(
            slot,
            templates[slot - 1],
            curriculum,
            state.restrictions,
            current,
            factor,
            load.dose_limits(state),
            load.run_cap(state, day),
            extra=extra.get(slot, ()),
            phase_doses=week.phase.doses,
            known=known,
            without=without.get(slot, frozenset()),
        )

    drafts = [drafted(slot, week_start, ladder, volume) for slot in range(1, count + 1)]
    without.update(weekly.spare_calf(drafts, rules.strength))
    extra.update(weekly.fold(drafts, week.phase, curriculum, rules.strength))
    # The form rule, in one place: a clip's fault adds its drills to the week's sessions.
    emphasis = form.emphasis(inputs, state, ledger, week, drafts, known)
    for slot, entries in emphasis.extra.items():
        extra[slot] = (*extra.get(slot, ()), *entries)
    changed = extra.keys() | without.keys()
    drafts = [
        drafted(d.slot, week_start, ladder, volume) if d.slot in changed else d for d in drafts
    ]
    drafts = emphasis.noted(drafts)
    explained = pain.explain_restrictions(
        state.restrictions, rules, sorted({name for d in drafts for name in d.removed})
    )
    if explained is not None:  # recorded once for the week, noted on the sessions it changed
        ledger.record(week.number, "pain", explained[0], checkin=explained[1])
        drafts = [d._replace(notes=(*d.notes, explained[0])) if d.removed else d for d in drafts]
    state.loads[week.number] = _planned_load(ladder, drafts)
    drafted_with = (state.restrictions, state.limit, state.return_cap)

    heavy_minutes = rules.heavy_days.heavy_run_minutes
    # Drafts are in priority order (slot 1 first): the first heavy ones keep their load.
    dates, demoted = days.place_slots(
        days.week_dates(week_start, days.spread_weekdays(list(profile.days), count)),
        [d.heavy(heavy_minutes) for d in drafts],
        state.last_heavy,
        rules.heavy_days.easy_days_between + 1,
        [not d.heavy(heavy_minutes, strength=False) for d in drafts],
    )
    moved = weekly.rehome(drafts, {i + 1 for i in demoted}, week.phase, curriculum, heavy_minutes)
    for slot, entries in moved.items():
        extra[slot] = (*extra.get(slot, ()), *entries)
        drafts[slot - 1] = drafted(slot, week_start, ladder, volume)
    gap = rules.heavy_days.easy_days_between + 1
    heavy_days = {dates[i] for i, d in enumerate(drafts) if d.heavy(heavy_minutes)}
    heavy_days = {day for day in heavy_days if day not in {dates[i] for i in demoted}}
    heavy_days |= {state.last_heavy} if state.last_heavy else set()
    sessions: list[Session] = []
    for index in sorted(range(count), key=lambda i: dates[i]):
        session_draft = drafts[index]
        placed_light = dates[index] not in heavy_days
        # A check-in earlier this week takes effect from the next day on: draft again
        # with what the pain rule allows now (never more than was drafted).
        pain.catch_up(inputs, state, ledger, dates[index], week.number)
        if (state.restrictions, state.limit, state.return_cap) != drafted_with:
            current, factor = load.within_week(ladder, volume, state, rules)
            session_draft = drafted(session_draft.slot, dates[index], current, factor)
            why = pain.why_changed(state, rules, session_draft.removed)
            if why is not None:
                session_draft = session_draft._replace(notes=(*session_draft.notes, why[0]))
                key = inputs.session_key(week.number, session_draft.slot)
                ledger.record(week.number, "pain", why[0], session=key, checkin=why[1])
        # Drafted again heavier than it was placed (a check-in cleared hops or heel
        # drops), a session next to a heavy day is kept light all the same.
        near = any(0 < abs((dates[index] - day).days) < gap for day in heavy_days)
        regained = placed_light and session_draft.heavy(heavy_minutes)
        if index in demoted or (regained and near):
            key = inputs.session_key(week.number, session_draft.slot)
            session_draft = lighten(
                session_draft, curriculum, heavy_minutes, known, state.restrictions
            )
            ledger.record(week.number, "heavy_days", session_draft.notes[-1], session=key)
        session = _finish(inputs, state, ledger, session_draft, dates[index], week.number, target)
        if session.heavy_calf:
            state.last_heavy = session.date
            heavy_days.add(session.date)
        sessions.append(session)
    home = weekly.home_work(
        [s.items for s in sessions],
        week.phase,
        curriculum,
        rules.strength,
        state.restrictions,
        ladder,
        volume,
        load.dose_limits(state),
        known,
    )
    if home and sessions:  # said on the week's first session, so the calendar shows it
        first = sessions[0]
        sessions[0] = first.model_copy(update={"notes": [*first.notes, *(h.note for h in home)]})
    state.seen.update(i.drill for s in sessions for i in s.items)
    state.seen.update(i.drill for h in home for i in h.items)
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
        home=home or None,
    )


def _finish(
    inputs: Inputs,
    state: PlanState,
    ledger: Ledger,
    session_draft: Draft,
    day: date,
    week: int,
    target: CadenceTarget,
) -> Session:
    """The draft on its day: its run capped, fitted to the runner's longest
    session, and added to the run history the next days are capped by."""
    profile, rules = inputs.profile, inputs.rules
    limit = profile.max_session_minutes
    key = inputs.session_key(week, session_draft.slot)
    notes = list(session_draft.notes)

    # 1. No run longer than 110% of the longest run in the last 30 days
    #    (nor, on a day kept light, as long as a heavy run).
    # A deload week runs less than the last month's longest; a step-back already runs a
    # rung lower and under its own cap, so the cut is not compounded week after week.
    deload_week = state.outlines[week - 1].deload
    factor = session_draft.deload if deload_week else None
    caps = running.caps_on(state.history, day, session_draft.run_cap, factor)
    capped: list[Entry] = []
    for item, optional in zip(session_draft.items, session_draft.optional, strict=True):
        if item.run is None:
            capped.append((item, optional))
            continue
        fitted, note = running.capped_run(
            item.run,
            inputs.curriculum.run_ladder,
            session_draft.stage,
            session_draft.deload,
            caps,
            rules.longest_run,
        )
        if note is not None:
            ledger.record(week, "longest_run", note, session=key)
            notes.append(note)
        if fitted is not None:
            capped.append((with_run(item, fitted), optional))

    # 2. Fit the runner's longest session.
    entries, dropped = fit_session(capped, caps.limit, limit)
    if dropped:
        notes.append(f"Shortened to fit {limit} minutes: left out {', '.join(dropped)}.")

    items = [item for item, _ in entries]
    ran = sum(i.run.running_minutes for i in items if i.run is not None)
    state.runs[key] = ran
    # A missed run was never run: it neither raises the 110% cap nor counts as done.
    if ran > 0 and not inputs.is_missed(key, day):
        state.history.add(day, ran)
        state.done_rung = session_draft.stage
    if ran > 0 and profile.keeps_running and state.history.kept_until is None:
        notes.append(INSIDE_YOUR_RUN)
    heavy_minutes = rules.heavy_days.heavy_run_minutes
    template = session_draft.template
    weekday = WEEKDAYS[day.weekday()]
    return Session(
        key=key,
        slot=session_draft.slot,
        template=template.id,
        title=session_draft.title or template.title,
        kind=session_draft.kind or template.kind,
        focus=PAUSED_FOCUS if session_draft.title else template.focus,
        date=day,
        weekday=weekday,  # type: ignore[arg-type]
        time=profile.days[weekday],  # type: ignore[index]
        minutes=dosing.session_minutes([i.minutes for i in items]) if items else 0,
        heavy_calf=any(days.is_heavy(i, heavy_minutes) for i in items),
        cadence=cadence.session_target(items, target),
        items=items,
        notes=notes,
    )


def _planned_load(ladder: Ladder, drafts: list[Draft]) -> WeekLoad:
    """What the week's drafts plan, before the days are final (a check-in within the
    week holds to it; load.settle_week_load replaces it once the week is laid)."""
    longest = max(
        (min(i.run.running_minutes, d.run_cap) for d in drafts for i in d.items if i.run),
        default=0.0,
    )
    doses = dosing.most_per_drill(item for d in drafts for item in d.items)
    return WeekLoad(ladder, doses, longest)
