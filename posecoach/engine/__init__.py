"""The pure core: no files, no clock, no randomness.

`build_plan(curriculum, profile, rules, start, weeks, checkins)` is the whole
interface; the same inputs always give the same plan.

The rooms, from the week loop down:

- `build`: `build_plan` and the week loop. It orders the check-ins, checks the
  plan's length, walks the weeks (asking each rule in turn), and assembles the
  Plan. It decides nothing itself.
- `state`: what the loop carries: the inputs, the `PlanState` handed from week
  to week (rung and dose progress, cadence step, run history of runs done,
  last heavy day, restrictions, the load limit in force and each week's load,
  rung per week, realigned streaks, the weeks' outlines, the drills shown so
  far), and
  the `Ledger` of adjustments (with their rule's sources and the check-in) and
  the notes still to go on the next week's sessions.

One module per rule; each makes all of its rule's decisions and words its
adjustments:

- `pain`: reads the check-ins in date order as the sessions are laid (each
  takes effect from the next day): severity, the restrictions on running,
  plyometrics and heavy work, the hold or step-back in force until its
  all-clear, the graded return after a stop, current injuries, the drills a
  session leaves out and the wording of all of it.
- `load`: what those decisions allow this week in numbers: the rung, the
  dose progress and volume, the most a session may run or dose.
- `cadence`: the targets over the runner's baseline and when a step is taken.
- `missed`: missed sessions in a row, and realigning the weeks that follow.
- `running`: the run/walk ladder and the longest-run (110%) rule, which for a
  runner who keeps their own running weighs the whole run (their own longest
  stays in the window).
- `own_running`: what the plan says about the runner's own running, and the
  curriculum a runner with none starts with.
- `days`: which days sessions fall on, and the heavy-days rule (what is
  heavy, which sessions keep their load, what a light day leaves out or
  swaps for a lighter drill).
- `weekly`: the weekly calf and foot-core work: folded into sessions that
  lack it, moved off a day kept light, and the rest done at home.
- `form`: a form check from a clip that shows overstriding or a lean from the
  hips adds the matching drills (pull, fall, Pose) to the weeks after it.

And the sessions they shape:

- `sessions`: a week's sessions, drafted, placed, capped and fitted.
- `drafts`: a session's items at this week's dose, before its date is final.
- `fitting`: trimming a session into the runner's longest session.
- `layout`: the curriculum's phases (and deload weeks) across the plan's weeks,
  no phase after the first starting on a deload week.
- `dosing`: a drill's dose range as this week's countable prescription.

Imports run one way: `build` -> `sessions` -> `weekly`/`form` -> `drafts`/`fitting`
-> `load`/`cadence` -> `pain`/`missed`/`own_running` -> `state` ->
`running`/`days`/`layout`/`dosing` -> the model. The rules that need the
state (`pain`, `cadence`, `missed`, `own_running`) sit above it; those that do
not (`running`, `days`) sit below, free of it.
"""

from posecoach.engine.build import build_plan

__all__ = ["build_plan"]
