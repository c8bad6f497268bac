"""The calendar feed, served for real on a free loopback port, and CalDAV sync
against a real Radicale server the test starts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from serving import free_port, request, serving, stop, wait_for
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(regular_plan: Path) -> Path:
    return regular_plan


@pytest.fixture
def server(folder: Path) -> Iterator[tuple[int, str, subprocess.Popen[bytes]]]:
    with serving(folder, "--access-log") as served:
        token = read_token(PlanFolder(folder))
        assert token is not None
        yield served.port, token, served.process


@pytest.fixture(scope="module")
def one_server(
    tmp_path_factory: pytest.TempPathFactory, built_regular_plan: Path
) -> Iterator[tuple[int, str, subprocess.Popen[bytes]]]:
    """One server for the module's tests that only send requests, none of which change it."""
    folder = Path(shutil.copytree(built_regular_plan, tmp_path_factory.mktemp("one") / "plan"))
    with serving(folder) as served:
        token = read_token(PlanFolder(folder))
        assert token is not None
        yield served.port, token, served.process


def test_token_is_secret_and_rotates(folder: Path, runner: CliRunner) -> None:
    first = runner.invoke(app, ["feed", "token", "-d", str(folder)]).stdout.split()[0]
    token = first.split("/")[1]
    assert len(token) >= 32  # 24 random bytes, base64: 192 bits
    assert oct((folder / PlanFolder.TOKEN).stat().st_mode & 0o777) == "0o600"
    again = runner.invoke(app, ["feed", "token", "-d", str(folder)]).stdout.split()[0]
    assert again == first
    rotated = runner.invoke(app, ["feed", "token", "-d", str(folder), "--rotate"]).stdout
    assert first not in rotated


def test_serves_the_calendar_with_validators(
    server: tuple[int, str, subprocess.Popen[bytes]], folder: Path
) -> None:
    port, token, _ = server
    status, headers, body = request(port, f"/{token}/plan.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert body == (folder / "plan.ics").read_bytes()
    etag = headers["etag"]
    assert etag.startswith('"')  # a strong validator
    modified = headers["last-modified"]
    assert int(headers["content-length"]) == len(body)

    assert request(port, f"/{token}/plan.ics", headers={"If-None-Match": etag})[0] == 304
    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert request(port, f"/{token}/plan.ics", headers={"If-Modified-Since": later})[0] == 304
    assert request(port, f"/{token}/plan.ics", headers={"If-Modified-Since": modified})[0] == 304
    assert request(port, f"/{token}/plan.ics", headers={"If-Modified-Since": earlier})[0] == 200
    # If-None-Match wins over If-Modified-Since.
    both = {"If-None-Match": '"other"', "If-Modified-Since": later}
    assert request(port, f"/{token}/plan.ics", headers=both)[0] == 200

    status, head_headers, head_body = request(port, f"/{token}/plan.ics", method="HEAD")
    assert (status, head_body) == (200, b"")
    assert head_headers["etag"] == etag
    assert head_headers["content-length"] == str(len(body))

    # An unchanged plan keeps its ETag.
    assert request(port, f"/{token}/plan.ics")[1]["etag"] == etag


@pytest.mark.parametrize(
    "path",
    [
        "/wrong-token/plan.ics",
        "/{token}x/plan.ics",
        "/{token}/../plan.ics",
        "/{token}/%2e%2e/plan.yaml",
        "/{token}/profile.yaml",
        "/{token}/checkin/",  # (/{token}/ itself is the check-in page: test_checkin_page)
        "/",
        "/plan.ics",
        "/{token}/plan.ics/extra",
    ],
)
def test_everything_else_is_404(
    one_server: tuple[int, str, subprocess.Popen[bytes]], path: str
) -> None:
    port, token, _ = one_server
    status, _, body = request(port, path.format(token=token))
    assert status == 404
    assert token.encode() not in body
    refused, headers, _ = request(port, f"/{token}/plan.ics", method="POST")
    assert (refused, headers["allow"]) == (405, "GET, HEAD")  # the feed is read-only


def test_a_checkin_changes_what_is_served_without_a_restart(
    server: tuple[int, str, subprocess.Popen[bytes]], folder: Path, runner: CliRunner
) -> None:
    port, token, _ = server
    _, before, body_before = request(port, f"/{token}/plan.ics")
    result = runner.invoke(
        app,
        ["checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "6", "--where", "calf"],
    )
    assert result.exit_code == 0, result.stderr
    status, after, body_after = request(
        port, f"/{token}/plan.ics", headers={"If-None-Match": before["etag"]}
    )
    assert status == 200
    assert after["etag"] != before["etag"]
    assert body_after != body_before
    assert b"Stepping back" in body_after.replace(b"\r\n ", b"")


def test_an_edited_profile_is_served_without_a_restart(
    server: tuple[int, str, subprocess.Popen[bytes]], folder: Path
) -> None:
    port, token, _ = server
    _, before, _ = request(port, f"/{token}/plan.ics")
    profile = folder / "profile.yaml"
    profile.write_text(profile.read_text().replace('Wed: "18:30"', 'Wed: "06:15"'))
    status, after, body = request(port, f"/{token}/plan.ics")
    assert status == 200
    assert after["etag"] != before["etag"]
    assert b"T051500Z" in body  # 06:15 in Berlin is 05:15 UTC in winter


def test_tokens_never_reach_the_logs(
    server: tuple[int, str, subprocess.Popen[bytes]],
) -> None:
    port, token, process = server
    request(port, f"/{token}/plan.ics")
    request(port, "/guess/plan.ics")
    process.terminate()
    _, errors = process.communicate(timeout=10)
    assert b"plan.ics" in errors  # it does log requests ...
    assert token.encode() not in errors  # ... but never the token
    assert b"guess" not in errors


def test_publish_writes_token_paths(folder: Path, tmp_path: Path, runner: CliRunner) -> None:
    site = tmp_path / "site"
    result = runner.invoke(
        app, ["publish", str(folder), "--to", str(site), "--public-url", "coach.example.org"]
    )
    assert result.exit_code == 0, result.stderr
    token = read_token(PlanFolder(folder))
    published = site / str(token) / "plan.ics"
    assert published.read_bytes() == (folder / "plan.ics").read_bytes()
    assert (site / "index.html").read_bytes() == b""  # no listing of the tokens
    assert f"webcal://coach.example.org/{token}/plan.ics" in result.stdout
    mtime = published.stat().st_mtime_ns
    time.sleep(0.01)
    runner.invoke(app, ["publish", str(folder), "--to", str(site)])
    assert published.stat().st_mtime_ns == mtime  # unchanged bytes keep their Last-Modified


# --------------------------------------------------------------------------- CalDAV


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    storage = tmp_path / "radicale"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(storage), "--auth-type", "none",
            "--rights-type", "owner_only", "--logging-level", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)


def caldav_events(url: str, name: str) -> dict[str, str]:
    import caldav

    client: Any = caldav.DAVClient(url=url, username="sam", password="x")  # type: ignore[operator]
    principal = client.principal()
    [calendar] = [c for c in principal.calendars() if c.get_display_name() == name]
    return {str(e.icalendar_component["UID"]): e.data for e in calendar.events()}


def test_caldav_sync_is_idempotent_and_follows_the_plan(
    radicale: str, folder: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_CALDAV_PASSWORD", "x")
    args = ["sync", "caldav", radicale, "--user", "sam", "-d", str(folder)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert "36 created, 0 updated, 0 deleted, 0 unchanged" in first.stdout
    second = runner.invoke(app, args)
    assert "0 created, 0 updated, 0 deleted, 36 unchanged" in second.stdout
    events = caldav_events(radicale, "posecoach-sam-example")
    assert len(events) == 36  # no duplicates
    assert all("METHOD:" not in data for data in events.values())

    # A regressing check-in changes some events; fewer sessions a week removes some.
    result = runner.invoke(
        app,
        ["checkin", "-d", str(folder), "--date", "2027-01-20", "--pain", "7", "--where", "calf"],
    )
    assert result.exit_code == 0, result.stderr
    profile = folder / "profile.yaml"
    profile.write_text(profile.read_text().replace("sessions_per_week: 3", "sessions_per_week: 2"))
    assert runner.invoke(app, ["plan", "-o", str(folder)]).exit_code == 0
    third = runner.invoke(app, args)
    assert third.exit_code == 0, third.stderr
    after = caldav_events(radicale, "posecoach-sam-example")
    assert len(after) == 24  # 12 sessions removed and deleted
    assert set(after) <= set(events)  # the UIDs that remain are the same events
    changed = [uid for uid in after if after[uid] != events[uid]]
    assert changed
    sequences = [re.search(r"(?m)^SEQUENCE:(\d+)", after[uid]) for uid in changed]
    assert all(m and int(m[1]) >= 1 for m in sequences)  # updated in place, not replaced
    assert "deleted" in third.stdout
    assert "12 deleted" in third.stdout
    assert runner.invoke(app, args).stdout.strip().endswith("24 unchanged.")


def test_serve_prints_addresses_that_work_and_refuses_a_taken_port(
    server: tuple[int, str, subprocess.Popen[bytes]], folder: Path
) -> None:
    port, _, process = server
    assert process.stdout is not None
    lines = [process.stdout.readline().decode() for _ in range(3)]
    [address] = [line.strip() for line in lines if "plan.ics" in line]
    assert address.startswith(f"http://127.0.0.1:{port}/")  # plain HTTP, as served
    assert request(port, address.removeprefix(f"http://127.0.0.1:{port}"))[0] == 200
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecoach",
            "serve",
            str(folder),
            "--port",
            str(port),
            "--access-log",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 2
    assert f"--port: 127.0.0.1:{port} is already in use" in second.stderr
    assert "Listening" not in second.stdout
    assert "Traceback" not in second.stderr


def test_an_input_touched_but_unchanged_is_rebuilt_once_not_for_ever(folder: Path) -> None:
    """The feed compares inputs by content: a rebuild that changes no byte of plan.ics
    must not leave the feed rebuilding on every later check."""
    import os

    from posecoach.commands.freshen import rebuild
    from posecoach.feed.app import FeedFile

    builds: list[Path] = []

    def counted(plan_folder: PlanFolder) -> None:
        builds.append(plan_folder.path)
        rebuild(plan_folder, lambda _zone: date(2027, 1, 1))

    feed = FeedFile(PlanFolder(folder), "t" * 32, counted)
    profile = folder / "profile.yaml"
    later = profile.stat().st_mtime_ns + 5_000_000_000
    os.utime(profile, ns=(later, later))  # touched, same bytes
    for _ in range(3):
        feed._checked = -10.0  # as if a second had passed since the last look
        if feed.stale():
            feed.rebuild()
    assert builds == []  # same content: nothing to rebuild
    profile.write_text(profile.read_text() + "# a note\n")
    for _ in range(3):
        feed._checked = -10.0
        if feed.stale():
            feed.rebuild()
    assert len(builds) == 1


# --------------------------------------------------------------------------- the recheck clock


def test_inputs_are_looked_at_once_per_recheck_interval(folder: Path) -> None:
    """Under load the server looks at a folder's inputs once a second at most: a
    change between looks shows at the next one. Driven by a clock of the test's own."""
    from posecoach.feed.app import FeedFile
    from posecoach.folder.tokens import ensure_token

    now = [100.0]
    builds: list[PlanFolder] = []
    feed = FeedFile(
        PlanFolder(folder), ensure_token(PlanFolder(folder)), builds.append,
        recheck=1.0, monotonic=lambda: now[0],
    )  # fmt: skip
    assert not feed.stale()  # current: looked at, nothing to do
    profile = folder / "profile.yaml"
    profile.write_text(profile.read_text().replace('Wed: "18:30"', 'Wed: "06:15"'))
    now[0] += 0.9
    assert not feed.stale()  # within the second: not looked at yet
    now[0] += 0.2
    assert feed.stale()  # the next look finds the edit
    feed.rebuild()
    assert builds == [feed.folder]
    assert feed.current() is feed
    before = feed.body
    (folder / PlanFolder.ICS).write_bytes(before + b"\r\n")
    now[0] += 0.5
    assert feed.current() is not None
    assert feed.body == before
    now[0] += 0.6
    assert feed.current() is not None
    assert feed.body == before + b"\r\n"
