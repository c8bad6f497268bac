#!/usr/bin/env python3
"""What a plan gives the calf, the foot and the learner, week by week.

Prints, for the default profile (or --profile) over --weeks: the sessions of
each week that hold calf/Achilles strength and foot-core work (plus days of
that work at home between sessions), and how many cues each drill shows
across each phase (all of them when new in the phase, then its key cue).

    python benchmarks/doses.py [--profile FILE] [--weeks N] [--curriculum ID]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from datetime import date
from pathlib import Path

from posecoach import loaders, resources
from posecoach.engine import build_plan
from posecoach.engine.weekly import holds
from posecoach.render.feedback import faded_cues


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=resources.default_profile_file())
    parser.add_argument("--weeks", type=int, default=None)
    parser.add_argument("--curriculum", default=None)
    args = parser.parse_args()
    curriculum = loaders.load_curriculum(args.curriculum)
    profile = loaders.load_profile(args.profile)
    plan = build_plan(curriculum, profile, loaders.load_rules(None), date(2027, 1, 4), args.weeks)

    print(f"{plan.curriculum_name}, {profile.sessions_per_week} sessions a week")
    print("week  deload  calf (sessions + days at home)  foot core (sessions + days at home)")
    for week in plan.weeks:
        calf = sum(1 for s in week.sessions if holds(s.items, "calf"))
        foot = sum(1 for s in week.sessions if holds(s.items, "foot-core"))
        home = {h.counts_as: h.days for h in week.home or []}
        deload = "yes" if week.deload else ""
        print(
            f"{week.number:>4}  {deload:<6}  {calf} + {home.get('calf', 0):<27}"
            f"  {foot} + {home.get('foot-core', 0)}"
        )

    shown = faded_cues(plan)
    tapers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for week in plan.weeks:
        for session in week.sessions:
            for index, item in enumerate(session.items):
                tapers[week.phase_name, item.name].append(len(shown[session.key, index]))
    print("\ncues shown each time a drill comes up in a phase")
    for (phase, name), counts in tapers.items():
        print(f"  {phase}: {name}: {', '.join(map(str, counts))}")


if __name__ == "__main__":
    main()
