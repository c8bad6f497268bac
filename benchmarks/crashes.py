"""Kill `posecoach plan` and `posecoach checkin` at random moments over a plan folder
and count the folders a kill left mixed (some outputs from the old build, some from
the new) and the acknowledged check-ins it lost.

    python benchmarks/crashes.py [--kills 200]

Each kill falls at a random moment within 1.2 times an uncut run of the command,
timed on this machine every 20 kills. For each command, prints how many kills fell before
the new set was committed (old set kept), after it (new set), and mixed (must be
0); for check-ins also how many had answered before their kill, and how many of
those the log lost (must be 0). Exits 1 on any mixed, lost or leftover.
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
from dataclasses import dataclass, field
from pathlib import Path

from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.together import JOURNAL

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CONSOLE_SCRIPT = Path(sys.executable).parent / "posecoach"
SET = ("plan.yaml", "plan.md", "plan.html")
CHECKIN_SET = (*SET, PlanFolder.ICS, PlanFolder.RECORD)  # what one check-in rewrites
STARTS = ("2027-01-04", "2027-02-01")
DAYS = ("2027-01-06", "2027-01-09", "2027-01-11", "2027-01-13")


def plan(folder: Path, start: str) -> list[str]:
    profile = str(DATA / "regular-runner.yaml")
    return [str(CONSOLE_SCRIPT), "plan", "-p", profile, "--start", start, "-o", str(folder)]


def snapshot(folder: Path, names: tuple[str, ...] = SET) -> tuple[bytes, ...]:
    return tuple((folder / name).read_bytes() for name in names)


def leftovers(folder: Path) -> list[str]:
    """What a repair should have cleared: staged or temporary files, the journal."""
    return sorted(
        p.name for p in folder.iterdir() if p.suffix in (".staged", ".tmp") or p.name == JOURNAL
    )


RETIME = 20  # kills between two timings of an uncut run: the machine's load drifts


def duration(command: list[str]) -> float:
    """Seconds one uninterrupted run of `command` takes on this machine, now."""
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


def changed(one: tuple[bytes, ...], other: tuple[bytes, ...], names: tuple[str, ...]) -> list[str]:
    return [name for name, a, b in zip(names, one, other, strict=True) if a != b]


def kill_at_random(command: list[str], chance: random.Random, lasts: float) -> bool:
    """Run `command`, kill it at a random moment of its run (which `lasts` seconds
    uncut, so some kills come after it ends); whether it had answered by then."""
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=quiet, stderr=quiet)
    time.sleep(chance.uniform(0.02, 1.2 * lasts))
    answered = process.poll() == 0
    process.send_signal(signal.SIGKILL)
    process.wait()
    return answered


@dataclass
class Tally:
    """Where the kills of one command fell, and what they left."""

    lasts: list[float] = field(default_factory=list)  # seconds of an uncut run, as timed
    old: int = 0
    new: int = 0
    mixed: int = 0
    leftovers: int = 0  # kills after whose repair something was left
    notes: list[str] = field(default_factory=list)  # what the first few bad kills left

    def count_leftovers(self, kill: int, folder: Path) -> None:
        left = leftovers(folder)
        if left:
            self.leftovers += 1
            self.note(kill, "left " + ", ".join(left))
            for name in left:  # cleared, so the next kills are counted on their own
                (folder / name).unlink()

    def note(self, kill: int, what: str) -> None:
        if len(self.notes) < 5:
            self.notes.append(f"  kill {kill}: {what}")

    answered: int = 0
    lost: int = 0

    def line(self, command: str, kills: int) -> str:
        text = (
            f"{command} ({min(self.lasts):.2f}-{max(self.lasts):.2f} s uncut): {kills} kills:"
            f" {self.old} kept the old set,"
            f" {self.new} the new, {self.mixed} mixed; "
        )
        if command == "checkin":
            text += f"{self.answered} had answered before their kill, {self.lost} of them lost; "
        text += f"{self.leftovers} left temporary files after repair"
        return "\n".join([text, *self.notes])


def kill_plans(work: Path, kills: int) -> Tally:
    expected = []
    for start in STARTS:
        subprocess.run(plan(work / start, start), check=True, capture_output=True)
        expected.append(snapshot(work / start))
    folder = work / "plan"
    subprocess.run(plan(folder, STARTS[0]), check=True, capture_output=True)
    tally = Tally()
    chance = random.Random(1)
    for kill in range(kills):
        if kill % RETIME == 0:
            tally.lasts.append(duration(plan(work / "timed", STARTS[kill % 2])))
        before = snapshot(folder)
        kill_at_random(plan(folder, STARTS[(kill + 1) % 2]), chance, tally.lasts[-1])
        PlanFolder(folder).repair()
        after = snapshot(folder)
        if after not in expected:
            tally.mixed += 1
            tally.note(kill, "mixed: " + ", ".join(changed(before, after, SET)))
        elif after == before:
            tally.old += 1
        else:
            tally.new += 1
        tally.count_leftovers(kill, folder)
    return tally


def rebuild(folder: Path) -> None:
    """What the next command does first: finish or undo a cut write, rebuild stale outputs."""
    PlanFolder(folder).repair()
    if PlanFolder(folder).is_stale():
        show = [str(CONSOLE_SCRIPT), "show", "-d", str(folder)]
        subprocess.run(show, check=True, capture_output=True)


def checkin(folder: Path, day: str, note: str) -> list[str]:
    return [str(CONSOLE_SCRIPT), "checkin", "-d", str(folder), "--date", day, "--rpe", "3",
            "--note", note]  # fmt: skip


def kill_checkins(work: Path, kills: int) -> Tally:
    folder = work / "checkins"
    subprocess.run(plan(folder, STARTS[0]), check=True, capture_output=True)
    shutil.copytree(folder, work / "timed-checkins")
    tally = Tally()
    chance = random.Random(2)
    answered: list[str] = []
    for kill in range(kills):
        if kill % RETIME == 0:
            tally.lasts.append(duration(checkin(work / "timed-checkins", DAYS[0], "timed")))
        rebuild(folder)  # so a killed check-in has one set to write: its own
        before = snapshot(folder, CHECKIN_SET)
        note = f"kill {kill}"
        if kill_at_random(checkin(folder, DAYS[kill % 4], note), chance, tally.lasts[-1]):
            answered.append(note)
        PlanFolder(folder).repair()
        tally.count_leftovers(kill, folder)
        after = snapshot(folder, CHECKIN_SET)
        if after == before:
            tally.old += 1
            continue
        # A new set must be whole: what a fresh build from the same inputs makes.
        stale = PlanFolder(folder).is_stale()
        (folder / PlanFolder.PLAN).unlink()  # rebuilt from the record and the log
        rebuild(folder)
        rebuilt = snapshot(folder, CHECKIN_SET)
        if not stale and rebuilt == after:
            tally.new += 1
        else:
            tally.mixed += 1
            differ = ", ".join(changed(rebuilt, after, CHECKIN_SET))
            tally.note(kill, f"mixed: stale {stale}; not as rebuilt: {differ}")
    logged = {c.note for c in checkin_log.read(folder / PlanFolder.CHECKINS).checkins}
    tally.answered = len(answered)
    tally.lost = sum(1 for note in answered if note not in logged)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    kills = parser.parse_args().kills
    work = Path(tempfile.mkdtemp())
    try:
        plans = kill_plans(work, kills)
        print(plans.line("plan", kills), flush=True)
        checkins = kill_checkins(work, kills)
        print(checkins.line("checkin", kills))
        bad = plans.mixed + plans.leftovers + checkins.mixed + checkins.leftovers + checkins.lost
        sys.exit(1 if bad else 0)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
