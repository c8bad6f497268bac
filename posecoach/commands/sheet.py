"""One week's printable drill sheet, written on its own (the whole plan's is plan.html)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from posecoach.errors import UsageError
from posecoach.folder.plan_folder import PlanFolder
from posecoach.i18n import _
from posecoach.model import Curriculum, Plan
from posecoach.render.html import Paper

if TYPE_CHECKING:
    from posecoach.folder.snapshot import Snapshot
    from posecoach.render.memo import RenderMemo


class SheetResult(NamedTuple):
    path: Path
    week: int
    paper: Paper


def check_week(plan: Plan, week: int) -> None:
    if not 1 <= week <= len(plan.weeks):
        said = _("the plan has weeks 1 to %(last)s, not %(week)s")
        raise UsageError(said % {"last": len(plan.weeks), "week": week}, field="week")


def write_sheet(
    snapshot: Snapshot, week: int, paper: Paper | None = None, out: Path | None = None
) -> SheetResult:
    """Write `week`'s sheet to `out` (default: week-NN.html in the folder)."""
    from posecoach.folder.store import write_files
    from posecoach.render.html import render_html

    folder = snapshot.folder
    plan = snapshot.plan()
    check_week(plan, week)
    record = snapshot.record()
    kept = record.choices.paper if record is not None else None
    profile = snapshot.profile()
    size = paper or kept or (profile.paper if profile is not None else "a4")
    target = out or folder.sheet_file(week)
    plan, curriculum = in_reading_language(snapshot, plan)
    html = render_html(plan, size, weeks=[week], curriculum=curriculum)
    html_bytes = html.encode()
    [written] = write_files(target.parent, {target.name: html_bytes})
    return SheetResult(written, week, size)


def in_reading_language(snapshot: Snapshot, plan: Plan) -> tuple[Plan, Curriculum | None]:
    """`plan` (as plan.yaml keeps it, in English) and its curriculum with the
    curriculum's words in the language the command speaks (plan_words.py)."""
    from posecoach import i18n
    from posecoach.plan_words import in_language

    english = plan_curriculum(snapshot, plan)
    spoken = i18n.language()
    if spoken == i18n.DEFAULT or english is None:
        return plan, english
    target = plan_curriculum(snapshot, plan, spoken)
    return (
        (plan, english) if target is None else (in_language(plan, english, target, spoken), target)
    )


def worded_plan(snapshot: Snapshot) -> Plan:
    """The folder's plan with its curriculum's words in the language the command speaks."""
    return in_reading_language(snapshot, snapshot.plan())[0]


def plan_curriculum(snapshot: Snapshot, plan: Plan, language: str = "en") -> Curriculum | None:
    """The curriculum the plan was built from: the folder's own, else the built-in one
    it names (None when neither can be read: the sheet then shows no faults)."""
    from posecoach import loaders, resources

    own = snapshot.input(PlanFolder.CURRICULUM)
    path = snapshot.folder.file(PlanFolder.CURRICULUM)
    name = str(path) if own is not None else plan.curriculum
    if own is None and name not in resources.builtin_curricula():
        return None
    try:
        return loaders.load_curriculum(name, own, language=language)
    except UsageError:
        return None


_SHEET = re.compile(r"week-(\d{2,})\.html")
_PAGE = re.compile(rb"@page \{ size: (\w+);")


def folder_sheets(folder: PlanFolder) -> dict[int, Path]:
    """The week sheets `posecoach sheet` wrote into the folder, by week."""
    if not folder.path.is_dir():
        return {}
    found = {}
    for path in folder.path.iterdir():
        match = _SHEET.fullmatch(path.name)
        if match and path.is_file():
            found[int(match[1])] = path
    return dict(sorted(found.items()))


def _printed_on(path: Path, default: Paper) -> Paper:
    """The paper a sheet was printed for, read from its own CSS (default when unreadable)."""
    try:
        match = _PAGE.search(path.read_bytes()[:4096])
    except OSError:
        return default
    size = match[1].decode().casefold() if match else ""
    return "letter" if size == "letter" else "a4" if size == "a4" else default


class CurrentSheets(NamedTuple):
    files: dict[str, bytes]  # each sheet whose week is in the plan, rendered anew
    gone: list[Path]  # sheets of weeks the plan no longer has
    notes: list[str]


def current_sheets(
    plan: Plan,
    folder: PlanFolder,
    paper: Paper,
    curriculum: Curriculum | None = None,
    memo: RenderMemo | None = None,
) -> CurrentSheets:
    """The folder's week sheets for `plan`, each on the paper it was printed on, and the
    sheets whose week the plan no longer has, with a note for each."""
    from posecoach.render.html import render_html

    files: dict[str, bytes] = {}
    gone: list[Path] = []
    notes: list[str] = []
    for week, path in folder_sheets(folder).items():
        if 1 <= week <= len(plan.weeks):
            size = _printed_on(path, paper)
            html = render_html(plan, size, weeks=[week], curriculum=curriculum, memo=memo)
            files[path.name] = html.encode()
        else:
            gone.append(path)
            said = _("removed %(file)s: the plan has %(count)s weeks now, not %(week)s")
            notes.append(said % {"file": path.name, "count": len(plan.weeks), "week": week})
    return CurrentSheets(files, gone, notes)
