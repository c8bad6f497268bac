"""posecoach form on real video files, through the installed command, with MediaPipe.

These need the video extra (MediaPipe, OpenCV): CI runs them in a second
environment, the real landmark finder on a freshly rendered clip inside a
network namespace with no network (`unshare -rn`), with an audit hook that
records any socket the process opens. The bad clips are each refused with
exit 2 and one clear sentence, in bounded CPU time and memory.

Without the extra they are skipped, unless POSECOACH_VIDEO_TESTS is set (CI
sets it in the video environment): there a missing extra is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, NamedTuple

import pytest

try:
    import cv2
    import mediapipe  # noqa: F401
except ImportError:
    if os.environ.get("POSECOACH_VIDEO_TESTS"):
        raise
    pytest.skip(
        "the video extra is not installed (CI runs these in its video environment)",
        allow_module_level=True,
    )

from video_clips import ClipSpec, render

pytestmark = pytest.mark.video

COMMAND = str(Path(sys.executable).parent / "posecoach")
# A short clip of the good 172-steps runner, small enough for CI: 5 s at 30 fps.
SHORT = ClipSpec("short-172-30fps", cadence=172, lean=5.0, strike=0.08, bounce=0.08, fps=30,
                 seconds=5.0, width=960, height=540, seed=4)  # fmt: skip
# Records every socket event of the process it is loaded into (sitecustomize runs
# at start-up), so a test can see that nothing connected, or tried to.
AUDIT = textwrap.dedent(
    """
    import os, sys
    log = os.environ["POSECOACH_SOCKET_LOG"]
    def hook(event, args):
        if event.startswith("socket."):
            with open(log, "a") as out:
                out.write(f"{os.getpid()} {event} {args!r}\\n")
    sys.addaudithook(hook)
    """
)


def offline_prefix() -> list[str]:
    """`unshare -rn`: a new user and network namespace with only a loopback, down."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        return [unshare, "-rn"]
    if os.environ.get("POSECOACH_VIDEO_TESTS"):
        pytest.fail("unshare -rn is not permitted here: CI must prove the finder offline")
    return []


def test_mediapipe_finds_the_runner_offline_and_the_report_recovers_the_form(
    tmp_path: Path,
) -> None:
    clip = render(SHORT, tmp_path / "run.mp4")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(AUDIT)
    sockets = tmp_path / "sockets.log"
    env = {**os.environ, "PYTHONPATH": str(hooks), "POSECOACH_SOCKET_LOG": str(sockets)}
    prefix = offline_prefix()
    args = ["form", str(clip), "--json", "--save-landmarks", "marks.json", "--picture", "p.png"]
    done = subprocess.run(
        [*prefix, COMMAND, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # MediaPipe's own start-up logging kept off the terminal
    assert not sockets.exists(), sockets.read_text()  # no socket, in any process
    figures = json.loads(done.stdout)["figures"]
    print({k: (v["value"], v["spread"], v["count"]) for k, v in figures.items()}, prefix)
    assert figures["cadence"]["value"] == pytest.approx(SHORT.cadence, abs=1.0)
    assert figures["lean"]["value"] == pytest.approx(SHORT.lean, abs=1.5)
    assert figures["strike"]["value"] == pytest.approx(SHORT.strike, abs=0.08)
    marks = json.loads((tmp_path / "marks.json").read_text())
    assert marks["format"] == "posecoach-landmarks"
    assert len(marks["frames"]) == 150
    picture = cv2.imread(str(tmp_path / "p.png"))
    assert picture.shape[0] == 720
    assert picture.shape[1] >= 900
    # The same clip again, on the network this time: the same landmarks and picture bytes.
    again = subprocess.run(
        [COMMAND, *args[:3], "--save-landmarks", "again.json", "--picture", "again.png"],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "marks.json").read_bytes()
    assert (tmp_path / "again.png").read_bytes() == (tmp_path / "p.png").read_bytes()


def test_one_core_or_two_find_the_same_landmarks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posecoach.video import clip as clips
    from posecoach.video.finder import SPLIT_FRAMES, find_landmarks

    clip = clips.open_clip(render(SHORT, tmp_path / "run.mp4"))
    assert clip.frames > SPLIT_FRAMES  # read as two halves
    two = find_landmarks(clip)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    one = find_landmarks(clip)
    assert (two.points.tobytes(), two.fps) == (one.points.tobytes(), one.fps)


def test_a_check_in_with_a_clip_changes_the_next_weeks(tmp_path: Path) -> None:
    """posecoach checkin --video, as a runner types it in their plan folder."""
    clip = render(SHORT._replace(name="over", strike=0.26, seed=2), tmp_path / "over.mp4")
    folder = tmp_path / "plan"
    profile = Path(__file__).parent / "data" / "regular-runner.yaml"
    planned = subprocess.run(
        [COMMAND, "plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert planned.returncode == 0, planned.stderr
    before = (folder / "plan.yaml").read_text()
    # Checked in that evening: the weeks it changes are still to come.
    evening = {**os.environ, "POSECOACH_NOW": "2027-01-06T20:00:00+01:00"}
    done = subprocess.run(
        [COMMAND, "checkin", "--date", "2027-01-06", "--video", str(clip), "--rpe", "4"],
        cwd=folder, capture_output=True, text=True, check=False, timeout=300, env=evening,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "Form from over.mp4: cadence 172 steps/min" in out
    assert "overstriding (past 0.15)" in out
    assert "weeks 2–3: Form check of Wed 6 Jan (over.mp4)" in out, out
    assert "already over" not in out
    assert (folder / "over-form.png").is_file()  # the picture, where the runner is
    assert (folder / "plan.yaml").read_text() != before
    explained = subprocess.run(
        [COMMAND, "explain", "--week", "2"], cwd=folder, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert "Rule     form: A form check from a side-view clip" in explained.stdout


# ------------------------------------------------------------------ refused, cheaply


class Run(NamedTuple):
    code: int
    stderr: str
    cpu_seconds: float
    peak_mb: float


LAUNCHER = """
import json, os, sys
result, command = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(result, "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss], out)
"""


def run(args: list[str], scratch: Path) -> Run:
    """The installed command measured alone (a small launcher forks it: see
    tests/test_resource_limits.py)."""
    measured = scratch / "rusage.json"
    done = subprocess.run(
        [sys.executable, "-I", "-c", LAUNCHER, str(measured), COMMAND, *args],
        cwd=scratch, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    code, cpu, peak_kb = json.loads(measured.read_text())
    return Run(code, done.stderr, cpu, peak_kb / 1024)


def _small(name: str, **changes: Any) -> ClipSpec:
    """4 s at 30 fps, 640 x 360: 120 frames, read in one process."""
    base = ClipSpec(name, fps=30, seconds=4.0, width=640, height=360, seed=6)
    return base._replace(**changes)


def _truncate(path: Path, share: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])


CASES: dict[str, tuple[str, float]] = {
    # name: (what the one line says, the most CPU seconds it may take)
    "no person": ("no runner found", 30.0),
    "two people": ("frames looked at hold a second person", 30.0),
    "front view": ("the runner is filmed from the front or back, not from the side", 30.0),
    "5 fps": ("5 frames a second is too few to time a step", 3.0),
    "4K": ("3840×2160 frames are larger than posecoach reads (at most 1920×1080)", 3.0),
    "10 minutes": ("the clip runs 10 min 0 s; posecoach reads clips of up to 30 s", 3.0),
    "cut short (MP4)": ("cannot be read as a video: it is damaged or was cut short", 3.0),
    "cut short (AVI)": ("the video stops at", 10.0),
    "not a video": ("not a video: it does not start as an MP4, MOV or AVI file does", 3.0),
}


def make(case: str, folder: Path) -> Path:
    path = folder / ("clip.avi" if "AVI" in case else "clip.mp4")
    if case == "no person":
        render(_small(case, people=0), path)
    elif case == "two people":
        render(_small(case, people=2, width=960, height=540), path)
    elif case == "front view":
        render(_small(case, view="front"), path)
    elif case == "5 fps":
        render(_small(case, fps=5.0, seconds=6.0), path)
    elif case == "4K":
        render(_small(case, width=3840, height=2160, seconds=0.1), path)
    elif case == "10 minutes":
        render(ClipSpec(case, fps=25.0, seconds=600.0, width=32, height=32, people=0), path)
    elif case == "cut short (MP4)":
        _truncate(render(_small(case), path), 0.6)
    elif case == "cut short (AVI)":
        _truncate(render(_small(case), path), 0.5)
    else:
        path.write_bytes(b"I am a note the phone saved with the wrong name.\n" * 50)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_clip_that_cannot_be_measured_is_refused_cheaply(case: str, tmp_path: Path) -> None:
    message, cpu_most = CASES[case]
    clip = make(case, tmp_path)
    result = run(["form", str(clip)], tmp_path)
    print(f"{case}: exit {result.code}, {result.cpu_seconds:.2f} s CPU, {result.peak_mb:.0f} MB")
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: CLIP: {clip}: "), result.stderr
    assert message in first, result.stderr
    assert len(result.stderr.splitlines()) <= 2  # the sentence, and a hint
    assert result.cpu_seconds < cpu_most
    assert result.peak_mb < 1024
    assert not list(tmp_path.glob("*.png"))
