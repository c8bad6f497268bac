"""plan.html: printable weekly drill sheets in one self-contained file.

The view built here holds every string and number the template prints, so the
template only lays them out (and autoescapes them). CSS is inline, figures and
the chart are inline SVG: the file fetches nothing from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from markupsafe import Markup, escape

from posecoach.i18n import _, language
from posecoach.model import Adjustment, CheckIn, Curriculum, Item, Plan, Session, Week
from posecoach.render import amounts, text, wording
from posecoach.render.charts import Chart, ProgressChart, progress_chart, weekly_chart
from posecoach.render.citations import Evidence, NoteView, notes
from posecoach.render.environment import render
from posecoach.render.feedback import Coaching
from posecoach.render.figures import drawing, polylines
from posecoach.render.fit import cover_zoom, fit_week
from posecoach.render.markdown import phase_name, week_changes
from posecoach.render.memo import RenderMemo

Paper = Literal["a4", "letter"]
HOWTO_CHARS = 340  # the cover's closing paragraph (in the template), for fitting
PAGE_SIZE: dict[str, str] = {"a4": "A4", "letter": "letter"}


class Symbol(NamedTuple):
    """One stick figure, defined once and drawn wherever a drill needs it."""

    id: str
    head_x: float
    head_y: float
    limbs: list[str]
    props: list[tuple[float, float, float, float]]


class ItemRow(NamedTuple):
    name: str
    figure: str  # the symbol id
    dose: str
    dose_note: str
    boxes: list[str]  # one checkbox per set (or run repeat), with its label
    cues: list[str]  # faded: all of them where the drill is new in its phase, then one
    block: str
    watch: str  # the common fault to watch for, "" when the curriculum is not at hand


class SessionCard(NamedTuple):
    key: str
    day: str
    time: str
    when: str  # the day and time together, as every page shows them
    title: str
    focus: str
    minutes: int
    cadence: str | None  # only when the session has work done to the beat
    items: list[ItemRow]
    notes: list[str]
    # plan.html's drills, already as HTML (see _item_html); the check-in pages use `items`
    items_html: Markup = Markup()


class WeekPage(NamedTuple):
    number: int
    heading: str
    dates: str
    focus: str
    deload: bool
    sessions: list[SessionCard]
    home: list[str]  # short strength work for the days between sessions
    changes: list[str]
    density: str  # a CSS class: more sessions, tighter type
    zoom: str  # a CSS zoom, "1" unless the week needs shrinking to fit one page


class OverviewRow(NamedTuple):
    number: int
    dates: str
    phase: str
    deload: bool
    cadence: str
    sessions: int
    minutes: int
    running: str


class HtmlView(NamedTuple):
    lang: str  # the page's language (its <html lang>)
    title: str
    runner: str
    dates: str
    paper: str  # the CSS page size
    curriculum: str
    timezone: str
    cadence_note: str
    cover: bool
    overview: list[OverviewRow]
    chart: Chart
    progress: ProgressChart | None  # check-in cadences, once there are some
    weeks: list[WeekPage]
    symbols: Markup  # the stick figures' <symbol> definitions (see _symbols)
    notes: list[NoteView]  # what the evidence shows, warning signs, shoes (on the cover)
    cover_zoom: str  # a CSS zoom, "1" unless the cover needs shrinking to fit one page
    evidence: Evidence | None  # the references the plan cites (after the weeks)


def _boxes(item: Item) -> list[str]:
    if item.run is not None:
        count = item.run.repeats + (1 if item.run.final_run_minutes else 0)
        return [_("run %(n)s") % {"n": n} for n in range(1, count + 1)]
    assert item.dose is not None
    return [_("set %(n)s") % {"n": n} for n in range(1, item.dose.sets + 1)]


def session_card(
    session: Session, coached: Coaching | None = None, as_html: bool = False
) -> SessionCard:
    """One session as a sheet (and the check-in page) shows it, with faded cues and
    the fault to watch for when `coached` says them; `as_html`: its drills as plan.html
    prints them (items_html), not as rows."""
    if as_html:
        return _card(session, [], _items_html(session, coached))
    return _card(session, _rows(session, coached))


def _card(session: Session, items: list[ItemRow], html: Markup | None = None) -> SessionCard:
    return SessionCard(
        key=session.key,
        day=text.weekday_date(session.date),
        time=text.clock(session.time),
        when=text.day_and_time(session.date, session.time, " · "),
        title=wording.title(session),
        focus=wording.focus(session),
        minutes=session.minutes,
        cadence=amounts.cadence(session.cadence) if session.cadence is not None else None,
        items=items,
        notes=wording.notes(session),
        items_html=html or Markup(),
    )


def _rows(session: Session, coached: Coaching | None) -> list[ItemRow]:
    return [
        ItemRow(
            name=item.name,
            figure=f"fig-{item.figure}",
            dose=amounts.amount(item.dose) if item.dose else amounts.dose(item),
            dose_note=item.dose.note or "" if item.dose else "",
            boxes=_boxes(item),
            cues=coached.cues_of(session.key, index, item.cues) if coached else item.cues,
            block=item.block,
            watch=coached.watch.get(item.drill, "") if coached else "",
        )
        for index, item in enumerate(session.items)
    ]


def _items_html(session: Session, coached: Coaching | None) -> Markup:
    """The session's drills as plan.html prints them. A plan has hundreds of drill rows
    and the template spent a third of a plan's rendering on them; each distinct row
    is made once (see ItemMemo)."""
    item_html = coached.memo.rows(_make_item_html) if coached else _make_item_html
    parts = []
    for index, item in enumerate(session.items):
        cues = coached.cues_of(session.key, index, item.cues) if coached else item.cues
        watch = coached.watch.get(item.drill, "") if coached else ""
        parts.append(item_html(item, tuple(cues), watch))
    return Markup("".join(parts))


def _make_item_html(item: Item, cues: tuple[str, ...], watch: str | None) -> str:
    """One drill row, byte for byte what plan.html.j2's loop over ItemRow printed."""
    run, dose = item.run, item.dose
    if run is not None:
        amount, note = amounts.run_walk(run), ""
        count = run.repeats + (2 if run.final_run_minutes else 1)
        boxes = [_("run %(n)s") % {"n": n} for n in range(1, count)]
    else:
        assert dose is not None
        amount, note = amounts.amount(dose), dose.note or ""
        boxes = [_("set %(n)s") % {"n": n} for n in range(1, dose.sets + 1)]
    ticks = "".join(f'<span class="box" title="{escape(box)}"></span>' for box in boxes)
    said = "".join(f'<span class="cue">{escape(cue)}</span> ' for cue in cues)
    if note:
        said = f'<em class="dose-note">{escape(note)}.</em> {said}'
    if watch:
        look = _("Watch for: %(fault)s") % {"fault": watch}
        said += f'<span class="watch">{escape(look)}</span>'
    return (
        '      <div class="item">\n'
        '        <svg class="fig" viewBox="0 0 100 100" aria-hidden="true">'
        f'<use href="#{escape(f"fig-{item.figure}")}"/></svg>\n'
        '        <div class="what">\n'
        f'          <div class="line"><strong class="name">{escape(item.name)}</strong>'
        f'<span class="dose">{escape(amount)}</span><span class="boxes">{ticks}</span></div>\n'
        f'          <div class="cues">{said}</div>\n'
        "        </div>\n"
        "      </div>\n"
    )


def _week_heading(week: Week) -> str:
    """'Week 4: Falling (deload)'."""
    return _("Week %(week)s: %(phase)s") % {"week": week.number, "phase": phase_name(week)}


def _page(week: Week, paper: Paper, coached: Coaching, changes: list[Adjustment]) -> WeekPage:
    fit = fit_week(week, paper, coached)
    home = [wording.home(work) for work in week.home or [] if work.note is not None]
    return WeekPage(
        number=week.number,
        heading=_week_heading(week),
        dates=text.date_range(week.start, week.end),
        focus=week.focus,
        deload=week.deload,
        # Work between sessions shows once, in its own box with a tick box.
        sessions=[session_card(s, coached, as_html=True) for s in week.sessions],
        home=home,
        changes=[wording.reason(a) for a in changes if a.week == week.number],
        density=fit.density,
        zoom=f"{fit.zoom:g}",
    )


def _symbols(plan: Plan) -> Markup:
    """The plan's stick figures as plan.html defines them, each made once per process:
    a plan shows a dozen or two of them, every one the same in every plan."""
    return Markup(
        "".join(
            _symbol_html(name)
            for name in sorted({item.figure for s in plan.sessions for item in s.items})
        )
    )


@lru_cache(maxsize=64)  # a figure per drawing: a few dozen at most
def _symbol_html(name: str) -> str:
    """One figure's <symbol>, byte for byte what plan.html.j2's loop over Symbol printed."""
    (symbol,) = symbols_for({name})
    lines = [f'  <symbol id="{escape(symbol.id)}" viewBox="0 0 100 100">']
    lines += [
        f'    <line class="prop" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>'
        for x1, y1, x2, y2 in symbol.props
    ]
    lines += [f'    <polyline class="limb" points="{escape(points)}"/>' for points in symbol.limbs]
    lines.append(f'    <circle class="head" cx="{symbol.head_x}" cy="{symbol.head_y}" r="6.5"/>')
    return "\n".join([*lines, "  </symbol>", ""])


def symbols_for(names: set[str]) -> list[Symbol]:
    """The stick figures of these drills, in a stable order."""
    symbols = []
    for name in sorted(names):
        figure = drawing(name)
        head_x, head_y = figure.joints["head"]
        symbols.append(
            Symbol(
                id=f"fig-{name}",
                head_x=head_x,
                head_y=head_y,
                limbs=polylines(figure),
                props=[(a[0], a[1], b[0], b[1]) for a, b in figure.props],
            )
        )
    return symbols


def html_view(
    plan: Plan,
    paper: Paper = "a4",
    weeks: list[int] | None = None,
    checkins: Sequence[CheckIn] = (),
    curriculum: Curriculum | None = None,
    memo: RenderMemo | None = None,
) -> HtmlView:
    """The view of the whole plan (with a cover and the references it cites), or of
    the chosen weeks alone. With the plan's `curriculum`, each drill also shows the
    fault to watch for, and the references list each drill's sources."""
    memo = memo or RenderMemo()
    coached = memo.coaching(plan, curriculum)
    shown = notes(plan) if weeks is None else []
    progress = progress_chart(
        plan, [(c.date, c.cadence) for c in checkins if c.cadence is not None]
    )
    zoom = cover_zoom(
        paper,
        [(phase_name(w), amounts.cadence(w.cadence)) for w in plan.weeks],
        progress is not None,
        [f"{n.title}. {n.short} ({n.cites})" for n in shown],
        HOWTO_CHARS,
    )
    chosen = [w for w in plan.weeks if weeks is None or w.number in weeks]
    changes = week_changes(plan)  # once: it reads every week's sessions
    if plan.baseline_cadence:
        note = _("Cadence targets in steps per minute; your baseline is %(spm)s.") % {
            "spm": plan.baseline_cadence
        }
    else:
        note = _("Cadence targets are rises over your own easy-run cadence.")
    return HtmlView(
        lang=language(),
        title=f"{plan.curriculum_name}: {plan.runner}",
        runner=plan.runner,
        dates=text.date_range(plan.start, plan.end),
        paper=PAGE_SIZE[paper],
        curriculum=plan.curriculum_name,
        timezone=plan.timezone,
        cadence_note=note,
        cover=weeks is None,
        overview=[
            OverviewRow(
                number=w.number,
                dates=text.date_range(w.start, w.end),
                phase=phase_name(w),
                deload=w.deload,
                cadence=amounts.cadence(w.cadence),
                sessions=len(w.sessions),
                minutes=w.minutes,
                running=text.number(w.running_minutes) if w.running_minutes else "–",
            )
            for w in plan.weeks
        ],
        chart=weekly_chart(plan),
        progress=progress,
        weeks=[_page(w, paper, coached, changes) for w in chosen],
        symbols=_symbols(plan),
        notes=shown,
        cover_zoom=f"{zoom:g}",
        evidence=memo.evidence(plan, curriculum) if weeks is None else None,
    )


def render_html(
    plan: Plan,
    paper: Paper = "a4",
    weeks: list[int] | None = None,
    checkins: Sequence[CheckIn] = (),
    curriculum: Curriculum | None = None,
    memo: RenderMemo | None = None,
) -> str:
    """plan.html, or the chosen weeks' sheets; `memo`: the command's (see RenderMemo)."""
    view = html_view(plan, paper, weeks, checkins, curriculum, memo)
    return render("html/plan.html.j2", view=view)
