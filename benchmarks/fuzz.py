"""Fuzz the watch-file readers and the YAML loaders for longer than the tests do,
in this process or, with --cli, through the real command.

    python benchmarks/fuzz.py [--inputs 10000] [--seed 1] [--target watch|yaml|all]
                              [--limit 2.0] [--keep DIR]
    python benchmarks/fuzz.py --cli [--inputs 10000] [--seed 1]
                              [--target profile|curriculum|watch|all] [--limit 2.0]
                              [--memory 200] [--record FILE] [--keep DIR] [--json]

Each target gets that many mutated inputs (tests/fuzzing.py makes them from the
real files under tests/data), from its own random sequence, so one target run
alone meets the same inputs as in a run of both. Prints, per target, the inputs
tried, how many were refused in posecoach's own words, how many escaped as
another exception (each with its type and the case, which must be 0), how many
took longer than the limit (each with its seed file, which must be 0), and the
slowest input. --keep writes every escaped or slow input to DIR to replay it.

With --cli (fuzz_cli.py), each input goes through `posecoach plan --profile`,
`plan --curriculum` or `checkin --from` in a forked child, its CPU time and
peak memory measured alone: it prints, per target, the exit codes, the runs
that ended in a traceback (must be 0) or took more than --limit seconds of CPU
or --memory MB (must be 0), and the medians and worst of both. --record
appends every run's figures to FILE as JSON lines; --json prints the summaries
as one JSON line at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import activity_seeds, mutate, yaml_mutate, yaml_seeds

from posecoach import loaders
from posecoach.errors import UsageError
from posecoach.imports import ActivityError, summarise

SHOWN = 10  # findings printed per kind; the counts cover them all


class Target:
    """A fuzz target: makes input number N (a file) and reads it back."""

    def __init__(self, key: str, name: str, make: Callable[[int], Path],
                 read: Callable[[Path], object]) -> None:  # fmt: skip
        self.key, self.name, self.make, self.read = key, name, make, read
        self.seed_of: dict[int, str] = {}  # which real file input N was made from


def run(target: Target, inputs: int, limit: float, keep: Path | None) -> bool:
    refused = escaped = slow = 0
    slowest, slowest_case = 0.0, ""
    for number in range(inputs):
        path = target.make(number)  # outside the clock: only reading is timed
        finding = ""
        began = time.perf_counter()
        try:
            target.read(path)
        except (ActivityError, UsageError):
            refused += 1
        except Exception:
            escaped += 1
            finding = traceback.format_exc(limit=2).splitlines()[-1]
        took = time.perf_counter() - began
        case = f"#{number} (from {target.seed_of.get(number, '?')})"
        if took > limit:
            slow += 1
            finding = finding or f"{took:.2f} s"
        if finding and keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{target.key}-{number}-{path.name}").write_bytes(path.read_bytes())
        if finding and escaped + slow <= SHOWN:
            print(f"  {target.name} {case}: {finding}", flush=True)
        if took > slowest:
            slowest, slowest_case = took, case
    print(
        f"{target.name}: {inputs} inputs, {refused} refused in words, {escaped} escaped,"
        f" {slow} over {limit:g} s, slowest {slowest * 1000:.0f} ms {slowest_case}",
        flush=True,
    )
    return escaped == 0 and slow == 0


def cli(options: argparse.Namespace) -> bool:
    """The CLI-level pass: every input through the real command in a forked child."""
    import json

    from fuzz_cli import cli_pass

    chosen = ["profile", "curriculum", "watch"] if options.target == "all" else [options.target]
    with tempfile.TemporaryDirectory(prefix="posecoach-fuzz-") as work:
        summaries = cli_pass(
            options.inputs, options.seed, Path(work), chosen, options.record, options.keep,
            options.limit, options.memory,
        )  # fmt: skip
    if options.json:
        print(json.dumps(summaries))
    return all(s["tracebacks"] == s["over_cpu"] == s["over_memory"] == 0 for s in summaries)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--target", choices=["watch", "yaml", "profile", "curriculum", "all"], default="all"
    )
    parser.add_argument("--limit", type=float, default=2.0, help="seconds one input may take")
    parser.add_argument("--keep", type=Path, help="write escaped and slow inputs here")
    parser.add_argument("--cli", action="store_true", help="through the real command")
    parser.add_argument("--memory", type=float, default=200.0, help="MB one run may take (--cli)")
    parser.add_argument("--record", type=Path, help="every run's figures, as JSON lines (--cli)")
    parser.add_argument("--json", action="store_true", help="the summaries as JSON (--cli)")
    options = parser.parse_args()
    if options.cli:
        if options.target == "yaml":
            parser.error("--cli targets: profile, curriculum, watch or all")
        sys.exit(0 if cli(options) else 1)
    if options.target in ("profile", "curriculum"):
        parser.error("profile and curriculum are --cli targets")
    work = Path(tempfile.mkdtemp())
    seeds, texts = activity_seeds(), [(p.name, p.read_text("utf-8")) for p in yaml_seeds()]
    watch_chance, yaml_chance = random.Random(options.seed), random.Random(options.seed)

    def watch_file(number: int) -> Path:
        seed, other = watch_chance.choice(seeds), watch_chance.choice(seeds)
        watch.seed_of[number] = seed.name
        path = work / f"case{''.join(seed.suffixes[-2:])}"
        path.write_bytes(mutate(seed.read_bytes(), other.read_bytes(), watch_chance))
        return path

    def yaml_file(number: int) -> Path:
        name, text = yaml_chance.choice(texts)
        yaml.seed_of[number] = name
        path = work / name
        path.write_text(yaml_mutate(text, yaml_chance), encoding="utf-8")
        return path

    watch = Target("watch", "watch files", watch_file, lambda p: summarise(p, "Europe/Berlin"))
    yaml = Target("yaml", "YAML inputs", yaml_file, loaders.load_any)
    ok = True
    for target in (watch, yaml):
        if options.target in ("all", target.key):
            ok &= run(target, options.inputs, options.limit, options.keep)
    with contextlib.suppress(OSError):
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
