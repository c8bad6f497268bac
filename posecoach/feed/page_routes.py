"""The check-in pages' requests: which page, which method, and the checks a
state-changing request must pass before anything is written.

A forged or broken request changes nothing: the form must carry the token
its own page gave it (see forms.form_token), come from the same site when the
browser says where it comes from, name a session of the plan, and fit in its
size limit. Then the check-in runs off the event loop, one at a time per plan.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posecoach.errors import PosecoachError
from posecoach.feed import forms, pages

if TYPE_CHECKING:
    from posecoach.feed.app import FeedFile, Receive

Clock = Callable[[], datetime]

POSTS_AT_ONCE = 4  # forms being read or recorded at once: bounds memory to a few uploads
WAIT_SECONDS = 10.0


class Pages:
    """The pages of every plan a server serves, with the clock they read "now" from."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._posting: asyncio.Semaphore | None = None  # made on the server's own loop

    async def answer(
        self, feed: FeedFile, rest: list[bytes], method: str, scope: Any, receive: Receive
    ) -> pages.Page:
        """The answer for /<token>/<rest...>, rest being [""] or ["checkin", KEY]."""
        run = asyncio.get_running_loop().run_in_executor
        if feed.stale():
            await run(None, feed.rebuild)
        if rest == [b""]:
            if method not in ("GET", "HEAD"):
                return _not_allowed("GET, HEAD")
            return await run(None, _guarded, lambda: pages.today_page(feed.folder, self.clock()))
        key = _session_key(rest)
        if key is None:
            return pages.problem_page(404, "Not found")
        if method in ("GET", "HEAD"):
            return await run(None, _guarded, lambda: pages.form_page(feed.folder, feed.token, key))
        if method != "POST":
            return _not_allowed("GET, HEAD, POST")
        return await self._post(feed, key, scope, receive)

    async def _post(self, feed: FeedFile, key: str, scope: Any, receive: Receive) -> pages.Page:
        headers = dict(scope["headers"])
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return pages.problem_page(403, "A check-in is only taken from its own page")
        content_type = headers.get(b"content-type", b"")
        cap = forms.FORM_BYTES
        if content_type.lower().startswith(b"multipart/"):
            cap += forms.UPLOAD_BYTES
        if self._posting is None:
            self._posting = asyncio.Semaphore(POSTS_AT_ONCE)
        try:
            await asyncio.wait_for(self._posting.acquire(), WAIT_SECONDS)
        except TimeoutError:
            return pages.problem_page(503, "Busy: try again in a minute")
        try:
            try:
                form = forms.parse_form(content_type, await forms.read_body(receive, cap))
            except forms.TooLarge:
                return pages.problem_page(413, "That is too large: a watch file up to 8 MB")
            except forms.BadForm:
                return pages.problem_page(400, "That was not the check-in form")
            if pages.forged(feed.token, key, form):
                return pages.problem_page(403, "That form is not from this page: open it again")
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, self._record, feed, key, form)
        finally:
            self._posting.release()

    def _record(self, feed: FeedFile, key: str, form: forms.Form) -> pages.Page:
        with feed.lock, tempfile.TemporaryDirectory(prefix="posecoach-upload-") as upload_dir:
            logged = _stamp(feed.folder.checkin_log)
            answer = _guarded(
                lambda: pages.submit(feed.folder, feed.token, key, form, self.clock(), upload_dir)
            )
            if _stamp(feed.folder.checkin_log) != logged:  # recorded: not a form sent back
                feed.settle()
        feed.forget()  # the calendar changed: the next request reads it again
        return answer


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _session_key(rest: list[bytes]) -> str | None:
    if len(rest) != 2 or rest[0] != b"checkin" or not rest[1]:
        return None
    try:
        return rest[1].decode("ascii")
    except UnicodeDecodeError:
        return None


def _guarded(make: Callable[[], pages.Page | None]) -> pages.Page:
    """The page, a 404 for a session the plan does not have, or a page that says the
    plan cannot be read now (never a 500)."""
    try:
        return make() or pages.problem_page(404, "This plan has no such session")
    except (PosecoachError, OSError):
        return pages.problem_page(503, "The plan cannot be read just now; try again soon")


def _not_allowed(allow: str) -> pages.Page:
    answer = pages.problem_page(405, "Not allowed here")
    return answer._replace(headers=[*answer.headers, (b"allow", allow.encode())])
