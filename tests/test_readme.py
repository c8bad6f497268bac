"""The README's quick start is what CI runs, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ci_command(name: str) -> str:
    script = (ROOT / ".ci" / "run").read_text()
    match = re.search(rf"^{name}='(.*)'$", script, re.MULTILINE)
    assert match, name
    return match[1]


def quick_start_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)


def test_quick_start_has_the_two_commands_ci_runs() -> None:
    blocks = quick_start_blocks()
    assert blocks[0] == ci_command("RUN_COMMAND")
    assert blocks[1] == ci_command("TEST_COMMAND")
