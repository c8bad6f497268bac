"""The feed server on the public internet: slow, huge, malformed and hostile
requests are refused quickly, a normal client is still served, a broken plan
keeps its last calendar, and nothing answers 500.

Most tests start the real `posecoach serve`; the ones about deadlines and caps
run the same server in a thread with small limits, so they take a moment.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from serving import request, serving

from posecoach.cli import rebuild_folder
from posecoach.feed.guard import Limits
from posecoach.feed.serve import Feed, bind, make_app, prepare, server_config
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

# 18 kB in 30 headers of 600 bytes: each is fine, the head is not.
MANY_HEADERS = b"".join(b"X-%d: %s\r\n" % (n, b"p" * 600) for n in range(30))
FEED_SECONDS = 1.0  # the issue: a normal client gets the feed within a second


@dataclass
class Served:
    port: int
    token: str
    process: subprocess.Popen[bytes]

    @property
    def path(self) -> str:
        return f"/{self.token}/plan.ics"


@pytest.fixture
def served(regular_plan: Path) -> Iterator[Served]:
    with serving(regular_plan) as server:
        token = read_token(PlanFolder(regular_plan))
        assert token is not None
        yield Served(server.port, token, server.process)


@pytest.fixture(scope="module")
def one_server(
    tmp_path_factory: pytest.TempPathFactory, built_regular_plan: Path
) -> Iterator[Served]:
    """One server for the module's tests that only send requests: each leaves the
    server as it found it, and each checks that it still serves."""
    folder = Path(shutil.copytree(built_regular_plan, tmp_path_factory.mktemp("one") / "plan"))
    with serving(folder) as server:
        token = read_token(PlanFolder(folder))
        assert token is not None
        yield Served(server.port, token, server.process)


def raw(port: int, data: bytes, *, timeout: float = 5.0) -> bytes:
    """Send bytes as they are and read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # refused mid-send: the answer is still there
            sock.sendall(data)
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:80]
    return int(answer.split()[1])


# ------------------------------------------------------- through posecoach serve


def test_slow_clients_do_not_stop_a_normal_one(served: Served) -> None:
    slow = []
    try:
        for _ in range(500):
            sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
            sock.sendall(b"G")  # a request head, one byte at a time
            slow.append(sock)
        for byte in b"ET / HTTP/1.1\r\nHost: x\r\n":
            for sock in slow:
                sock.send(bytes([byte]))
            status, _, body = timed_request(served.port, served.path)
            assert (status, body[:15]) == (200, b"BEGIN:VCALENDAR")
    finally:
        for sock in slow:
            sock.close()


def timed_request(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    """A request whose socket gives up after FEED_SECONDS: a bound on the
    server's answer, not a measurement of it."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=FEED_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"X-Pad: " + b"p" * 1_000_000 + b"\r\n\r\n", 431),
        # Heads that arrive in one read, over the 16 kB cap in one header or in several.
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 17_000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 70_000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\n" + MANY_HEADERS + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(100_000)), 431),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n", 413),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n", 413),
        (b"GET / HTTP/0.9\r\n\r\n", 505),
        (b"GET /\x00 HTTP/1.1\r\n\r\n", 400),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400),  # TLS spoken to plain HTTP
    ],
    ids=[
        "100kB-url",
        "1MB-header",
        "17kB-header-one-read",
        "70kB-header-one-read",
        "18kB-of-headers-one-read",
        "100k-headers",
        "1GB-post",
        "1GB-get",
        "http-0.9",
        "nul",
        "tls",
    ],
)
def test_oversized_and_malformed_requests_get_4xx(
    one_server: Served, request_bytes: bytes, status: int
) -> None:
    answer = raw(one_server.port, request_bytes)
    assert status_of(answer) == status
    assert b"connection: close" in answer.lower()
    assert timed_request(one_server.port, one_server.path)[0] == 200  # and the server is fine


def test_a_head_just_under_the_cap_is_served(one_server: Served) -> None:
    head = f"GET {one_server.path} HTTP/1.1\r\nHost: x\r\nCookie: {'c' * 15_000}\r\n"
    answer = raw(one_server.port, head.encode() + b"Connection: close\r\n\r\n")
    assert status_of(answer) == 200


@pytest.mark.parametrize(
    "path",
    [
        "/{token}/%2e%2e/profile.yaml",
        "/{token}/..%2fprofile.yaml",
        "/{token}%2fplan.ics",
        "/{token}/%252e%252e/%252e%252e/etc/passwd",
        "/{token}/..%252fplan.yaml",
        "/{token}\\..\\profile.yaml",
        "/{token}/plan.ics%00",
        "/{token}/plan.ics%00.txt",
        "/{token}/./plan.ics",
        "//{token}/plan.ics",
        "/{token}//plan.ics",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/{upper}/plan.ics",
        "/{token}/PLAN.ICS",
        "/{token}/plan.ics/",
        "/{token}%00/plan.ics",
    ],
)
def test_traversal_variants_are_404(one_server: Served, path: str) -> None:
    target = path.format(token=one_server.token, upper=one_server.token.upper())
    request = f"GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n".encode()
    answer = raw(one_server.port, request)
    assert status_of(answer) == 404
    assert one_server.token.encode() not in answer


@pytest.mark.parametrize(
    "since",
    [
        "Mon, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 0000 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 99 Foo 2027 99:99:99 GMT",
        "\u00ff" * 100,
        "",
        "Mon, 01 Jan 2027 00:00:00 +9999",
    ],
)
def test_no_validator_makes_a_500(one_server: Served, since: str) -> None:
    head = f"GET {one_server.path} HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: {since}\r\n"
    answer = raw(one_server.port, head.encode("latin-1") + b"Connection: close\r\n\r\n")
    assert status_of(answer) in (200, 304)


def test_a_broken_plan_keeps_its_last_calendar(served: Served, regular_plan: Path) -> None:
    before = request(served.port, served.path)
    profile = regular_plan / PlanFolder.PROFILE
    good = profile.read_text()
    profile.write_text(good.replace("timezone:", "timezone: [broken\n  was:"))
    for _ in range(3):
        status, headers, body = request(served.port, served.path)
        assert (status, headers["etag"], body) == (200, before[1]["etag"], before[2])
    profile.write_text(good.replace('"07:00"', '"08:00"'))  # fixed, and changed
    status, headers, body = request(served.port, served.path)
    assert status == 200
    assert headers["etag"] != before[1]["etag"]
    assert b"T070000Z" in body  # Mondays at 08:00 in Berlin
    assert b"T060000Z" not in body
    served.process.send_signal(signal.SIGTERM)
    _, errors = served.process.communicate(timeout=30)
    said = errors.decode()
    assert said.count("cannot be rebuilt") == 1, said  # told once, not per request
    assert "still serving the calendar built before" in said
    assert "rebuilt; its inputs read again" in said
    assert "Internal Server Error" not in said
    assert "Traceback" not in said
    assert served.token not in said


def test_quiet_by_default_and_stops_gracefully_on_sigterm(served: Served) -> None:
    for _ in range(20):
        assert request(served.port, served.path)[0] == 200
    idle = socket.create_connection(("127.0.0.1", served.port))
    try:
        served.process.send_signal(signal.SIGTERM)
        out, errors = served.process.communicate(timeout=30)
    finally:
        idle.close()
    assert served.process.returncode == 0
    assert out.decode().rstrip().endswith("Stopped.")
    assert b"plan.ics" not in errors  # no line per request unless --access-log


# --------------------------------------------- deadlines and caps, small limits


LIMITS = Limits(
    head_seconds=0.5, body_seconds=0.5, keep_alive_seconds=1, connections=5, linger_seconds=0.5
)


@contextlib.contextmanager
def in_thread(app: Any, limits: Limits = LIMITS) -> Iterator[int]:
    """Serve `app` with posecoach's server settings in a thread; yields its port."""
    listener = bind("127.0.0.1", 0)
    server = uvicorn.Server(server_config(app, limits))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.01)
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@pytest.fixture
def small(regular_plan: Path) -> Iterator[tuple[int, str]]:
    """The feed app and protocol with limits small enough to reach."""
    feeds: list[Feed] = prepare([PlanFolder(regular_plan)], rebuild_folder)
    with in_thread(make_app(feeds, rebuild_folder)) as port:
        yield port, feeds[0].path


async def read_the_body(scope: Any, receive: Any, send: Any) -> None:
    """An app that reads a request's whole body before answering, as a form would."""
    if scope["type"] != "http":
        return
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size, more = size + len(message.get("body", b"")), message.get("more_body", False)
    body = b"%d\n" % size
    headers = [(b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def test_a_silent_connection_is_closed_with_408(small: tuple[int, str]) -> None:
    port, _ = small
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        assert status_of(read_all(sock)) == 408


def test_a_head_sent_too_slowly_is_cut_off(small: tuple[int, str]) -> None:
    port, path = small
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\n".encode())
        answer = b""
        for _ in range(50):  # keeps sending, never finishes: the deadline is total
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
            time.sleep(0.05)
        answer = read_all(sock)
        assert status_of(answer) == 408


def test_a_body_sent_too_slowly_is_cut_off() -> None:
    with in_thread(read_the_body) as port:
        head = b"POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
        head += b"Connection: close\r\n\r\n"
        assert raw(port, head + b"a" * 100).endswith(b"\r\n\r\n100\n")  # a whole body: read
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(head + b"ab")  # and the other 98 bytes never come
            assert status_of(read_all(sock)) == 408


def test_a_form_answered_before_its_body_ends_closes_the_connection(
    small: tuple[int, str],
) -> None:
    port, path = small
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab".encode())
        answer = read_all(sock)  # the feed takes no POST: answered, then closed, not kept
    assert status_of(answer) == 405


def test_connections_past_the_cap_are_told_503(small: tuple[int, str]) -> None:
    port, path = small
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(5)]
    try:
        time.sleep(0.1)
        answer = raw(port, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert status_of(answer) == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    answer = raw(port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 200


def test_an_idle_kept_alive_connection_is_closed(small: tuple[int, str]) -> None:
    port, path = small
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answer = read_all(sock)  # returns once the server closes the idle connection
    assert status_of(answer) == 200
