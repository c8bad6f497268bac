"""The feed server: GET /<token>/plan.ics for each plan folder, and nothing else.

A plain ASGI callable served by uvicorn. (A Starlette app returning fixed
bytes reached about 17% of nginx's requests per second here, a bare ASGI app
26%; the target is 20%.) Per request it only stats files: the bytes are
re-read and re-hashed when plan.ics changes, and the plan is regenerated first
when the folder's inputs (profile, rules, curriculum, check-ins) are not the
ones it was built from (folder/freshness.py), so a check-in or an edited
profile shows without a restart. A plan built from files outside its folder
too (a squad athlete's: squad.yaml, athletes/<id>.yaml) gives an `upstream`
stamp of those, and is rebuilt when it changes.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from posecoach.errors import PosecoachError
from posecoach.feed import broken
from posecoach.feed.broken import Broken
from posecoach.feed.page_routes import Pages
from posecoach.folder.freshness import check, inputs_key
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

RECHECK_SECONDS = 1.0
ICS_NAME = PlanFolder.ICS.encode()
NOT_FOUND = b"Not found\n"


@dataclass
class FeedFile:
    """One plan folder's plan.ics, cached by its modification time."""

    folder: PlanFolder
    token: str
    regenerate: Callable[[PlanFolder], None] | None = None
    tell: Callable[[str], None] | None = None  # where the server's notices go
    # A stamp of the inputs kept outside the folder, for a plan that has some (a
    # squad athlete's); `regenerate` then builds from them, not from the folder alone.
    upstream: Callable[[], str] | None = None
    _upstream: str = ""  # that stamp when the plan was last built or found current
    _failed: str | None = None  # the fingerprint of inputs that did not build
    broken: Broken | None = None  # and what the runner's page says of them
    _said = ""
    _stamp: tuple[int, int] | None = None
    body: bytes = b""
    etag: bytes = b""
    modified: datetime = field(default_factory=lambda: datetime.fromtimestamp(0, UTC))
    last_modified: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)  # rebuilds, check-ins
    # How often the inputs and plan.ics are looked at, and the clock that measures it
    # (a test's own, or 0 seconds, instead of waiting for a real second to pass).
    recheck: float = RECHECK_SECONDS
    monotonic: Callable[[], float] = time.monotonic
    _checked: float = -math.inf  # monotonic time of the last staleness check
    _looked: float = -math.inf  # and of the last look at plan.ics

    def __post_init__(self) -> None:
        # Whoever made this feed found its plan current (or rebuilt it) just before.
        self._upstream = self.upstream() if self.upstream is not None else ""

    def stale(self) -> bool:
        """Whether the plan must be rebuilt first (its inputs changed since).

        Looked at once every `recheck` seconds at most (a second by default):
        under load the file checks would otherwise cost more than the request,
        and a second is soon enough.
        """
        now = self.monotonic()
        if now - self._checked < self.recheck:
            return False
        self._checked = now
        if self.regenerate is None:
            return False
        if self._outdated():
            return True
        if self.broken is not None:  # put back as the plan was built from: nothing to build
            self._failed, self.broken = None, None
            self._say(f"{self.folder}: its inputs are as the plan was built from again")
        return False

    def rebuild(self) -> None:
        """Regenerate the folder's outputs; slow, so the server runs it off the event loop.

        When the inputs cannot be built (a profile saved half-edited, a broken
        curriculum), the calendar built before keeps being served and the reason
        is told once, not again until the inputs change.
        """
        with self.lock:
            if self.regenerate is not None and self._outdated():
                self._build()

    def settle(self) -> None:
        """After a check-in, with `lock` held: a plan with inputs outside its folder is
        built again from all of them (the check-in rebuilt it from the folder's own
        copies), so it ends as that full build makes it; nothing else needs it."""
        if self.upstream is not None and self.regenerate is not None:
            self._build()

    def _build(self) -> None:
        assert self.regenerate is not None
        inputs = None
        try:
            upstream = self.upstream() if self.upstream is not None else ""
            inputs = inputs_key(Snapshot(self.folder)) + upstream
            if inputs == self._failed:
                return
            self.regenerate(self.folder)
        except (PosecoachError, OSError) as error:
            self.report(error)
            self._failed = inputs
        else:
            if self._failed is not None:
                self._say(f"{self.folder}: rebuilt; its inputs read again")
            self._failed, self.broken = None, None
            self._upstream = upstream

    def report(self, error: PosecoachError | OSError) -> None:
        """The plan's inputs do not build: the coach is told every problem (once), and
        the runner's pages say so until they build again."""
        self.broken = broken.for_page(error)
        self._say(broken.for_terminal(self.folder, error))

    def _say(self, line: str) -> None:
        if self.tell is not None and line != self._said:  # the same notice once
            self.tell(line)
        self._said = line

    def forget(self) -> None:
        """Read plan.ics again at the next request (a check-in just rewrote it)."""
        self._looked = -math.inf

    def current(self) -> FeedFile | None:
        """The calendar's bytes and validators, re-read only when the file changed;
        the last bytes read while the file cannot be read, None before any."""
        now = self.monotonic()
        if self._stamp is not None and now - self._looked < self.recheck:
            return self
        self._looked = now
        path = self.folder.ics_file
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            body = path.read_bytes() if stamp != self._stamp else self.body
        except OSError:
            return self if self._stamp is not None else None
        if stamp != self._stamp:
            self.body = body
            self.etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'.encode()
            self.modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
            self.last_modified = format_datetime(self.modified, usegmt=True).encode()
            self._stamp = stamp
        return self

    def _outdated(self) -> bool:
        """No calendar yet, or one built from other inputs than the folder holds now
        (compared by content: a rebuild that changes no byte of plan.ics leaves its
        modification time behind, so times alone would call it stale for ever)."""
        if not self.folder.ics_file.is_file() or not check(Snapshot(self.folder)).current:
            return True
        return self.upstream is not None and self.upstream() != self._upstream


def _digest(token: bytes) -> bytes:
    return hashlib.sha256(token).digest()


def _not_modified(feed: FeedFile, headers: dict[bytes, bytes]) -> bool:
    match = headers.get(b"if-none-match")
    if match is not None:  # it takes precedence over If-Modified-Since (RFC 9110 13.2.2)
        tags = [t.strip() for t in match.split(b",")]
        return b"*" in tags or feed.etag in tags or b"W/" + feed.etag in tags
    since = headers.get(b"if-modified-since")
    if since is not None:
        try:
            moment = parsedate_to_datetime(since.decode("latin-1"))
        except (TypeError, ValueError, OverflowError, IndexError):
            return False  # an unreadable date validates nothing: send the calendar
        if moment.tzinfo is None:
            return False
        return feed.modified <= moment
    return False


class FeedApp:
    """ASGI app serving each folder's calendar under its secret token.

    `access` gets a line per request (never its path: the path holds the token);
    each feed's `tell` gets the notices that matter (a plan that cannot be rebuilt).
    """

    def __init__(
        self,
        feeds: list[FeedFile],
        access: Callable[[str], None] | None = None,
        pages: Pages | None = None,
    ) -> None:
        self.feeds = feeds
        self.access = access
        self.pages = pages  # the check-in pages, when served
        # Found by a digest of the token, not the token: a squad serves thousands, too
        # many to compare one by one, and a dict's comparisons then time only digests,
        # which tell a guesser nothing about any token's characters.
        self._by_digest = {_digest(f.token.encode()): f for f in feeds}

    def _find(self, token: bytes) -> FeedFile | None:
        found = self._by_digest.get(_digest(token))
        if found is None or not hmac.compare_digest(found.token.encode(), token):
            return None
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        method = scope["method"]
        parts = scope.get("raw_path", scope["path"].encode()).split(b"?")[0].split(b"/")
        feed = None
        if len(parts) >= 2 and parts[0] == b"" and (parts[2:] == [ICS_NAME] or self.pages):
            feed = self._find(parts[1])
        if feed is None:
            await self._answer(send, method, 404, [(b"content-type", b"text/plain")], NOT_FOUND)
            return
        if parts[2:] != [ICS_NAME]:
            await self._page(feed, parts[2:], scope, receive, send)
            return
        if method not in ("GET", "HEAD"):
            allow = [(b"allow", b"GET, HEAD"), (b"content-type", b"text/plain")]
            await self._answer(send, method, 405, allow, b"Only GET and HEAD are served here.\n")
            return
        if feed.stale():
            await asyncio.get_running_loop().run_in_executor(None, feed.rebuild)
        current = feed.current()
        if current is None:  # its folder lost plan.ics before it was ever read
            busy = [(b"retry-after", b"60"), (b"content-type", b"text/plain")]
            await self._answer(send, method, 503, busy, b"The calendar is not ready.\n")
            return
        headers = dict(scope["headers"])  # ASGI servers lower-case header names
        common = [
            (b"etag", current.etag),
            (b"last-modified", current.last_modified),
            (b"cache-control", b"private, max-age=0, must-revalidate"),
        ]
        if _not_modified(current, headers):
            await self._answer(send, method, 304, common, b"")
            return
        content = [(b"content-type", b"text/calendar; charset=utf-8"), *common]
        await self._answer(send, method, 200, content, current.body)

    async def _page(
        self, feed: FeedFile, rest: list[bytes], scope: Scope, receive: Receive, send: Send
    ) -> None:
        method = scope["method"]
        assert self.pages is not None
        if not rest:  # /<token>: its pages' relative links need the slash
            location = [(b"location", feed.token.encode() + b"/")]
            await self._answer(send, method, 308, location, b"", "/<token>")
            return
        page = await self.pages.answer(feed, rest, method, scope, receive)
        await self._answer(send, method, page.status, page.headers, page.body, "/<token>/page")

    async def _answer(
        self,
        send: Send,
        method: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        what: str = "/<token>/plan.ics",
    ) -> None:
        length = [(b"content-length", str(len(body)).encode())] if status != 304 else []
        await send({"type": "http.response.start", "status": status, "headers": headers + length})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
        if self.access is not None:  # the path is never logged: it holds the token
            where = f" {what}" if status != 404 else ""
            self.access(f"{method[:16]}{where} {status}")
