"""The check-in pages, kept rendered per plan state: a reload costs a few stats.

Rendering a page reads the whole plan (some 0.1-0.2 s of CPU). Its bytes depend
only on the plan (plan.yaml) and the check-in log, for today's page also on the
runner's day, so a page is kept with a stamp of those and served again until
one changes; its ETag lets a browser revalidate it with a 304 and no body.
The cache is bounded in bytes for all plans together, the least recently used
page going first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from posecoach.feed.pages import Headers, Page

if TYPE_CHECKING:
    from posecoach.folder.plan_folder import PlanFolder

Stamp = tuple[int, int, int] | None  # a file's inode, modification time and size
REVALIDATE = (b"cache-control", b"private, no-cache")  # kept by the browser, always asked again


class State(NamedTuple):
    """What a page's bytes depend on."""

    plan: Stamp
    log: Stamp  # the check-in log (a form says what it would replace)
    day: date | None  # the runner's day, for today's page


class Kept(NamedTuple):
    state: State
    zone: str  # the plan's time zone: a kept today's page is stale when the runner's day moves on
    etag: bytes
    headers: Headers
    body: bytes


def stamp(path: Path) -> Stamp:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def state_of(folder: PlanFolder, now: datetime | None, zone: str | None) -> State:
    """The state a page of `folder` is rendered from: the plan's and the log's; of
    today's page (`now` given), the runner's day then too, in the plan's `zone`."""
    plan, log = stamp(folder.plan_file), stamp(folder.checkin_log)
    if now is None:
        return State(plan, log, None)
    day = now.astimezone(ZoneInfo(zone)).date() if zone else None
    return State(plan, log, day)


class PageCache:
    """Pages as rendered, by plan token and path."""

    def __init__(self, most_bytes: int) -> None:
        self.most_bytes = most_bytes
        self.bytes = 0
        self._kept: OrderedDict[tuple[str, str], Kept] = OrderedDict()

    def get(self, token: str, path: str) -> Kept | None:
        kept = self._kept.get((token, path))
        if kept is not None:
            self._kept.move_to_end((token, path))
        return kept

    def put(self, token: str, path: str, state: State, zone: str, page: Page) -> Kept:
        etag = f'"{hashlib.sha256(page.body).hexdigest()[:32]}"'.encode()
        headers = [h for h in page.headers if h[0] != b"cache-control"]
        kept = Kept(state, zone, etag, [*headers, (b"etag", etag), REVALIDATE], page.body)
        self._drop((token, path))
        if len(page.body) > self.most_bytes:
            return kept
        self._kept[(token, path)] = kept
        self.bytes += len(page.body)
        while self.bytes > self.most_bytes:
            self._drop(next(iter(self._kept)))
        return kept

    def _drop(self, key: tuple[str, str]) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)


def answer(kept: Kept, headers: dict[bytes, bytes]) -> Page:
    """The kept page, or a 304 when the browser holds it already."""
    match = headers.get(b"if-none-match")
    if match is not None:
        tags = [t.strip() for t in match.split(b",")]
        if b"*" in tags or kept.etag in tags or b"W/" + kept.etag in tags:
            # What the page varies with is said with its 304 too (RFC 9110, 15.4.5).
            vary = [header for header in kept.headers if header[0] == b"vary"]
            return Page(304, [(b"etag", kept.etag), REVALIDATE, *vary], b"")
    return Page(200, kept.headers, kept.body)
