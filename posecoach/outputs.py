"""Every output of a plan, rendered in memory: nothing is written until all
of them are ready, so a failure never leaves a folder half-updated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from posecoach.folder.plan_folder import PlanFolder
from posecoach.model import CheckIn, Curriculum, Plan, RunnerProfile
from posecoach.render.html import Paper
from posecoach.render.memo import RenderMemo

if TYPE_CHECKING:
    from posecoach.render.ical import Stamp


class OutputOptions(NamedTuple):
    paper: Paper = "a4"
    all_day: bool = False
    reminder_minutes: int | None = None
    checkin_base: str | None = None  # the check-in pages' address, for the calendar's links

    @classmethod
    def from_profile(
        cls,
        profile: RunnerProfile,
        paper: Paper | None = None,
        all_day: bool | None = None,
        reminder_minutes: int | None = None,
    ) -> OutputOptions:
        """The profile's preferences, with this run's command-line choices on top."""
        return cls(
            paper=paper or profile.paper,
            all_day=profile.calendar.all_day if all_day is None else all_day,
            reminder_minutes=(
                profile.calendar.reminder_minutes if reminder_minutes is None else reminder_minutes
            ),
        )


def render_outputs(
    plan: Plan,
    options: OutputOptions,
    previous: Mapping[str, Stamp],
    revised: datetime,
    checkins: Sequence[CheckIn] = (),
    curriculum: Curriculum | None = None,
    memo: RenderMemo | None = None,
    shown: Plan | None = None,
) -> dict[str, bytes]:
    """plan.yaml, plan.md, plan.html and plan.ics for `plan` (with the command's `memo`:
    see RenderMemo).

    With the plan's `curriculum`, plan.md and the sheets show each drill's fault to
    watch for and list the drills' sources.

    `previous` is what the folder's last plan.ics told calendars about each event
    (SEQUENCE and stamps carry over); `revised` is when the inputs last changed.
    `shown`: the plan with its curriculum's words in the reader's language, for every
    output but plan.yaml (which keeps the plan as built).
    """
    from posecoach.render.html import render_html
    from posecoach.render.ical import CalendarOptions, render_ical
    from posecoach.render.markdown import render_markdown
    from posecoach.render.plan_file import render_plan_file

    calendar = CalendarOptions(
        all_day=options.all_day,
        reminder_minutes=options.reminder_minutes,
        checkin_base=options.checkin_base,
    )
    memo = memo or RenderMemo()
    read = shown or plan
    return {
        PlanFolder.PLAN: render_plan_file(plan, memo).encode(),
        PlanFolder.MARKDOWN: render_markdown(read, curriculum, memo).encode(),
        PlanFolder.HTML: render_html(
            read, options.paper, checkins=checkins, curriculum=curriculum, memo=memo
        ).encode(),
        PlanFolder.ICS: render_ical(read, calendar, dict(previous), revised),
    }
