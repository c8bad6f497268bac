"""What `posecoach plan --watch` adds to a 12-week plan: the FIT workouts of every session.

Three figures, each the median of several runs:

- the whole command in a fresh process, a new folder each run, with and without
  --watch, measured round-robin so a machine that slows down moves both alike;
  the difference is what a runner waits for (target: under 300 ms), in wall
  time and in CPU time (the steadier on a machine others share);
- in one process, the workouts alone: rendering the 36 sessions and writing them
  into a new folder, then again into a folder where all are current;
- the FIT encoding alone, against fit-tool building the same workouts (why
  posecoach writes FIT itself: render/fit_encoding.py).

    python benchmarks/watch.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posecoach import loaders
from posecoach.commands.workouts import follow_plan
from posecoach.engine import build_plan
from posecoach.folder.plan_folder import PlanFolder
from posecoach.render.plan_file import render_plan_file
from posecoach.render.workout import render_workout, workout_steps


def posecoach_command() -> list[str]:
    script = Path(sys.executable).with_name("posecoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "posecoach"]


def command_seconds(runs: int, work: Path) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time (user and system) of plan without and with --watch. On a
    machine others share, the CPU time is the steadier figure of the two."""
    cli = [*posecoach_command(), "plan", "--start", "2027-01-04", "--out"]
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for run in range(runs + 1):  # the first round warms the disk cache
        for watch in (False, True):
            folder = work / f"cli-{run}-{watch}"
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            extra = ["--watch"] if watch else []
            subprocess.run([*cli, str(folder), *extra], check=True, capture_output=True)
            seconds = time.perf_counter() - began
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if run:
                wall[watch].append(seconds)
                cpu[watch].append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
    return {
        "wall": (statistics.median(wall[False]), statistics.median(wall[True])),
        "cpu": (statistics.median(cpu[False]), statistics.median(cpu[True])),
    }


def in_process_seconds(runs: int, work: Path) -> tuple[float, float, float, int]:
    from datetime import date

    curriculum, rules = loaders.load_curriculum("pose-transition"), loaders.load_rules()
    plan = build_plan(curriculum, loaders.load_profile(None), rules, date(2027, 1, 4))
    cold, warm, encode = [], [], []
    for run in range(runs):
        folder = PlanFolder(work / f"in-{run}")
        folder.path.mkdir()
        folder.plan_file.write_text(render_plan_file(plan), encoding="utf-8")
        began = time.perf_counter()
        follow_plan(plan, folder, rules, every=True)
        cold.append(time.perf_counter() - began)
        began = time.perf_counter()
        follow_plan(plan, folder, rules, every=False)
        warm.append(time.perf_counter() - began)
        began = time.perf_counter()
        for week in plan.weeks:
            for session in week.sessions:
                render_workout(session, week.number, plan.timezone, 2.0)
        encode.append(time.perf_counter() - began)
    sessions = len(plan.sessions)
    return statistics.median(cold), statistics.median(warm), statistics.median(encode), sessions


def fit_tool_seconds() -> tuple[float, float] | None:
    """fit-tool's import, and its building of the same 36 workouts (steps only)."""
    code = """
import time
began = time.perf_counter()
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import FileType, Sport, WorkoutStepDuration
imported = time.perf_counter() - began
import json, sys
workouts = json.loads(sys.stdin.read())
began = time.perf_counter()
for name, steps in workouts:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type, file_id.manufacturer, file_id.serial_number = FileType.WORKOUT, 255, 1
    builder.add(file_id)
    workout = WorkoutMessage()
    workout.workout_name, workout.sport, workout.num_valid_steps = name, Sport.RUNNING, len(steps)
    builder.add(workout)
    for index, (step_name, seconds) in enumerate(steps):
        step = WorkoutStepMessage()
        step.message_index, step.workout_step_name = index, step_name or ""
        if seconds is None:
            step.duration_type = WorkoutStepDuration.OPEN
        else:
            step.duration_type, step.duration_time = WorkoutStepDuration.TIME, float(seconds)
        builder.add(step)
    builder.build().to_bytes()
print(imported, time.perf_counter() - began)
"""
    import json
    from datetime import date

    curriculum, rules = loaders.load_curriculum("pose-transition"), loaders.load_rules()
    plan = build_plan(curriculum, loaders.load_profile(None), rules, date(2027, 1, 4))
    workouts = [
        (s.title, [(step.name, step.seconds) for step in workout_steps(s, 2.0)])
        for s in plan.sessions
    ]
    found = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(workouts), capture_output=True, text=True
    )
    if found.returncode != 0:
        return None  # fit-tool is a test dependency: not installed here
    imported, built = (float(v) for v in found.stdout.split())
    return imported, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="posecoach-watch-"))
    try:
        commands = command_seconds(runs, work)
        cold, warm, encode, sessions = in_process_seconds(runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"12-week default plan, {sessions} sessions; medians of {runs} runs")
    for kind, (plain, watched) in commands.items():
        print(f"  posecoach plan            {plain * 1000:8.0f} ms {kind}")
        print(f"  posecoach plan --watch    {watched * 1000:8.0f} ms {kind}")
        added = (watched - plain) * 1000
        print(f"  --watch adds              {added:8.0f} ms {kind}   (target < 300 ms)")
    print(f"  workouts, new folder      {cold * 1000:8.1f} ms   (render and write {sessions})")
    print(f"  workouts, all current     {warm * 1000:8.1f} ms")
    print(f"  FIT encoding alone        {encode * 1000:8.1f} ms")
    other = fit_tool_seconds()
    if other is not None:
        imported, built = other
        print(f"  fit-tool: import          {imported * 1000:8.0f} ms")
        print(f"  fit-tool: build the same  {built * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
