"""A week's sessions: drafted from the phase's templates, placed on the runner's
days with the heavy calf loads apart, each run held under the longest-run
rule, and each session fitted into the runner's longest session.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle, islice

from posecoach.engine import days, dosing, pain, running
from posecoach.engine.drafts import Draft, draft, lighten
from posecoach.engine.fitting import Entry, fit_session, with_run
from posecoach.engine.layout import WeekOutline
from posecoach.engine.state import Inputs, Ladder, Ledger, PlanState
from posecoach.model import WEEKDAYS, CadenceTarget, Session, Week


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
    template_ids = islice(cycle(week.phase.sessions), count)
    drafts = [
        draft(
            slot,
            curriculum.template(template_id),
            curriculum,
            profile.current_injuries,
            state.restrictions,
            ladder,
            volume,
        )
        for slot, template_id in enumerate(template_ids, start=1)
    ]
    removed = sorted({name for d in drafts for name in d.removed})
    reason = pain.explain_restrictions(state.restrictions, rules, ledger, week.number, removed)
    if reason is not None:  # on the sessions it was taken from
        drafts = [d._replace(notes=(*d.notes, reason)) if d.removed else d for d in drafts]

    heavy_minutes = rules.heavy_days.heavy_run_minutes
    # Drafts are in priority order (slot 1 first): the first heavy ones keep their load.
    dates, demoted = days.place_slots(
        days.week_dates(week_start, days.spread_weekdays(list(profile.days), count)),
        [d.heavy(heavy_minutes) for d in drafts],
        state.last_heavy,
        rules.heavy_days.easy_days_between + 1,
    )
    sessions: list[Session] = []
    for index in sorted(range(count), key=lambda i: dates[i]):
        session_draft = drafts[index]
        if index in demoted:
            key = inputs.session_key(week.number, session_draft.slot)
            session_draft = lighten(session_draft, heavy_minutes, ledger, week.number, key)
        session = _finish(inputs, state, ledger, session_draft, dates[index], week.number, target)
        if session.heavy_calf:
            state.last_heavy = session.date
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
    caps = running.caps_on(state.history, day, session_draft.run_cap, session_draft.deload)
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
    state.history.add(day, sum(i.run.running_minutes for i in items if i.run is not None))
    heavy_minutes = rules.heavy_days.heavy_run_minutes
    template = session_draft.template
    weekday = WEEKDAYS[day.weekday()]
    return Session(
        key=key,
        slot=session_draft.slot,
        template=template.id,
        title=template.title,
        kind=template.kind,
        focus=template.focus,
        date=day,
        weekday=weekday,  # type: ignore[arg-type]
        time=profile.days[weekday],  # type: ignore[index]
        minutes=dosing.session_minutes([i.minutes for i in items]),
        heavy_calf=any(days.is_heavy(i, heavy_minutes) for i in items),
        cadence=target,
        items=items,
        notes=notes,
    )
