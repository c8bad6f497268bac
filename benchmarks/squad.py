"""`posecoach squad plan` for a large squad: cold in parallel, cold serial, a re-run
with nothing changed, next to N times one warm in-process plan.

Generates N varied athlete profiles (days, sessions, background, volume,
cadence, injuries, both built-in curricula), then prints plans per second,
the parallel speed-up over one process, the peak RSS of the largest process
(the CLI or one of its workers) and the re-run's time.

    python benchmarks/squad.py [--athletes N] [--jobs J] [--samples K]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SQUAD = """\
name: Benchmark squad
curricula: [pose-transition, pose-foundations]
defaults:
  start: 2027-01-04
  timezone: Europe/Berlin
  days: {Tue: "18:30", Thu: "18:30", Sat: "09:00"}
  sessions_per_week: 3
  max_session_minutes: 45
  background: returning
  weekly_volume: 15
  longest_run_30d: 6
"""
# Runs a command and reports its wall time and the peak RSS of the largest
# process below it (ru_maxrss of waited-for descendants is their maximum).
MEASURE = """\
import json, resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "kib": peak, "code": done.returncode,
                  "out": done.stdout, "err": done.stderr[-2000:]}))
"""


def athlete(index: int) -> str:
    """A profile unlike its neighbours'."""
    lines = [f"name: Athlete {index}"]
    if index % 3:
        count = 3 + index % 3
        days = sorted({WEEKDAYS[(index + step * 2) % 7] for step in range(count)})
        lines.append("days:")
        lines += [f'  {day}: "{6 + index % 13:02d}:{(index % 4) * 15:02d}"' for day in days]
        lines.append(f"sessions_per_week: {max(2, len(days) - index % 2)}")
    kind = index % 4
    if kind == 1:
        lines += ["background: new", "weekly_volume: 0", "longest_run_30d: 0"]
    elif kind == 2:
        lines += ["background: regular", f"weekly_volume: {20 + index % 40}", "longest_run_30d: 12"]
    if index % 5 == 0:
        lines.append(f"baseline_cadence: {150 + index % 25}")
    if index % 7 == 3:
        lines.append("curriculum: pose-foundations")
    if index % 11 == 4:
        lines += ["injuries:", "  - region: calf", "    current: true"]
    if index % 9 == 2:
        lines.append(f"max_session_minutes: {30 + index % 60}")
    return "\n".join(lines) + "\n"


def make_squad(root: Path, count: int) -> None:
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD, encoding="utf-8")
    for index in range(count):
        (root / "athletes" / f"a{index:05d}.yaml").write_text(athlete(index), encoding="utf-8")


def posecoach() -> list[str]:
    script = Path(sys.executable).with_name("posecoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "posecoach"]


class Measured(NamedTuple):
    seconds: float
    mib: float  # peak RSS of the largest process
    summary: str  # the command's summary line


def measure(*args: str) -> Measured:
    command = [sys.executable, "-c", MEASURE, *posecoach(), "squad", "plan", *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    data = json.loads(done.stdout)
    if data["code"] != 0:
        raise SystemExit(f"squad plan failed: {data['err']}")
    lines = [line for line in str(data["out"]).splitlines() if line.startswith("Squad ")]
    return Measured(float(data["seconds"]), int(data["kib"]) / 1024, lines[0] if lines else "")


def warm_plan_seconds(root: Path, samples: int) -> float:
    """One athlete's plan in a warm process (imports done, curricula parsed), on average."""
    from posecoach.commands.zone import SystemZone
    from posecoach.squad.build import Clock, context_of, plan_one
    from posecoach.squad.folder import SquadFolder

    folder = SquadFolder(root)
    context = context_of(folder, Clock(datetime.now(UTC)), SystemZone("UTC", None))
    athletes = folder.athletes()[:samples]
    plan_one(context, athletes[0])  # warm: templates compiled, caches filled
    began = time.perf_counter()
    for name in athletes:
        outcome = plan_one(context, name)
        assert outcome.state != "failed", outcome.reason
    return (time.perf_counter() - began) / len(athletes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--samples", type=int, default=50, help="warm in-process plans to time")
    options = parser.parse_args()
    n = options.athletes
    jobs = ["--jobs", str(options.jobs)] if options.jobs else []
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1796256000")  # the same bytes on every run
    load_before = os.getloadavg()[0]  # others' work on a shared machine skews every figure
    with tempfile.TemporaryDirectory(prefix="posecoach-squad-") as temporary:
        base = Path(temporary)
        parallel, serial, warm = base / "parallel", base / "serial", base / "warm"
        for root in (parallel, serial, warm):
            make_squad(root, n)
        cold = measure(str(parallel), *jobs)
        again = measure(str(parallel), *jobs)
        one = measure(str(serial), "--jobs", "1")
        per_plan = warm_plan_seconds(warm, min(options.samples, n))
    cores = os.cpu_count() or 1
    print(
        f"{n} athletes, {cores} cores (load average {load_before:.1f} before,"
        f" {os.getloadavg()[0]:.1f} after)"
    )
    for label, run in (("cold, parallel", cold), ("cold, --jobs 1", one)):
        print(
            f"  squad plan, {label}: {run.seconds:.1f} s, {n / run.seconds:.1f} plans/s,"
            f" peak RSS {run.mib:.0f} MiB"
        )
    print(f"  parallel speed-up: {one.seconds / cold.seconds:.2f}x")
    sampled = min(options.samples, n)
    print(
        f"  N x one warm in-process plan: {per_plan * n:.1f} s"
        f" ({per_plan * 1000:.0f} ms a plan, mean of {sampled})"
    )
    share = again.seconds / cold.seconds
    print(f"  re-run, nothing changed: {again.seconds:.1f} s, {share:.0%} of the first run")
    print(f"    ({again.summary})")


if __name__ == "__main__":
    main()
