"""The feed server: GET /<token>/plan.ics for each plan folder, and nothing else.

A plain ASGI callable served by uvicorn. (A Starlette app returning fixed
bytes reached about 17% of nginx's requests per second here, a bare ASGI app
26%; the target is 20%.) Per request it only stats files: the bytes are
re-read and re-hashed when plan.ics changes, and the plan is regenerated first
when the folder's inputs (profile, rules, curriculum, check-ins) are not the
ones it was built from (PlanFolder.is_stale), so a check-in or an edited
profile shows without a restart.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from posecoach.plan_folder import PlanFolder

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
    _stamp: tuple[int, int] | None = None
    body: bytes = b""
    etag: bytes = b""
    modified: datetime = field(default_factory=lambda: datetime.fromtimestamp(0, UTC))
    last_modified: bytes = b""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _checked: float = -RECHECK_SECONDS  # monotonic time of the last staleness check
    _looked: float = -RECHECK_SECONDS  # and of the last look at plan.ics

    def stale(self) -> bool:
        """Whether the plan must be rebuilt first (its inputs changed since).

        Looked at once a second at most: under load the file checks would
        otherwise cost more than the request, and a second is soon enough.
        """
        now = time.monotonic()
        if now - self._checked < RECHECK_SECONDS:
            return False
        self._checked = now
        return self.regenerate is not None and self._outdated()

    def rebuild(self) -> None:
        """Regenerate the folder's outputs; slow, so the server runs it off the event loop."""
        with self._lock:
            if self.regenerate is not None and self._outdated():
                self.regenerate(self.folder)

    def current(self) -> FeedFile:
        """The calendar's bytes and validators, re-read only when the file changed."""
        now = time.monotonic()
        if self._stamp is not None and now - self._looked < RECHECK_SECONDS:
            return self
        self._looked = now
        path = self.folder.ics_file
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            body = path.read_bytes()
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
        return not self.folder.ics_file.is_file() or self.folder.is_stale()


def _not_modified(feed: FeedFile, headers: dict[bytes, bytes]) -> bool:
    match = headers.get(b"if-none-match")
    if match is not None:  # it takes precedence over If-Modified-Since (RFC 9110 13.2.2)
        tags = [t.strip() for t in match.split(b",")]
        return b"*" in tags or feed.etag in tags or b"W/" + feed.etag in tags
    since = headers.get(b"if-modified-since")
    if since is not None:
        try:
            moment = parsedate_to_datetime(since.decode("latin-1"))
        except (TypeError, ValueError):
            return False
        if moment.tzinfo is None:
            return False
        return feed.modified <= moment
    return False


class FeedApp:
    """ASGI app serving each folder's calendar under its secret token."""

    def __init__(self, feeds: list[FeedFile], log: Callable[[str], None] | None = None) -> None:
        self.feeds = feeds
        self.log = log

    def _find(self, token: bytes) -> FeedFile | None:
        found = None
        for feed in self.feeds:  # compare with every token, in constant time each
            if hmac.compare_digest(feed.token.encode(), token):
                found = feed
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
        if (
            method in ("GET", "HEAD")
            and len(parts) == 3
            and parts[0] == b""
            and parts[2] == ICS_NAME
        ):
            feed = self._find(parts[1])
        if feed is None:
            await self._send(send, 404, [(b"content-type", b"text/plain")], NOT_FOUND, method)
            self._log(method, 404)
            return
        if feed.stale():
            await asyncio.get_running_loop().run_in_executor(None, feed.rebuild)
        current = feed.current()
        headers = dict(scope["headers"])  # ASGI servers lower-case header names
        common = [
            (b"etag", current.etag),
            (b"last-modified", current.last_modified),
            (b"cache-control", b"private, max-age=0, must-revalidate"),
        ]
        if _not_modified(current, headers):
            await self._send(send, 304, common, b"", method)
            self._log(method, 304)
            return
        content = [(b"content-type", b"text/calendar; charset=utf-8"), *common]
        await self._send(send, 200, content, current.body, method)
        self._log(method, 200)

    @staticmethod
    async def _send(
        send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, method: str
    ) -> None:
        length = [(b"content-length", str(len(body)).encode())] if status != 304 else []
        await send({"type": "http.response.start", "status": status, "headers": headers + length})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    def _log(self, method: str, status: int) -> None:
        if self.log is not None:  # the path is never logged: it holds the token
            self.log(
                f"{method} /<token>/plan.ics {status}" if status != 404 else f"{method} {status}"
            )
