"""posecoach form on a 10 s, 60 fps, 1280x720 clip: wall time and memory.

Renders the synthetic side-view runner of tests/video_clips.py (the good 160
steps/min clip), then runs the installed `posecoach form CLIP --json` on it
several times and prints, per run, the wall time, the CPU time of the command
and its worker processes, and their peak memory together (the resident sizes
of the whole process tree, summed, sampled every 20 ms from /proc). The
machine's load average is printed before and after: the figures are only as
good as the cores that were free. Targets: at most 20 s and 1 GB.

Needs the video extra:

    .venv-video/bin/python benchmarks/video.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from video_clips import CLIPS, render  # noqa: E402

SECONDS_TARGET = 20.0
MEMORY_TARGET_MB = 1024.0


def tree_rss_mb(root: int) -> float:
    """The resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        sizes[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += sizes.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def one_run(command: list[str], cwd: Path) -> tuple[float, float, float, dict[str, float]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mb(process.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(err.decode())
    figures = {k: v["value"] for k, v in json.loads(out)["figures"].items()}
    return wall, cpu, peak, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    command = str(Path(sys.executable).parent / "posecoach")
    spec = CLIPS[0]._replace(seconds=10.0, fps=60.0, width=1280, height=720)
    with tempfile.TemporaryDirectory() as scratch:
        clip = render(spec, Path(scratch) / "run.mp4")
        size = clip.stat().st_size / 2**20
        print(f"clip: {spec.name}, 10 s, 60 fps, 1280x720, {size:.1f} MB; {os.cpu_count()} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        walls, cpus, peaks = [], [], []
        for n in range(runs):
            wall, cpu, peak, figures = one_run(
                [command, "form", str(clip), "--json"], Path(scratch)
            )
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            shown = ", ".join(f"{k} {v:g}" for k, v in figures.items())
            print(
                f"run {n + 1}: {wall:5.1f} s wall, {cpu:5.1f} s CPU, peak {peak:4.0f} MB ({shown})"
            )
        print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    wall, peak = statistics.median(walls), max(peaks)
    print(
        f"median {wall:.1f} s wall (target {SECONDS_TARGET:g} s: "
        f"{'met' if wall <= SECONDS_TARGET else 'missed'}), "
        f"{statistics.median(cpus):.1f} s CPU, peak {peak:.0f} MB "
        f"(target {MEMORY_TARGET_MB:g} MB: {'met' if peak <= MEMORY_TARGET_MB else 'missed'})"
    )


if __name__ == "__main__":
    main()
