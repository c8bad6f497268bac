"""A plan folder on a full disk or a read-only one: a check-in is logged together with
its outputs or not at all (and the runner is told which), nothing half-written stays,
and a command that cannot write says so instead of ending in a traceback.

Real file systems: a small tmpfs filled up, and one remounted read-only. Mounting
needs root, as the CI runs; elsewhere these tests say why they cannot run.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder import checkin_log
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.together import JOURNAL

DATA = Path(__file__).parent / "data"


@contextlib.contextmanager
def small_disk(path: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `path` for the block."""
    path.mkdir()
    options = f"size={size},mode=0755"
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({mounted.stderr.strip()}): these tests need root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk but for about `leave` bytes."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    room = stat.f_bavail * stat.f_frsize - leave
    with open(filler, "wb") as handle, contextlib.suppress(OSError):  # full: done
        while room > 0:
            room -= handle.write(b"\0" * min(room, 1 << 20))
    return filler


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def half_written(folder: Path) -> list[str]:
    return [
        p.name
        for p in folder.iterdir()
        if p.name.endswith((".staged", ".tmp")) or p.name == JOURNAL
    ]


def plan_into(runner: CliRunner, folder: Path) -> None:
    args = [
        "plan",
        "-p",
        str(DATA / "regular-runner.yaml"),
        "--start",
        "2027-01-04",
        "-o",
        str(folder),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_a_check_in_on_a_full_disk_logs_nothing_and_says_so_then_logs_once(
    tmp_path: Path, runner: CliRunner
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        folder = disk / "plan"
        plan_into(runner, folder)
        before = files(folder)
        filler = fill(disk, leave=64 * 1024)  # room for a log line, not for plan.html
        checkin = ["checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", "168"]
        for _ in range(2):  # a retry is no different: nothing doubles
            result = runner.invoke(app, checkin)
            assert result.exit_code == 1, result.output
            assert "nothing was logged" in result.stderr
            assert "No space left on device" in result.stderr
            assert "Checked in" not in result.stdout
            assert "Traceback" not in result.output
            # Every output as it was, and no check-in in the log (the check-in made it,
            # and leaves it empty: another check-in may be waiting to write to it).
            assert (folder / PlanFolder.CHECKINS).read_bytes() == b""
            assert {n: d for n, d in files(folder).items() if n != PlanFolder.CHECKINS} == before
            assert half_written(folder) == []
        # A reading command works on the full disk, and finds nothing to rebuild.
        shown = runner.invoke(app, ["show", "-d", str(folder)])
        assert shown.exit_code == 0, shown.output
        assert "rebuilt" not in shown.output
        filler.unlink()
        result = runner.invoke(app, checkin)
        assert result.exit_code == 0, result.output
        assert "Checked in Wednesday's session, 6 January" in result.stdout
        [logged] = checkin_log.read(folder / PlanFolder.CHECKINS).checkins
        assert logged.cadence == 168
        assert not PlanFolder(folder).is_stale()
        assert half_written(folder) == []


def test_taking_a_check_in_back_on_a_full_disk_takes_nothing_back(
    tmp_path: Path, runner: CliRunner
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        folder = disk / "plan"
        plan_into(runner, folder)
        checkin = [
            "checkin",
            "-d",
            str(folder),
            "--date",
            "2027-01-06",
            "--pain",
            "6",
            "--where",
            "calf",
        ]
        assert runner.invoke(app, checkin).exit_code == 0
        before = files(folder)
        filler = fill(disk, leave=64 * 1024)
        result = runner.invoke(app, ["checkin", "-d", str(folder), "--undo"])
        assert result.exit_code == 1, result.output
        assert "check-in 1 was not taken back" in result.stderr
        assert files(folder) == before
        assert half_written(folder) == []
        filler.unlink()
        assert runner.invoke(app, ["checkin", "-d", str(folder), "--undo"]).exit_code == 0
        assert checkin_log.read(folder / PlanFolder.CHECKINS).checkins == []


@pytest.fixture
def read_only(tmp_path: Path, runner: CliRunner) -> Iterator[Path]:
    """A plan folder (with no feed token yet) on a file system remounted read-only."""
    with small_disk(tmp_path / "disk") as disk:
        folder = disk / "plan"
        plan_into(runner, folder)
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        assert remounted.returncode == 0, remounted.stderr
        yield folder


@pytest.mark.parametrize(
    "args",
    [
        ["feed", "token"],
        ["feed", "token", "--rotate"],
        ["serve", "--port", "0"],
        ["publish", "--to", "/tmp"],
    ],
)
def test_a_read_only_folder_is_said_not_a_traceback(
    read_only: Path, runner: CliRunner, args: list[str]
) -> None:
    where = ["-d", str(read_only)] if args[0] == "feed" else [str(read_only)]
    result = runner.invoke(app, [*args, *where])
    assert result.exit_code == 2, result.output
    assert (
        f"{read_only / 'feed-token'}: cannot write the feed token (Read-only file system)"
        in result.stderr
    )
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_check_in_to_a_read_only_folder_logs_nothing_and_reading_still_works(
    read_only: Path, runner: CliRunner
) -> None:
    before = files(read_only)
    result = runner.invoke(
        app, ["checkin", "-d", str(read_only), "--date", "2027-01-06", "--rpe", "3"]
    )
    assert result.exit_code == 1, result.output
    assert "Read-only file system" in result.stderr
    assert "Traceback" not in result.output
    assert files(read_only) == before
    for args in (["show"], ["today", "--date", "2027-01-06"], ["checkins"]):
        assert runner.invoke(app, [*args, "-d", str(read_only)]).exit_code == 0, args
