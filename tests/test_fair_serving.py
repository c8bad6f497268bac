"""One athlete's traffic is that athlete's problem only (issue 25): the real
`posecoach serve` of a squad keeps taking one athlete's check-ins while another's
page is held by slow senders; a reload of an unchanged page is answered from the
cache (304 with its ETag); check-ins come only from the page's own origin; and
each plan's rates are its own.
"""

from __future__ import annotations

import contextlib
import select
import socket
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from serving import request, serving
from test_feed_attacks import in_thread
from test_squad_serve import FORM, plan, squad, token  # noqa: F401 (squad: a fixture)

from posecoach.cli import rebuild_folder
from posecoach.feed import pages
from posecoach.feed.app import FeedApp, FeedFile
from posecoach.feed.fairness import PageLimits
from posecoach.feed.forms import form_token
from posecoach.feed.page_routes import Pages
from posecoach.feed.serve import prepare
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

ANSWER_SECONDS = 5.0  # a bound against a hang: the answers are timed and printed


def checkin_form(secret: str, key: str) -> bytes:
    fields = {"status": "done", "cadence": "168", "rpe": "4", "csrf": form_token(secret, key)}
    return urllib.parse.urlencode(fields).encode()


def slow_sender(port: int, path: str) -> socket.socket:
    """A check-in post whose body never finishes: its head and one byte of 100 kB."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 100000\r\n"
    sock.sendall(head.encode() + b"Content-Type: application/x-www-form-urlencoded\r\n\r\nx")
    return sock


def answered(sock: socket.socket, seconds: float) -> bytes:
    """What the server said on `sock` within `seconds` (b"" if nothing yet)."""
    ready, _, _ = select.select([sock], [], [], seconds)
    return sock.recv(65536) if ready else b""


def test_slow_senders_on_one_page_leave_another_athletes_check_in_alone(
    squad: Path,  # noqa: F811 (the fixture imported above)
) -> None:
    with serving(squad) as server:
        ana, ben = token(squad, "ana"), token(squad, "ben")
        ana_key = plan(squad, "ana").read_plan().sessions[0].key
        ben_key = plan(squad, "ben").read_plan().sessions[0].key
        senders = [slow_sender(server.port, f"/{ana}/checkin/{ana_key}") for _ in range(5)]
        try:
            # Past ana's two places to read a form, a sender is told at once.
            refused = [answered(sock, ANSWER_SECONDS) for sock in senders[2:]]
            assert all(a.startswith(b"HTTP/1.1 429") for a in refused), refused
            assert all(b"retry-after:" in a.lower() for a in refused)
            began = time.perf_counter()
            status, _, body = request(
                server.port, f"/{ben}/checkin/{ben_key}", "POST", FORM, checkin_form(ben, ben_key)
            )
            took = time.perf_counter() - began
            print(f"ben's check-in answered in {took:.2f} s beside ana's five slow senders")
            assert status == 200, body[:300]
            assert b"Logged" in body
            assert took < ANSWER_SECONDS
            # ana's two senders still hold their places: ben did not wait for them.
            assert [answered(sock, 0) for sock in senders[:2]] == [b"", b""]
            # Ben's calendar and page answer too; ana's own check-in is ana's problem.
            assert request(server.port, f"/{ben}/plan.ics")[0] == 200
            assert request(server.port, f"/{ben}/")[0] == 200
            own = request(
                server.port, f"/{ana}/checkin/{ana_key}", "POST", FORM, checkin_form(ana, ana_key)
            )
            assert own[0] == 429
        finally:
            for sock in senders:
                sock.close()
    ben_log = (squad / "plans" / "ben" / PlanFolder.CHECKINS).read_text()
    assert f'"session":"{ben_key}"' in ben_log
    assert not (squad / "plans" / "ana" / PlanFolder.CHECKINS).exists()


def test_a_reload_is_a_304_until_the_plan_changes(squad: Path) -> None:  # noqa: F811
    with serving(squad) as server:
        ben = token(squad, "ben")
        key = plan(squad, "ben").read_plan().sessions[0].key
        for path in (f"/{ben}/", f"/{ben}/checkin/{key}"):
            status, headers, body = request(server.port, path)
            assert status == 200
            assert headers["cache-control"] == "private, no-cache"
            etag = headers["etag"]
            again = request(server.port, path, headers={"If-None-Match": etag})
            assert (again[0], again[2], again[1]["etag"]) == (304, b"", etag)
            assert request(server.port, path)[2] == body  # the same bytes, kept
        today = request(server.port, f"/{ben}/")[1]["etag"]
        posted = request(server.port, f"/{ben}/checkin/{key}", "POST", FORM, checkin_form(ben, key))
        assert posted[0] == 200
        assert posted[1]["cache-control"] == "no-store"  # what a post says is not kept
        # The check-in changed the plan's files: the page is rendered again, and the
        # same bytes (that session is not today's) keep their ETag.
        assert request(server.port, f"/{ben}/", headers={"If-None-Match": today})[0] == 304
        athlete = squad / "athletes" / "ben.yaml"
        athlete.write_text(athlete.read_text().replace("name: Ben", "name: Benedict"))
        status, headers, body = request(server.port, f"/{ben}/", headers={"If-None-Match": today})
        assert status == 200  # a new plan: a new page
        assert headers["etag"] != today
        assert b"Benedict" in body


# --------------------------------------------- in this process: counting the work


@contextlib.contextmanager
def two_plans(
    regular_plan: Path, tmp_path: Path, limits: PageLimits | None = None
) -> Iterator[tuple[int, list[str]]]:
    """The feed app of two plan folders with the check-in pages, in a thread; yields its
    port and the two tokens."""
    import shutil

    other = Path(shutil.copytree(regular_plan, tmp_path / "other"))
    (other / "feed-token").unlink(missing_ok=True)
    feeds = prepare([PlanFolder(regular_plan), PlanFolder(other)], rebuild_folder)
    files = [FeedFile(f.folder, f.token, rebuild_folder, recheck=0) for f in feeds]

    def clock() -> datetime:
        return datetime(2027, 1, 6, 8, tzinfo=UTC)

    app = FeedApp(files, pages=Pages(clock, limits=limits))
    with in_thread(app) as port:
        yield port, [f.token for f in feeds]


def test_an_unchanged_page_is_rendered_once(
    regular_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = [0]
    original = pages.today_page

    def counted(*args: object) -> pages.Page:
        renders[0] += 1
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "today_page", counted)
    with two_plans(regular_plan, tmp_path) as (port, tokens):
        for _ in range(20):
            assert request(port, f"/{tokens[0]}/")[0] == 200
        assert renders == [1]
        assert request(port, f"/{tokens[1]}/")[0] == 200  # another plan's page is its own
        assert renders == [2]


def test_each_plans_rates_are_its_own(regular_plan: Path, tmp_path: Path) -> None:
    limits = PageLimits(checkins_burst=2, checkins_every=3600, renders_burst=3, renders_every=3600)
    plan_folder = PlanFolder(regular_plan)
    keys = [s.key for s in plan_folder.read_plan().sessions[:4]]
    with two_plans(regular_plan, tmp_path, limits) as (port, tokens):
        first, second = tokens
        statuses = [
            request(port, f"/{first}/checkin/{k}", "POST", FORM, checkin_form(first, k))[0]
            for k in keys[:3]
        ]
        assert statuses[2] == 429, statuses
        status, headers, _ = request(
            port, f"/{first}/checkin/{keys[3]}", "POST", FORM, checkin_form(first, keys[3])
        )
        assert status == 429
        assert 3500 < int(headers["retry-after"]) <= 3600  # an hour a check-in, here
        # The other plan's check-ins and pages are untouched by the first one's.
        posted = request(
            port, f"/{second}/checkin/{keys[0]}", "POST", FORM, checkin_form(second, keys[0])
        )
        assert posted[0] in (200, 400), posted[2][:300]  # taken (or its form said why)
        forms = [request(port, f"/{first}/checkin/{k}")[0] for k in keys]
        assert 429 in forms  # the first plan's pages rendered anew: over its rate
        assert request(port, f"/{second}/checkin/{keys[1]}")[0] == 200


# ------------------------------------------------------------- the page's origin


@pytest.mark.parametrize(
    ("origin", "fetch_site", "status"),
    [
        ("http://127.0.0.1:{port}", None, 200),
        ("https://coach.example.org", None, 200),  # the --public-url, behind a proxy
        ("https://coach.example.org:443", "same-origin", 200),
        ("https://evil.example", None, 403),
        ("http://127.0.0.1:1", None, 403),  # another port is another origin
        ("null", None, 403),
        ("null", "same-origin", 200),  # the browser vouches for a hidden origin
        ("garbage", None, 403),
    ],
)
def test_a_check_in_comes_from_the_pages_own_origin(
    regular_plan: Path, origin: str, fetch_site: str | None, status: int
) -> None:
    with serving(regular_plan, "--public-url", "coach.example.org") as server:
        secret = read_token(PlanFolder(regular_plan))
        assert secret is not None
        key = PlanFolder(regular_plan).read_plan().sessions[0].key
        headers = {**FORM, "Origin": origin.format(port=server.port)}
        if fetch_site:
            headers["Sec-Fetch-Site"] = fetch_site
        log = regular_plan / PlanFolder.CHECKINS
        answer = request(
            server.port, f"/{secret}/checkin/{key}", "POST", headers, checkin_form(secret, key)
        )
        assert answer[0] == status, answer[2][:300]
        assert log.exists() == (status == 200)
