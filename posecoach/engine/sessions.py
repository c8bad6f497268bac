"""A week's sessions: drafted from the phase's templates (with the weekly calf
and foot-core work folded in where they lack it, and the drills a form check
calls for), placed on the runner's days with the heavy calf loads apart (and
apart from a long run or a race), each run held under the longest-run rule and
what the regions' states allow, and each session fitted into the runner's
longest session; what the sessions cannot
hold of the weekly strength work goes home.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle, islice

from posecoach.engine import cadence, days, dosing, form, pain, regions, running, weekly
from posecoach.engine.drafts import Draft, draft, lighten
from posecoach.engine.effects import Rulings
from posecoach.engine.fitting import Entry, fit_session, with_run
from posecoach.engine.layout import WeekOutline
from posecoach.engine.own_running import INSIDE_YOUR_RUN
from posecoach.engine.state import Inputs, Ladder, Ledger, PlanState, WeekLoad, remark
from posecoach.model import WEEKDAYS, CadenceTarget, Session, Week
from posecoach.model.curriculum import TemplateItem
from posecoach.model.values import LoadClass


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
    # A deload week is for catching up, and so are the weeks before a race: they show
    # no drill the weeks before them have not.
    racing = days.near_race(profile, week_start, rules.races.no_new_drill_days)
    known = frozenset(state.seen) if week.deload or racing else None
    light_new = racing and not week.deload
    extra: dict[int, tuple[TemplateItem, ...]] = {}
    without: dict[int, frozenset[str]] = {}

    def drafted(slot: int, current: Ladder, rulings: Rulings) -> Draft:
        return draft(
            slot,
            templates[slot - 1],
            curriculum,
            rulings,
            current,
            volume,
            rulings.run(len(curriculum.run_ladder) - 1).minutes,
            extra=extra.get(slot, ()),
            phase_doses=week.phase.doses,
            known=known,
            without=without.get(slot, frozenset()),
            done=state.done,
            light_new=light_new,
            steady=dict(state.done) if racing else None,
        )

    rulings = pain.rulings(inputs, state, week.number)
    drafts = [drafted(slot, ladder, rulings) for slot in range(1, count + 1)]
    without.update(weekly.spare_calf(drafts, rules.strength))
    extra.update(weekly.fold(drafts, week.phase, curriculum, rules.strength))
    # The form rule, in one place: a clip's fault adds its drills to the week's sessions.
    emphasis = form.emphasis(inputs, state, ledger, week, drafts, known)
    for slot, entries in emphasis.extra.items():
        extra[slot] = (*extra.get(slot, ()), *entries)
    changed = extra.keys() | without.keys()
    drafts = [drafted(d.slot, ladder, rulings) if d.slot in changed else d for d in drafts]
    drafts = emphasis.noted([_note_removed(d) for d in drafts])
    state.loads[week.number] = _planned_load(ladder, drafts)
    drafted_with = regions.in_force(state.regions)

    heavy_minutes = rules.heavy_days.heavy_run_minutes
    gap = rules.heavy_days.easy_days_between + 1
    anchors = days.anchors(profile, week_start)
    # Drafts are in priority order (slot 1 first): the first heavy ones keep their load.
    dates, demoted = days.place_slots(
        days.week_dates(week_start, days.spread_weekdays(list(profile.days), count)),
        [d.heavy(heavy_minutes) for d in drafts],
        state.last_heavy,
        gap,
        [not d.heavy(heavy_minutes, strength=False) for d in drafts],
        anchors,
    )
    moved = weekly.rehome(drafts, {i + 1 for i in demoted}, week.phase, curriculum, heavy_minutes)
    for slot, entries in moved.items():
        extra[slot] = (*extra.get(slot, ()), *entries)
        drafts[slot - 1] = _note_removed(drafted(slot, ladder, rulings))
    heavy_days = {dates[i] for i, d in enumerate(drafts) if d.heavy(heavy_minutes)}
    heavy_days = {day for day in heavy_days if day not in {dates[i] for i in demoted}}
    heavy_days |= {state.last_heavy} if state.last_heavy else set()
    sessions: list[Session] = []
    for index in sorted(range(count), key=lambda i: dates[i]):
        session_draft = drafts[index]
        placed_light = dates[index] not in heavy_days
        # A check-in earlier this week takes effect from the next day on: draft again
        # with what the regions' states allow now.
        pain.catch_up(inputs, state, ledger, dates[index], week.number)
        now_levels = regions.in_force(state.regions)
        if now_levels != drafted_with:
            now = pain.rulings(inputs, state, week.number)
            call = now.run(len(curriculum.run_ladder) - 1)
            current = (
                ladder
                if call.stage is None
                else ladder._replace(stage=min(ladder.stage, call.stage))
            )
            session_draft = _note_removed(drafted(session_draft.slot, current, now))
            key = inputs.session_key(week.number, dates[index])
            cause = regions.first_cause(state.regions)
            shifted = {r for r in now_levels.keys() | drafted_with.keys()
                     if now_levels.get(r) != drafted_with.get(r)}  # fmt: skip
            # The day of the week's latest check-in read (the one that changed the
            # states), so the note can name it.
            read = [c for c in inputs.checkins[: state.taken] if not c.missed]
            on = read[-1].date.isoformat() if read and read[-1].date >= week_start else None
            said = remark("region.changed-this-week", regions=sorted(shifted), on=on)
            session_draft = session_draft._replace(notes=(*session_draft.notes, said))
            ledger.record(week.number, "pain", said, session=key, checkin=cause)
        # Drafted again heavier than it was placed (a check-in cleared hops or heel
        # drops), a session next to a heavy day is kept light all the same.
        near = any(0 < abs((dates[index] - day).days) < gap for day in heavy_days)
        near |= any(abs((dates[index] - day).days) < gap for day in anchors)
        regained = placed_light and session_draft.heavy(heavy_minutes)
        by_anchor = days.too_near(dates[index], anchors, gap)
        if (
            index in demoted
            or (regained and near)
            or (session_draft.heavy(heavy_minutes) and by_anchor)
        ):
            key = inputs.session_key(week.number, dates[index])
            rulings_now = pain.rulings(inputs, state, week.number)
            why = "long-run" if by_anchor else "heavy-day"
            session_draft = lighten(
                session_draft, curriculum, heavy_minutes, known, rulings_now, why
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
        pain.rulings(inputs, state, week.number),
        ladder,
        volume,
        known,
        state.done,
        week.number,
        light_new,
    )
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


def _note_removed(session_draft: Draft) -> Draft:
    """A session the regions' states took drills out of says which, and why."""
    if not session_draft.removed or session_draft.rulings is None:
        return session_draft
    book = session_draft.rulings.book
    levels = {r: s.level for r, s in book.items() if s.level != "normal"}
    said = remark(
        "region.left-out",
        drills=list(session_draft.removed),
        regions=sorted(levels),
        stopped=any(level == "stop" for level in levels.values()),
    )
    if said in session_draft.notes:
        return session_draft
    return session_draft._replace(notes=(*session_draft.notes, said))


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
    key = inputs.session_key(week, day)
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
        fitted, said = running.capped_run(
            item.run,
            inputs.curriculum.run_ladder,
            session_draft.stage,
            session_draft.deload,
            caps,
            rules.longest_run,
        )
        if said is not None:
            ledger.record(week, "longest_run", said, session=key)
            notes.append(said)
        if fitted is not None:
            capped.append((with_run(item, fitted), optional))

    # 2. Fit the runner's longest session.
    entries, dropped = fit_session(capped, caps.limit, limit)
    if dropped:
        notes.append(remark("session.shortened", minutes=limit, drills=dropped))

    items = [item for item, _ in entries]
    ran = sum(i.run.running_minutes for i in items if i.run is not None)
    state.runs[key] = ran
    missed = inputs.is_missed(key, day)
    # A missed run was never run: it neither raises the 110% cap nor counts as done.
    if ran > 0 and not missed:
        state.history.add(day, inputs.ran_on(key, day, ran))
        state.done_rung = session_draft.stage
        state.last_run = ran
    if not missed:
        state.done.update((i.drill, i.dose) for i in items if i.dose is not None)
        state.done_on.update((i.drill, day) for i in items)
        state.weeks_done[week] = state.weeks_done.get(week, 0) + 1
    if ran > 0 and not missed:
        actual = inputs.ran_on(key, day, ran)
        if actual > max(ran * 1.25, ran + 5):
            said = remark("run.longer-than-planned", planned=ran, ran=round(actual, 1))
            ledger.record(week, "longest_run", said, session=key)
    loads: dict[str, LoadClass] = {}
    for item in items:
        for region in item.loads:
            if region not in loads or regions.heavier(item.load, loads[region]):
                loads[region] = item.load
    state.laid[key] = regions.Session(loads, ran > 0, session_draft.stage)
    state.on_day.setdefault(day, []).append(key)
    if ran > 0 and profile.keeps_running and state.history.kept_until is None:
        notes.append(INSIDE_YOUR_RUN)
    heavy_minutes = rules.heavy_days.heavy_run_minutes
    template = session_draft.template
    weekday = WEEKDAYS[day.weekday()]
    return Session(
        key=key,
        slot=inputs.session_days(week).index(day) + 1,
        template=template.id,
        title=template.title,
        title_id=session_draft.title,
        kind=session_draft.kind or template.kind,
        focus=template.focus,
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
    """What the week's drafts plan, before the days are final (load.settle_week_load
    replaces it once the week is laid)."""
    longest = max(
        (min(i.run.running_minutes, d.run_cap) for d in drafts for i in d.items if i.run),
        default=0.0,
    )
    doses = dosing.most_per_drill(item for d in drafts for item in d.items)
    return WeekLoad(ladder, doses, longest)
