"""Cadence targets: small steps over the runner's own baseline.

The targets are relative (+5%, +7.5%, +10% by default), never a fixed 180
steps per minute. When a step is taken is the builder's call (engine/build.py:
on check-ins on target, or after enough weeks without any).
"""

from __future__ import annotations

from posecoach.model import CadenceRule, CadenceTarget


def target(step: int, rule: CadenceRule, baseline: int | None) -> CadenceTarget:
    percent = 0.0 if step == 0 else min(rule.steps_percent[step - 1], rule.cap_percent)
    spm = round(baseline * (1 + percent / 100)) if baseline else None
    return CadenceTarget(step=step, percent=percent, spm=spm)
