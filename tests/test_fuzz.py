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


CLI_RUNS = scaled(8, 300)  # per target; benchmarks/fuzz.py --cli runs 10,000


def test_the_cli_harness_finds_nothing_in_a_short_pass(tmp_path: Path) -> None:
    """benchmarks/fuzz.py --cli, bounded: mutated profiles, curricula and watch files
    through the real command in forked children, each measured alone; none ends in a
    traceback, takes more than 2 s of CPU or peaks over 200 MB."""
    import json
    import subprocess
    import sys

    script = Path(__file__).parent.parent / "benchmarks" / "fuzz.py"
    record = tmp_path / "runs.jsonl"
    done = subprocess.run(
        [sys.executable, str(script), "--cli", "--inputs", str(CLI_RUNS), "--seed", "25",
         "--record", str(record), "--json", "--keep", str(tmp_path / "found")],
        capture_output=True, text=True, cwd=tmp_path, timeout=1800, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summaries = json.loads(done.stdout.strip().splitlines()[-1])
    assert [s["target"] for s in summaries] == ["profile", "curriculum", "watch"]
    for summary in summaries:
        assert summary["runs"] == CLI_RUNS
        assert (summary["tracebacks"], summary["over_cpu"], summary["over_memory"]) == (0, 0, 0)
        assert 0 < summary["peak_max_mb"] < 200
    runs = [json.loads(line) for line in record.read_text().splitlines()]
    assert len(runs) == 3 * CLI_RUNS  # each run's time and memory recorded
    assert {r["code"] for r in runs} <= {0, 1, 2}
