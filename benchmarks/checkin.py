"""What one check-in costs: its wall and CPU time through the installed command, and
how many YAML documents it parses (plan.yaml, its header, the inputs, the shipped data).

    python benchmarks/checkin.py [--runs 9] [--against OTHER/bin/posecoach]

Builds the regular runner's 12-week plan in a temporary folder, then checks in
`--runs` times (each on the next planned session). Wall and CPU times are the
medians of runs of the console script, start-up included; with `--against`,
another install's script (an older version, say) is timed in turn with this one.
The parses are counted in this process, through the CLI's own entry point, for
one check-in, and listed by what was parsed.

On the shared 2-core machine (load 7-9), issue 24's folder record against the
commit before it (an install of d16403a beside this one), 11 runs each:
before: 6 YAML parses (plan.yaml whole, 197 kB; its header again; profile,
curriculum, rules, sources); median 688 ms CPU (min 649), 1778 ms wall.
after: 4 parses (plan.yaml never: the plan before the check-in is built, which
is quicker than parsing it); median 665 ms CPU (min 573), 1532 ms wall.
"""

from __future__ import annotations

import argparse
import resource
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

from posecoach import yaml_reading
from posecoach.cli import app

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
DAYS = [f"2027-01-{day:02d}" for day in (4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27, 30)]


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Every YAML document parsed while the block runs, by what its first line says."""
    seen: Counter[str] = Counter()
    loader = yaml_reading.SafeLoader
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


def timed_checkins(
    scripts: dict[str, Path], work: Path, runs: int
) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds of `runs` check-ins by each console script, each in a plan
    folder of its own, taken in turn (a machine that slows down part-way slows every
    one alike; the CPU time, user and system, hardly depends on the machine's load)."""
    profile = str(DATA / "regular-runner.yaml")
    for name, script in scripts.items():
        args = ["plan", "-p", profile, "--start", "2027-01-04", "-o", str(work / name)]
        subprocess.run([str(script), *args], check=True, capture_output=True)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in scripts}
    for day in DAYS[:runs]:
        for name, script in scripts.items():
            command = [str(script), "checkin", "-d", str(work / name), "--date", day]
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            subprocess.run([*command, "--rpe", "3"], check=True, capture_output=True)
            wall = time.perf_counter() - began
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
            times[name].append((wall, cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--against",
        type=Path,
        help="another install's console script (an older version), timed in turn with this one",
    )
    options = parser.parse_args()
    runs = min(options.runs, len(DAYS) - 1)
    work = Path(tempfile.mkdtemp(prefix="posecoach-checkin-"))
    try:
        scripts = {"this": CONSOLE_SCRIPT}
        if options.against is not None:
            scripts["against"] = options.against
        times = timed_checkins(scripts, work, runs)
        runner = CliRunner()
        with counting() as parses:
            checkin = ["checkin", "-d", str(work / "this"), "--date", DAYS[runs], "--rpe", "3"]
            result = runner.invoke(app, checkin)
        if result.exit_code != 0:
            sys.exit(f"the check-in failed: {result.output}")
        for name, taken in times.items():
            wall = [w * 1000 for w, _ in taken]
            cpu = [c * 1000 for _, c in taken]
            print(
                f"check-in ({name}: {scripts[name]}): median {statistics.median(wall):.0f} ms"
                f" wall (min {min(wall):.0f}, max {max(wall):.0f}), median"
                f" {statistics.median(cpu):.0f} ms CPU (min {min(cpu):.0f}); {runs} runs,"
                " start-up included"
            )
        print(f"YAML parses in one check-in (this install): {sum(parses.values())}")
        for what, count in parses.most_common():
            print(f"  {count} x {what}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
