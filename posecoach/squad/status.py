"""`squad status`: each athlete's week at a glance, those who need the coach first.

Read from each athlete's plan folder (plan.yaml and checkins.jsonl); "today"
is an input, in each athlete's own zone. The order: pain first (the worst
first), then athletes silent for a week or more (the longest first), then
missed sessions, then cadence off target, then athletes whose plan cannot be
read (none built yet, or damaged); the rest by id. Pain is what the plan's
regions hold now: a region a later check-in cleared is no longer flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from posecoach.commands.today import current_week, statuses
from posecoach.errors import PosecoachError
from posecoach.folder import checkin_log
from posecoach.i18n import N_, _, ngettext
from posecoach.model import CheckIn, Plan, Rules
from posecoach.render.text import number
from posecoach.render.wording import reason
from posecoach.render.wording_base import KINDS, region
from posecoach.squad.folder import SquadFolder

SILENT_DAYS = 7  # a week of a started plan with no check-in: the coach should ask
SPARK_CHECKINS = 12  # the last check-ins with a cadence a row's sparkline shows
# A region's state as the coach's table says it (marked here, said with `_`).
LEVELS = {"hold": N_("held"), "regress": N_("stepped back"), "stop": N_("stopped"),
          "rehab": N_("in rehab"), "return": N_("returning")}  # fmt: skip


class CadencePoint(NamedTuple):
    day: date
    cadence: float
    target: int | None  # the target of its week, when the plan has a tempo


class PainFlag(NamedTuple):
    day: date
    pain: int
    where: str | None
    swelling: bool
    level: str = "hold"  # the region's state now: hold, regress, stop or return

    @property
    def urgent(self) -> bool:
        """Stepped back or stopped: red on the page; a hold or a return is watched."""
        return self.level in ("regress", "stop")


class Row(NamedTuple):
    athlete: str
    runner: str
    problem: str | None  # why the plan cannot be read (not planned yet, damaged)
    today: date | None
    week: int | None  # this week's number in the plan (None before or after it)
    planned: int  # sessions this week
    done: int
    missed: int  # checked in as missed, or gone by without a check-in
    pain: list[PainFlag]  # the regions the plan holds now, each with the report behind it
    cadence: CadencePoint | None  # the last check-in with a cadence
    tolerance: float  # percent either side of the target that counts as on it
    last_checkin: date | None
    adjustments: list[str]  # reasons of the check-ins' adjustments in force from this week
    rules: list[str]  # the rules that made them
    series: list[CadencePoint]  # the last SPARK_CHECKINS cadences, for the sparkline
    injuries: list[str] = []  # noqa: RUF012  the profile's current injuries, and their state
    silent_days: int | None = None  # days since the last check-in (or the plan's start)

    @property
    def silent(self) -> bool:
        return self.silent_days is not None and self.silent_days >= SILENT_DAYS

    @property
    def last_text(self) -> str:
        """'today', 'yesterday', '12 days ago', or 'none (15 days)' since the start."""
        days = self.silent_days
        if days is None:
            return "-"
        if self.last_checkin is None:
            return ngettext("none in %(count)s day", "none in %(count)s days", days) % {
                "count": days
            }
        if days in (0, 1):
            return _("today") if days == 0 else _("yesterday")
        return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}

    @property
    def worst_pain(self) -> int:
        """Stepped back or stopped before held; then the worst report."""
        return max((flag.pain + 100 * flag.urgent for flag in self.pain), default=0)

    @property
    def off_percent(self) -> float | None:
        """How far the last cadence is from its target, in percent (signed)."""
        if self.cadence is None or self.cadence.target is None:
            return None
        return (self.cadence.cadence - self.cadence.target) / self.cadence.target * 100

    @property
    def cadence_off(self) -> bool:
        off = self.off_percent
        return off is not None and abs(off) > self.tolerance

    @property
    def pain_text(self) -> str:
        """'6/10 calf, swelling (+1)': the worst report, and how many more."""
        if not self.pain:
            return "-"
        worst = max(self.pain, key=lambda flag: (flag.urgent, flag.pain, flag.day))
        where = f" {region(worst.where)}" if worst.where else ""
        swelling = ", " + _("swelling") if any(flag.swelling for flag in self.pain) else ""
        more = f" (+{len(self.pain) - 1})" if len(self.pain) > 1 else ""
        return f"{worst.pain}/10{where}{swelling}, {_(LEVELS[worst.level])}{more}"

    @property
    def pain_and_injury(self) -> str:
        """'6/10 calf; Achilles tendinopathy, in rehab'."""
        said = [self.pain_text] if self.pain else []
        return "; ".join(said + self.injuries) or "-"

    @property
    def cadence_text(self) -> str:
        """'150/160 -6% off': the last cadence against its week's target."""
        point = self.cadence
        if point is None:
            return "-"
        if point.target is None:
            return _("%(spm)s (no target)") % {"spm": number(point.cadence)}
        said = f"{number(point.cadence)}/{point.target} {self.off_percent or 0:+.0f}%"
        # Translators: the last cadence is off its target: "150/160 -6% off".
        return _("%(cadence)s off") % {"cadence": said} if self.cadence_off else said

    @property
    def adjusted_text(self) -> str:
        """'pain, cadence: 7 changes': the rules behind the changes check-ins made from
        this week on, and how many."""
        if not self.rules:
            return "-"
        count = len(self.adjustments)
        changes = ngettext("%(count)s change", "%(count)s changes", count) % {"count": count}
        return f"{', '.join(self.rules)}: {changes}"

    def rank(self) -> tuple[int, int, int, int, int, int, float, int, str]:
        """Smaller first: pain, then silence, then missed, then cadence off target, then
        no plan to read; within each, the worst first; then by id."""
        return (
            0 if self.pain else 1,
            -self.worst_pain,
            0 if self.silent else 1,
            -(self.silent_days or 0) if self.silent else 0,
            -self.missed,
            0 if self.cadence_off else 1,
            -abs(self.off_percent or 0) if self.cadence_off else 0,
            0 if self.problem else 1,
            self.athlete,
        )


def squad_status(
    folder: SquadFolder, athletes: list[str], today: Callable[[str], date], rules: Rules
) -> list[Row]:
    """A row for each athlete, the ones who need the coach first."""
    rows = [athlete_row(folder, athlete, today, rules) for athlete in athletes]
    return sorted(rows, key=Row.rank)


def athlete_row(
    folder: SquadFolder, athlete: str, today: Callable[[str], date], rules: Rules
) -> Row:
    plan_folder = folder.plan_folder(athlete)
    try:
        plan = plan_folder.read_plan()
        log = checkin_log.read(plan_folder.checkin_log)
    except PosecoachError as error:
        return Row(athlete, athlete, error.message, None, None, 0, 0, 0, [], None,
                   rules.cadence.tolerance_percent, None, [], [], [])  # fmt: skip
    return plan_row(athlete, plan, log.checkins, today(plan.timezone), rules)


def plan_row(athlete: str, plan: Plan, checkins: list[CheckIn], day: date, rules: Rules) -> Row:
    """One athlete's row from their plan and check-ins on `day` (pure)."""
    week = current_week(plan, day)
    done = statuses(plan, checkins)
    sessions = week.sessions if week is not None else []
    done_count = sum(1 for s in sessions if done.get(s.key) == "done")
    missed = sum(
        1 for s in sessions if done.get(s.key) == "missed" or (s.key not in done and s.date < day)
    )
    pain = open_pain(plan, day)
    targets = {w.number: w.cadence.spm for w in plan.weeks}
    series = [
        CadencePoint(c.date, c.cadence, targets.get((c.date - plan.start).days // 7 + 1))
        for c in checkins
        if c.cadence is not None and c.date <= day
    ]
    from_week = week.number if week is not None else (1 if day < plan.start else 10**6)
    in_force = [a for a in plan.adjustments if a.checkin is not None and a.week >= from_week]
    reasons = [reason(a) for a in in_force]
    dates = [c.date for c in checkins if c.date <= day]
    last = max(dates) if dates else None
    since = last or (plan.start if day >= plan.start else None)
    return Row(
        athlete=athlete,
        runner=plan.runner,
        problem=None,
        today=day,
        week=week.number if week is not None else None,
        planned=len(sessions),
        done=done_count,
        missed=missed,
        pain=pain,
        cadence=series[-1] if series else None,
        tolerance=rules.cadence.tolerance_percent,
        last_checkin=last,
        adjustments=list(dict.fromkeys(reasons)),
        rules=list(dict.fromkeys(a.rule for a in in_force)),
        series=series[-SPARK_CHECKINS:],
        injuries=current_injuries(plan),
        silent_days=None if since is None or day > plan.end else (day - since).days,
    )


def current_injuries(plan: Plan) -> list[str]:
    """The profile's current injuries, each with its region's state now:
    'Achilles tendinopathy, in rehab' (or 'settled' once the plan holds it no more)."""
    levels: dict[str, str] = {status.region: status.level for status in plan.regions}
    found: list[str] = []
    for change in plan.adjustments:
        if change.id != "injury.current":
            continue
        where, kind = str(change.params.get("region")), str(change.params.get("kind"))
        name = _(KINDS.get(kind, "injury"))
        # Translators: a region and what it has: "Achilles tendinopathy", "calf strain".
        named = _("%(region)s %(kind)s") % {"region": region(where), "kind": name}
        named = name if kind == "plantar-fasciitis" else named
        state = LEVELS.get(levels.get(where, ""))
        # Translators: a current injury the plan no longer holds back.
        said = _(state) if state else _("settled")
        found.append(f"{named}, {said}")
    return list(dict.fromkeys(found))


def open_pain(plan: Plan, day: date) -> list[PainFlag]:
    """The pain flags a coach still needs to see on `day`: every region the plan
    holds, steps back, stops or returns now after a check-in (the engine's own
    states, so the check-in that cleared a region clears it here too)."""
    flags: list[PainFlag] = []
    for status in plan.regions:
        cause = status.cause
        if cause is not None and cause.date <= day and cause.pain is not None:
            swelling = "swelling" in cause.summary
            flags.append(PainFlag(cause.date, cause.pain, status.region, swelling, status.level))
    return sorted(flags, key=lambda f: (f.day, f.where or ""))


def row_data(row: Row) -> dict[str, object]:
    """`squad status --json`: one athlete; every key always present."""
    off = row.off_percent
    return {
        "athlete": row.athlete,
        "runner": row.runner,
        "problem": row.problem,
        "today": row.today.isoformat() if row.today else None,
        "week": row.week,
        "sessions": row.planned,
        "done": row.done,
        "missed": row.missed,
        "pain": [
            {
                "date": f.day.isoformat(),
                "pain": f.pain,
                "where": f.where,
                "swelling": f.swelling,
                "state": f.level,
            }
            for f in row.pain
        ],
        "cadence": row.cadence.cadence if row.cadence else None,
        "cadence_target": row.cadence.target if row.cadence else None,
        "cadence_off_percent": None if off is None else round(off, 1),
        "cadence_off_target": row.cadence_off,
        "last_checkin": row.last_checkin.isoformat() if row.last_checkin else None,
        "days_since_checkin": row.silent_days,
        "silent": row.silent,
        "injuries": row.injuries,
        "adjustments": row.adjustments,
        "adjustment_rules": row.rules,
    }
