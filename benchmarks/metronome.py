"""Render time and peak memory of a 60-minute click track (WAV, 44.1 kHz).

Each run is a fresh process, so the peak resident memory is the whole
program's: interpreter, posecoach and the track. Targets: 0.3 s and 32 MB.

    python benchmarks/metronome.py [--runs N] [--format wav|flac]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RENDER = """
import json, resource, sys, time
from pathlib import Path
from posecoach.audio.timing import Segment
from posecoach.audio.track import Track, write_track
began = time.perf_counter()
write_track(Track([Segment(3600, 173, 173)], accent_every=2), Path(sys.argv[1]))
seconds = time.perf_counter() - began
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--format", default="wav", choices=["wav", "flac", "ogg", "mp3"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = []
        size = 0
        for run in range(args.runs):
            # A new file each run: replacing the last one would time its removal too.
            target = Path(folder) / f"hour-{run}.{args.format}"
            output = subprocess.run(
                [sys.executable, "-c", RENDER, str(target)], check=True, capture_output=True
            ).stdout
            results.append(json.loads(output))
            size = target.stat().st_size
            target.unlink()
    seconds = statistics.median(r["seconds"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    print(f"60-minute {args.format.upper()} track, 173 bpm, median of {args.runs} runs")
    print(f"  render time      {seconds * 1000:8.1f} ms   (target <= 300 ms)")
    print(f"  peak memory      {peak:8.1f} MB   (target <= 32 MB, whole process)")
    print(f"  file size        {size / 2**20:8.1f} MB")


if __name__ == "__main__":
    main()
