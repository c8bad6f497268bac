"""What a physiotherapist would check of a plan after any check-ins, written from
the outside: from the check-ins and the plan alone, never from the engine's own
states, so the engine cannot agree with itself by mistake.

The checks are sound lower bounds of the engine's rules: a window in which a
region must not rise ends no later than the engine's does (the engine also asks
the exit check-ins to come from sessions that loaded the region), so a plan the
engine got right always passes, and one that raised a held region's load fails.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from posecoach.model import REGIONS, CheckIn, Item, Plan, Rules, RunnerProfile, Session
from posecoach.render import wording

CALF = frozenset({"calf", "achilles"})


class Window(NamedTuple):
    """From the day after a flag until the region may rise again."""

    regions: frozenset[str]
    cause: CheckIn
    first: date  # the first day it holds
    last: date  # the last day it holds (date.max: still holds)
    kind: str  # hold, regress or red (a red flag: no running or plyometrics anywhere)

    @property
    def red(self) -> bool:
        return self.kind == "red"


def covered(checkin: CheckIn) -> frozenset[str]:
    return frozenset(REGIONS) if checkin.where is None else frozenset({checkin.where})


def severity(checkin: CheckIn, region: str, rules: Rules) -> str:
    """The flag a check-in raises for a region, by the rules file's own numbers."""
    pain, rule = checkin.pain or 0, rules.pain
    if checkin.swelling or pain >= rule.stop_running_at:
        return "red"
    if pain > rule.advance_max and checkin.where == region in rule.bone_stress_sites:
        return "red"
    if pain > rule.advance_max or checkin.settled_next_morning is False:
        return "flag"
    return "none"


def quiet(checkin: CheckIn, region: str, rules: Rules) -> bool:
    """A check-in that speaks for a region's exit: low pain given there, settled."""
    return (
        not checkin.missed
        and checkin.pain is not None
        and region in covered(checkin)
        and severity(checkin, region, rules) == "none"
    )


def windows(checkins: list[CheckIn], rules: Rules) -> list[Window]:
    """Per flag and region: the days the region must not rise. A flag's window ends
    no earlier than the day after `exit_checkins` quiet check-ins in a row there; a
    red flag's not before a clearance (then the return keeps it low: no rise, no
    plyometrics, until as many quiet check-ins again)."""
    ordered = sorted(checkins, key=lambda c: (c.date, c.recorded))
    found: list[Window] = []
    needed = rules.pain.exit_checkins
    for index, flag in enumerate(ordered):
        if flag.missed:
            continue
        for region in sorted(covered(flag)):
            level = severity(flag, region, rules)
            if level == "none":
                continue
            last = date.max
            cleared = level != "red"
            streak = 0
            for later in ordered[index + 1 :]:
                if later.missed:
                    continue
                if later.cleared and region in covered(later):
                    cleared = True
                if (
                    region in covered(later)
                    and later.pain is not None
                    and not quiet(later, region, rules)
                ):
                    streak = 0
                elif cleared and quiet(later, region, rules):
                    streak += 1
                    if streak >= needed:
                        last = later.date
                        break
            pain = flag.pain or 0
            kind = (
                "red"
                if level == "red"
                else "regress"
                if pain > rules.pain.hold_max or flag.settled_next_morning is False
                else "hold"
            )
            first = flag.date + timedelta(days=1)
            found.append(Window(frozenset({region}), flag, first, last, kind))
    return found


def red_until_cleared(checkins: list[CheckIn], rules: Rules) -> list[tuple[date, date]]:
    """From the day after a red flag until the day of a clearance that covers it."""
    ordered = sorted(checkins, key=lambda c: (c.date, c.recorded))
    spans = []
    for index, flag in enumerate(ordered):
        if flag.missed or not any(severity(flag, r, rules) == "red" for r in covered(flag)):
            continue
        red = {r for r in covered(flag) if severity(flag, r, rules) == "red"}
        end = next(
            (c.date for c in ordered[index + 1 :] if c.cleared and red & covered(c)), date.max
        )
        spans.append((flag.date + timedelta(days=1), end))
    return spans


def _missed(plan: Plan, checkins: Iterable[CheckIn]) -> set[str]:
    by_day: dict[date, list[str]] = {}
    for s in plan.sessions:
        by_day.setdefault(s.date, []).append(s.key)
    gone: set[str] = set()
    for c in checkins:
        if c.missed:
            gone |= {c.session} if c.session else set(by_day.get(c.date, []))
    return gone


def _amount(item: Item) -> tuple[int, float]:
    dose = item.dose
    assert dose is not None
    return dose.sets, float(dose.reps or dose.seconds or dose.metres or dose.minutes or 0)


def check_regions(
    plan: Plan, checkins: list[CheckIn], rules: Rules, first_rung: float = 5.0
) -> None:
    """In a window, nothing that loads the region is new or more than before the flag;
    after a red flag, no running and no plyometrics until a clearance (then runs from
    the first rung, `first_rung` running minutes, up to what was run before)."""
    gone = _missed(plan, checkins)
    for span_first, span_last in red_until_cleared(checkins, rules):
        for session in plan.sessions:
            if span_first <= session.date <= span_last:
                assert session.running_minutes == 0, ("runs after a red flag", session.key)
                assert not any(i.plyometric for i in session.items), ("hops", session.key)
    reds = red_until_cleared(checkins, rules)
    for window in windows(checkins, rules):
        if not window.red and any(first <= window.first <= last for first, last in reds):
            continue  # a lesser flag during a stop: the stop and its clearance decide
        if not window.red:
            # A red flag later on, once a clinician clears it, decides from then on.
            cleared = [last for first, last in reds if window.first <= first <= window.last]
            if cleared:
                window = window._replace(last=min(window.last, min(cleared)))
        before = [s for s in plan.sessions if s.date <= window.cause.date and s.key not in gone]
        done = {i.drill for s in before for i in s.items}
        most: dict[str, tuple[int, float]] = {}
        notes: dict[str, set[str | None]] = {}
        for s in before:
            for item in s.items:
                if item.dose is None:
                    continue
                sets, amount = _amount(item)
                old = most.get(item.drill, (0, 0.0))
                most[item.drill] = (max(old[0], sets), max(old[1], amount))
                notes.setdefault(item.drill, set()).add(item.dose.note)
        longest = max((s.running_minutes for s in before), default=0.0)
        if window.red:  # after the clearance, the return starts from the first rung
            longest = max(longest, first_rung)
        for session in plan.sessions:
            if not window.first <= session.date <= window.last:
                continue
            for item in session.items:
                if not window.regions & set(item.loads):
                    continue
                where = (session.key, item.drill, window.cause.date)
                if item.run is not None:
                    assert item.run.running_minutes <= max(longest, 0) + 1e-9, ("run rose", where)
                    continue
                if window.kind != "hold":
                    assert not item.plyometric, ("hops in a step-back", where)
                assert item.drill in done or item.load == "light", ("new in a hold", where)
                if item.drill in most:
                    sets, amount = _amount(item)
                    assert sets <= most[item.drill][0], ("more sets", where)
                    assert amount <= most[item.drill][1] + 1e-9, ("more a set", where)
                    assert item.dose is not None
                    assert item.dose.note in notes[item.drill], ("more weight", where)


def heavy(session: Session, rules: Rules) -> bool:
    for item in session.items:
        if item.run is not None and item.run.running_minutes >= rules.heavy_days.heavy_run_minutes:
            return True
        if item.plyometric and CALF & set(item.loads):
            return True
        if item.counts_as == "calf-heavy" and item.block != "warm-up":
            return True
    return False


def check_heavy_days(plan: Plan, profile: RunnerProfile, rules: Rules) -> None:
    """No heavy calf day the day after another, nor the day before a long run or race."""
    days = sorted(s.date for s in plan.sessions if heavy(s, rules))
    for earlier, later in itertools.pairwise(days):
        assert (later - earlier).days >= 2, ("heavy days back to back", earlier, later)
    fixed = {r.date for r in profile.races}
    if profile.long_run_day is not None:
        fixed |= {
            plan.start + timedelta(days=n)
            for n in range(-1, 7 * len(plan.weeks) + 1)
            if (plan.start + timedelta(days=n)).strftime("%a") == profile.long_run_day
        }
    for day in days:
        assert day + timedelta(days=1) not in fixed, ("heavy the day before a long run", day)


def check_runs(plan: Plan, checkins: list[CheckIn], profile: RunnerProfile, rules: Rules) -> None:
    """No run above 110% of the longest run done in the 30 days before (the runner's
    own longest counts all along; a watch file's minutes count as run; a missed
    session never does)."""
    rule = rules.longest_run
    gone = _missed(plan, checkins)
    reported: dict[str, float] = {}
    for c in checkins:
        if c.running_minutes is not None and c.session:
            reported[c.session] = max(reported.get(c.session, 0.0), c.running_minutes)
    done = [(plan.start - timedelta(days=1), profile.longest_run_minutes)]
    for session in sorted(plan.sessions, key=lambda s: s.date):
        minutes = session.running_minutes
        if minutes == 0:
            continue
        since = session.date - timedelta(days=rule.window_days)
        window = [m for d, m in done if since <= d < session.date]
        if profile.keeps_running:
            window.append(profile.longest_run_minutes)
        allowed = max(rule.entry_minutes, max(window, default=0.0) * rule.factor)
        assert minutes <= allowed + 1e-9, ("run over 110%", session.key, minutes, allowed)
        if session.key not in gone:
            done.append((session.date, max(minutes, reported.get(session.key, 0.0))))


def check_cadence(plan: Plan, profile: RunnerProfile, rules: Rules) -> None:
    baseline = profile.baseline_cadence
    for week in plan.weeks:
        spm = week.cadence.spm
        if baseline is None or spm is None:
            continue
        assert spm <= round(baseline * (1 + rules.cadence.cap_percent / 100)), week.number
        assert spm <= max(rules.cadence.ceiling_spm, baseline), (week.number, spm)


def check_words(plan: Plan) -> None:
    """Every change carries a rule id the renderers word, with its rule's sources."""
    for adjustment in plan.adjustments:
        assert adjustment.sources, adjustment.id
        said = wording.reason(adjustment)
        assert said, adjustment.id
        assert "{" not in said, (adjustment.id, said)
        assert "None" not in said, (adjustment.id, said)
    for session in plan.sessions:
        for note in wording.notes(session):
            assert note, session.key
            assert "{" not in note, (session.key, note)
            assert "None" not in note, (session.key, note)


def check_doses(plan: Plan, profile: RunnerProfile, checkins: list[CheckIn], rules: Rules) -> None:
    """Heavy calf work on 2 days or more a week from week 3, and foot core on 3,
    counting the days at home, while nothing holds the lower leg back."""
    quiet_weeks = {w.number for w in plan.weeks}
    lower_leg = {"calf", "achilles", "foot", "foot-bones", "plantar-fascia", "heel", "shin"}
    for window in windows(checkins, rules):
        if not window.regions & lower_leg and not window.red:
            continue
        for week in plan.weeks:
            if week.start <= window.last and window.first <= week.end:
                quiet_weeks.discard(week.number)
    if profile.current_injuries:
        return  # a current injury's loading programme, not the transition's doses
    for week in plan.weeks:
        # The plan says on each week's sessions which regions a state still holds (a
        # graded return lasts as long as its check-ins take): not a week for the floors.
        held = {
            str(r)
            for s in week.sessions
            for n in s.notes
            if n.id.startswith("region.in-force")
            for r in (n.params.get("regions") or sorted(lower_leg))  # type: ignore[union-attr]
        }
        if week.number not in quiet_weeks or held & lower_leg:
            continue
        foot = sum(1 for s in week.sessions if _has(s.items, "foot-core"))
        foot += sum(h.days for h in week.home or [] if h.counts_as == "foot-core")
        assert foot >= rules.strength.foot_core_sessions, ("foot core", week.number)
        if week.number < rules.strength.heavy_calf_from_week:
            continue
        ahead = timedelta(days=rules.races.no_new_drill_days)
        racing = any(week.start < r.date and r.date - ahead <= week.end for r in profile.races)
        earlier = [s for s in plan.sessions if s.date < week.start]
        if (racing or week.deload) and not any(_has(s.items, "calf-heavy") for s in earlier):
            continue  # nothing new before a race or in a deload: the heavy work waits
        calf = sum(1 for s in week.sessions if _has(s.items, "calf-heavy"))
        calf += sum(h.days for h in week.home or [] if h.heavy)
        assert calf >= rules.strength.calf_sessions, ("heavy calf", week.number, calf)


def _has(items: Iterable[Item], counts: str) -> bool:
    return any(i.counts_as == counts and i.block != "warm-up" for i in items)


def check_all(plan: Plan, profile: RunnerProfile, checkins: list[CheckIn], rules: Rules) -> None:
    check_regions(plan, checkins, rules)
    check_heavy_days(plan, profile, rules)
    check_runs(plan, checkins, profile, rules)
    check_cadence(plan, profile, rules)
    check_words(plan)
    check_doses(plan, profile, checkins, rules)
    for session in plan.sessions:
        assert session.weekday in profile.days, session.key
    for week in plan.weeks:
        assert len(week.sessions) <= profile.sessions_per_week
