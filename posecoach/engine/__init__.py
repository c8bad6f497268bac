"""The pure core: no files, no clock, no randomness.

`build_plan(curriculum, profile, rules, start, weeks)` is the whole interface.
"""

from posecoach.engine.build import build_plan

__all__ = ["build_plan"]
