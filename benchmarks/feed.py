"""The feed under load: posecoach serve against nginx serving the same bytes, and
the check-in page under load while another plan's calendar is asked for.

Needs wrk and nginx (Debian packages). Both servers get one worker process on
this machine's loopback; wrk runs 100 connections for a full GET and for a
revalidation (If-None-Match, answered 304). Prints requests per second and
the 99th-percentile latency. Targets: posecoach at least 20% of nginx's rate,
p99 under 20 ms.

Then posecoach serve of two plans: wrk runs 50 connections on the first plan's
check-in page (a full GET, then revalidations), while a client asks for the
second plan's calendar every 20 ms. Prints the page's rate and p99 (target:
under 200 ms on 2 cores) and the calendar's latencies meanwhile, and the
machine's load average, as other work on the machine moves every figure.

    python benchmarks/feed.py [--seconds 10] [--connections 100] [--page-connections 50]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/calendar ics; }}
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        charset utf-8;
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(port)


def etag_of(url: str) -> str:
    output = subprocess.run(["curl", "-sI", url], capture_output=True, text=True).stdout
    match = re.search(r"(?im)^etag:\s*(\S+)", output)
    assert match, output
    return match[1]


def wrk(url: str, seconds: int, connections: int, header: str | None) -> tuple[float, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p99


class Prober(threading.Thread):
    """Asks for `url` every `every` seconds until stopped, keeping each answer's time."""

    def __init__(self, url: str, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.url, self.every = url, every
        self.times: list[float] = []
        self.failed = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=30) as answer:
                    answer.read()
                self.times.append(time.perf_counter() - began)
            except OSError:
                self.failed += 1
            self.done.wait(self.every)


def page_under_load(plans: list[Path], seconds: int, connections: int) -> list[str]:
    """wrk on the first plan's check-in page, the second's calendar probed meanwhile."""
    posecoach = [sys.executable, "-m", "posecoach"]
    port = free_port()
    server = subprocess.Popen(
        [*posecoach, "serve", *map(str, plans), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        tokens = [(plan / "feed-token").read_text().strip() for plan in plans]
        page = f"http://127.0.0.1:{port}/{tokens[0]}/"
        calendar = f"http://127.0.0.1:{port}/{tokens[1]}/plan.ics"
        header = f"If-None-Match: {etag_of(page)}"  # also renders the page once
        results: dict[str, tuple[tuple[float, float], float, list[float], int]] = {}
        for kind, extra in (("full GET (200)", None), ("revalidate (304)", header)):
            prober = Prober(calendar)
            prober.start()
            load = os.getloadavg()[0]
            measured = wrk(page, seconds, connections, extra)
            prober.done.set()
            prober.join()
            results[kind] = (measured, load, sorted(prober.times), prober.failed)
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = [f"check-in page, {connections} connections, {seconds} s each, one process"]
    for kind, ((rate, p99), load, times, failed) in results.items():
        lines.append(
            f"  {kind}: {rate:8.0f} req/s   p99 {p99:7.2f} ms (target < 200 ms)"
            f"   load average {load:.1f} on {os.cpu_count()} cores"
        )
        if times:
            q99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            lines.append(
                f"    another plan's calendar meanwhile: {len(times)} requests,"
                f" median {statistics.median(times) * 1000:.1f} ms,"
                f" p99 {q99 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms, {failed} failed"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--page-connections", type=int, default=50)
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "curl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install wrk nginx curl)")
    posecoach = [sys.executable, "-m", "posecoach"]
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        root.chmod(0o755)  # nginx's workers may run as another user
        plan = root / "plan"
        site = root / "site"
        (root / "tmp").mkdir()
        subprocess.run([*posecoach, "plan", "--start", "2027-01-04", "-o", str(plan)], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([*posecoach, "publish", str(plan), "--to", str(site)], check=True,
                       capture_output=True)  # fmt: skip
        other = root / "other"
        subprocess.run([*posecoach, "plan", "--start", "2027-01-04", "-o", str(other)],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([*posecoach, "feed", "token", "-d", str(other)], check=True,
                       capture_output=True)  # fmt: skip
        token = (plan / "feed-token").read_text().strip()
        nginx_port, feed_port = free_port(), free_port()
        conf = root / "nginx.conf"
        conf.write_text(NGINX_CONF.format(root=root, port=nginx_port, site=site))
        servers = [
            subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root)],
                             stderr=subprocess.DEVNULL),
            subprocess.Popen([*posecoach, "serve", str(plan), "--port", str(feed_port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        ]  # fmt: skip
        try:
            wait_for(nginx_port)
            wait_for(feed_port)
            results = {}
            for name, port in (("nginx", nginx_port), ("posecoach serve", feed_port)):
                url = f"http://127.0.0.1:{port}/{token}/plan.ics"
                header = f"If-None-Match: {etag_of(url)}"
                results[name] = (
                    wrk(url, args.seconds, args.connections, None),
                    wrk(url, args.seconds, args.connections, header),
                )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
        page = page_under_load([plan, other], args.seconds, args.page_connections)
    print(f"{args.connections} connections, {args.seconds} s each, one worker per server")
    for kind, index in (("full GET (200)", 0), ("revalidate (304)", 1)):
        nginx_rate, nginx_p99 = results["nginx"][index]
        ours_rate, ours_p99 = results["posecoach serve"][index]
        print(f"  {kind}")
        print(f"    nginx            {nginx_rate:10.0f} req/s   p99 {nginx_p99:7.2f} ms")
        share = 100 * ours_rate / nginx_rate
        print(f"    posecoach serve  {ours_rate:10.0f} req/s   p99 {ours_p99:7.2f} ms")
        print(f"    = {share:.1f}% of nginx's rate (target >= 20%, p99 < 20 ms)")
    print("\n".join(page))


if __name__ == "__main__":
    main()
