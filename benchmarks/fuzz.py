"""Fuzz the watch-file readers and the YAML loaders for longer than the tests do.

    python benchmarks/fuzz.py [--inputs 10000] [--seed 1]

Each target gets that many mutated inputs (tests/fuzzing.py makes them from the
real files under tests/data). Prints, per target, the inputs tried, how many
were refused in posecoach's own words, how many escaped as another exception
(each with its type and the case, which must be 0), and the slowest input.
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


def run(name: str, inputs: int, case: Callable[[int], None]) -> bool:
    refused = escaped = 0
    slowest = 0.0
    for number in range(inputs):
        began = time.perf_counter()
        try:
            case(number)
        except (ActivityError, UsageError):
            refused += 1
        except Exception:
            escaped += 1
            if escaped <= 3:
                print(f"  {name} #{number}: {traceback.format_exc(limit=2).splitlines()[-1]}")
        slowest = max(slowest, time.perf_counter() - began)
    print(
        f"{name}: {inputs} inputs, {refused} refused in words, {escaped} escaped,"
        f" slowest {slowest * 1000:.0f} ms"
    )
    return escaped == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    chance = random.Random(options.seed)
    work = Path(tempfile.mkdtemp())
    seeds, texts = activity_seeds(), [(p.name, p.read_text("utf-8")) for p in yaml_seeds()]

    def activity(number: int) -> None:
        seed, other = chance.choice(seeds), chance.choice(seeds)
        path = work / f"case{''.join(seed.suffixes[-2:])}"
        path.write_bytes(mutate(seed.read_bytes(), other.read_bytes(), chance))
        summarise(path, "Europe/Berlin")

    def yaml_file(number: int) -> None:
        name, text = chance.choice(texts)
        path = work / name
        path.write_text(yaml_mutate(text, chance), encoding="utf-8")
        loaders.load_any(path)

    ok = run("watch files", options.inputs, activity)
    ok &= run("YAML inputs", options.inputs, yaml_file)
    with contextlib.suppress(OSError):
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
