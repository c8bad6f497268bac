"""Kill `posecoach plan` at random moments over a plan folder and count the folders
a kill left mixed (some outputs from the old build, some from the new).

    python benchmarks/crashes.py [--kills 200]

Prints how many kills fell before the new set was committed (old set kept),
after it (new set), and mixed (must be 0).
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posecoach.plan_folder import PlanFolder

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
SET = ("plan.yaml", "plan.md", "plan.html")
STARTS = ("2027-01-04", "2027-02-01")


def plan(folder: Path, start: str) -> list[str]:
    profile = str(DATA / "regular-runner.yaml")
    return [str(CONSOLE_SCRIPT), "plan", "-p", profile, "--start", start, "-o", str(folder)]


def snapshot(folder: Path) -> tuple[bytes, ...]:
    return tuple((folder / name).read_bytes() for name in SET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    kills = parser.parse_args().kills
    work = Path(tempfile.mkdtemp())
    try:
        expected = []
        for start in STARTS:
            subprocess.run(plan(work / start, start), check=True, capture_output=True)
            expected.append(snapshot(work / start))
        folder = work / "plan"
        subprocess.run(plan(folder, STARTS[0]), check=True, capture_output=True)
        chance = random.Random(1)
        counts = {"old": 0, "new": 0, "mixed": 0, "leftovers": 0}
        for kill in range(kills):
            before = snapshot(folder)
            quiet = subprocess.DEVNULL
            command = plan(folder, STARTS[(kill + 1) % 2])
            process = subprocess.Popen(command, stdout=quiet, stderr=quiet)
            time.sleep(chance.uniform(0.02, 0.7))
            process.send_signal(signal.SIGKILL)
            process.wait()
            PlanFolder(folder).repair()
            after = snapshot(folder)
            counts["mixed" if after not in expected else "old" if after == before else "new"] += 1
            counts["leftovers"] += sum(
                1 for p in folder.iterdir() if p.suffix in (".staged", ".tmp")
            )
        print(
            f"{kills} kills: {counts['old']} kept the old set, {counts['new']} the new,"
            f" {counts['mixed']} mixed; {counts['leftovers']} temporary files left after repair"
        )
        sys.exit(1 if counts["mixed"] or counts["leftovers"] else 0)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
