"""Kills at a moment of a process's own work, not of the wall clock.

A kill test stops the installed command part-way and checks what it left. Timed by
the wall clock, the moment moves with the machine's load: on a busy machine every
kill falls while Python is still importing and the test proves nothing. Timed by
the child's own CPU time it falls at the same point of its work however busy the
machine is, and the test waits only as long as the work takes.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import time

_TICK = os.sysconf("SC_CLK_TCK")
_POLL_SECONDS = 0.005


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a running process has used so far (0 once gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime and stime, in ticks


def cpu_of_a_whole_run(process: subprocess.Popen[bytes]) -> float:
    """Wait for `process` to end; the CPU time it took (it must be this test's only
    child running)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert process.wait() == 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def kill_after_cpu(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL `process` once it has used `seconds` of CPU; True if it ended on its own
    (exit 0) first. Returns once the process is gone."""
    while process.poll() is None and cpu_seconds(process.pid) < seconds:
        time.sleep(_POLL_SECONDS)
    finished = process.poll() == 0
    process.send_signal(signal.SIGKILL)
    process.wait()
    return finished
