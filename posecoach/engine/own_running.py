"""The runner's own running, and what the plan says to do with it (Rules.own_running).

A runner who keeps their easy runs puts the new-form minutes inside them, a
few minutes at first (S28b, S82, S83, S113), keeps them easy and no longer
than now while the drills and calf work add load (S79), and the longest-run
rule weighs the whole run (S87), so their own running never holds the plan's
runs back. A runner who pauses it has only the plan's runs (S9). A runner with
no running to build on is pointed at the foundations curriculum and an easy
run/walk to set a baseline.
"""

from __future__ import annotations

from posecoach.engine.state import Inputs, Ledger
from posecoach.model import Curriculum, Remark, Rules, RunnerProfile
from posecoach.model.plan import OwnRunning

# On every session with new-form running, for a runner who keeps their own.
INSIDE_YOUR_RUN = Remark(id="own-running.inside")


def first_curriculum(profile: RunnerProfile, rules: Rules) -> str | None:
    """The curriculum a runner with no running to build on starts with (for `init`
    and `plan` to point to); None for a runner who runs now."""
    return rules.own_running.first_curriculum if profile.weekly_volume == 0 else None


def own_running(profile: RunnerProfile, curriculum: Curriculum, rules: Rules) -> OwnRunning:
    """What the plan says about the runner's own running (renderers word it)."""
    if profile.keeps_running:
        advice = Remark(
            id="own-running.keep",
            params={
                "volume": profile.weekly_volume,
                "longest": profile.longest_run_30d,
                "units": profile.units,
                "injured": bool(profile.current_injuries),
            },
        )
        return OwnRunning(keeps=True, advice=advice)
    start_with = first_curriculum(profile, rules)
    if start_with is None:
        return OwnRunning(keeps=False, advice=Remark(id="own-running.pause"))
    baseline = profile.baseline_cadence is None
    if start_with == curriculum.id:
        return OwnRunning(
            keeps=False, advice=Remark(id="own-running.none", params={"count_steps": baseline})
        )
    advice = Remark(
        id="own-running.foundations", params={"curriculum": start_with, "count_steps": baseline}
    )
    return OwnRunning(keeps=False, advice=advice, start_with=start_with)


def note_own_running(inputs: Inputs, ledger: Ledger) -> OwnRunning:
    """What to do with the runner's own running, recorded once with its sources (the
    outputs say it once, before the weeks, not on every session)."""
    found = own_running(inputs.profile, inputs.curriculum, inputs.rules)
    ledger.record(1, "own_running", found.advice)
    return found
