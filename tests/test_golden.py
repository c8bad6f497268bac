"""Golden files: each case's inputs and expected outputs side by side.

Run `pytest --update-golden` to rewrite the expected files after an intended
change, and review the diff like code.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from posecoach.cli import app

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "case.yaml").is_file())
OUTPUTS = ("plan.yaml", "plan.md", "plan.html", "plan.ics")
# The revision time the calendar stamps changed events with (an input).
REVISED = "1796083200"  # 2026-12-01T00:00:00Z


@pytest.mark.parametrize("case", CASES)
def test_golden(
    case: str,
    tmp_path: Path,
    runner: CliRunner,
    update_golden: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REVISED)
    folder = GOLDEN / case
    work = tmp_path / "case"
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns(*OUTPUTS, "expected"))
    if (folder / "checkins.jsonl").is_file():  # a case with check-ins: the plan folder's log
        (work / "out").mkdir()
        shutil.copy(folder / "checkins.jsonl", work / "out" / "checkins.jsonl")
    args = yaml.safe_load((folder / "case.yaml").read_text())["args"]
    args = [str(work / a) if (work / a).is_file() else a for a in args]
    result = runner.invoke(app, [*args, "--out", str(work / "out")])
    assert result.exit_code == 0, result.stderr
    expected_dir = folder / "expected"
    for name in OUTPUTS:
        actual = (work / "out" / name).read_bytes().decode("utf-8")
        expected_path = expected_dir / name
        if update_golden:
            expected_dir.mkdir(exist_ok=True)
            expected_path.write_bytes(actual.encode("utf-8"))
            continue
        expected = expected_path.read_bytes().decode("utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    f"expected/{name}",
                    f"actual/{name}",
                )
            )
            pytest.fail(f"{case}/{name} differs (pytest --update-golden to accept):\n{diff}")
