"""The real `posecoach serve` on a free loopback port, for every test that talks to it
over HTTP: started, waited for, and stopped however the test ends."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple


class Server(NamedTuple):
    port: int
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as a service manager stops it; on a loaded machine a rebuild the server
    began may take it some seconds to finish first."""
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=60)
    for pipe in (process.stdout, process.stderr):
        if pipe is not None and not pipe.closed:
            pipe.close()


@contextlib.contextmanager
def serving(*args: str | Path, recheck: float = 0) -> Iterator[Server]:
    """`posecoach serve ARGS --port P`, with P a free port, until the block ends.

    The server looks for changed inputs at every request (`--recheck 0`) unless told
    otherwise, so a test sees a change at once instead of sleeping through a second.
    """
    port = free_port()
    command = [sys.executable, "-m", "posecoach", "serve", *map(str, args), "--port", str(port)]
    command += ["--recheck", str(recheck)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(port, process)
        yield Server(port, process)
    finally:
        stop(process)


def request(
    port: int,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data
