"""The fluent Polish reviewer's findings on the CLI's edge (issue 28, section A):
help and usage errors in a Polish plan folder, a Polish profile's errors, validate's
lists and hints, help texts and metavars, init's prompts, the today hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from leaks import english, leaks
from typer.testing import CliRunner

from posecoach.cli import app

PLAIN = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def built_polish_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("polish") / "posecoach-plan"
    args = ["plan", "--lang", "pl", "--start", "2027-01-04", "-o", str(out)]
    result = CliRunner().invoke(app, args, env=PLAIN)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def polish_plan(tmp_path: Path, built_polish_plan: Path) -> Path:
    return Path(shutil.copytree(built_polish_plan, tmp_path / "posecoach-plan"))


def _run(args: list[str], **kwargs: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, env=PLAIN, **kwargs)  # type: ignore[arg-type]
    return result.exit_code, result.stdout + result.stderr


# ------------------------------------------------------------- the folder's language

LINES = [
    ["today", "--help"],
    ["show", "--bogus"],
    ["explain", "own_running"],
    ["show", "--week", "abc"],
]


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_help_and_usage_errors_in_a_polish_folder_are_polish(
    polish_plan: Path, monkeypatch: pytest.MonkeyPatch, line: list[str]
) -> None:
    monkeypatch.chdir(polish_plan)
    _code, said = _run(line)
    assert leaks(said, english()) == [], said
    assert ("Użycie:" in said) or ("błąd:" in said), said


def test_a_folder_named_with_dir_speaks_its_language(polish_plan: Path, tmp_path: Path) -> None:
    _code, said = _run(["show", "--bogus", "-d", str(polish_plan)])
    assert "błąd: --bogus: posecoach show nie ma takiej opcji" in said
    _code, said = _run(["today", f"--dir={polish_plan}", "--help"])
    assert "Użycie: posecoach today" in said


def test_lang_still_wins_and_a_damaged_folder_falls_back(
    polish_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(polish_plan)
    _code, said = _run(["show", "--bogus", "--lang", "en"])
    assert "error: --bogus: posecoach show has no such option" in said
    (polish_plan / ".posecoach-record").write_text("{not json")
    _code, said = _run(["today", "--help"])
    assert "Usage: posecoach today" in said


# ------------------------------------------------------------- a Polish profile's errors

BAD_POLISH_PROFILE = """\
name: Ala
language: pl
start: 2027-02-30
weekly_volume: -3
baseline_cadence: 400
"""


def test_a_polish_profiles_errors_are_polish(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(BAD_POLISH_PROFILE)
    args = ["plan", "--profile", str(profile), "-o", str(tmp_path / "out")]
    code, said = _run(args)
    assert code == 2
    assert "brakuje wymaganego klucza" in said, said
    assert "niczego nie zapisano" in said, said
    assert "required key is missing" not in said
    assert "nothing was written" not in said
    assert not (tmp_path / "out").exists()
    _code, said = _run([*args, "--lang", "en"])  # --lang wins
    assert "required key is missing" in said
    assert "nothing was written" in said


# ------------------------------------------------------------- validate's lists and hints

LISTED_PROFILE = """\
name: Ala
language: pl
sessions_per_week: 3
max_session_minutes: 40
background: new
weekly_volume: 5
injuries:
  - region: knee
    kind: strain
    current: tak
units: kilometrz
long_run_day: Fry
"""


def test_validates_lists_and_hints_are_polish(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(LISTED_PROFILE)
    code, said = _run(["validate", "--lang", "pl", str(profile)])
    assert code == 2
    assert "'Fri', 'Sat' lub 'Sun'" in said
    assert "dodaj go: dni tygodnia, w które możesz trenować" in said
    assert "najdłuższy bieg z ostatnich 30 dni" in said
    assert "czy chodziło o 'km'?" in said  # the value itself, not another spelling of it
    assert "'tak' to nie true ani false" in said
    assert "wpisz true albo false" in said
    assert leaks(said, english()) == [], said


def test_english_lists_and_polish_units(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(LISTED_PROFILE)
    _code, said = _run(["validate", "--lang", "en", str(profile)])
    assert "'Fri', 'Sat' or 'Sun'" in said
    assert "hint: did you mean 'km'?" in said
    profile.write_text(LISTED_PROFILE.replace("kilometrz", "kilometry"))
    _code, said = _run(["validate", "--lang", "en", str(profile)])
    assert ": units:" not in said  # Polish spellings of the units are read too


# ------------------------------------------------------------- help texts and metavars


def test_help_examples_and_json_keys_are_polish() -> None:
    _code, said = _run(["checkin", "--help", "--lang", "pl"])
    assert "--note 'grypa z gorączką'" in said
    assert "--cleared 'fizjoterapeuta, 12 lut'" in said
    for command in ("progress", "checkins", "form", "show", "today"):
        _code, said = _run([command, "--help", "--lang", "pl"])
        assert "(each:" not in said, command
        assert "each value" not in said, command
    _code, said = _run(["checkins", "--help", "--lang", "pl"])
    assert "zapis z dziennika" in " ".join(said.split())


@pytest.mark.parametrize(
    ("command", "english", "polish"),
    [
        (["workout"], "[[SESSION]]", "[[TRENING]]"),
        (["validate"], "{FILE}...", "{PLIK}..."),
        (["form"], "[CLIP]", "[NAGRANIE]"),
        (["schema"], "{kind}", "{rodzaj}"),
        (["serve"], "[folders]...", "[foldery]..."),
        (["squad", "plan"], "[[DIR]]", "[[FOLDER]]"),
    ],
)
def test_metavars_are_polish(command: list[str], english: str, polish: str) -> None:
    _code, said = _run([*command, "--help", "--lang", "pl"])
    assert polish in said
    assert english not in said
    _code, said = _run([*command, "--help", "--lang", "en"])
    assert english in said


def test_curricula_and_today_hints_say_their_placeholders_in_polish(
    polish_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(polish_plan)
    _code, said = _run(["curricula"])
    assert "posecoach plan --curriculum NAZWA" in said
    monkeypatch.setenv("POSECOACH_NOW", "2027-01-05T12:00:00")  # a session's day
    _code, said = _run(["today"])
    assert "posecoach checkin --cadence KADENCJA --rpe 0-10" in said


# ------------------------------------------------------------- init's prompts


def test_init_in_polish_offers_polish_defaults_and_reads_polish_weekdays(tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    answers = "\n\n\npon 07:00, Śr 18:30, sob. 9:00\n" + "\n" * 8
    args = ["init", "--lang", "pl", "--interactive", "-o", str(out)]
    code, said = _run(args, input=answers)
    assert code == 0, said
    assert "[Biegacz]" in said
    assert "[wt 18:30, czw 18:30, sob 09:00]" in said
    assert "(np. pon 07:00, śr 18:30, sob 09:00)" in said
    text = out.read_text()
    assert 'Mon: "07:00"' in text
    assert 'Wed: "18:30"' in text
    assert 'Sat: "09:00"' in text


def test_init_in_english_keeps_its_defaults_and_english_weekdays(tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    args = ["init", "--lang", "en", "--interactive", "-o", str(out)]
    code, said = _run(args, input="\n\n\nMon 07:00, wednesday 18:30\n" + "\n" * 8)
    assert code == 0, said
    assert "[Runner]" in said
    assert "[Tue 18:30, Thu 18:30, Sat 09:00]" in said
    assert 'Wed: "18:30"' in out.read_text()


@pytest.mark.parametrize(("lang", "aborted"), [("pl", "Przerwano."), ("en", "Aborted!")])
def test_init_ended_with_ctrl_d_says_so_in_its_language(
    tmp_path: Path, lang: str, aborted: str
) -> None:
    out = tmp_path / "profile.yaml"
    args = ["init", "--lang", lang, "--interactive", "-o", str(out)]
    code, said = _run(args, input="Ala\n")
    assert code == 1
    assert said.rstrip().endswith(aborted)
    assert not out.exists()


def test_today_after_the_plan_writes_the_date_as_its_help_does(
    polish_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(polish_plan)
    monkeypatch.setenv("POSECOACH_NOW", "2027-06-01T12:00:00")  # after the plan's end
    _code, said = _run(["today"])
    assert "posecoach plan --start RRRR-MM-DD" in said
    _code, said = _run(["today", "--lang", "en"])
    assert "posecoach plan --start YYYY-MM-DD" in said


def test_validate_says_a_polish_profiles_problems_in_polish(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(BAD_POLISH_PROFILE)
    code, said = _run(["validate", str(profile)])
    assert code == 2
    assert "sprawdzony jako profil" in said
    assert "brakuje wymaganego klucza" in said
    assert leaks(said, english()) == [], said
    _code, said = _run(["validate", "--lang", "en", str(profile)])
    assert "required key is missing" in said
