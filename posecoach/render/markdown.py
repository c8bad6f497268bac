"""plan.md: the whole plan as Markdown that reads well on GitHub."""

from __future__ import annotations

from typing import NamedTuple

from posecoach import i18n
from posecoach.i18n import _
from posecoach.model import Adjustment, Curriculum, Item, Plan, Week
from posecoach.render import amounts, text, wording
from posecoach.render.citations import Evidence
from posecoach.render.environment import MarkdownDone, markdown_cell, markdown_text, render
from posecoach.render.feedback import Coaching, sentences
from posecoach.render.memo import RenderMemo
from posecoach.render.wording_base import block as _block
from posecoach.sources import bibliography


class WeekRow(NamedTuple):
    week: Week
    dates: str
    phase: str  # with "(deload)" on a lighter week
    cadence: str
    sessions: int
    minutes: int
    running_minutes: str


class PlanView(NamedTuple):
    """Everything the Markdown template shows, computed here, not in the template."""

    plan: Plan
    dates: str
    sessions_per_week: int
    rows: list[WeekRow]
    adjustments_by_week: dict[int, list[tuple[Adjustment, str]]]  # with its sources cited
    items: dict[str, MarkdownDone]  # each session's table rows, by session key
    tables: dict[int, MarkdownDone]  # each week's table of sessions, by week number
    watch: bool  # a "watch for" column (the curriculum is at hand)
    evidence: Evidence


def _minutes(value: float) -> str:
    return text.number(value) if value else "–"


def phase_name(week: Week) -> str:
    """'Falling', or 'Falling (deload)' on a lighter week."""
    return _("%(phase)s (deload)") % {"phase": week.phase_name} if week.deload else week.phase_name


def week_changes(plan: Plan) -> list[Adjustment]:
    """The changes not already noted on a session of their week (those show there),
    nor before the weeks (the advice on the runner's own running)."""
    noted = {(w.number, note.key) for w in plan.weeks for s in w.sessions for note in s.notes}
    return [
        a
        for a in plan.adjustments
        if (a.week, a.remark.key) not in noted and a.rule != "own_running"
    ]


def _items(plan: Plan, coached: Coaching) -> dict[str, MarkdownDone]:
    """Each session's drill rows, as the table prints them: hundreds of rows a plan,
    each distinct one made once (see ItemMemo)."""
    watch = bool(coached.watch)
    line = coached.memo.rows(_make_line)
    return {
        session.key: MarkdownDone(
            "".join(
                line(
                    item,
                    tuple(coached.cues_of(session.key, index, item.cues)),
                    coached.watch.get(item.drill, "") if watch else None,
                )
                for index, item in enumerate(session.items)
            )
        )
        for session in plan.sessions
    }


def _table(week: Week) -> MarkdownDone:
    """The week's sessions, a row each, as the template printed them (cells through
    `cell`, then the entities every printed value gets)."""
    rows = []
    for session in week.sessions:
        when = [text.weekday_date(session.date), text.clock(session.time)]
        cadence = markdown_cell(amounts.cadence(session.cadence)) if session.cadence else None
        cells = [*when, markdown_cell(wording.title(session)), str(session.minutes), cadence]
        shown = [str(markdown_text(cell)) if cell is not None else "—" for cell in cells]
        rows.append("| " + " | ".join(shown) + " |\n")
    return MarkdownDone("".join(rows))


def _make_line(item: Item, cues: tuple[str, ...], watch: str | None) -> str:
    """One drill's table row, byte for byte what the template printed for a drill (each
    cell through `cell`, then the entities every printed value gets); no "Watch for"
    cell when `watch` is None."""
    dose = amounts.dose(item)
    cells = [_block(item.block), *(markdown_cell(p) for p in (item.name, dose, sentences(cues)))]
    if watch is not None:
        cells.append(markdown_cell(watch))
    return "| " + " | ".join(str(markdown_text(cell)) for cell in cells) + " |\n"


def plan_view(
    plan: Plan, curriculum: Curriculum | None = None, memo: RenderMemo | None = None
) -> PlanView:
    memo = memo or RenderMemo()
    rows = [
        WeekRow(
            week=week,
            dates=text.date_range(week.start, week.end),
            phase=phase_name(week),
            cadence=amounts.cadence(week.cadence),
            sessions=len(week.sessions),
            minutes=week.minutes,
            running_minutes=_minutes(week.running_minutes),
        )
        for week in plan.weeks
    ]
    bib = bibliography(i18n.language())
    by_week: dict[int, list[tuple[Adjustment, str]]] = {}
    # Every change with its rule and sources; the advice on the runner's own
    # running is said (and cited) once, before the weeks.
    for adjustment in plan.adjustments:
        if adjustment.rule == "own_running":
            continue
        cites = bib.cite_all(adjustment.sources)
        by_week.setdefault(adjustment.week, []).append((adjustment, cites))
    coached = memo.coaching(plan, curriculum)
    return PlanView(
        plan=plan,
        dates=text.date_range(plan.start, plan.end),
        sessions_per_week=max((len(w.sessions) for w in plan.weeks), default=0),
        rows=rows,
        adjustments_by_week=by_week,
        items=_items(plan, coached),
        tables={week.number: _table(week) for week in plan.weeks},
        watch=bool(coached.watch),
        evidence=memo.evidence(plan, curriculum),
    )


def render_markdown(
    plan: Plan, curriculum: Curriculum | None = None, memo: RenderMemo | None = None
) -> str:
    """plan.md; `memo`: the command's, when it renders more than this (see RenderMemo)."""
    return render("markdown/plan.md.j2", view=plan_view(plan, curriculum, memo))
