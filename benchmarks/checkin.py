"""What one check-in costs: its wall time through the installed command, and how many
YAML documents it parses (plan.yaml, its header, the inputs, the shipped data).

    python benchmarks/checkin.py [--runs 9]

Builds the regular runner's 12-week plan in a temporary folder, then checks in
`--runs` times (each on the next planned session). The wall time is the median
of runs of the console script, start-up included; the parses are counted in
this process, through the CLI's own entry point, for one check-in each, and
listed by what was parsed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.cli import app

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
DAYS = [f"2027-01-{day:02d}" for day in (4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27, 30)]


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Every YAML document parsed while the block runs, by what its first line says."""
    seen: Counter[str] = Counter()
    loader = loaders.SafeLoader
    original = loader.__init__

    def counted(self: yaml.SafeLoader, stream: str) -> None:
        seen[_what(stream)] += 1
        original(self, stream)

    loader.__init__ = counted  # type: ignore[assignment, method-assign]
    try:
        yield seen
    finally:
        loader.__init__ = original  # type: ignore[method-assign]


def _what(stream: object) -> str:
    """A label for a document: its first line that is not a comment or blank."""
    text = stream if isinstance(stream, str) else ""
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return (next(lines, "")[:50] + f" ({len(text) // 1024} kB)") if text else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = min(parser.parse_args().runs, len(DAYS) - 1)
    work = Path(tempfile.mkdtemp(prefix="posecoach-checkin-"))
    try:
        folder = work / "plan"
        profile = str(DATA / "regular-runner.yaml")
        args = ["plan", "-p", profile, "--start", "2027-01-04", "-o", str(folder)]
        subprocess.run([str(CONSOLE_SCRIPT), *args], check=True, capture_output=True)
        times = []
        for day in DAYS[:runs]:
            command = [str(CONSOLE_SCRIPT), "checkin", "-d", str(folder), "--date", day]
            began = time.perf_counter()
            subprocess.run([*command, "--rpe", "3"], check=True, capture_output=True)
            times.append(time.perf_counter() - began)
        runner = CliRunner()
        with counting() as parses:
            checkin = ["checkin", "-d", str(folder), "--date", DAYS[runs], "--rpe", "3"]
            result = runner.invoke(app, checkin)
        if result.exit_code != 0:
            sys.exit(f"the check-in failed: {result.output}")
        print(
            f"check-in: median {statistics.median(times) * 1000:.0f} ms wall"
            f" (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; {runs} runs of"
            f" the console script, start-up included); {sum(parses.values())} YAML parses"
        )
        for what, count in parses.most_common():
            print(f"  {count} x {what}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
