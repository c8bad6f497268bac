"""`squad publish`: every athlete's calendar feed under its own secret token, for a
static host through the feed's own publishing, or for S3-compatible object storage
(object_store.py), chosen by the target: a folder, or s3://bucket/prefix. Either way
only changed files are written.

squad.html stays out of what is published: it names every athlete, and the host
serves whatever is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from posecoach.errors import PosecoachError, UsageError
from posecoach.feed.serve import Feed, publish
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import ensure_token
from posecoach.squad import object_store
from posecoach.squad.build import Clock
from posecoach.squad.folder import Squad, SquadFolder
from posecoach.squad.freshness import Unready, bring_up_to_date

if TYPE_CHECKING:
    from posecoach.commands.zone import SystemZone


class Published(NamedTuple):
    athlete: str
    feed: Feed | None  # None: its plan could not be made ready
    where: str | None  # the feed's file or object; None: not published
    written: bool  # its bytes changed (or it is new)
    problem: str | None = None  # why it was not published
    bad_input: bool = False


def publish_squad(
    folder: SquadFolder,
    squad: Squad,
    athletes: list[str],
    target: str,
    clock: Clock,
    system: SystemZone,
    endpoint_url: str | None = None,
) -> list[Published]:
    """Publish each athlete's plan.ics to `target`/<token>/ (a folder, or an s3://
    address), each plan first brought up to date with the squad's files as `squad
    plan` builds it; an athlete whose plan cannot be published is reported, the
    others are published."""
    store = None
    if object_store.is_address(target):
        store = object_store.Target.open(target, endpoint_url)
    elif endpoint_url is not None:
        raise UsageError("{endpoint_url} is for object storage", "give {to} as s3://BUCKET/PREFIX")
    update = bring_up_to_date(folder, squad, athletes, clock, system)
    outcomes, feeds = _ready(folder, athletes, update.unready)
    if store is not None:
        uploads = [
            object_store.Upload(f"{feed.token}/{PlanFolder.ICS}", feed.folder.ics_file.read_bytes())
            for _, feed in feeds
        ]
        stored = store.publish(uploads)
        for (athlete, feed), result in zip(feeds, stored, strict=True):
            where = None if result.problem else result.url
            outcomes[athlete] = Published(athlete, feed, where, result.written, result.problem)
    else:
        _to_folder(outcomes, feeds, Path(target))
    return [outcomes[athlete] for athlete in athletes]


def _ready(
    folder: SquadFolder, athletes: list[str], unready: list[Unready]
) -> tuple[dict[str, Published], list[tuple[str, Feed]]]:
    """Each athlete's feed, their plan.ics now current, and those that have none."""
    outcomes: dict[str, Published] = {}
    for problem in unready:
        # A plan the squad's files have moved past is not published: the feed would
        # tell the athlete a week the coach has changed. The reason says which file.
        reason = problem.reason
        if problem.kind == "no plan":
            reason = "no plan yet: build it first with posecoach squad plan"
        outcomes[problem.athlete] = Published(
            problem.athlete, None, None, False, reason, problem.bad_input
        )
    feeds: list[tuple[str, Feed]] = []
    owners: dict[str, str] = {}
    for athlete in athletes:
        if athlete in outcomes:
            continue
        plan = folder.plan_folder(athlete)
        try:
            token = ensure_token(plan)
        except PosecoachError as error:
            bad = isinstance(error, UsageError)
            outcomes[athlete] = Published(athlete, None, None, False, error.worded(), bad)
            continue
        if token in owners:  # a copied plan folder brings its token along
            raise UsageError(
                f"{athlete} and {owners[token]} share a feed token, so one would"
                " overwrite the other's calendar",
                f"give {athlete} a new one: run posecoach feed token {{rotate}} in {plan}",
            )
        owners[token] = athlete
        feeds.append((athlete, Feed(plan, token)))
    return outcomes, feeds


def _to_folder(outcomes: dict[str, Published], feeds: list[tuple[str, Feed]], target: Path) -> None:
    files = [target / feed.token / PlanFolder.ICS for _, feed in feeds]
    before = [_stamp(path) for path in files]
    paths = publish([feed for _, feed in feeds], target)
    for (athlete, feed), path, old in zip(feeds, paths, before, strict=True):
        outcomes[athlete] = Published(athlete, feed, str(path), _stamp(path) != old)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns
