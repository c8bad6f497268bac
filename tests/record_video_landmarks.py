"""Record the landmarks of the synthetic clips, so the metric tests run without MediaPipe.

Renders every clip of tests/video_runner.CLIPS (10 s each) with tests/video_clips.py,
runs the installed `posecoach form CLIP --save-landmarks` on it, and writes
tests/data/video/<name>.json. Needs the video extra:

    .venv-video/bin/python tests/record_video_landmarks.py

MediaPipe gives the same landmarks for the same video, so a re-run changes
nothing unless the renderer, OpenCV's encoder or MediaPipe changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from video_clips import CLIPS, render

HERE = Path(__file__).parent
OUT = HERE / "data" / "video"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    posecoach = shutil.which("posecoach", path=str(Path(sys.executable).parent))
    assert posecoach, "posecoach is not installed in this environment"
    with tempfile.TemporaryDirectory() as scratch:
        for spec in CLIPS:
            clip = render(spec, Path(scratch) / f"{spec.name}.mp4")
            target = OUT / f"{spec.name}.json"
            subprocess.run(
                [posecoach, "form", str(clip), "--save-landmarks", str(target), "--no-picture"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"{target.relative_to(HERE.parent)}: {target.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
