"""`posecoach serve SQUAD`: every athlete's feed and check-in page from one process.

An athlete's plan is built from more than their plan folder holds: `squad plan`
merges squad.yaml's defaults with athletes/<id>.yaml into the folder's
profile.yaml and takes the curriculum squad.yaml names. A plain rebuild of
plans/<id>/ would miss an edit of those files, so the server rebuilds an
athlete exactly as `squad plan --only <id>` does (build.plan_one), the same
bytes, with squad.yaml and its curricula parsed again only when one changes.

Start-up must stay quick for thousands of athletes: it reads each plan's
header (a whole plan takes longer to parse than to build), the token, and
whether the plan is older than any of its inputs (freshness.py, which `squad
status` and `squad publish` ask too); only those that are get rebuilt, in
parallel as `squad plan` builds.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from posecoach.commands.zone import SystemZone
from posecoach.errors import InputError, PosecoachError, Problem, UsageError, hint_line, word
from posecoach.feed.serve import Feed, addresses
from posecoach.folder.plan_folder import NoPlanError, PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.folder.store import write_atomic
from posecoach.folder.tokens import ensure_token
from posecoach.i18n import _, ngettext
from posecoach.squad.build import Clock, Context, context_of, plan_one, plan_squad
from posecoach.squad.folder import Squad, SquadFolder
from posecoach.squad.freshness import built_curriculum, outdated

FEEDS = "feeds.csv"  # every athlete's addresses, beside squad.yaml


class NotServed(NamedTuple):
    athlete: str
    reason: str


class SquadFeeds(NamedTuple):
    folder: SquadFolder
    squad: Squad
    feeds: list[tuple[str, Feed]]  # (athlete, feed), by athlete id
    not_served: list[NotServed]
    rebuilt: int  # plans found older than their inputs, rebuilt at start
    notes: list[str]  # served, but with something the coach should fix

    @property
    def addresses_file(self) -> Path:
        return self.folder.path / FEEDS


class SquadInputs:
    """The squad's own files, parsed again only when one changes, and an athlete's
    rebuild from them. Shared by the server's threads."""

    def __init__(
        self, folder: SquadFolder, now: Callable[[], datetime], system: SystemZone
    ) -> None:
        self.folder, self.now, self.system = folder, now, system
        self._lock = threading.Lock()
        self._context = context_of(folder, Clock(now()), system)  # a problem: raised
        self._shared = self._shared_stamp()

    @property
    def squad(self) -> Squad:
        return self._context.squad

    def _shared_stamp(self) -> str:
        files = [self.folder.squad_file, *self._context.squad.curriculum_files.values()]
        return "|".join(_stat(path) for path in files if path is not None)

    def context(self) -> Context:
        """What every athlete's build shares, as squad.yaml is now (a problem in it is
        raised: the rebuild fails, the plan built before stays)."""
        with self._lock:
            stamp = self._shared_stamp()
            if stamp != self._shared:
                self._context = context_of(self.folder, Clock(self.now()), self.system)
                self._shared = stamp  # taken before reading: a later edit is seen next time
            # "Today" only dates a plan built for the first time: read when building.
            return self._context._replace(clock=Clock(self.now()))

    def stamp(self, athlete: str) -> str:
        """A stamp of the athlete's inputs outside their plan folder: squad.yaml, its
        curriculum files and athletes/<id>.yaml. When it changes, the plan is rebuilt."""
        return f"{self._shared_stamp()}|{_stat(self.folder.athlete_file(athlete))}"

    def rebuild(self, athlete: str) -> None:
        """Build the athlete's plan as `squad plan --only <id>` does; a failure is raised."""
        outcome = plan_one(self.context(), athlete)
        if outcome.state == "failed":
            kind = UsageError if outcome.bad_input else PosecoachError
            raise kind(outcome.reason or "the plan could not be built")

    def feed(self, athlete: str, token: str) -> Feed:
        """The athlete's feed, rebuilt by the squad's rules."""
        return Feed(
            self.folder.plan_folder(athlete),
            token,
            rebuild=lambda _folder: self.rebuild(athlete),
            upstream=lambda: self.stamp(athlete),
        )


def prepare_squad(
    folder: SquadFolder,
    now: Callable[[], datetime],
    system: SystemZone,
    workers: int | None = None,
) -> SquadFeeds:
    """Every athlete's feed that can be served, and why the others cannot.

    A problem in squad.yaml is everyone's and is raised; an athlete with no plan
    yet, a damaged one or an unreadable token is left out and said; a plan older
    than its inputs is rebuilt first, and kept as it was when it cannot be.
    """
    inputs = SquadInputs(folder, now, system)
    squad = inputs.squad
    not_served: list[NotServed] = []
    notes: list[str] = []
    ready: list[tuple[str, str]] = []
    stale: list[str] = []
    for athlete in folder.athletes():
        plan = folder.plan_folder(athlete)
        try:
            token, outdated = _check(folder, squad, athlete, plan, notes)
        except NoPlanError:
            said = _("no plan yet (build it: posecoach squad plan %(folder)s {only} %(athlete)s)")
            not_served.append(NotServed(athlete, said % {"folder": folder, "athlete": athlete}))
            continue
        except PosecoachError as error:
            not_served.append(NotServed(athlete, _one_line(error)))
            continue
        ready.append((athlete, token))
        if outdated:
            stale.append(athlete)
    if stale:
        result = plan_squad(folder, stale, Clock(now()), system, workers)
        for outcome in result.failed:
            said = _(
                "%(athlete)s: the plan is older than its inputs and cannot be rebuilt"
                " (%(reason)s); serving the plan built before"
            )
            reason = _one_line_text(outcome.reason or "")
            notes.append(said % {"athlete": outcome.athlete, "reason": reason})
    feeds: list[tuple[str, Feed]] = []
    owners: dict[str, str] = {}
    for athlete, token in ready:
        if token in owners:  # a copied plan folder brings its token along
            reason = _(
                "shares its feed token with %(owner)s: give it a new one with"
                " posecoach feed token {rotate} -d %(plan)s"
            ) % {"owner": owners[token], "plan": folder.plan_folder(athlete)}
            not_served.append(NotServed(athlete, reason))
            continue
        owners[token] = athlete
        feeds.append((athlete, inputs.feed(athlete, token)))
    not_served.sort()
    return SquadFeeds(folder, squad, feeds, not_served, len(stale), notes)


def _check(
    folder: SquadFolder, squad: Squad, athlete: str, plan: PlanFolder, notes: list[str]
) -> tuple[str, bool]:
    """The athlete's token, and whether their plan is older than its inputs."""
    plan.repair()  # a write a crash interrupted is finished (or undone) first
    read = Snapshot(plan)
    curriculum = built_curriculum(read)  # NoPlanError: none yet; DamagedPlanError: damaged
    token = ensure_token(plan)
    try:
        return token, outdated(folder, squad, athlete, read, curriculum)
    except PosecoachError as error:  # the rebuild would fail: serve the plan as it is
        said = _(
            "%(athlete)s: %(problem)s; serving the plan built before (fix the file, the plan"
            " follows)"
        )
        notes.append(said % {"athlete": athlete, "problem": _one_line(error)})
        return token, False


def feeds_table(
    served: SquadFeeds, public: str | None, local: str | None, names: Mapping[str, str]
) -> bytes:
    """feeds.csv: each athlete's calendar and check-in page addresses, or why not served
    (`names`: how the edge words a reason's `{field}`s)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["athlete", "calendar", "webcal", "page", "not_served"])
    rows: list[tuple[str, list[str]]] = []
    for athlete, feed in served.feeds:
        calendar = list(addresses(feed, public, local))
        page = next(addresses(feed, public, local, page=True))
        rows.append((athlete, [calendar[0], calendar[1] if len(calendar) > 1 else "", page, ""]))
    rows += [(n.athlete, ["", "", "", word(n.reason, names)]) for n in served.not_served]
    for athlete, cells in sorted(rows):
        writer.writerow([athlete, *cells])
    return out.getvalue().encode()


def write_feeds_table(
    served: SquadFeeds, public: str | None, local: str | None, names: Mapping[str, str]
) -> Path:
    """Write feeds.csv owner-only (it holds every athlete's secret address), and only
    when its bytes change."""
    path = served.addresses_file
    data = feeds_table(served, public, local, names)
    try:
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data, mode=0o600)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror})") from None
    return path


def summary(served: SquadFeeds) -> Iterator[str]:
    """What start-up found, in a few lines whatever the squad's size."""
    count = len(served.feeds)
    said = {"squad": repr(served.squad.name), "folder": served.folder, "count": count}
    if served.rebuilt:
        yield ngettext(
            "Squad %(squad)s (%(folder)s): %(count)s athlete served; %(rebuilt)s rebuilt first"
            " (older than their inputs).",
            "Squad %(squad)s (%(folder)s): %(count)s athletes served; %(rebuilt)s rebuilt first"
            " (older than their inputs).",
            count,
        ) % {**said, "rebuilt": served.rebuilt}
    else:
        yield (
            ngettext(
                "Squad %(squad)s (%(folder)s): %(count)s athlete served.",
                "Squad %(squad)s (%(folder)s): %(count)s athletes served.",
                count,
            )
            % said
        )
    if served.not_served:
        listed = ", ".join(n.athlete for n in served.not_served[:10])
        more = len(served.not_served) - 10
        if more > 0:
            listed = _("%(listed)s and %(count)s more") % {"listed": listed, "count": more}
        yield "  " + _("Not served: %(listed)s (the reasons are above, and in %(file)s).") % {
            "listed": listed,
            "file": FEEDS,
        }


def _stat(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "-"
    return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


def _one_line(error: PosecoachError) -> str:
    """The error on one line, its `{field}`s left for the edge to word."""
    found = error.problems if isinstance(error, InputError) else [error]
    said = [
        (p.statement() if isinstance(p, Problem) else p.message) + (f"; {p.hint}" if p.hint else "")
        for p in found
    ]
    return " ".join(" ".join(said).split())


def _one_line_text(text: str) -> str:
    """A worded error (an athlete's outcome, kept as text) on one line: each hint after
    a semicolon."""
    return " ".join(text.replace(hint_line(""), "; ").split())
