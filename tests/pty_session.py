"""The installed console script run in a pseudo-terminal, the way a person runs it: a
small expect loop over python's pty module (pexpect is not a test dependency)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("posecoach")


def environment(**overrides: str) -> dict[str, str]:
    """The test's environment for the script, with a terminal type and no colour tricks."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env |= {"TERM": "xterm", "NO_COLOR": "1"}
    return env | overrides


class Session:
    """One run of `posecoach ARGS` on a terminal of `columns` columns."""

    def __init__(
        self, *args: str, cwd: Path, env: Mapping[str, str] | None = None, columns: int = 100
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        self.process = subprocess.Popen(
            [str(SCRIPT), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=dict(env or environment()),
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""
        self.position = 0  # in `text`: where the next expect looks from

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace").replace("\r\n", "\n")

    def _read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False at the end of the output."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def expect(self, wanted: str, timeout: float = 30) -> str:
        """Wait until `wanted` is printed after the last thing expected (or fail, showing
        everything printed); returns what came between."""
        deadline = time.monotonic() + timeout
        while (found := self.text.find(wanted, self.position)) < 0:
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"never printed {wanted!r}; got:\n{self.text}")
        between = self.text[self.position : found]
        self.position = found + len(wanted)
        return between

    def send(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def finish(self, timeout: float = 60) -> int:
        """Read to the end and return the exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(0.1):
            if self.process.poll() is not None:
                while self._read(0.05):
                    pass
                break
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self.master)
        return code
