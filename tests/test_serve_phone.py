"""Serving to a phone, through the commands a coach types: what `posecoach serve` says
about who can reach it (this computer only, or a phone on the same Wi-Fi with
`--host 0.0.0.0`, and what that means for safety), and the full addresses `posecoach
feed token` prints when a public address is known."""

from __future__ import annotations

import http.client
import ipaddress
import subprocess
from pathlib import Path

import pytest
from serving import request, serving
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def folder(tmp_path: Path, runner: CliRunner) -> Path:
    out = tmp_path / "plan"
    profile = str(DATA / "regular-runner.yaml")
    result = runner.invoke(app, ["plan", "-p", profile, "--start", "2027-01-04", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def start_lines(process: subprocess.Popen[bytes]) -> list[str]:
    """What the server printed on stdout up to its "Listening on" line."""
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("Listening on"):
        line = process.stdout.readline().decode()
        assert line, f"the server stopped printing: {lines}"
        lines.append(line.rstrip("\n"))
    return lines


def test_on_loopback_serve_says_no_phone_can_reach_it_and_how_to(folder: Path) -> None:
    with serving(folder) as served:
        said = "\n".join(start_lines(served.process))
    assert f"http://127.0.0.1:{served.port}/" in said
    assert "These addresses work on this computer only: a phone cannot reach them." in said
    assert "posecoach serve --host 0.0.0.0" in said  # how to try it from a phone
    assert "--public-url" in said  # and how to serve phones for every day


def test_host_0000_prints_the_addresses_a_phone_on_the_wifi_uses(folder: Path) -> None:
    with serving(folder, "--host", "0.0.0.0") as served:
        token = read_token(PlanFolder(folder))  # made as the server starts
        said = start_lines(served.process)
        pages = [line.split()[0] for line in said if line.strip().endswith("same Wi-Fi)")]
        for page in pages:  # each as a phone on the network would open it
            host = page.removeprefix("http://").split("/")[0].rsplit(":", 1)[0]
            assert not ipaddress.ip_address(host).is_loopback
            assert page.endswith(f":{served.port}/{token}/")
            connection = http.client.HTTPConnection(host, served.port, timeout=10)
            try:
                connection.request("GET", f"/{token}/")
                assert connection.getresponse().status == 200
            finally:
                connection.close()
        served.process.terminate()
        warning = served.process.communicate(timeout=30)[1].decode()
    text = "\n".join(said)
    if pages:
        assert "A phone on the same Wi-Fi opens the page at the address above" in text
    else:  # a machine on no network at all
        assert "No network address of this computer was found" in text
    assert "this computer only: a phone cannot reach them" not in text
    assert f"Listening on http://0.0.0.0:{served.port} (on this computer:" in text
    assert warning.startswith("warning: --host 0.0.0.0 serves plain HTTP")
    assert "can read that plan and check in for it" in warning
    assert "put HTTPS in front and pass --public-url" in warning


def test_feed_token_prints_full_addresses_when_a_public_url_is_known(
    folder: Path, runner: CliRunner
) -> None:
    bare = runner.invoke(app, ["feed", "token", "-d", str(folder)])
    assert bare.exit_code == 0, bare.output
    token = read_token(PlanFolder(folder))
    assert bare.stdout == f"/{token}/plan.ics\n"  # the path alone: scripts read it
    assert "posecoach serve prints it" in bare.stderr  # and how to get an address
    assert "--public-url HOST" in bare.stderr
    given = runner.invoke(
        app, ["feed", "token", "-d", str(folder), "--public-url", "coach.example.org/sam/"]
    )
    assert given.exit_code == 0, given.output
    assert given.stdout.splitlines() == [
        f"https://coach.example.org/sam/{token}/plan.ics",
        f"webcal://coach.example.org/sam/{token}/plan.ics",
        f"https://coach.example.org/sam/{token}/  (today and check-ins)",
    ]
    profile = folder / PlanFolder.PROFILE
    profile.write_text(profile.read_text() + "calendar:\n  public_url: coach.example.org\n")
    known = runner.invoke(app, ["feed", "token", "-d", str(folder)])
    assert known.exit_code == 0, known.output
    assert known.stdout.splitlines()[0] == f"https://coach.example.org/{token}/plan.ics"


def test_a_broken_profile_is_shown_to_the_coach_and_said_humanely_on_the_page(
    folder: Path,
) -> None:
    profile = folder / PlanFolder.PROFILE
    good = profile.read_text()
    key = PlanFolder(folder).read_plan().sessions[0].key
    log = folder / PlanFolder.CHECKINS
    with serving(folder) as served:
        token = read_token(PlanFolder(folder))
        assert token is not None
        form = f"status=done&rpe=4&csrf={form_token(token, key)}".encode()
        assert "cannot be updated" not in request(served.port, f"/{token}/")[2].decode()
        profile.write_text(good.replace("timezone: Europe/Berlin", "timezone: Europe/Berlinn"))
        line = profile.read_text().splitlines().index("timezone: Europe/Berlinn") + 1
        page = request(served.port, f"/{token}/")[2].decode()
        assert "Your plan cannot be updated just now" in page
        assert "a check-in cannot be taken until the file is fixed" in page
        said = f"profile.yaml:{line}: timezone: &#39;Europe/Berlinn&#39; is not an IANA time zone"
        assert said in page  # the file by its name alone: no server path on the page
        assert str(folder) not in page
        before = log.read_bytes() if log.exists() else b""
        status, _, body = request(served.port, f"/{token}/checkin/{key}", "POST", FORM, form)
        assert status == 503
        assert "Nothing was logged: your plan cannot be updated just now" in body.decode()
        assert (log.read_bytes() if log.exists() else b"") == before
        profile.write_text(good)  # fixed: the page is as before, and takes check-ins
        assert "cannot be updated" not in request(served.port, f"/{token}/")[2].decode()
        status, _, body = request(served.port, f"/{token}/checkin/{key}", "POST", FORM, form)
        assert status == 200, body
        served.process.terminate()
        errors = served.process.communicate(timeout=30)[1].decode()
    told = f"{profile}:{line}: timezone: 'Europe/Berlinn' is not an IANA time zone"
    head = "the plan cannot be rebuilt; still serving the calendar built before."
    assert f"{head} 1 problem in its inputs:\n  {told}" in errors
    assert "its inputs are as the plan was built from again" in errors
    assert "Traceback" not in errors
