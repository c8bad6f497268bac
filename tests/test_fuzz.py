"""Bounded fuzzing in every test run: mutated watch files and YAML inputs end in
posecoach's own errors or a result, never an uncaught exception.

benchmarks/fuzz.py runs the same targets for longer and reports its counts.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from fuzzing import activity_seeds, mutate, yaml_mutate, yaml_seeds

from posecoach import loaders
from posecoach.errors import UsageError
from posecoach.imports import ActivityError, summarise

ROUNDS = 150  # per target in CI; the script runs thousands


def test_mutated_watch_files_never_escape(tmp_path: Path) -> None:
    seeds = activity_seeds()
    assert len(seeds) > 30
    chance = random.Random(2026)
    for round_ in range(ROUNDS):
        seed, other = chance.choice(seeds), chance.choice(seeds)
        path = tmp_path / f"case{round_}{''.join(seed.suffixes[-2:])}"
        path.write_bytes(mutate(seed.read_bytes(), other.read_bytes(), chance))
        with contextlib.suppress(ActivityError):  # refused in words: fine
            summarise(path, "Europe/Berlin")
        path.unlink()


@pytest.mark.parametrize("seed", yaml_seeds(), ids=lambda p: p.name)
def test_mutated_yaml_inputs_never_escape(seed: Path, tmp_path: Path) -> None:
    chance = random.Random(seed.name)
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / seed.name
    for _ in range(ROUNDS // 3):
        path.write_text(yaml_mutate(text, chance), encoding="utf-8")
        with contextlib.suppress(UsageError):  # InputError is one: problems with their lines
            loaders.load_any(path)
