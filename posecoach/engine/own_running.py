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
from posecoach.model import Curriculum, Rules, RunnerProfile
from posecoach.model.plan import OwnRunning

# On every session with new-form running, for a runner who keeps their own.
INSIDE_YOUR_RUN = (
    "Part of your own easy run: the warm-up drills and this run/walk first, then"
    " finish the run in your usual easy way, no longer than your usual easy run."
)


def first_curriculum(profile: RunnerProfile, rules: Rules) -> str | None:
    """The curriculum a runner with no running to build on starts with (for `init`
    and `plan` to point to); None for a runner who runs now."""
    return rules.own_running.first_curriculum if profile.weekly_volume == 0 else None


def own_running(profile: RunnerProfile, curriculum: Curriculum, rules: Rules) -> OwnRunning:
    """What the plan says about the runner's own running, in plain words."""
    units = profile.units
    if profile.keeps_running:
        advice = (
            f"Keep your own easy running (about {profile.weekly_volume:g} {units} a week,"
            f" longest {profile.longest_run_30d:g} {units}), but no more of it than now, and"
            " a little less in the first weeks while the drills and calf work are new;"
            " shorten it first if your calves ache above 3 out of 10. Run the plan's"
            " new-form minutes inside those runs, not on top of them: on a run day, do the"
            " warm-up drills and the run/walk first, then finish your run as usual. The"
            " plan's longest-run limit (no run more than a tenth longer than your longest"
            " of the last month) counts the whole run, your own part included."
        )
        if profile.current_injuries:
            advice = (
                "With a current injury, keep only as much of your own running as your"
                f" physiotherapist or doctor clears. {advice}"
            )
        return OwnRunning(keeps=True, advice=advice)
    start_with = first_curriculum(profile, rules)
    if start_with is None:
        advice = (
            "Your own running pauses while you learn the new form: the plan's run/walk"
            " sessions are all your running for now, and no run gets more than a tenth"
            " longer than your longest run of the month before the plan."
        )
        return OwnRunning(keeps=False, advice=advice)
    baseline = (
        "Before you start, do an easy baseline: 10 to 15 minutes of easy run/walk at a pace"
        " you can chat at"
        + (
            ", and count your steps for one minute of it to set your baseline_cadence."
            if profile.baseline_cadence is None
            else "."
        )
    )
    if start_with == curriculum.id:
        return OwnRunning(keeps=False, advice=f"You have no running to build on yet. {baseline}")
    advice = (
        f"You have no running to build on yet: start with the {start_with} curriculum"
        f" (drills, strength and a few minutes of run/walk) before this one. {baseline}"
    )
    return OwnRunning(keeps=False, advice=advice, start_with=start_with)


def note_own_running(inputs: Inputs, ledger: Ledger) -> OwnRunning:
    """What to do with the runner's own running, recorded once with its sources (the
    outputs say it once, before the weeks, not on every session)."""
    found = own_running(inputs.profile, inputs.curriculum, inputs.rules)
    ledger.record(1, "own_running", found.advice)
    return found
