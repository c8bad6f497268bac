"""The fluent reviewer's section C of issue 28 (wording, dates, numbers, physio
content), through the commands a Polish runner types with --lang pl."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app

PROFILE = """\
name: Zofia
language: pl
start: 2026-10-05
timezone: Europe/Warsaw
days:
  Mon: "07:00"
  Wed: "18:30"
  Sat: "09:00"
sessions_per_week: 3
max_session_minutes: 45
background: returning
units: km
weekly_volume: 15.0
longest_run_30d: 8.0
baseline_cadence: 162
injuries: []
"""
NOW = "2026-11-10T10:00:00+00:00"


def _ok(runner: CliRunner, args: list[str]) -> str:
    """The command's output in Polish, its lines joined (help and tables wrap)."""
    result = runner.invoke(app, [*args, "--lang", "pl"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.fixture
def plan(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Zofia's Polish plan from 5 October, as the reviewer made it."""
    monkeypatch.setenv("POSECOACH_NOW", NOW)
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "plan"
    _ok(runner, ["plan", "--profile", str(profile), "--start", "2026-10-05", "--out", str(out)])
    return out


def test_help_wording(runner: CliRunner) -> None:
    checkin = _ok(runner, ["checkin", "--help"])
    assert "plan wznowi się tam, gdzie go przerwano" in checkin
    assert "zamiast zgłaszać błąd" in checkin
    assert "(maksymalny wysiłek)" in checkin
    assert "Był obrzęk." in checkin
    assert "opuchlizna" not in checkin
    assert "Zapisz jeden trening jako plik FIT" in _ok(runner, ["workout", "--help"])
    assert "(HTML do wydruku albo zapisu jako PDF)" in _ok(runner, ["sheet", "--help"])
    plan_help = _ok(runner, ["plan", "--help"])
    assert "Uruchomione ponownie w folderze planu, polecenie odbudowuje" in plan_help
    assert "treningu wykonywanego w rytm metronomu" in plan_help


def test_curriculum_wording(plan: Path) -> None:
    text = (plan / "plan.md").read_text(encoding="utf-8")
    for said in (
        "Deska boczna",
        "Opuszczanie miednicy (na stopniu)",
        "Unieś miednicę mięśniami biodra nogi podporowej",
        "z przytrzymaniem po 5 s",
        "łydki bolą powyżej 3/10",
        "żeby rozciągnąć mięsień płaszczkowaty",
        "Unoszenie bioder przez przeprost w odcinku lędźwiowym",
        "Stań przodostopiem na krawędzi stopnia",
        "podstawowe ćwiczenia na pośladki i boczną część biodra",
        "min biegu / 1 min marszu)",
    ):
        assert said in text, said
    for gone in ("Deska bokiem", "3 na 10", "rozciągnąć niżej", "min bieg /", "lędźwiami"):
        assert gone not in text, gone


def test_an_achilles_flare_wording(runner: CliRunner, plan: Path) -> None:
    """Heel drops left out for the tendon (not 'because running is paused'), the
    mid-week change dated, the clearance note with the rule's 3/10, en-dash spans."""
    said = _ok(
        runner,
        [
            "checkin",
            "--dir",
            str(plan),
            "--date",
            "2026-10-14",
            "--cadence",
            "171",
            "--pain",
            "7",
            "--where",
            "achilles",
            "--settled-next-morning",
            "no",
        ],
    )
    assert "Tygodnie 2–5, już za tobą, zmienione tylko w zapisie planu" in said
    text = (plan / "plan.md").read_text(encoding="utf-8")
    assert "Opuszczanie pięt z ugiętym kolanem (oszczędzamy: ścięgno Achillesa)." in text
    assert "bieganie jest wstrzymane" not in text
    assert "Zmiana po wpisie z 14 października (ścięgno Achillesa)." in text
    _ok(runner, ["checkin", "--dir", str(plan), "--date", "2026-10-19", "--cleared", "fizjo"])
    text = (plan / "plan.md").read_text(encoding="utf-8")
    assert "każdy etap przebiegnij dwa razy z bólem najwyżej 3/10, który mija" in text
    assert "dwa razy bez bólu" not in text


def test_one_week_over_is_singular(runner: CliRunner, plan: Path) -> None:
    said = _ok(
        runner,
        [
            "checkin",
            "--dir",
            str(plan),
            "--date",
            "2026-10-31",
            "--cadence",
            "170",
            "--pain",
            "5",
            "--where",
            "calf",
        ],
    )
    assert "Tydzień 5, już za tobą, zmieniony tylko w zapisie planu" in said


def test_progress_and_checkins_tables(runner: CliRunner, plan: Path) -> None:
    _ok(runner, ["checkin", "--dir", str(plan), "--date", "2026-10-12", "--missed"])
    _ok(
        runner,
        [
            "checkin",
            "--dir",
            str(plan),
            "--date",
            "2026-10-10",
            "--cadence",
            "170",
            "--pain",
            "4",
            "--where",
            "calf",
        ],
    )
    progress = _ok(runner, ["progress", "--dir", str(plan)])
    assert "w02-s1 (opuszczony)" in progress
    assert "4/10 (łydka)" in progress
    assert "zwykła kadencja" in progress
    checkins = _ok(runner, ["checkins", "--dir", str(plan)])
    assert "pon. 12 paź" in checkins
    assert "sob. 10 paź" in checkins
    assert "…" not in checkins


def test_errors_wording(runner: CliRunner, plan: Path, tmp_path: Path) -> None:
    future = runner.invoke(
        app, ["checkin", "--dir", str(plan), "--date", "2026-12-01", "--cadence", "170"]
    )
    assert future.exit_code == 2
    assert "2026-12-01 to data z przyszłości (dziś jest 2026-11-10" in future.output
    assert "opuszczony trening zapisz wtedy z --missed" in future.output
    nine = tmp_path / "nine.yaml"
    nine.write_text(PROFILE.replace("sessions_per_week: 3", "sessions_per_week: 9"))
    checked = runner.invoke(app, ["validate", str(nine), "--lang", "pl"])
    assert checked.exit_code == 2
    assert "sprawdzony jako profil\n" in checked.output
    assert "sessions_per_week: 9 to za dużo: najwyżej 7" in checked.output
