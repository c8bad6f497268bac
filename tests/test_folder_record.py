"""The plan folder remembers what its plan was built from: a choice given once stays
through every rebuild (check-ins from the terminal or the phone, `plan`, the
server's), and a missing or damaged input or output is named or faithfully
rebuilt, never replaced by a default."""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pytest
from serving import request, serving
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder import checkin_log
from posecoach.folder.freshness import legacy_fingerprint
from posecoach.folder.plan_file import parse_plan_file, parse_plan_header
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.snapshot import Snapshot
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# The runner's profile names a start of its own (Mon 14 Dec); the plan is made to
# start a fortnight earlier with --start, as in the issue.
PROFILE = (DATA / "regular-runner.yaml").read_text() + "start: 2026-12-14\n"
GIVEN, OWN = "2026-11-30", "2026-12-14"


def unfolded(ics: Path) -> str:
    return ics.read_bytes().decode().replace("\r\n ", "")


def start_of(folder: Path) -> str:
    return parse_plan_header((folder / "plan.yaml").read_text()).start.isoformat()


def ok(runner: CliRunner, *args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout + result.stderr


@pytest.fixture
def early(tmp_path: Path, runner: CliRunner) -> Path:
    """A plan made to start on 30 Nov, though the profile says 14 Dec."""
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE)
    folder = tmp_path / "plan"
    ok(runner, "plan", "-p", profile, "--start", GIVEN, "-o", folder)
    assert start_of(folder) == GIVEN
    return folder


def test_start_given_once_is_kept_through_a_checkin_and_a_plain_plan(
    early: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = ok(runner, "checkin", "-d", early, "--date", "2026-12-02", "--rpe", "3")
    assert "outside this plan" not in said
    assert start_of(early) == GIVEN
    monkeypatch.chdir(early)
    said = ok(runner, "plan")
    assert start_of(early) == GIVEN
    assert "moved" not in said
    [logged] = checkin_log.read(early / PlanFolder.CHECKINS).checkins
    assert logged.session == "sam-example-w01-s2"  # the runner's session, in the runner's plan


def test_start_given_once_is_kept_through_a_phone_checkin_and_the_servers_rebuild(
    early: Path,
) -> None:
    with serving(early) as server:
        token = read_token(PlanFolder(early))
        assert token is not None
        key = parse_plan_file((early / "plan.yaml").read_text()).sessions[1].key
        fields = {"status": "done", "rpe": "4", "csrf": form_token(token, key)}
        body = urllib.parse.urlencode(fields).encode()
        status, _, page = request(server.port, f"/{token}/checkin/{key}", "POST", FORM, body)
        assert status == 200, page[:400]
        assert b"Logged" in page
        assert start_of(early) == GIVEN
        # An edit of the profile (not of its start): the server rebuilds on the next request.
        profile = early / PlanFolder.PROFILE
        profile.write_text(
            profile.read_text().replace("max_session_minutes: 60", "max_session_minutes: 50")
        )
        status, _, ics = request(server.port, f"/{token}/plan.ics")
        assert status == 200
        assert ics == (early / "plan.ics").read_bytes()
        assert "max_session_minutes: 50" in (early / PlanFolder.PROFILE).read_text()
        assert not PlanFolder(early).is_stale()  # rebuilt from the edit...
        assert start_of(early) == GIVEN  # ...and still from the start given
    assert len(checkin_log.read(early / PlanFolder.CHECKINS).checkins) == 1


def test_a_choice_given_again_moves_it_and_says_so(early: Path, runner: CliRunner) -> None:
    said = ok(runner, "plan", "-d", early, "--start", "2026-12-07", "--weeks", "10")
    assert "the start moved from Mon 30 Nov to Mon 7 Dec (as given with --start)" in said
    assert "the plan is 10 weeks now, not 12" in said
    ok(runner, "checkin", "-d", early, "--date", "2026-12-09", "--rpe", "3")
    header = parse_plan_header((early / "plan.yaml").read_text())
    assert (header.start.isoformat(), header.weeks) == ("2026-12-07", 10)
    # An edit of the profile's own start is the newer choice: it moves the plan, said.
    profile = early / PlanFolder.PROFILE
    profile.write_text(profile.read_text().replace(f"start: {OWN}", "start: 2026-12-21"))
    said = ok(runner, "show", "-d", early)
    assert "the start moved from Mon 7 Dec to Mon 21 Dec (the profile's start changed)" in said
    assert start_of(early) == "2026-12-21"


def test_calendar_and_paper_options_stay_for_later_rebuilds(early: Path, runner: CliRunner) -> None:
    said = ok(runner, "plan", "-d", early, "--paper", "letter", "--all-day", "--reminder", "30")
    assert "the sheets are on letter paper now, not a4 (as given with --paper)" in said
    assert "the calendar has all-day events now" in said
    assert "reminder is 30 minutes before a session now, not none" in said
    said = ok(runner, "checkin", "-d", early, "--date", "2026-12-02", "--rpe", "3")
    assert "as given" not in said  # kept, not given again: nothing moved
    assert "size: letter" in (early / "plan.html").read_text()
    ics = (early / "plan.ics").read_text()
    assert "DTSTART;VALUE=DATE:" in ics
    assert "TRIGGER:-PT30M" in ics
    ok(runner, "plan", "-d", early, "--timed")
    assert "DTSTART;VALUE=DATE:" not in (early / "plan.ics").read_text()
    assert "TRIGGER:-PT30M" in (early / "plan.ics").read_text()


# ------------------------------------------------------------------ each file deleted


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan folder from the runner's own curriculum, rules and profile, with two
    check-ins and a week's sheet."""
    root = tmp_path_factory.mktemp("record")
    runner = CliRunner()
    (root / "rules.yaml").write_text("cadence:\n  tolerance_percent: 3\n")
    folder = root / "plan"
    ok(
        runner, "plan", "-p", DATA / "regular-runner.yaml", "-c", DATA / "mini-curriculum.yaml",
        "--rules", root / "rules.yaml", "--start", "2027-01-04", "-o", folder,
    )  # fmt: skip
    for day in ("2027-01-04", "2027-01-06"):
        ok(runner, "checkin", "-d", folder, "--date", day, "--cadence", "166", "--rpe", "4")
    ok(runner, "sheet", "-d", folder, "--week", "2")
    ok(runner, "checkin", "-d", folder, "--date", "2027-01-09", "--rpe", "3")  # sheet recorded
    return folder


INPUTS = (PlanFolder.PROFILE, PlanFolder.CHECKINS, PlanFolder.RULES, PlanFolder.CURRICULUM)
OUTPUTS = (
    PlanFolder.PLAN, PlanFolder.MARKDOWN, PlanFolder.HTML, PlanFolder.ICS, "week-02.html",
    PlanFolder.RECORD, PlanFolder.COPIES,
)  # fmt: skip
# Every command that works on a plan folder, those that only read first.
COMMANDS = (
    ["show"], ["show", "--week", "2"], ["today", "--date", "2027-01-11"], ["explain"],
    ["progress"], ["checkins"], ["sheet", "--week", "1"], ["feed", "token"],
    ["metronome", "--session", "sam-example-w02-s2", "--out", "{tmp}/click.wav"],
    ["checkin", "--date", "2027-01-11", "--rpe", "3"], ["checkin", "--undo"], ["plan"],
)  # fmt: skip


def faithful(folder: Path, base: Path) -> None:
    """The folder's plan is the runner's: their name, curriculum, start and check-ins."""
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    assert (plan.runner, plan.curriculum, plan.start.isoformat()) == (
        "Sam Example", "mini", "2027-01-04",
    )  # fmt: skip
    assert (folder / PlanFolder.PROFILE).read_bytes() == (base / PlanFolder.PROFILE).read_bytes()
    assert "cadence:\n  tolerance_percent: 3" in (folder / PlanFolder.RULES).read_text()
    logged = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
    assert [c.date.isoformat() for c in logged][:3] == ["2027-01-04", "2027-01-06", "2027-01-09"]


@pytest.mark.parametrize("name", INPUTS)
def test_an_input_deleted_is_named_by_every_command_and_repair_puts_it_back(
    base: Path, tmp_path: Path, runner: CliRunner, name: str
) -> None:
    folder = shutil.copytree(base, tmp_path / "plan")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (folder / name).unlink()
    for args in COMMANDS:
        args = [a.format(tmp=tmp_path) for a in args]
        result = runner.invoke(app, [*args, "-d", str(folder)])
        said = result.output
        if name == PlanFolder.RULES and args == ["plan"]:
            # Run by hand, plan takes a rules.yaml removed as meant, and says so.
            assert result.exit_code == 0, said
            assert "the plan now follows the shipped progression rules" in said
            continue
        assert result.exit_code == 2, (args, said)
        assert f"{name} is missing" in said, (args, said)
        assert "posecoach repair" in said
        assert "Traceback" not in said
        assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == {
            n: data for n, data in before.items() if n != name
        }, args  # nothing written, nothing replaced
    if name == PlanFolder.RULES:
        return
    said = ok(runner, "repair", "-d", folder)
    assert f"Put back {name}" in said
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    faithful(folder, base)


@pytest.mark.parametrize("name", OUTPUTS)
def test_an_output_deleted_is_rebuilt_faithfully_and_said(
    base: Path, tmp_path: Path, runner: CliRunner, name: str
) -> None:
    folder = shutil.copytree(base, tmp_path / "plan")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (folder / name).unlink()
    for number, args in enumerate(COMMANDS):
        args = [a.format(tmp=tmp_path) for a in args]
        result = runner.invoke(app, [*args, "-d", str(folder)])
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        if number == 0 and name.startswith("week-"):
            # A sheet the runner removed is not wanted any more: nothing to rebuild.
            assert "rebuilt" not in result.output
            assert not (folder / name).exists()
        elif number == 0 and name == PlanFolder.RECORD:
            # As an older version's folder without its digest: rebuilt from plan.yaml.
            assert "rebuilt it first" in result.output
        elif number == 0:
            assert f"{name} was missing" in result.output
            assert "rebuilt it first" in result.output
        if number == 0:  # the same files as before, byte for byte
            after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
            expected = {n: d for n, d in before.items() if not n.startswith("week-02")}
            kept = {n: after.get(n) for n in expected if n != PlanFolder.RECORD}
            assert kept == {n: d for n, d in expected.items() if n != PlanFolder.RECORD}
        faithful(folder, base)


def test_a_folder_without_its_outputs_still_knows_its_plan(
    base: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """Every output gone, plan.yaml too: the record and the inputs rebuild it all."""
    folder = shutil.copytree(base, tmp_path / "plan")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    for name in (PlanFolder.PLAN, PlanFolder.MARKDOWN, PlanFolder.HTML, PlanFolder.ICS):
        (folder / name).unlink()
    said = ok(runner, "today", "-d", folder, "--date", "2027-01-11")
    assert "plan.html, plan.ics, plan.md and plan.yaml were missing" in said
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_dir_at_the_folder_that_holds_posecoach_plan_uses_it(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ok(runner, "plan", "-p", DATA / "regular-runner.yaml", "--start", "2027-01-04")
    monkeypatch.chdir(tmp_path.parent)
    said = ok(runner, "show", "--dir", tmp_path)
    assert (
        f"{tmp_path} holds no plan itself: using the one in {tmp_path / 'posecoach-plan'}" in said
    )
    assert "Sam Example" in said
    for args in (["checkin", "--date", "2027-01-06", "--rpe", "3"], ["plan"]):
        said = ok(runner, *args, "--dir", tmp_path)
        assert f"{tmp_path} holds no plan itself: using the one in" in said
    assert not (tmp_path / "plan.yaml").exists()  # no second plan beside the runner's
    assert len(checkin_log.read(tmp_path / "posecoach-plan" / PlanFolder.CHECKINS).checkins) == 1


def test_an_older_versions_folder_is_read_as_before_and_gets_a_record(
    early: Path, runner: CliRunner
) -> None:
    """No record, a .posecoach-built digest: read as it was; the next build records."""
    (early / PlanFolder.RECORD).unlink()
    (early / PlanFolder.COPIES).unlink()
    (early / PlanFolder.BUILT).write_text(legacy_fingerprint(Snapshot(PlanFolder(early))))
    said = ok(runner, "show", "-d", early)
    assert "rebuilt" not in said
    ok(runner, "checkin", "-d", early, "--date", "2026-12-02", "--rpe", "3")
    assert (early / PlanFolder.RECORD).is_file()
    assert not (early / PlanFolder.BUILT).exists()
    assert start_of(early) == GIVEN  # an older folder's start is its plan's, as promised


def test_a_feed_token_deleted_is_made_anew_and_the_calendar_links_follow(
    early: Path, runner: CliRunner
) -> None:
    profile = early / PlanFolder.PROFILE
    profile.write_text(profile.read_text() + "calendar: {public_url: coach.example.org}\n")
    ok(runner, "plan", "-d", early)
    old = read_token(PlanFolder(early))
    assert old is not None
    assert f"/{old}/checkin/" in unfolded(early / "plan.ics")
    (early / PlanFolder.TOKEN).unlink()
    said = ok(runner, "feed", "token", "-d", early)
    new = read_token(PlanFolder(early))
    assert new is not None
    assert new != old
    assert f"/{new}/plan.ics" in said
    ics = unfolded(early / "plan.ics")
    assert f"/{new}/checkin/" in ics
    assert old not in ics
