"""Every example in every command's help works when pasted into a shell: each parses
against its command, none carries a comment, and those that neither block, reach the
network nor need a file of the reader's own run cleanly in a plan folder."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from posecoach.cli import app

DATA = Path(__file__).parent / "data"
OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "&"}
# Examples that serve until stopped, reach a server or write outside the folder, or
# read a file only the reader has: they are parsed, not run.
NOT_RUN = (
    "posecoach serve",
    "posecoach publish",
    "posecoach sync",
    "--live",
    "--from ~/Downloads",
    "run.mp4",  # a clip of the reader's own (tests/test_video_clips.py runs clips)
)


def _commands(group: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, [*path, name])
        else:
            yield [*path, name], command


COMMANDS = dict(
    (" ".join(path), command) for path, command in _commands(typer.main.get_group(app), [])
)


def _examples() -> list[str]:
    found = []
    for command in COMMANDS.values():
        lines = (command.epilog or "").split("Examples:", 1)[-1].splitlines()
        found += [line.strip() for line in lines if line.strip()]
    return found


EXAMPLES = _examples()


def words(example: str) -> list[str]:
    """The example's arguments as a shell would pass them: no variable assignment in
    front, nothing after a redirection or pipe, `~` expanded."""
    lexer = shlex.shlex(example, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    while tokens and "=" in tokens[0] and not tokens[0].startswith("-"):
        tokens.pop(0)
    for index, token in enumerate(tokens):
        if token in OPERATORS:
            tokens = tokens[:index]
            break
    assert tokens[0] == "posecoach", example
    return [os.path.expanduser(token) for token in tokens[1:]]


def test_every_command_has_examples() -> None:
    assert len(COMMANDS) >= 17
    for name, command in COMMANDS.items():
        assert "Examples:" in (command.epilog or ""), name
    assert len(EXAMPLES) >= 35


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_parses_and_has_no_comment(example: str) -> None:
    assert "#" not in example
    assert " (" not in example, f"a comment in {example!r}"
    assert not example.endswith(")"), f"a comment in {example!r}"
    args = words(example)
    name = " ".join(args[:2]) if " ".join(args[:2]) in COMMANDS else args[0]
    command = COMMANDS[name]
    rest = args[len(name.split()) :]
    # Parsing converts every value (numbers, choices, paths), without running anything.
    with command.make_context(f"posecoach {name}", rest) as context:
        assert context.params is not None


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a plan in ./posecoach-plan for the runner the examples name ('runner')
    and three check-ins, and a home folder for `~`."""
    root = tmp_path_factory.mktemp("examples")
    work, home = root / "work", root / "home"
    work.mkdir()
    home.mkdir()
    profile = root / "runner.yaml"
    profile.write_text((DATA / "regular-runner.yaml").read_text().replace("Sam Example", "Runner"))
    runner = CliRunner()
    args = ["plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(work / "posecoach-plan")]
    assert runner.invoke(app, args).exit_code == 0
    for day in ("2027-01-04", "2027-01-06", "2027-01-09"):
        result = runner.invoke(app, ["checkin", "-d", str(work / "posecoach-plan"), "--date", day,
                                     "--rpe", "3"])  # fmt: skip
        assert result.exit_code == 0, result.stderr
    shutil.copy(profile, work / "me.yaml")
    return root


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not any(s in e for s in NOT_RUN)])
def test_examples_run_in_a_plan_folder(
    example: str, base: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(base, tmp_path / "copy")
    work = tmp_path / "copy" / "work"
    if "validate" in example:  # the reader's own files, as the example names them
        shutil.copy(work / "me.yaml", work / "profile.yaml")
        shutil.copy(DATA / "mini-curriculum.yaml", work / "my-curriculum.yaml")
        (work / "my-rules.yaml").write_text("cadence:\n  hold_checkins: 3\n")
        assert runner.invoke(app, ["squad", "init", str(work / "club")]).exit_code == 0
    if "run-landmarks.json" in example:  # landmarks recorded from a synthetic clip
        shutil.copy(DATA / "video" / "good-172-30fps.json", work / "run-landmarks.json")
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "copy" / "home"))
    monkeypatch.setattr("posecoach.cli.now", lambda: datetime(2027, 1, 20, 8, tzinfo=UTC))
    result = runner.invoke(app, words(example))
    assert result.exit_code == 0, f"{example}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
