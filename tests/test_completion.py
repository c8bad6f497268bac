"""Tab completion of values, through the installed console script and the protocol its
bash script speaks (COMP_WORDS, COMP_CWORD, _POSECOACH_COMPLETE=complete_bash): the
plan's session keys, body regions, drill and source ids, curricula, time zones. A
completer reads files as text and rebuilds nothing; a folder or file it cannot read
completes nothing, silently."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pty_session import SCRIPT, environment
from typer.testing import CliRunner

from posecoach.cli import app

DATA = Path(__file__).parent / "data"


def complete(line: str, cwd: Path, shell: str = "bash") -> list[str]:
    """What the shell is offered for the last word of `line` (a trailing space: a new
    word), checking that nothing went to stderr."""
    words = line.split(" ")
    env = environment(_POSECOACH_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line}
    done = subprocess.run(
        [str(SCRIPT), *words[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-week plan folder of the mini curriculum, for Sam Example."""
    folder = tmp_path_factory.mktemp("completion") / "p"
    args = [
        "plan",
        "-p",
        str(DATA / "regular-runner.yaml"),
        "-c",
        str(DATA / "mini-curriculum.yaml"),
    ]
    result = CliRunner().invoke(
        app, [*args, "--weeks", "2", "--start", "2027-01-04", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    return folder


def test_session_keys_complete_from_the_plan_here(plan: Path) -> None:
    keys = complete("posecoach checkin --session sam-example-w02", plan)
    assert sorted(keys) == ["sam-example-w02-s1", "sam-example-w02-s2", "sam-example-w02-s3"]
    # From anywhere, with the folder named first; and for every command taking a key.
    assert complete("posecoach workout -d p sam-example-w01-s", plan.parent) != []
    zsh = "\n".join(complete("posecoach metronome --session sam-example-w01-s1", plan, "zsh"))
    assert '"sam-example-w01-s1":"2027-01-04 ' in zsh  # the day and title beside the key


def test_fixed_lists_complete(plan: Path) -> None:
    assert complete("posecoach checkin --where ach", plan) == ["achilles"]
    assert complete("posecoach init --timezone Europe/Lond", plan) == ["Europe/London"]
    assert complete("posecoach plan --curriculum pose-t", plan) == ["pose-transition"]
    assert "wall-fall" in complete("posecoach drills wall", plan.parent)
    assert complete("posecoach metronome --sound w", plan) == ["wood"]
    assert complete("posecoach sources S55", plan) == ["S55"]


def test_drill_ids_follow_the_curriculum(plan: Path) -> None:
    """Inside the folder, the plan's own curriculum; --curriculum, the one it names."""
    assert complete("posecoach drills h", plan) == ["hops", "heel-drop"]
    assert "hops" not in complete("posecoach drills h", plan.parent)  # pose-transition's
    mini = str(DATA / "mini-curriculum.yaml")
    assert complete(f"posecoach drills --curriculum {mini} pose", plan.parent) == ["pose-hold"]


def test_completion_rebuilds_nothing(plan: Path) -> None:
    """A stale plan (its profile edited since) is completed from as it is: no rebuild."""
    profile = plan / "profile.yaml"
    before = {p.name: p.stat().st_mtime_ns for p in plan.iterdir()}
    kept = profile.read_text()
    try:
        profile.write_text(kept.replace("name: Sam Example", "name: Sam Other"))
        before["profile.yaml"] = profile.stat().st_mtime_ns
        assert complete("posecoach checkin --session sam-example-w01-s1", plan)
        assert {p.name: p.stat().st_mtime_ns for p in plan.iterdir()} == before
    finally:
        profile.write_text(kept)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "a folder", "unreadable", "no plan", "dir is a file", "bad curriculum"],
)
def test_a_broken_folder_completes_nothing(tmp_path: Path, plan: Path, damage: str) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for name in ("plan.yaml", "profile.yaml"):
        (folder / name).write_bytes((plan / name).read_bytes())
    target = folder / "plan.yaml"
    line = "posecoach checkin --session sam"
    if damage == "garbage":
        target.write_bytes(b"\xff\x00: [\n  - key: {{{")
    elif damage == "a folder":
        target.unlink()
        target.mkdir()
    elif damage == "unreadable":
        if os.geteuid() == 0:
            target.write_bytes(b"  - key: " + b"x" * (2 * 1024 * 1024))  # past any input's size
        else:
            target.chmod(0)
    elif damage == "no plan":
        target.unlink()
    elif damage == "dir is a file":
        line = f"posecoach checkin -d {target} --session sam"
    else:
        target.write_text(target.read_text().replace("curriculum: mini", "curriculum: own"))
        (folder / "curriculum.yaml").write_text("drills: [{id: a\n")
        line = "posecoach drills "
    assert complete(line, folder) == []
