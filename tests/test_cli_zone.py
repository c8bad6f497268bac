"""The system's time zone: found portably, the default in init and for a profile that
names none, kept by a plan once built, and named in plan's summary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.commands.zone import SystemZone, system_zone
from posecoach.folder.plan_file import parse_plan_header

NO_ZONE = """name: Kai
days: {Mon: '07:00', Wed: '18:30', Sat: '09:00'}
sessions_per_week: 3
max_session_minutes: 45
background: returning
weekly_volume: 15
longest_run_30d: 6
"""


@pytest.fixture
def nowhere(tmp_path: Path) -> dict[str, Path]:
    """A /etc/localtime and /etc/timezone that are not there."""
    return {"localtime": tmp_path / "no-localtime", "timezone_file": tmp_path / "no-timezone"}


@pytest.mark.parametrize(
    ("variable", "zone"),
    [
        ("Europe/Paris", "Europe/Paris"),
        (":Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_the_tz_variable(variable: str, zone: str, nowhere: dict[str, Path]) -> None:
    assert system_zone({"TZ": variable}, **nowhere) == SystemZone(zone, "the TZ variable")


def test_the_localtime_link_then_the_timezone_file(
    tmp_path: Path, nowhere: dict[str, Path]
) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/var/db/timezone/zoneinfo/America/Chicago")  # macOS's layout
    found = system_zone({"TZ": "CET-1CEST"}, localtime=link, timezone_file=nowhere["timezone_file"])
    assert found == SystemZone("America/Chicago", str(link))
    named = tmp_path / "timezone"
    named.write_text("Australia/Perth\n")
    found = system_zone({}, localtime=nowhere["localtime"], timezone_file=named)
    assert found == SystemZone("Australia/Perth", str(named))


def test_nothing_found_is_utc_and_says_so(tmp_path: Path, nowhere: dict[str, Path]) -> None:
    (tmp_path / "timezone").write_text("Not/AZone\n")
    found = system_zone({"TZ": "nonsense"}, nowhere["localtime"], tmp_path / "timezone")
    assert found == SystemZone("UTC", None)
    assert found.note == "the system's time zone could not be told"


def plan(runner: CliRunner, tmp_path: Path, zone: str, *extra: str) -> tuple[str, str]:
    profile = tmp_path / "kai.yaml"
    profile.write_text(NO_ZONE)
    args = ["plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(tmp_path / "p")]
    result = runner.invoke(app, [*args, *extra], env={"TZ": zone})
    assert result.exit_code == 0, result.stderr
    header = parse_plan_header((tmp_path / "p" / "plan.yaml").read_text())
    assert header.timezone is not None
    return header.timezone, result.stdout


def test_a_profile_with_no_zone_gets_the_systems_and_keeps_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    zone, out = plan(runner, tmp_path, "Asia/Tokyo")
    assert zone == "Asia/Tokyo"
    assert "Times are in Asia/Tokyo (your system's zone; the profile names none)." in out
    # Rebuilt on a machine in another zone, the plan keeps its zone.
    zone, out = plan(runner, tmp_path, "America/Chicago")
    assert zone == "Asia/Tokyo"
    assert "(the zone the plan was first built in; the profile names none)" in out


def test_a_profiles_own_zone_wins(regular_plan: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "-o", str(regular_plan)], env={"TZ": "Asia/Tokyo"})
    assert "Times are in Europe/Berlin.\n" in result.stdout


def test_no_system_zone_is_utc_and_the_summary_says_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("posecoach.cli.plans.system_zone", lambda: SystemZone("UTC", None))
    zone, out = plan(runner, tmp_path, "")
    assert zone == "UTC"
    assert "Times are in UTC (the system's time zone could not be told;" in out


def test_init_defaults_to_the_systems_zone(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    args = ["init", "--no-interactive", "--out", str(target), "--name", "Kai"]
    result = runner.invoke(app, args, env={"TZ": "Asia/Tokyo"})
    assert result.exit_code == 0, result.stderr
    assert "Time zone: Asia/Tokyo (your system's zone; choose another with --timezone)" in (
        result.stdout
    )
    assert yaml.safe_load(target.read_text())["timezone"] == "Asia/Tokyo"


def test_init_flags_are_read_like_answers(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    args = ["init", "--out", str(target), "--timezone", "europe/london", "--units", "miles",
            "--start", "4 Jan 2027"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "Time zone:" not in result.stdout
    data = yaml.safe_load(target.read_text())
    assert (data["timezone"], data["units"], str(data["start"])) == (
        "Europe/London", "mi", "2027-01-04",
    )  # fmt: skip
    result = runner.invoke(
        app, ["init", "--out", str(tmp_path / "x.yaml"), "--timezone", "Europe/Londn"]
    )
    assert result.exit_code == 2
    assert "--timezone: 'Europe/Londn' is not an IANA time zone" in result.stderr
    assert "did you mean 'Europe/London'?" in result.stderr
    result = runner.invoke(
        app, ["init", "--out", str(tmp_path / "x.yaml"), "--start", "04/01/2027"]
    )
    assert result.exit_code == 2
    assert "--start: '04/01/2027' reads two ways" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
