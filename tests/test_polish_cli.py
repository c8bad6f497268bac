"""The command line in Polish: every command's --help (typer's own words too) and what
the commands print, with no English left (tests/leaks.py); English unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from leaks import english, leaks
from typer.main import get_command
from typer.testing import CliRunner

from posecoach.cli import app


def _paths(command: object, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*prefix, name))


COMMANDS = list(_paths(get_command(app)))


def polish_leaks(text: str) -> list[str]:
    """Leaks, but not in what a user types: the examples' command lines, and the
    commands a help names (`pip install ...`) stay as they are typed."""
    said = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("posecoach ")
    )
    return [piece for piece in leaks(said, english()) if not piece.startswith("pip install")]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "posecoach")
def test_every_help_in_polish(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(app, ["--lang", "pl", *path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Użycie: posecoach")
    assert "Opcje:" in result.output
    assert "Pokaż tę pomoc i zakończ." in result.output
    assert polish_leaks(result.output) == []


def test_help_before_lang_is_polish_too(runner: CliRunner) -> None:
    """--help is eager and may come first: the help still speaks the language asked for."""
    result = runner.invoke(app, ["plan", "--help", "--lang", "pl"])
    assert result.exit_code == 0
    assert "Użycie: posecoach plan [OPCJE]" in result.output
    assert "Zbuduj plan rozpisany na dni" in result.output
    assert "-w, --weeks <liczba całkowita>" in result.output
    assert "Przykłady:\n    posecoach plan\n" in result.output
    assert polish_leaks(result.output) == []


def test_help_notes_and_command_list_in_polish(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang=pl", "--help"])
    assert "Polecenia:\n  plan       Zbuduj plan" in result.output
    serve = runner.invoke(app, ["serve", "--help", "--lang", "pl"]).output
    assert "[domyślnie: 8080]" in serve
    schema = runner.invoke(app, ["schema", "--help", "--lang", "pl"]).output
    assert "Argumenty:" in schema
    assert "[wymagane]" in schema


def test_english_help_unchanged(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.output.startswith("Usage: posecoach [OPTIONS] COMMAND [ARGS]...")
    assert "\nCommands:\n  plan       Build a dated plan and write plan.yaml" in result.output
    assert "  -h, --help            Show this message and exit." in result.output
    plan = runner.invoke(app, ["plan", "--help", "--lang", "en"]).output
    assert "-w, --weeks <int>            Plan length in weeks." in plan
    assert "Examples:\n    posecoach plan\n" in plan
    serve = runner.invoke(app, ["serve", "--help"]).output
    assert "[default: 8080]" in serve


# ------------------------------------------------------------------ what commands print


def _polish_plan(runner: CliRunner, out: object) -> None:
    result = runner.invoke(
        app, ["plan", "--start", "2026-12-14", "--out", str(out), "--lang", "pl"]
    )
    assert result.exit_code == 0, result.output
    assert "12 tygodni, 36 treningów" in result.output
    assert "Zapisano: " in result.output
    assert "Pierwszy trening: wtorek, 15 grudnia, 18:30, Stopa i Pose." in result.output
    assert polish_leaks(result.output) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["show"], "→ ten tydzień."),
        (["show", "--week", "1"], "Docelowa kadencja: "),
        (["today"], "Następny: czwartek, 17 grudnia, 18:30 (jutro)"),
        (["explain"], "Zmiana"),
        (["progress"], "Jeszcze nie ma wpisów."),
        (["checkins"], "Jeszcze nie ma wpisów."),
        (["sheet", "--week", "1"], "Wydrukuj z przeglądarki albo do PDF."),
        (["repair"], "Nie ma czego naprawiać"),
    ],
)
def test_reading_commands_speak_the_plans_polish(
    runner: CliRunner,
    tmp_path: object,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    said: str,
) -> None:
    """The folder remembers Polish: each command speaks it with no --lang."""
    from pathlib import Path

    monkeypatch.setenv("POSECOACH_NOW", "2026-12-16T09:00:00+00:00")  # in the plan's week 1
    out = Path(str(tmp_path)) / "plan"
    _polish_plan(runner, out)
    result = runner.invoke(app, [*args, "--dir", str(out)])
    assert result.exit_code == 0, result.output
    assert said in result.output
    shown = result.output
    if args == ["explain"]:  # the rules' own summaries are the rules file's words
        shown = "\n".join(line for line in shown.splitlines() if not line.startswith("Reguła"))
    assert polish_leaks(shown) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["plan", "--week", "3"], "błąd: --week: posecoach plan nie ma takiej opcji"),
        (
            ["plann"],
            "błąd: plann: posecoach nie ma takiego polecenia\n  podpowiedź: czy chodziło o 'plan'?",
        ),
        (["plan", "--weeks", "abc"], "'abc' to nie liczba całkowita\n  podpowiedź: wpisz liczbę"),
        (
            ["schema"],
            "posecoach schema potrzebuje KIND\n  podpowiedź: uruchom tak: posecoach schema [OPCJE]",
        ),
        (["init", "--no-interactive", "--start", "2027-02-30"], "luty 2027 ma 28 dni"),
        (
            ["init", "--no-interactive", "--timezone", "Europe/Warsawa"],
            "to nie strefa czasowa IANA",
        ),
    ],
)
def test_mistakes_said_in_polish(runner: CliRunner, args: list[str], said: str) -> None:
    """Usage errors and the checks of values: the sentence and hint in Polish, their
    prefixes as git's Polish says them (`błąd: --flag:`, `podpowiedź:`), the exit code
    as in English."""
    result = runner.invoke(app, [*args, "--lang", "pl"])
    assert result.exit_code == 2
    assert said in result.stderr
    assert "error:" not in result.stderr
    assert "hint:" not in result.stderr
    assert polish_leaks(result.stderr) == []


def test_a_file_with_problems_in_polish(runner: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    profile = Path(str(tmp_path)) / "profile.yaml"
    profile.write_text("name: Ala\nsessions_per_week: three\ncolour: blue\n")
    result = runner.invoke(app, ["validate", str(profile), "--lang", "pl"])
    assert result.exit_code == 2
    assert "'three' to nie liczba całkowita" in result.stderr
    assert "nieznany klucz" in result.stderr
    assert "7 problemów w 1 pliku." in result.stderr
    assert "\n  podpowiedź: " in result.stderr
    assert "hint:" not in result.stderr
    assert polish_leaks(result.stderr) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["drills"], "38 ćwiczeń"),
        (["drills", "wall-fall"], "Obciążenie  kostka, łydka"),
        (["curricula"], "Wbudowane programy"),
        (["sources"], "pokazuje jedno w całości."),
        (["sources", "S55"], "Cytowane przez"),
    ],
)
def test_library_in_polish(runner: CliRunner, args: list[str], said: str) -> None:
    result = runner.invoke(app, [*args, "--lang", "pl"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert polish_leaks(result.output) == []


def test_init_and_the_squad_in_polish(runner: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    made = runner.invoke(
        app, ["init", "--out", str(folder / "p.yaml"), "--no-interactive", "--lang", "pl"]
    )
    assert made.exit_code == 0, made.output
    assert "Zanim zaczniesz:" in made.output
    squad = folder / "club"
    said = []
    for command in (["init"], ["plan"], ["status"]):
        result = runner.invoke(app, ["squad", *command, str(squad), "--lang", "pl"])
        assert result.exit_code == 0, result.output
        said.append(result.output)
    assert "Edytuj je, a potem zbuduj plan każdego zawodnika" in said[0]
    assert "Grupa " in said[1]
    assert "najpierw ci, którzy cię potrzebują" in said[2]
    assert polish_leaks("\n".join([made.output, *said])) == []


def test_a_bad_profile_stops_the_plan_in_polish(runner: CliRunner, tmp_path: object) -> None:
    """Each problem with its line and key, the sentence and hint in Polish, the count in
    its Polish form; nothing written."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    profile = folder / "profile.yaml"
    profile.write_text(PROFILE_WITH_PROBLEMS)
    result = runner.invoke(
        app, ["plan", "--profile", str(profile), "--out", str(folder / "out"), "--lang", "pl"]
    )
    assert result.exit_code == 2
    assert "profile.yaml:2: sessions_per_week: 'nine' to nie liczba całkowita" in result.stderr
    assert "  podpowiedź: wpisz liczbę całkowitą od 1 do 7" in result.stderr
    assert "problemów; niczego nie zapisano." in result.stderr
    assert not (folder / "out").exists()


PROFILE_WITH_PROBLEMS = "name: Ala\nsessions_per_week: nine\n"


def test_progress_with_a_check_in_in_polish(
    runner: CliRunner, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    monkeypatch.setenv("POSECOACH_NOW", "2026-12-16T09:00:00+00:00")
    out = Path(str(tmp_path)) / "plan"
    _polish_plan(runner, out)
    logged = runner.invoke(
        app,
        ["checkin", "--dir", str(out), "--date", "2026-12-15", "--cadence", "166", "--rpe", "4"],
    )
    assert logged.exit_code == 0, logged.output
    assert logged.output.startswith("Zapisano wpis: ")
    again = ["checkin", "--dir", str(out), "--date", "2026-12-15", "--pain", "4", "--where"]
    replaced = runner.invoke(app, [*again, "calf", "--settled-next-morning", "yes", "--replace"])
    assert replaced.exit_code == 0, replaced.output
    result = runner.invoke(app, ["progress", "--dir", str(out)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Wpisy: " in result.output
    assert "4/10 (łydka)" in result.output  # pain said as everywhere else
    assert polish_leaks(result.output) == []


def test_library_commands_in_a_polish_plan_folder(
    runner: CliRunner, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """drills, curricula, sources and validate read no plan, but run in a plan's folder
    they speak its language, as its own commands do; --lang still decides."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    monkeypatch.chdir(folder)
    _polish_plan(runner, folder / "posecoach-plan")
    assert "Wbudowane programy" in runner.invoke(app, ["curricula"]).output
    assert "Cytowane przez" in runner.invoke(app, ["sources", "S55"]).output
    assert "Built-in curricula" in runner.invoke(app, ["curricula", "--lang", "en"]).output
    monkeypatch.chdir(folder.parent)
    assert "Built-in curricula" in runner.invoke(app, ["curricula"]).output


def test_the_copied_default_profile_speaks_polish(runner: CliRunner, tmp_path: object) -> None:
    """`plan --lang pl` with no profile copies the default profile with Polish comments:
    the same data as the shipped English one, which an English plan copies byte for
    byte; the next build recognises the copy as the profile it was built from."""
    from pathlib import Path

    from posecoach import loaders, resources

    folder = Path(str(tmp_path))
    _polish_plan(runner, folder / "pl")
    polish = folder / "pl" / "profile.yaml"
    text = polish.read_text(encoding="utf-8")
    assert "# Ile treningów w tygodniu" in text
    assert "language:" not in text  # the same data: the default names no language
    assert polish_leaks(text) == []
    shipped = resources.default_profile_file()
    assert loaders.load_profile(polish) == loaders.load_profile(shipped)
    english = runner.invoke(app, ["plan", "--start", "2026-12-14", "--out", str(folder / "en")])
    assert english.exit_code == 0, english.output
    assert (folder / "en" / "profile.yaml").read_bytes() == shipped.read_bytes()
    again = runner.invoke(app, ["plan", "--dir", str(folder / "pl")])
    assert again.exit_code == 0, again.output
    assert "Profil: " in again.output
    stale = runner.invoke(app, ["today", "--dir", str(folder / "pl")])
    assert stale.exit_code == 0, stale.output
    assert "profile.yaml" not in stale.output  # not said to have changed since the build
