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
