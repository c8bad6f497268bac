"""`squad publish`: every athlete's calendar feed under its own secret token, for a
static host, through the feed's own publishing (only changed files are written).

squad.html stays out of the published folder: it names every athlete, and the
host serves whatever is there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from posecoach.errors import PosecoachError, UsageError
from posecoach.feed.serve import Feed, prepare, publish
from posecoach.plan_folder import NoPlanError, PlanFolder
from posecoach.squad.folder import SquadFolder


class Published(NamedTuple):
    athlete: str
    feed: Feed | None  # None: not published
    path: Path | None  # the feed's file under the target
    written: bool  # its bytes changed (or it is new)
    problem: str | None = None  # why it was not published
    bad_input: bool = False


def publish_squad(
    folder: SquadFolder,
    athletes: list[str],
    target: Path,
    rebuild: Callable[[PlanFolder], None],
) -> list[Published]:
    """Publish each athlete's plan.ics to `target`/<token>/; an athlete whose plan
    cannot be published is reported, the others are published."""
    outcomes: dict[str, Published] = {}
    feeds: list[tuple[str, Feed]] = []
    for athlete in athletes:
        try:
            (feed,) = prepare([folder.plan_folder(athlete)], rebuild)
        except NoPlanError:
            problem = "no plan yet: build it first with posecoach squad plan"
            outcomes[athlete] = Published(athlete, None, None, False, problem, True)
            continue
        except PosecoachError as error:
            bad = isinstance(error, UsageError)
            outcomes[athlete] = Published(athlete, None, None, False, error.worded(), bad)
            continue
        feeds.append((athlete, feed))
    owners: dict[str, str] = {}
    for athlete, feed in feeds:  # a copied plan folder brings its token along
        if feed.token in owners:
            raise UsageError(
                f"{athlete} and {owners[feed.token]} share a feed token, so one would"
                " overwrite the other's calendar",
                f"give {athlete} a new one: run posecoach feed token {{rotate}} in"
                f" {folder.plan_folder(athlete)}",
            )
        owners[feed.token] = athlete
    files = [target / feed.token / PlanFolder.ICS for _, feed in feeds]
    before = [_stamp(path) for path in files]
    paths = publish([feed for _, feed in feeds], target)
    for (athlete, feed), path, old in zip(feeds, paths, before, strict=True):
        outcomes[athlete] = Published(athlete, feed, path, _stamp(path) != old)
    return [outcomes[athlete] for athlete in athletes]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns
