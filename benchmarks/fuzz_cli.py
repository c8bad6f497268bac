"""The CLI-level fuzz harness (issue 25): mutated profiles, curricula and watch files
through the real command, each run in a forked child measured on its own.

This process imports posecoach once, then forks a child per run that runs the
command line (`posecoach.cli.main`) on the mutated file, as a user would type
it: `plan --profile`, `plan --curriculum`, `checkin --from` into a fresh copy of
a plan folder. The child's CPU time and peak memory come from os.wait4 (Linux
starts a forked child's peak at this process's size, which is what the
command's own imports cost it too); its address space is capped and a hang is
cut off, so a regression is found, not suffered. A run fails when it ends in
a traceback or a signal, or passes the time or memory limit.

benchmarks/fuzz.py --cli runs it; tests/test_fuzz.py runs a short pass.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TextIO

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import activity_seeds, mutate, yaml_mutate, yaml_tweak  # noqa: E402

ADDRESS_SPACE = 1536 * 2**20  # a runaway child dies of MemoryError (a finding), not the machine
HANG_SECONDS = 60  # far above any limit: only a hang reaches it
START = "2027-01-04"  # a Monday: the plans of every run start here
DAY = "2027-01-06"  # the day a watch file's check-in is for
SHOWN = 10  # findings printed per target; the counts cover them all
EXIT_CODES = {0, 1, 2}  # done, failed in words, refused in words


class Run(NamedTuple):
    target: str
    number: int
    seed: str  # the real file the input was made from
    code: int  # the exit code, or minus the signal that ended it
    cpu_seconds: float
    wall_seconds: float
    peak_mb: float
    traceback: bool

    def findings(self, cpu_limit: float, peak_limit: float) -> list[str]:
        found = []
        if self.traceback:
            found.append("a traceback")
        if self.code not in EXIT_CODES:
            found.append(f"exit {self.code}")
        if self.cpu_seconds > cpu_limit:
            found.append(f"{self.cpu_seconds:.2f} s of CPU")
        if self.peak_mb > peak_limit:
            found.append(f"peak {self.peak_mb:.0f} MB")
        return found


def warm_up(commands: list[list[str]], scratch: Path) -> None:
    """Import, before any fork, every module the commands import: a child runs each
    once and says which. Only imports: nothing a run computes is kept here, so each
    run does its own work (its figures leave out the interpreter's start-up and
    the imports, some 0.3 s, alike for every run)."""
    import importlib

    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 1)
        os.dup2(null, 2)
        from posecoach.cli import main

        for args in commands:
            shutil.rmtree(scratch, ignore_errors=True)
            sys.argv = ["posecoach", *args]
            with contextlib.suppress(BaseException):  # any end: only the imports are wanted
                main()
        os.write(write, "\n".join(sorted(sys.modules)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        names = pipe.read().decode().split()
    os.waitpid(pid, 0)
    shutil.rmtree(scratch, ignore_errors=True)
    for name in names:
        if name != "__main__":
            with contextlib.suppress(Exception):
                importlib.import_module(name)


def run_command(args: list[str], stderr: Path) -> tuple[int, float, float, float]:
    """Run `posecoach ARGS` in a forked child: its exit code (minus a signal), CPU
    seconds, wall seconds and peak memory in MB."""
    began = time.perf_counter()
    sys.stdout.flush()  # nothing of this process's output is written twice
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: the command line, then out, whatever happens
        code = 1
        try:
            resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
            signal.alarm(HANG_SECONDS)
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(err, 2)
            sys.argv = ["posecoach", *args]
            from posecoach.cli import main

            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - began
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return code, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


class Target:
    """One kind of input: how input number N is made, and the command that reads it."""

    def __init__(
        self,
        key: str,
        seeds: list[Path],
        make: Callable[[bytes, bytes, random.Random], bytes],
        command: Callable[[Path, Path], list[str]],
    ) -> None:
        self.key, self.seeds, self.make, self.command = key, seeds, make, command


def targets(base_plan: Path) -> dict[str, Target]:
    """The three targets, each reading its input through the real command."""
    profile = str(DATA / "regular-runner.yaml")

    def text(data: bytes, _other: bytes, chance: random.Random) -> bytes:
        # Half the inputs edited as a person might break a file, half with numbers
        # changed, which mostly plan: the engine and the renderers meet them too.
        edit = yaml_mutate if chance.random() < 0.5 else yaml_tweak
        return edit(data.decode("utf-8"), chance).encode("utf-8")

    def plan_from_profile(path: Path, out: Path) -> list[str]:
        return ["plan", "-p", str(path), "--start", START, "-o", str(out)]

    def plan_from_curriculum(path: Path, out: Path) -> list[str]:
        return ["plan", "-c", str(path), "-p", profile, "--start", START, "-o", str(out)]

    def check_in(path: Path, out: Path) -> list[str]:
        shutil.copytree(base_plan, out)
        return ["checkin", "-d", str(out), "--from", str(path), "--date", DAY]

    curricula = ROOT / "curricula"
    profiles = [DATA / "regular-runner.yaml", DATA / "three-days.yaml"]
    profiles.append(curricula / "default-profile.yaml")
    plans = [DATA / "mini-curriculum.yaml", curricula / "pose-foundations.yaml"]
    plans.append(curricula / "pose-transition.yaml")
    return {
        "profile": Target("profile", profiles, text, plan_from_profile),
        "curriculum": Target("curriculum", plans, text, plan_from_curriculum),
        "watch": Target("watch", activity_seeds(), mutate, check_in),
    }


def fuzz_target(
    target: Target,
    runs: int,
    seed: int,
    work: Path,
    record: TextIO | None,
    keep: Path | None,
    cpu_limit: float,
    peak_limit: float,
) -> dict[str, Any]:
    """`runs` mutated inputs through the target's command; a summary of what happened."""
    chance = random.Random(f"{seed}-{target.key}")
    codes: dict[int, int] = {}
    cpu: list[float] = []
    peaks: list[float] = []
    failed: list[Run] = []
    for number in range(runs):
        seed_file, other = chance.choice(target.seeds), chance.choice(target.seeds)
        path = work / f"case-{target.key}{''.join(seed_file.suffixes[-2:])}"
        path.write_bytes(target.make(seed_file.read_bytes(), other.read_bytes(), chance))
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        args = target.command(path, out)
        stderr = work / "stderr"
        code, seconds, wall, peak = run_command(args, stderr)
        said = stderr.read_text(encoding="utf-8", errors="replace")
        run = Run(target.key, number, seed_file.name, code, seconds, wall, peak,
                  "Traceback (most recent call last)" in said)  # fmt: skip
        codes[code] = codes.get(code, 0) + 1
        cpu.append(seconds)
        peaks.append(peak)
        if record is not None:
            record.write(json.dumps(run._asdict()) + "\n")
        found = run.findings(cpu_limit, peak_limit)
        if found:
            failed.append(run)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, keep / f"{target.key}-{number}-{path.name}")
                (keep / f"{target.key}-{number}.stderr").write_text(said, encoding="utf-8")
            if len(failed) <= SHOWN:
                last = said.strip().splitlines()[-1:] or [""]
                print(f"  {target.key} #{number} (from {seed_file.name}): {', '.join(found)};"
                      f" {last[0][:200]}", flush=True)  # fmt: skip
    shutil.rmtree(work / "out", ignore_errors=True)
    ordered = sorted(cpu)
    return {
        "target": target.key,
        "runs": runs,
        "exit_codes": {str(k): v for k, v in sorted(codes.items())},
        "tracebacks": sum(r.traceback or r.code not in EXIT_CODES for r in failed),
        "over_cpu": sum(r.cpu_seconds > cpu_limit for r in failed),
        "over_memory": sum(r.peak_mb > peak_limit for r in failed),
        "cpu_median": statistics.median(ordered) if ordered else 0.0,
        "cpu_p99": ordered[int(len(ordered) * 0.99)] if ordered else 0.0,
        "cpu_max": ordered[-1] if ordered else 0.0,
        "peak_max_mb": max(peaks, default=0.0),
        "peak_median_mb": statistics.median(peaks) if peaks else 0.0,
    }


def cli_pass(
    runs: int,
    seed: int,
    work: Path,
    chosen: list[str],
    record: Path | None = None,
    keep: Path | None = None,
    cpu_limit: float = 2.0,
    peak_limit: float = 200.0,
) -> list[dict[str, Any]]:
    """Every chosen target's pass; one summary each."""
    base = work / "base-plan"
    profile, scratch = str(DATA / "regular-runner.yaml"), work / "scratch"
    watch = DATA / "activities" / "generated" / "run-with-walking-breaks.gpx"
    warm_up(
        [
            ["plan", "-p", profile, "--start", START, "-o", str(scratch)],
            ["checkin", "-d", str(scratch), "--from", str(watch), "--date", DAY],
        ],
        scratch,
    )
    code, _, _, _ = run_command(
        ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", START, "-o", str(base)],
        work / "stderr",
    )
    if code != 0:
        raise RuntimeError((work / "stderr").read_text(encoding="utf-8"))
    every = targets(base)
    summaries = []
    out = open(record, "a", encoding="utf-8") if record else None  # noqa: SIM115
    try:
        for key in chosen:
            summary = fuzz_target(every[key], runs, seed, work, out, keep, cpu_limit, peak_limit)
            summaries.append(summary)
            print(
                f"{key}: {runs} runs, exits {summary['exit_codes']}, {summary['tracebacks']}"
                f" tracebacks, {summary['over_cpu']} over {cpu_limit:g} s CPU,"
                f" {summary['over_memory']} over {peak_limit:g} MB; CPU median"
                f" {summary['cpu_median']:.2f} s, p99 {summary['cpu_p99']:.2f} s, max"
                f" {summary['cpu_max']:.2f} s; peak median {summary['peak_median_mb']:.0f} MB,"
                f" max {summary['peak_max_mb']:.0f} MB",
                flush=True,
            )
    finally:
        if out is not None:
            out.close()
    return summaries
