"""Start-up and plan-generation time of the CLI, next to its dependencies' imports.

Prints the median wall time of each command over several runs and the ratios
the project targets: `posecoach --help` within 1.5x of `import typer`, and a
full 12-week `posecoach plan` within 2x of importing the six dependencies.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEPENDENCIES = "import pydantic, typer, yaml, jinja2, icalendar, rich"


def posecoach_command() -> list[str]:
    script = Path(sys.executable).with_name("posecoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "posecoach"]


def median_seconds(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command, measured round-robin.

    Interleaving the commands run by run means a machine that slows down or
    speeds up part-way through moves every figure alike, and the ratios hold.
    """
    for command in commands.values():  # warm the disk cache
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            began = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, capture_output=True)
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(figures) for name, figures in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "note: PYTHONDONTWRITEBYTECODE is set, so modules without bytecode from their"
            " install (an editable posecoach) are compiled again on every run",
            file=sys.stderr,
        )
    work = Path(tempfile.mkdtemp(prefix="posecoach-bench-"))
    try:
        cli = posecoach_command()
        figures = median_seconds(
            {
                "python -c 'import typer'": [sys.executable, "-c", "import typer"],
                "python -c '<import 6 deps>'": [sys.executable, "-c", DEPENDENCIES],
                "posecoach --help": [*cli, "--help"],
                "posecoach plan (12 weeks)": [
                    *cli,
                    "plan",
                    "--start",
                    "2027-01-04",
                    "--out",
                    str(work / "plan"),
                ],
                # In Polish: the catalogue (.mo) and Babel's Polish CLDR data on top.
                "posecoach plan --lang pl": [
                    *cli,
                    "plan",
                    "--lang",
                    "pl",
                    "--start",
                    "2027-01-04",
                    "--out",
                    str(work / "plan-pl"),
                ],
            },
            runs,
            work,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"median of {runs} runs, {sys.version.split()[0]}")
    for name, seconds in figures.items():
        print(f"  {name:32} {seconds * 1000:8.1f} ms")
    help_ratio = figures["posecoach --help"] / figures["python -c 'import typer'"]
    plan_ratio = figures["posecoach plan (12 weeks)"] / figures["python -c '<import 6 deps>'"]
    print(f"  --help / import typer           {help_ratio:8.2f}x  (target <= 1.5x)")
    print(f"  plan / import of the 6 deps      {plan_ratio:8.2f}x  (target <= 2.0x)")
    polish = figures["posecoach plan --lang pl"] - figures["posecoach plan (12 weeks)"]
    print(f"  plan in Polish, over English     {polish * 1000:+8.1f} ms")


if __name__ == "__main__":
    main()
