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
from serving import serving
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"


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
