"""`squad init`: a starter squad folder to edit, with two example athletes."""

from __future__ import annotations

from pathlib import Path

from posecoach.errors import UsageError
from posecoach.folder.store import prepare_folder, write_atomic
from posecoach.squad.folder import SquadFolder

SQUAD = """\
# The squad: its name, the curricula its athletes follow and the profile
# values every athlete starts from. An athlete's file (athletes/<id>.yaml)
# gives only what differs; their value wins over a default.
name: Tuesday group
# One curriculum for everyone (built-in id or a .yaml file beside this one),
# or several under `curricula:` (the first is the default; an athlete picks
# another with `curriculum:` in their file).
curricula:
  - pose-transition
  - pose-foundations
defaults:
  timezone: Europe/London
  days:
    Tue: "18:30"
    Thu: "18:30"
    Sat: "09:00"
  sessions_per_week: 3
  max_session_minutes: 45
  background: returning
  weekly_volume: 15
  longest_run_30d: 6
  units: km
# Where `posecoach serve` (or a static host after `posecoach squad publish`)
# is reached over HTTPS: each athlete's calendar then links to check-in pages.
# public_url: https://coach.example.org/feeds
"""

ATHLETES = {
    "ana": """\
# Ana: the squad's defaults, with her own name and a baseline cadence.
name: Ana
baseline_cadence: 162
""",
    "ben": """\
# Ben: new to running, free on other days, on the foundations curriculum.
name: Ben
curriculum: pose-foundations
background: new
weekly_volume: 0
longest_run_30d: 0
days:
  Mon: "07:00"
  Wed: "07:00"
  Sat: "10:00"
""",
}


def write_starter(folder: SquadFolder) -> list[Path]:
    """Write squad.yaml and the example athletes; never over a squad that is there."""
    if folder.squad_file.exists():
        raise UsageError(
            f"{folder.squad_file}: already exists; nothing was written",
            "edit it, or choose another folder",
        )
    prepare_folder(folder.athletes_dir)
    written = [folder.squad_file]
    write_atomic(folder.squad_file, SQUAD.encode())
    for athlete, text in ATHLETES.items():
        path = folder.athlete_file(athlete)
        if not path.exists():  # an athlete already there is the coach's
            write_atomic(path, text.encode())
            written.append(path)
    return written
