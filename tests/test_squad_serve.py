"""`posecoach serve SQUAD`, for real on a loopback port: every athlete's feed under its
own token, a check-in posted on one athlete's page rebuilt by the squad's rules (the
bytes `squad plan --only ID` writes) and nobody else's plan touched, athletes with
no plan or a damaged one left out and said, and an edit of an athlete's file followed
while serving."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW
from serving import request, serving
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def squad(tmp_path: Path, runner: CliRunner) -> Path:
    """ana, ben and dan with plans (dan's then damaged, its record gone), cal with none yet."""
    root = tmp_path / "club"
    assert runner.invoke(app, ["squad", "init", str(root)]).exit_code == 0
    today = NOW.date()  # the plans start last week: a check-in is in the past
    monday = today - timedelta(days=today.weekday() + 7)
    squad_file = root / "squad.yaml"
    text = squad_file.read_text().replace("defaults:\n", f"defaults:\n  start: {monday}\n")
    squad_file.write_text(text)
    (root / "athletes" / "dan.yaml").write_text("name: Dan\n")
    built = runner.invoke(app, ["squad", "plan", str(root), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    (root / "athletes" / "cal.yaml").write_text("name: Cal\n")
    # An older version's folder (no record to rebuild from) with a damaged plan.
    (root / "plans" / "dan" / "plan.yaml").write_text("plan_id: [\n")
    (root / "plans" / "dan" / PlanFolder.RECORD).unlink()
    return root


def plan(squad: Path, athlete: str) -> PlanFolder:
    return PlanFolder(squad / "plans" / athlete)


def token(squad: Path, athlete: str) -> str:
    found = read_token(plan(squad, athlete))
    assert found is not None
    return found


def state(squad: Path, athlete: str) -> dict[str, bytes]:
    """Every file of the athlete's plan folder, by name."""
    folder = squad / "plans" / athlete
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def read_until(process: subprocess.Popen[bytes], text: str, seconds: float = 30) -> str:
    """What the server printed (stdout and stderr) up to `text`."""
    streams = [s for s in (process.stdout, process.stderr) if s is not None]
    selector = selectors.DefaultSelector()
    for stream in streams:
        selector.register(stream, selectors.EVENT_READ)
    said = b""
    deadline = time.monotonic() + seconds
    while text.encode() not in said and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.2):
            said += os.read(key.fd, 65536)
    selector.close()
    assert text.encode() in said, said.decode(errors="replace")
    return said.decode()


def squad_plan_writes_nothing(runner: CliRunner, squad: Path, athlete: str) -> None:
    """What the server built is what `squad plan --only ATHLETE` would write."""
    before = state(squad, athlete)
    result = runner.invoke(app, ["squad", "plan", str(squad), "--only", athlete, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "1 unchanged" in result.stdout
    assert {k: v for k, v in state(squad, athlete).items() if not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    }


def test_serves_every_athlete_and_a_check_in_changes_only_that_athlete(
    squad: Path, regular_plan: Path, runner: CliRunner
) -> None:
    with serving(squad, regular_plan) as server:  # a squad and a single runner's plan
        said = read_until(server.process, "Listening on")
        ana, ben = token(squad, "ana"), token(squad, "ben")  # made at the first start
        assert "2 athletes served." in said
        assert "not served: cal: no plan yet" in said
        assert "not served: dan: " in said
        assert "damaged" in said
        assert "--only cal" in said  # the way to build it, as the command line spells it
        assert said.count(ana) == 0  # a thousand addresses are not printed: feeds.csv has them
        listing = (squad / "feeds.csv").read_text()
        assert oct((squad / "feeds.csv").stat().st_mode & 0o777) == "0o600"
        assert f"/{ana}/plan.ics" in listing
        assert f"/{ben}/" in listing
        assert "cal,,,,no plan yet" in listing

        for athlete, secret in (("ana", ana), ("ben", ben)):
            status, headers, body = request(server.port, f"/{secret}/plan.ics")
            assert status == 200
            assert body == (squad / "plans" / athlete / "plan.ics").read_bytes()
        single = read_token(PlanFolder(regular_plan))
        assert request(server.port, f"/{single}/plan.ics")[0] == 200

        before_ana, before_ben = state(squad, "ana"), state(squad, "ben")
        first_etag = request(server.port, f"/{ana}/plan.ics")[1]["etag"]
        key = plan(squad, "ana").read_plan().sessions[0].key
        assert request(server.port, f"/{ana}/checkin/{key}")[0] == 200  # the form
        fields = {
            "status": "done",
            "cadence": "168",
            "rpe": "5",
            "pain": "6",
            "where": "calf",
            "settled": "no",
            "csrf": form_token(ana, key),
        }
        body = urllib.parse.urlencode(fields).encode()
        posted = request(server.port, f"/{ana}/checkin/{key}", "POST", FORM, body)
        assert posted[0] == 200, posted[2][:500]
        assert b"Logged" in posted[2]

        log = (squad / "plans" / "ana" / PlanFolder.CHECKINS).read_text()
        assert f'"session":"{key}"' in log
        assert '"pain":6' in log
        status, headers, served_ics = request(server.port, f"/{ana}/plan.ics")
        assert status == 200
        assert headers["etag"] != first_etag
        assert served_ics == (squad / "plans" / "ana" / "plan.ics").read_bytes()
        assert served_ics != before_ana["plan.ics"]
        assert state(squad, "ben") == before_ben  # nobody else's plan was touched
        assert not (squad / "plans" / "ben" / PlanFolder.CHECKINS).exists()
        assert request(server.port, f"/{ana}/")[0] == 200  # the page reads the new plan
    squad_plan_writes_nothing(runner, squad, "ana")


def test_an_athletes_file_edited_is_followed_at_start_and_while_serving(
    squad: Path, runner: CliRunner
) -> None:
    athletes = squad / "athletes"
    (athletes / "ana.yaml").write_text((athletes / "ana.yaml").read_text() + "weekly_volume: 25\n")
    with serving(squad) as server:
        said = read_until(server.process, "Listening on")
        ana, ben = token(squad, "ana"), token(squad, "ben")
        assert "2 athletes served; 1 rebuilt first" in said  # ana only: ben was current
        assert "weekly_volume: 25" in (squad / "plans" / "ana" / "profile.yaml").read_text()
        before = request(server.port, f"/{ben}/plan.ics")[2]
        ben_file = athletes / "ben.yaml"
        ben_file.write_text(ben_file.read_text().replace("Wed:", "Fri:"))
        after = request(server.port, f"/{ben}/plan.ics")[2]
        assert after != before
        assert after == (squad / "plans" / "ben" / "plan.ics").read_bytes()
        assert request(server.port, f"/{ana}/plan.ics")[0] == 200
    squad_plan_writes_nothing(runner, squad, "ben")
    squad_plan_writes_nothing(runner, squad, "ana")


def test_an_athletes_plan_alone_is_refused_with_the_way_to_serve_it(
    squad: Path, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["serve", str(squad / "plans" / "ana")])
    assert result.exit_code == 2
    assert "an athlete's plan in the squad" in result.stderr
    assert f"posecoach serve {squad}" in result.stderr
    assert "Traceback" not in result.stderr
