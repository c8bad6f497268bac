"""uvicorn's HTTP protocol with the limits a server on the public internet needs.

uvicorn (with httptools) has a keep-alive timeout and nothing else: a client
may take forever to send its headers, send megabytes of them, or declare a
gigabyte of body, and each costs a socket and memory until it gives up. This
protocol adds, per connection:

- a deadline for the request head (from the first byte of a request, or from
  the connection's opening, to the end of its headers): slow clients are cut
  off with 408;
- a deadline for a request's body (from its headers to its end);
- caps on the URL (414), on the head's size and its number of headers (431)
  and on a declared body (413), each checked while the head is still arriving
  (the head's size both as received, across reads, and as parsed, for a head
  that arrives in one read), so memory per connection stays near the cap;
- a cap on open connections, past which a new one is told 503 and closed
  without being read.

Refusals close the connection and never echo the request (its path holds the
feed's secret token).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol


@dataclass(frozen=True)
class Limits:
    """What one client may cost the server. The defaults hold well above any
    calendar app or browser (a request head is under 2 kB) and well below what
    would let a few hundred hostile clients exhaust memory or sockets."""

    head_seconds: float = 10.0
    body_seconds: float = 30.0
    keep_alive_seconds: float = 5.0
    url_bytes: int = 4096
    head_bytes: int = 16 * 1024
    header_count: int = 64
    body_bytes: int = 8 * 1024 * 1024 + 16 * 1024  # a check-in with a watch file
    connections: int = 4000
    linger_seconds: float = 2.0


REASONS = {
    408: b"The request took too long.\n",
    413: b"The request body is too large.\n",
    414: b"The address is too long.\n",
    431: b"The request headers are too large.\n",
    505: b"Only HTTP/1.0 and HTTP/1.1 are served.\n",
}
UNAVAILABLE = b"The server is busy; try again in a minute.\n"


class _Refused(Exception):
    """Raised inside a parser callback: httptools stops and feed_data raises."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class GuardedProtocol(HttpToolsProtocol):
    """HttpToolsProtocol with deadlines and caps; `limits` is set by `protocol_for`."""

    limits: ClassVar[Limits] = Limits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._in_head = False
        self._head_size = 0
        self._head_parsed = 0  # the URL aside, the bytes of the head's headers so far
        self._body_pending = False
        self._refusal = 0
        self._lingering = False

    # ----------------------------------------------------------- connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.connections:
            self._refuse(503, UNAVAILABLE)
            return
        self._arm(self.limits.head_seconds)  # a connection that never speaks is closed too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # refused already: what still comes is dropped
        self._unset_keepalive_if_required()
        if self._in_head or self.cycle is None or self.cycle.response_complete:
            self._head_size += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._unsupported_upgrade_warning()
        except httptools.HttpParserError:
            if self._refusal:
                self._refuse(self._refusal, REASONS[self._refusal])
            else:
                self.send_400_response("Invalid HTTP request received.")
            return
        # Checked after feeding: when the head ended inside this chunk, the
        # body bytes that followed it are not head bytes.
        if self._in_head and self._head_size > self.limits.head_bytes:
            self._refuse(431, REASONS[431])

    # ------------------------------------------------------- parser callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_parsed = 0
        if self._deadline is None:  # the next request on a kept-alive connection
            self._arm(self.limits.head_seconds)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.url_bytes:
            self._stop(414)

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        # The head's size as parsed, whether it came in one read or many: the count
        # of bytes received (data_received) only sees a head that spans reads.
        self._head_parsed += len(name) + len(value) + 4
        if len(self.headers) > self.limits.header_count:
            self._stop(431)
        if len(self.url) + self._head_parsed > self.limits.head_bytes:
            self._stop(431)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_size = 0
        if self.parser.get_http_version() not in ("1.0", "1.1"):
            self._stop(505)
        if self._declared_body() > self.limits.body_bytes:
            self._stop(413)
        self._body_pending = self._has_body()
        if self._body_pending:
            self._arm(self.limits.body_seconds)
        else:
            self._disarm()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._body_pending = False
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        if self._body_pending:  # answered without its body: do not wait for the rest
            self.transport.close()
            return
        super().on_response_complete()

    # ------------------------------------------------------------- helpers

    def _declared_body(self) -> int:
        for name, value in self.headers:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0  # httptools refuses a malformed length itself
        return 0

    def _has_body(self) -> bool:
        return any(
            (name == b"content-length" and value.strip() not in (b"", b"0"))
            or name == b"transfer-encoding"
            for name, value in self.headers
        )

    def _stop(self, status: int) -> None:
        self._refusal = status
        raise _Refused(status)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started and not cycle.response_complete:
            self.transport.close()  # a response is on its way: no status line can follow
        else:
            self._refuse(408, REASONS[408])

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, msg.encode("ascii") + b"\n")

    def _refuse(self, status: int, reason: bytes) -> None:
        """Answer `status` and close; a client still sending is read (and the bytes
        dropped) for a moment first, so that it sees the answer: closing with its
        data unread would reset the connection and lose the answer on the way."""
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the application's answer, if any, goes nowhere
        self.transport.write(
            b"".join(
                [
                    STATUS_LINE[status],
                    b"content-type: text/plain; charset=utf-8\r\n",
                    b"content-length: %d\r\n" % len(reason),
                    b"connection: close\r\n\r\n",
                    reason,
                ]
            )
        )
        if status in (408, 503) or not self.transport.can_write_eof():
            self.transport.close()  # a slow or surplus client gets no more of our time
            return
        self.transport.write_eof()
        self._lingering = True
        self._disarm()
        self._deadline = self.loop.call_later(self.limits.linger_seconds, self.transport.close)


def protocol_for(limits: Limits) -> type[GuardedProtocol]:
    """A protocol class carrying `limits` (uvicorn builds protocols from a class)."""
    return type("Guarded", (GuardedProtocol,), {"limits": limits})


def open_files_allowed(wanted: int) -> int:
    """Raise this process's open-file limit towards `wanted` (within the hard
    limit, which needs no privilege) and return what it now is: the default
    soft limit of 1,024 would let idle sockets lock every client out."""
    try:
        import resource
    except ImportError:  # Windows has no such limit to raise
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        soft = ceiling
    return wanted if soft == resource.RLIM_INFINITY else soft
