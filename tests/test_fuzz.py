"""Bounded fuzzing in every test run: mutated watch files and YAML inputs end in
posecoach's own errors or a result, never an uncaught exception.

benchmarks/fuzz.py runs the same targets for longer and reports its counts, and
the inputs over its time limit (issue 15). Its findings so far, each held here
by counting work rather than by the clock:
- copies of the large FIT files (1 MB, 24,000 records) took 2-3 s each, most of
  it fitdecode's work per field: they are read a message at a time.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import fitdecode
import pytest
from fuzzing import DATA, activity_seeds, count_calls, mutate, yaml_mutate, yaml_seeds
from sizing import scaled

from posecoach import loaders
from posecoach.errors import UsageError
from posecoach.imports import ActivityError, summarise

pytestmark = pytest.mark.soak  # sized by tests/sizing.py

ROUNDS = scaled(60, 2000)  # per target; benchmarks/fuzz.py runs thousands


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


def test_mutated_large_fit_files_are_read_a_message_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large = DATA / "activities" / "real-world" / "fitparse-activity-large-fenxi2-multisport.fit"
    data = large.read_bytes()
    records = count_calls(monkeypatch, fitdecode.FitReader, "_read_record")
    reads = count_calls(monkeypatch, fitdecode.FitReader, "_read_bytes")
    chance = random.Random(15)
    path = tmp_path / "case.fit"
    for _ in range(4):
        path.write_bytes(mutate(data, data, chance))
        records[0] = reads[0] = 0
        with contextlib.suppress(ActivityError):
            summarise(path, "UTC")
        # The stock reader makes some 19 reads a record (one a field); a definition
        # makes one a field too, but there are a handful.
        assert reads[0] <= 2 * records[0] + 600


@pytest.mark.parametrize("seed", yaml_seeds(), ids=lambda p: p.name)
def test_mutated_yaml_inputs_never_escape(seed: Path, tmp_path: Path) -> None:
    chance = random.Random(seed.name)
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / seed.name
    for _ in range(ROUNDS // 3):
        path.write_text(yaml_mutate(text, chance), encoding="utf-8")
        with contextlib.suppress(UsageError):  # InputError is one: problems with their lines
            loaders.load_any(path)
