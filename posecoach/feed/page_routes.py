"""The check-in pages' requests: which page, which method, the checks a
state-changing request must pass before anything is written, and each plan's
fair share of the server.

A forged or broken request changes nothing: the form must carry the token
its own page gave it (see forms.form_token), come from the page's own origin
when the browser says where it comes from, name a session of the plan, and fit
in its size limit. Its body is read, within its cap, before it takes any of
the plan's work; then the check-in runs off the event loop, one at a time per
plan. Pages are kept rendered per plan state (page_cache.py), and every limit
is per plan (fairness.py): one athlete's traffic is that athlete's problem.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from posecoach import i18n
from posecoach.errors import InputError, PosecoachError
from posecoach.feed import forms, page_cache, pages, taken_back
from posecoach.feed.fairness import Allowance, Fairness, PageLimits
from posecoach.feed.page_cache import PageCache, state_of
from posecoach.i18n import N_

if TYPE_CHECKING:
    from posecoach.feed.app import FeedFile, Receive

Clock = Callable[[], datetime]
T = TypeVar("T")
RequestHeaders = dict[bytes, bytes]


class Pages:
    """The pages of every plan a server serves, with the clock they read "now" from.

    `public`: the HTTPS host a proxy serves them at (`serve --public-url`), one of
    the origins a check-in may come from.
    """

    def __init__(
        self, clock: Clock, public: str | None = None, limits: PageLimits | None = None
    ) -> None:
        self.clock = clock
        self.public = _host(public) if public else None
        self.limits = limits or PageLimits()
        self.fair = Fairness(self.limits)
        self.cache = PageCache(self.limits.cache_bytes)
        # Pages and check-ins run here, not in the loop's default executor, where a
        # calendar's rebuild runs: the calendar never waits for a page.
        self._pool: ThreadPoolExecutor | None = None

    def _work(self) -> ThreadPoolExecutor:
        if self._pool is None:
            workers = self.limits.workers
            self._pool = ThreadPoolExecutor(workers, thread_name_prefix="posecoach-page")
        return self._pool

    async def answer(
        self, feed: FeedFile, rest: list[bytes], method: str, scope: Any, receive: Receive
    ) -> pages.Page:
        """The answer for /<token>/<rest...>, rest being [""] or ["checkin", KEY]."""
        if feed.stale():
            await asyncio.get_running_loop().run_in_executor(None, feed.rebuild)
        headers: RequestHeaders = dict(scope["headers"])
        talk = speech(feed, headers)
        if rest == [b""]:
            if method not in ("GET", "HEAD"):
                return _not_allowed("GET, HEAD")
            now = self.clock()
            broken = feed.broken  # kept apart: the page says so while it lasts
            return await self._kept(
                feed,
                "" if broken is None else "!broken",
                headers,
                now,
                talk,
                lambda: pages.today_page(feed.folder, feed.token, now, broken),
            )
        key, undo = _session_key(rest), False
        if key is None:
            key, undo = _undo_key(rest), True
        if key is None:
            return _problem(talk, 404, N_("Not found"))
        if undo and method != "POST":
            return _not_allowed("POST")
        if not undo and method in ("GET", "HEAD"):
            broken = feed.broken
            return await self._kept(
                feed,
                f"checkin/{key}" + ("" if broken is None else "!broken"),
                headers,
                None,
                talk,
                lambda: pages.form_page(feed.folder, feed.token, key, broken=broken),
            )
        if method != "POST":
            return _not_allowed("GET, HEAD, POST")
        return await self._post(feed, key, headers, talk, receive, undo)

    async def _kept(
        self,
        feed: FeedFile,
        path: str,
        headers: RequestHeaders,
        now: datetime | None,
        talk: Speech,
        make: Callable[[], pages.Page | None],
    ) -> pages.Page:
        """A page from the cache while its plan state holds, else rendered anew (within
        the plan's rate, one at a time for the plan) and kept: per language asked for,
        when the folder records none."""
        path = f"{path}@{talk.language}" if talk.negotiated else path
        render = spoken(talk, make)

        def current() -> pages.Page | None:
            kept = self.cache.get(feed.token, path)
            if kept is None:
                return None
            if kept.state != state_of(feed.folder, now, kept.zone):
                return None
            return page_cache.answer(kept, headers)

        found = current()
        if found is not None:
            return found
        allowance = self.fair.of(feed.token)
        async with _within(allowance, self.limits.wait_seconds) as ready:
            if not ready:
                return _busy()
            found = current()  # rendered meanwhile, for a request that came first
            if found is not None:
                return found
            if not allowance.renders.take():
                wait = allowance.renders.wait()
                return _too_many(wait, N_("Too many pages at once: try again soon"))
            before = _files(feed)
            loop = asyncio.get_running_loop()
            page = talk.said(await loop.run_in_executor(self._work(), _guarded, render, talk))
        if page.status != 200:
            return page
        # Kept with the state it was rendered from: the files as before (else, changed
        # while read, it is served but not kept), and the runner's day at `now`.
        if _files(feed) != before:
            return page
        state = state_of(feed.folder, now, page.zone)
        kept = self.cache.put(feed.token, path, state, page.zone or "", page)
        return page_cache.answer(kept, headers)

    async def _post(
        self,
        feed: FeedFile,
        key: str,
        headers: RequestHeaders,
        talk: Speech,
        receive: Receive,
        undo: bool,
    ) -> pages.Page:
        """A check-in posted from its form, or (`undo`) the Undo of one."""
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return _problem(talk, 403, N_("A check-in is only taken from its own page"))
        if not self._own_origin(headers):
            return _problem(talk, 403, N_("A check-in is only taken from its own page"))
        allowance = self.fair.of(feed.token)
        if not allowance.checkins.take():
            wait = allowance.checkins.wait()
            return _too_many(wait, N_("Too many check-ins at once: try again in a minute"))
        content_type = headers.get(b"content-type", b"")
        cap = forms.FORM_BYTES
        if content_type.lower().startswith(b"multipart/"):
            cap += forms.UPLOAD_BYTES
        # The body is read before any of the plan's work is taken: a slow sender
        # holds one of the plan's few places to read a form (and the server's
        # deadline for a body), never its check-ins.
        if not self.fair.start_body(allowance):
            return _too_many(10, N_("Too many check-ins at once: try again in a minute"))
        try:
            form = forms.parse_form(content_type, await forms.read_body(receive, cap))
        except forms.TooLarge:
            return _problem(talk, 413, N_("That is too large: a watch file up to 8 MB"))
        except forms.BadForm:
            return _problem(talk, 400, N_("That was not the check-in form"))
        finally:
            self.fair.end_body(allowance)
        if pages.forged(feed.token, key, form):
            return _problem(talk, 403, N_("That form is not from this page: open it again"))
        async with _within(allowance, self.limits.wait_seconds) as ready:
            if not ready:
                return _busy()
            loop = asyncio.get_running_loop()
            work = self._work()
            return await loop.run_in_executor(work, self._record, feed, key, form, talk, undo)

    def _own_origin(self, headers: RequestHeaders) -> bool:
        """Whether the Origin a browser sent (if any) is the page's own: the host it
        was asked for (by plain HTTP, or HTTPS ended at a proxy), the host a proxy says
        it was asked for, or the public host the server was told. A form posted from
        another site cannot change any of those headers."""
        origin = headers.get(b"origin")
        if origin is None:
            return True  # an older browser, or not a browser: the form token still holds
        if origin.strip().lower() == b"null":
            # Sent for a page that hides its origin (a sandboxed frame, a file, a page
            # whose policy sends no referrer): taken only when the browser says the
            # form is from this site.
            return headers.get(b"sec-fetch-site") == b"same-origin"
        scheme, _, authority = origin.decode("latin-1").strip().lower().partition("://")
        if scheme not in ("http", "https") or not authority:
            return False
        asked = [headers.get(b"host", b""), headers.get(b"x-forwarded-host", b"").split(b",")[0]]
        own = {_host(h.decode("latin-1")) for h in asked if h.strip()}
        if self.public is not None:
            own.add(self.public)
        return _host(f"{scheme}://{authority}") in own

    def _record(
        self, feed: FeedFile, key: str, form: forms.Form, talk: Speech, undo: bool
    ) -> pages.Page:
        with feed.lock, tempfile.TemporaryDirectory(prefix="posecoach-upload-") as upload_dir:
            logged = _stamp(feed.folder.checkin_log)
            folder, now = feed.folder, self.clock()

            def record() -> pages.Page | None:
                if feed.broken is None:
                    try:
                        if undo:
                            return taken_back.take_back(folder, key, form, now)
                        return pages.submit(folder, feed.token, key, form, now, upload_dir)
                    except InputError as error:  # the plan's own files, not the form
                        feed.report(error)
                assert feed.broken is not None
                return pages.not_now(folder, feed.token, key, form, feed.broken, undo)

            done = talk.said(_guarded(spoken(talk, record), talk))
            if _stamp(feed.folder.checkin_log) != logged:  # recorded: not a form sent back
                feed.settle()
        feed.forget()  # the calendar changed: the next request reads it again
        return done


class _within:
    """`async with _within(allowance, seconds) as ready`: the plan's work, one at a
    time, waited for up to `seconds`; `ready` is False when it did not come."""

    def __init__(self, allowance: Allowance, seconds: float) -> None:
        self.lock, self.seconds, self.held = allowance.work, seconds, False

    async def __aenter__(self) -> bool:
        try:
            await asyncio.wait_for(self.lock.acquire(), self.seconds)
        except TimeoutError:
            return False
        self.held = True
        return True

    async def __aexit__(self, *exc: object) -> None:
        if self.held:
            self.lock.release()


def _files(feed: FeedFile) -> tuple[page_cache.Stamp, page_cache.Stamp]:
    """The stamps of the files a page is rendered from."""
    return page_cache.stamp(feed.folder.plan_file), page_cache.stamp(feed.folder.checkin_log)


def _host(address: str) -> str:
    """An address's host and port as an Origin would give them ("coach.example.org",
    "127.0.0.1:8080"), without a scheme, a path or a default port."""
    scheme, _, rest = address.strip().lower().rpartition("://")
    host = rest.split("/")[0]
    default = {"http": ":80", "https": ":443"}.get(scheme)
    return host.removesuffix(default) if default else host.removesuffix(":443").removesuffix(":80")


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


VARY = (b"vary", b"accept-language")


class Speech(NamedTuple):
    """The language of a plan's pages: the plan's own, which its record keeps; for a
    folder whose record names none (built before plans had a language), the one the
    browser asks for (`negotiated`): such an answer varies with Accept-Language."""

    language: str
    negotiated: bool

    def said(self, page: pages.Page) -> pages.Page:
        """The page, saying what it varies with."""
        return page._replace(headers=[*page.headers, VARY]) if self.negotiated else page


def speech(feed: FeedFile, headers: RequestHeaders) -> Speech:
    from posecoach.folder.snapshot import Snapshot

    recorded = Snapshot(feed.folder).recorded_language()
    if recorded is not None:
        return Speech(recorded, negotiated=False)
    asked = i18n.from_accept_language(headers.get(b"accept-language", b"").decode("latin-1"))
    return Speech(asked or i18n.DEFAULT, negotiated=True)


def spoken(talk: Speech, make: Callable[[], T]) -> Callable[[], T]:
    """`make`, run in the page's language: the page a runner's phone shows speaks as
    their plan does."""

    def in_language() -> T:
        with i18n.use(talk.language):
            return make()

    return in_language


def _problem(talk: Speech, status: int, message: str) -> pages.Page:
    """A page that refuses a request for a plan, in the plan's language."""
    return talk.said(spoken(talk, lambda: pages.problem_page(status, message))())


def _undo_key(rest: list[bytes]) -> str | None:
    """The session of /<token>/checkin/<key>/undo, where its Undo posts."""
    if len(rest) != 3 or rest[2] != b"undo":
        return None
    return _session_key(rest[:2])


def _guarded(make: Callable[[], pages.Page | None], talk: Speech) -> pages.Page:
    """The page, a 404 for a session the plan does not have, or a page that says the
    plan cannot be read now (never a 500), in the plan's language when it can be read."""
    try:
        return make() or spoken(talk, lambda: pages.problem_page(404, _NO_SUCH))()
    except (PosecoachError, OSError):
        return pages.problem_page(503, N_("The plan cannot be read just now; try again soon"))


_NO_SUCH = N_("This plan has no such session")


def _not_allowed(allow: str) -> pages.Page:
    answer = pages.problem_page(405, N_("Not allowed here"))
    return answer._replace(headers=[*answer.headers, (b"allow", allow.encode())])


def _too_many(seconds: int, message: str) -> pages.Page:
    answer = pages.problem_page(429, message)
    return answer._replace(headers=[*answer.headers, (b"retry-after", str(seconds).encode())])


def _busy() -> pages.Page:
    answer = pages.problem_page(503, N_("Busy: try again in a minute"))
    return answer._replace(headers=[*answer.headers, (b"retry-after", b"60")])
