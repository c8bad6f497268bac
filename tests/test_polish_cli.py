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
