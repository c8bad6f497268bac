"""`posecoach serve` and `posecoach publish`: the feed over HTTP, or as static files."""

from __future__ import annotations

import errno
import os
import signal
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from posecoach.errors import UsageError
from posecoach.feed.app import RECHECK_SECONDS, FeedApp, FeedFile
from posecoach.feed.guard import Limits, open_files_allowed, protocol_for
from posecoach.feed.page_routes import Pages
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.store import write_atomic
from posecoach.folder.tokens import ensure_token

if TYPE_CHECKING:
    import uvicorn

Rebuild = Callable[[PlanFolder], None]
GRACE_SECONDS = 5


class Feed(NamedTuple):
    folder: PlanFolder
    token: str
    # Its own way to rebuild, when not the server's (a squad athlete's, by the squad's
    # rules), and a stamp of the inputs that rebuild reads outside the folder.
    rebuild: Rebuild | None = None
    upstream: Callable[[], str] | None = None

    @property
    def path(self) -> str:
        return f"/{self.token}/{PlanFolder.ICS}"


def prepare(folders: list[PlanFolder], regenerate: Rebuild) -> list[Feed]:
    """Each folder's token (made on first use) and an up-to-date plan.ics."""
    feeds = []
    for folder in folders:
        folder.read_plan()  # no plan, or a damaged one, is reported as such
        feed_file = FeedFile(folder, ensure_token(folder), regenerate)
        if feed_file.stale():  # no plan.ics yet counts as stale
            feed_file.rebuild()
        feeds.append(Feed(folder, feed_file.token))
    check_tokens(feeds)
    return feeds


def check_tokens(feeds: list[Feed]) -> None:
    """Refuse two feeds under one token (a plan folder copied with its token)."""
    owners: dict[str, Feed] = {}
    for feed in feeds:
        other = owners.setdefault(feed.token, feed)
        if other is not feed:
            raise UsageError(
                f"{other.folder} and {feed.folder} share a feed token",
                f"rotate one: posecoach feed token {{rotate}} -d {feed.folder}",
            )


def addresses(
    feed: Feed, public: str | None, local: str | None = None, *, page: bool = False
) -> Iterator[str]:
    """The addresses that work as printed: the public HTTPS host a proxy serves (and
    for the calendar its webcal:// twin), or, without one, the plain-HTTP address
    being served. `page`: the check-in page's rather than the calendar's."""
    path = f"/{feed.token}/" if page else feed.path
    if public is None:
        assert local is not None
        yield f"http://{local}{path}"
        return
    host = public.removeprefix("https://").removeprefix("http://").rstrip("/")
    yield f"https://{host}{path}"
    if not page:
        yield f"webcal://{host}{path}"


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything says it is listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        taken = error.errno == errno.EADDRINUSE
        raise UsageError(
            f"{host}:{port} is already in use"
            if taken
            else f"cannot listen on {host}:{port} ({error.strerror})",
            "choose another {port}" if taken else None,
            field="port",
        ) from None
    listener.listen(2048)
    listener.set_inheritable(True)
    return listener


def make_app(
    feeds: list[Feed],
    regenerate: Rebuild,
    access: Callable[[str], None] | None = None,
    tell: Callable[[str], None] | None = None,
    clock: Callable[[], datetime] | None = None,
    recheck: float = RECHECK_SECONDS,
    public: str | None = None,
) -> FeedApp:
    """The server's app: each feed, and with a clock (to know "today") the check-in pages.
    `recheck`: how many seconds may pass before a request looks at changed inputs;
    `public`: the HTTPS host a proxy serves the pages at (a check-in's own origin)."""
    files = [
        FeedFile(f.folder, f.token, f.rebuild or regenerate, tell, f.upstream, recheck=recheck)
        for f in feeds
    ]
    return FeedApp(files, access, Pages(clock, public) if clock is not None else None)


def run(app: FeedApp, listener: socket.socket, limits: Limits | None = None) -> None:
    """Serve `app` on `listener` until SIGINT or SIGTERM, with the guard's limits.

    On a signal, requests under way get GRACE_SECONDS to finish, then the
    remaining connections (slow or idle ones) are closed.
    """
    import gc

    import uvicorn

    limits = limits or Limits()
    spare = 64  # files the server itself keeps open: the listener, plan files, logs
    allowed = open_files_allowed(limits.connections + spare)
    limits = replace(limits, connections=max(1, min(limits.connections, allowed - spare)))
    gc.collect()
    gc.freeze()  # start-up objects (models, templates) need no more collecting: shorter pauses
    # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again
    # for the handler it found: this one makes that a normal end (exit 0).
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        uvicorn.Server(server_config(app, limits)).run(sockets=[listener])
    except (_Stopped, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Stopped(Exception):
    """SIGTERM, after the server has stopped."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def server_config(app: FeedApp, limits: Limits) -> uvicorn.Config:
    """uvicorn's settings: the guarded protocol, and nothing that prints a path."""
    import uvicorn

    return uvicorn.Config(
        app,
        http=protocol_for(limits),
        ws="none",
        lifespan="off",
        access_log=False,  # uvicorn's would print each subscriber's secret token
        log_level="warning",
        server_header=False,
        timeout_keep_alive=max(1, int(limits.keep_alive_seconds)),
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


def publish(feeds: list[Feed], target: Path) -> list[Path]:
    """Copy each feed to `target`/<token>/plan.ics for a static host.

    Files are only rewritten when their bytes change, so the host's
    Last-Modified keeps meaning "when the calendar changed". Empty index pages
    keep hosts that list folders from listing the tokens.
    """
    written = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        _quiet_index(target)
        for feed in feeds:
            folder = target / feed.token
            folder.mkdir(exist_ok=True)
            os.chmod(folder, 0o755)
            _quiet_index(folder)
            data = feed.folder.ics_file.read_bytes()
            path = folder / PlanFolder.ICS
            if not path.exists() or path.read_bytes() != data:
                write_atomic(path, data)
            written.append(path)
    except OSError as error:
        raise UsageError(f"{target}: cannot publish there ({error.strerror})") from None
    return written


def _quiet_index(folder: Path) -> None:
    index = folder / "index.html"
    if not index.exists():
        write_atomic(index, b"")
