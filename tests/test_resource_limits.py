"""Inputs built to exhaust a reader cost the installed command little: each is refused
with exit 2 and a one-line message, in under 2 s of CPU and 200 MB of memory.

The command runs in a child process measured by a launcher's os.wait4 (its own CPU time and
peak memory, not the machine's clock). Its address space is capped at 1.5 GB so
a regression fails here instead of eating the machine; a wall timeout only guards
against a hang. posecoach/limits.py holds the limits and their reasons.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from big_files import WIDE_MIB, big_gpx, gzipped_gpx, inflating_gz
from serving import request, serving
from test_hostile_inputs import alias_bomb

from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"
CPU_SECONDS = 2.0
PEAK_MB = 200
ADDRESS_SPACE = 1536 * 2**20  # a regression dies of MemoryError here, not swapping
HANG_SECONDS = 60  # far above any case's CPU time: only a hang reaches it


def installed_command() -> str:
    """The console script of this environment, as a user would run it."""
    beside = Path(sys.executable).parent / "posecoach"
    found = str(beside) if beside.is_file() else shutil.which("posecoach")
    assert found, "posecoach is not installed in this environment"
    return found


COMMAND = installed_command()


class Run(NamedTuple):
    code: int
    stderr: str
    cpu_seconds: float
    peak_mb: float


# Linux starts a forked child's peak-memory record at its parent's size, so a
# command forked from this (large) test process would report the test's own
# memory. A small launcher is forked instead; it forks the command, caps its
# address space, and reports the command's own rusage as one JSON line.
LAUNCHER = """
import json, os, resource, sys
result, space, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss], out)
"""


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(args: list[str], scratch: Path) -> Run:
    """Run the installed command and measure it alone (not this process)."""
    measured = scratch / "rusage.json"
    launch = [sys.executable, "-I", "-c", LAUNCHER, str(measured), str(ADDRESS_SPACE)]
    with open(scratch / "stdout", "wb") as out, open(scratch / "stderr", "wb") as err:
        process = subprocess.Popen(
            [*launch, COMMAND, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True,
        )  # fmt: skip
    # A hang kills the launcher and the command alike (one process group).
    guard = threading.Timer(HANG_SECONDS, os.killpg, (process.pid, signal.SIGKILL))
    guard.start()
    try:
        process.wait()
    finally:
        guard.cancel()
        guard.join()  # no thread left running when the next child is forked
    code, cpu_seconds, peak_kb = json.loads(measured.read_text(encoding="utf-8"))
    return Run(
        code=code,
        stderr=(scratch / "stderr").read_text(encoding="utf-8", errors="replace"),
        cpu_seconds=cpu_seconds,
        peak_mb=peak_kb / 1024,  # kB on Linux
    )


def assert_refused_cheaply(result: Run, *expected: str) -> None:
    # Shown by `pytest -rP`: the figures the bounds are asserted on.
    print(f"exit {result.code}, {result.cpu_seconds:.2f} s CPU, peak {result.peak_mb:.0f} MB")
    lines = result.stderr.strip().splitlines()
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    # One line says what is wrong (a hint or the count of problems may follow it).
    assert any(all(part in line for part in expected) for line in lines), result.stderr
    assert len(lines) <= 3, result.stderr
    assert result.cpu_seconds < CPU_SECONDS, f"{result.cpu_seconds:.2f} s of CPU"
    assert result.peak_mb < PEAK_MB, f"peak {result.peak_mb:.0f} MB"


# ------------------------------------------------------------------ the files


def million_keys(path: Path) -> None:
    """1.5 million keys, 16.5 MB: refused by its size before it is parsed."""
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, 1_500_000, 100_000):
            handle.write("".join(f"k{n:06x}: {n % 10}\n" for n in range(start, start + 100_000)))


def laughs(root: str) -> Callable[[Path], object]:
    """The "billion laughs": nine levels of ten entity references, 10^9 "lol"s."""
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  ' + "\n  ".join(levels) + "\n]>\n"
        f"<{root}>&lol9;</{root}>\n"
    )
    return lambda path: path.write_text(text, encoding="utf-8")


def deep_gpx(path: Path) -> None:
    """A GPX file of 15 MB whose track nests a million elements deep."""
    depth = 1_000_000
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        + b"<trkpt>" * depth + b"</trkpt>" * depth
        + b"</trkseg></trk></gpx>\n"
    )  # fmt: skip


def regular_plan_folder(scratch: Path) -> Path:
    """A plan folder made by the installed command itself."""
    folder = scratch / "plan"
    profile = str(DATA / "regular-runner.yaml")
    made = run(["plan", "-p", profile, "--start", "2027-01-04", "-o", str(folder)], scratch)
    assert made.code == 0, made.stderr
    return folder


# ------------------------------------------------------------------ the cases

YAML_CASES: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "alias bomb": (
        lambda path: path.write_text(alias_bomb(), encoding="utf-8"),
        ("bomb.yaml:", "holds more than 100,000 values once its aliases are expanded"),
    ),
    "1.5 million keys": (million_keys, ("bomb.yaml: is", "reads YAML files of up to 1 MB")),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
@pytest.mark.parametrize("flag", ["--profile", "--curriculum"])
def test_a_yaml_bomb_is_refused_cheaply(case: str, flag: str, tmp_path: Path) -> None:
    make, expected = YAML_CASES[case]
    path = tmp_path / "bomb.yaml"
    make(path)
    result = run(["plan", flag, str(path), "-o", str(tmp_path / "out")], tmp_path)
    assert_refused_cheaply(result, *expected)
    assert not (tmp_path / "out").exists()


ACTIVITY_CASES: dict[str, tuple[str, Callable[[Path], object], tuple[str, ...]]] = {
    "gz inflating to 2 GB": (  # and saying so in its trailer: refused before inflating
        "run.gpx.gz",
        lambda path: inflating_gz(path, b"<gpx>", WIDE_MIB, 2048),
        ("run.gpx.gz: the .gz file inflates to more than 100 MB",),
    ),
    "gz inflating to 2 GB of zeros, saying 1 kB": (  # no XML: refused at its first bytes
        "run.gpx.gz",
        lambda path: inflating_gz(path, b"", b"\0" * 2**20, 2048, lie=True),
        ("run.gpx.gz: the GPX file is damaged or cut short: its XML breaks at line 1",),
    ),
    "billion laughs gpx": (
        "run.gpx",
        laughs("gpx"),
        ("run.gpx: the GPX file declares a DTD or entities",),
    ),
    "billion laughs tcx": (
        "run.tcx",
        laughs("TrainingCenterDatabase"),
        ("run.tcx: the TCX file declares a DTD or entities",),
    ),
    "a million deep": (
        "run.gpx",
        deep_gpx,
        ("run.gpx: the GPX file nests its elements more than 64 deep",),
    ),
}


@pytest.mark.parametrize("case", sorted(ACTIVITY_CASES))
def test_an_activity_bomb_is_refused_cheaply(case: str, tmp_path: Path) -> None:
    folder = regular_plan_folder(tmp_path)
    name, make, expected = ACTIVITY_CASES[case]
    path = tmp_path / name
    make(path)
    if name.endswith(".gz"):
        assert 1.5 * 2**20 < path.stat().st_size < 3 * 2**20
    log = folder / "checkins.jsonl"
    args = ["checkin", "-d", str(folder), "--from", str(path), "--date", "2027-01-06"]
    assert_refused_cheaply(run(args, tmp_path), *expected)
    assert not log.exists()


def test_the_bounds_leave_room_for_real_work(tmp_path: Path) -> None:
    """The same measure on an ordinary check-in from a GPX file: the memory cap
    lets real work through, and the bounds above are not met by luck."""
    folder = regular_plan_folder(tmp_path)
    gpx = DATA / "activities" / "generated" / "run-with-walking-breaks.gpx"
    args = ["checkin", "-d", str(folder), "--from", str(gpx), "--date", "2027-01-06"]
    result = run(args, tmp_path)
    assert result.code == 0, result.stderr
    assert "Checked in" in (tmp_path / "stdout").read_text(encoding="utf-8")
    print(f"exit {result.code}, {result.cpu_seconds:.2f} s CPU, peak {result.peak_mb:.0f} MB")
    assert result.peak_mb < PEAK_MB


def test_the_memory_cap_holds_in_the_child(tmp_path: Path) -> None:
    """The safety cap itself works: a child asking for 2 GB fails instead of getting it."""
    grab = [sys.executable, "-c", "bytearray(2 * 1024**3)"]
    with open(tmp_path / "stderr", "wb") as err:
        code = subprocess.run(grab, stderr=err, preexec_fn=_cap_memory, check=False).returncode
    assert code == 1
    assert "MemoryError" in (tmp_path / "stderr").read_text(encoding="utf-8")


# ------------------------------------------- a large file, as stored and gzipped

BIG_PEAK_MB = 150  # issue 25: what parsing a 60 MB GPX file may cost, whatever it holds
BIG_CPU_SECONDS = 5.0


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 60 MB GPX file (a 73-hour track, 260,000 points) and its gzip (some 1.6 MB)."""
    folder = tmp_path_factory.mktemp("big")
    gpx, gz = folder / "long.gpx", folder / "long.gpx.gz"
    big_gpx(gpx, 60)
    gzipped_gpx(gpx, gz)
    return gpx, gz


POINTS_LIMIT = "the GPX file holds more than 100,000 track points (a day recorded every second"


@pytest.mark.parametrize("which", ["gpx", "gz"])
def test_a_60_mb_gpx_file_is_refused_for_its_points_in_bounded_memory(
    which: str, big_files: tuple[Path, Path], tmp_path: Path
) -> None:
    gpx, gz = big_files
    path = gpx if which == "gpx" else gz
    assert path.stat().st_size > 60 * 2**20 if which == "gpx" else path.stat().st_size < 3 * 2**20
    folder = regular_plan_folder(tmp_path)
    args = ["checkin", "-d", str(folder), "--from", str(path), "--date", "2027-01-06"]
    result = run(args, tmp_path)
    print(f"exit {result.code}, {result.cpu_seconds:.2f} s CPU, peak {result.peak_mb:.0f} MB")
    assert result.code == 2, result.stderr
    assert f"{path.name}: {POINTS_LIMIT}" in result.stderr
    assert "posecoach reads one session of up to a day" in result.stderr
    assert result.peak_mb < BIG_PEAK_MB, f"peak {result.peak_mb:.0f} MB"
    assert result.cpu_seconds < BIG_CPU_SECONDS, f"{result.cpu_seconds:.2f} s of CPU"
    assert not (folder / "checkins.jsonl").exists()


def test_a_day_of_points_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A day recorded every second (86,400 points, 20 MB) is read, and what is kept of
    it stays within the same bound; at the points' limit (100,000 a second apart, 28
    hours) the file is within what is read but not a session: refused, in words."""
    folder = regular_plan_folder(tmp_path)
    for points, code in ((86_400, 0), (100_000, 2)):
        path = tmp_path / f"{points}.gpx"
        big_gpx(path, points=points)
        args = ["checkin", "-d", str(folder), "--from", str(path), "--date", "2027-01-06"]
        result = run(args, tmp_path)
        print(f"{points}: exit {result.code}, {result.cpu_seconds:.2f} s CPU, "
              f"peak {result.peak_mb:.0f} MB")  # fmt: skip
        assert result.code == code, result.stderr
        assert result.peak_mb < BIG_PEAK_MB, f"peak {result.peak_mb:.0f} MB"
        path.unlink()
    assert "28 hours of running: posecoach reads one session of up to a day" in result.stderr
    assert "Input should" not in result.stderr
    assert len((folder / "checkins.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[str, bytes]:
    """A browser's multipart form: the fields and one file."""
    boundary = "posecoach-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="source"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode()


def peak_mb(pid: int) -> float:
    """A running process's peak memory (VmHWM), from Linux's own record."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """A running process's CPU time so far (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_page_refuses_both_in_bounded_memory(
    big_files: tuple[Path, Path], tmp_path: Path
) -> None:
    """The gzip through a check-in page: refused in words within seconds, and the server's
    memory stays bounded; the 60 MB file itself is over the page's 8 MB and refused
    before it is read."""
    gpx, gz = big_files
    folder = regular_plan_folder(tmp_path)
    key = PlanFolder(folder).read_plan().sessions[1].key
    with serving(folder) as server:
        token = read_token(PlanFolder(folder))  # made as the server starts
        assert token is not None
        fields = {"status": "done", "csrf": form_token(token, key)}
        path = f"/{token}/checkin/{key}"
        kind, body = multipart(fields, gz.name, gz.read_bytes())
        before = cpu_seconds(server.process.pid)
        status, _, page = request(
            server.port, path, "POST", {"Content-Type": kind}, body, timeout=HANG_SECONDS
        )
        spent = cpu_seconds(server.process.pid) - before
        assert status == 400, page[:300]
        assert POINTS_LIMIT in page.decode().replace("\n", " ")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=HANG_SECONDS)
        try:
            connection.putrequest("POST", path)
            connection.putheader("Content-Type", kind)
            connection.putheader("Content-Length", str(gpx.stat().st_size + 1000))
            connection.endheaders()
            answer = connection.getresponse()  # at once: the declared body is over the cap
            assert answer.status == 413
        finally:
            connection.close()
        peak = peak_mb(server.process.pid)
    print(f"server peak {peak:.0f} MB, {spent:.2f} s of its CPU for the gzip")
    assert peak < BIG_PEAK_MB, f"server peak {peak:.0f} MB"
    assert spent < BIG_CPU_SECONDS, f"{spent:.2f} s of CPU"
    assert not (folder / "checkins.jsonl").exists()
