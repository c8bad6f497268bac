"""The code's own shape: small modules, the CLI at the edge, flag names only there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import posecoach

PACKAGE = Path(posecoach.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


def _outside_cli(path: Path) -> bool:
    """Below the edge: neither the cli package nor `python -m posecoach`."""
    parts = path.relative_to(PACKAGE).parts
    return "cli" not in parts and parts != ("__main__.py",)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_module_is_small_and_no_drawer() -> None:
    assert len(MODULES) > 40
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
    assert not [p for p in MODULES if p.stem in ("utils", "helpers", "misc", "common")]


def test_nothing_below_the_edge_imports_the_cli_or_typer() -> None:
    found = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in _imports(path)
            if name.split(".")[0] == "typer" or name.startswith("posecoach.cli")
        )
        for path in MODULES
        if _outside_cli(path)
    }
    assert {module: names for module, names in found.items() if names} == {}


def test_the_engine_reads_no_files_clock_or_randomness() -> None:
    forbidden = {"os", "pathlib", "random", "secrets", "time", "io", "posecoach.folder.store"}
    for path in sorted((PACKAGE / "engine").glob("*.py")):
        assert not _imports(path) & forbidden, path.name


def _messages(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


# The words of files a runner reads away from the terminal (plan.md, the calendar)
# name the commands to type in full: no CLI is there to word a {field}. The test
# below holds each flag they name to a real option of that command.
WORDS = PACKAGE / "render" / "wording.py"


def test_only_the_cli_names_flags() -> None:
    """Below the edge a message names a request field as {field}; the CLI words it."""
    flag = re.compile(r"(?<![\w-])--[a-z]")
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in MODULES
        if _outside_cli(path) and path != WORDS
        for line, text in _messages(path)
        if flag.search(text)
    ]
    assert found == []


def test_the_commands_the_plan_names_exist() -> None:
    """`posecoach checkin --cleared` in plan.md is a command that works as written."""
    from typer.main import get_command

    from posecoach.cli import app

    cli = get_command(app)
    named = re.findall(r"posecoach (\w+) (--[a-z-]+)", WORDS.read_text(encoding="utf-8"))
    assert named
    for command, option in named:
        found = cli.commands[command]  # type: ignore[attr-defined]
        flags = {name for p in found.params for name in getattr(p, "opts", [])}
        assert option in flags, (command, option)
