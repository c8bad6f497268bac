"""Reading a watch file: posecoach's whole import next to its decoder alone.

For each file, the median wall time over several runs (interleaved, in one
process, after a warm-up) of
- the decoder alone: fitdecode iterating every frame of a FIT file, or
  defusedxml's ElementTree parsing a TCX/GPX document (the libraries our
  readers use, each called as its documentation shows);
  for GPX also gpxpy.parse, what most tools use;
- posecoach's `summarise`: decoding, legs, units, moving cadence (a file
  refused as a ride is timed up to its refusal, which comes after reading).
The target is posecoach within 1.3x of its decoder.

posecoach drives the same libraries faster than they run as called above
(posecoach/imports/fit_decoder.py and xml_safety.py say how), so a column also
shows that decoding step alone, "own decode": summarise's time beyond it is
posecoach's own work (legs, units, moving cadence).

    python benchmarks/imports.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ACTIVITIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "activities"
FILES = [
    "real-world/fitparse-activity-large-fenxi2-multisport.fit",
    "real-world/fitparse-2019-02-17-062644-ELEMNT-297E-195-0.fit",
    "real-world/fit2gpx-Bryton-bad-data.fit",
    "activity-small-fenix2-run.fit",
    "real-world/tcxparser-test.tcx",
    "generated/garmin-connect-ns3-runcadence.tcx",
    "real-world/sweatpy-4801048867_strava.gpx",
    "real-world/fit2gpx-Edge-25-ride.gpx",
]
TARGET = 1.3
ROUND_SECONDS = 3.0  # what the rounds of one file may take, at least --runs of them
MOST_ROUNDS = 300


def decode_fit(path: Path) -> None:
    import fitdecode

    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.WARN) as reader:
        for _frame in reader:
            pass


def parse_xml(path: Path) -> None:
    from defusedxml import ElementTree

    ElementTree.fromstring(path.read_bytes().lstrip())


def parse_gpxpy(path: Path) -> None:
    import gpxpy

    gpxpy.parse(path.read_text(encoding="utf-8"))


def own_decode(path: Path) -> None:
    """The decoding step alone, as posecoach runs it."""
    from posecoach.imports.stream import Stream

    with Stream(path) as stream:
        if path.suffix == ".fit":
            from posecoach.imports.fit_decoder import Checksummed, reader

            for _frame in reader(Checksummed(stream.read)):
                pass
        else:
            from posecoach.imports.xml_safety import XmlReader

            class Everything(XmlReader):  # every element passed over: the parse alone
                def root(self, name: str) -> str | None:
                    return None

            Everything().read(stream.read)


def ours(path: Path) -> None:
    from posecoach.imports import ActivityError, summarise

    with contextlib.suppress(ActivityError):
        summarise(path, "UTC")


def medians(tasks: dict[str, Callable[[], None]], runs: int) -> dict[str, float]:
    """Median seconds of each task, measured round-robin so drift hits all alike.

    A file of a few milliseconds gets more rounds, up to ROUND_SECONDS in all:
    over 7 rounds, one burst of another process's work moved its ratio by 0.3.
    """
    began = time.perf_counter()
    for task in tasks.values():
        task()  # warm-up: imports, disk cache
    once = time.perf_counter() - began
    rounds = max(runs, min(MOST_ROUNDS, int(ROUND_SECONDS / max(once, 1e-6))))
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(rounds):
        for name, task in tasks.items():
            began = time.perf_counter()
            task()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(
        f"median of at least {runs} runs (of a small file, some {ROUND_SECONDS:g} s of them);"
        f" target: posecoach within {TARGET}x of its decoder"
    )
    print(
        f"{'file':58} {'KB':>6} {'decoder':>9} {'posecoach':>10} {'ratio':>6}"
        f" {'own decode':>9}  other"
    )
    worst = 0.0
    for name in FILES:
        path = ACTIVITIES / name
        decoder = decode_fit if path.suffix == ".fit" else parse_xml
        tasks: dict[str, Callable[[], None]] = {
            "decoder": partial(decoder, path),
            "posecoach": partial(ours, path),
            "own": partial(own_decode, path),
        }
        if path.suffix == ".gpx":
            tasks["gpxpy"] = partial(parse_gpxpy, path)
        figures = medians(tasks, runs)
        ratio = figures["posecoach"] / figures["decoder"]
        worst = max(worst, ratio)
        other = f"gpxpy.parse {figures['gpxpy'] * 1000:.0f} ms" if "gpxpy" in figures else ""
        print(
            f"{name:58} {path.stat().st_size / 1024:6.0f} {figures['decoder'] * 1000:7.1f}ms"
            f" {figures['posecoach'] * 1000:8.1f}ms {ratio:6.2f} {figures['own'] * 1000:7.1f}ms"
            f"  {other}"
        )
    print(f"worst ratio {worst:.2f} ({'within' if worst <= TARGET else 'ABOVE'} {TARGET}x)")
    sys.exit(0 if worst <= TARGET else 1)


if __name__ == "__main__":
    main()
