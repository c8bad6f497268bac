"""The built-in curricula: valid, consistent, and dosed inside what the sources support.

Source numbers (S14, S43, ...) refer to docs/pose-domain-facts.md. Every drill
of a shipped curriculum needs an entry in BOUNDS below, so a new drill cannot
ship without someone checking its dose against the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import cycle, islice, pairwise
from pathlib import Path

import pytest

from posecoach import loaders
from posecoach.model import ELEMENTS, Curriculum, Dose
from posecoach.yaml_reading import read_document

# The installed package will find these through posecoach.resources; the
# checkout keeps them at the top of the repo.
CURRICULA_DIR = Path(__file__).resolve().parents[1] / "curricula"
DEFAULT = "pose-transition"
FOUNDATIONS = "pose-foundations"
NAMES = (DEFAULT, FOUNDATIONS)

# Any drill, any template: more sets than this is never what the sources describe.
GENERIC_MAX_SETS = 4

# Highest source number in docs/pose-domain-facts.md.
LAST_SOURCE = 113


@dataclass(frozen=True)
class Bound:
    """The largest dose of one drill that its sources support.

    `most` is per set (and per side for a per-side drill), in `unit`; `total`
    caps sets x amount where a source gives a total rather than a set size.
    """

    unit: str
    most: float
    sets: int = 3
    least: float = 0
    total: float | None = None


BOUNDS: dict[str, Bound] = {
    # ---------------------------------------------------------------- pose
    # S17 gives no dose; S14: Pose drills 3 x 10-15 reps.
    "body-weight-perception": Bound("reps", 15),
    # S14: hold up to 30 s; S15/S16: work up to 1 min each leg.
    "pose-stance-hold": Bound("seconds", 60),
    # S14: 3 x 10-15; S16 needs only a few in a row before running.
    "change-of-support-in-place": Bound("reps", 15),
    # S21: about 30 hops in place; S22: sets done three times.
    "hops-in-place": Bound("reps", 30),
    # S33 gives no dose. At about 2 skips a second, 45 s is ~90 contacts, the top
    # of the hop sets novices built up to over 4 weeks in S52/S53.
    "rope-skipping": Bound("seconds", 45),
    # S30 gives no dose; S14: 3 x 10-15, well under the ~30 hops of S21.
    "elastic-jumps": Bound("reps", 15),
    # ---------------------------------------------------------------- fall
    # S13/S15/S24 give no count for the fall itself; S14: 3 x 10-15.
    "wall-fall": Bound("reps", 15),
    # S24: 20 strides into the wall, then run off.
    "wall-lean-run": Bound("reps", 20),
    # S21: lean hops 2-3 x 20 m.
    "lean-hops": Bound("metres", 20),
    # S25: run out 50 m, 3 times.
    "partner-fall-run-out": Bound("metres", 50),
    # ---------------------------------------------------------------- pull
    # S20 gives no dose; S14: 3 x 10-15.
    "pony": Bound("reps", 15),
    # S23: 20 reps a leg, starting from 5 and adding each session.
    "wall-pulls": Bound("reps", 20, total=20),
    # S21: figure-4 at the wall, 20 s x 2-3.
    "figure-four-wall-hold": Bound("seconds", 20),
    # S28 gives no dose; S14: 3 x 10-15.
    "foot-tapping": Bound("reps", 15),
    # S21/S29 give no dose; S14: 3 x 10-15.
    "single-leg-pull-hops": Bound("reps", 15),
    # ---------------------------------------------------------------- integration
    # S18 gives no distance; travelling drills as lean hops, 2-3 x 20 m (S21).
    "change-of-support-moving": Bound("metres", 20),
    # S7 gives no dose; S14: 3 x 10-15.
    "band-framing": Bound("reps", 15),
    # S13: drill, then a 25-50 m run, repeated.
    "drill-to-run": Bound("metres", 50, sets=GENERIC_MAX_SETS, least=25),
    # ---------------------------------------------------------------- running
    # S31: 30 s on / 30 s walk to a metronome.
    "running-in-place": Bound("seconds", 30, sets=GENERIC_MAX_SETS),
    # A placeholder (the run ladder decides); S110: 25 min continuous by week 12.
    "new-form-easy-run": Bound("minutes", 25, sets=1),
    # ---------------------------------------------------------------- strength
    # S47: 2-3 x 10; S45: heel raises start at 3 x 15.
    "double-leg-calf-raise": Bound("reps", 15),
    # S47: single-leg 3 x 10; S45: 3 x 15 at first, then 4 sets of 10, 8 and 6 with load.
    "single-leg-calf-raise": Bound("reps", 15, sets=4),
    # S43: Alfredson 3 x 15 per variant (straight knee, bent knee).
    "heel-drop-straight-knee": Bound("reps", 15),
    "heel-drop-bent-knee": Bound("reps", 15),
    # While pain stops running (S90-S93 keep loading within acceptable pain) heavy calf work
    # pauses; the sources give no isometric dose, so the holds stay within the 30-60 s
    # holds used elsewhere (S14-S16) and the generic set count.
    "calf-isometric-hold": Bound("seconds", 45, sets=4),
    # S48/S49/S50 give no set size; held to the 3 x 15 of the other strength work (S43).
    "short-foot": Bound("reps", 15),
    "toe-yoga": Bound("reps", 15),
    # S47: bridges 3 x 12, then single-leg bridges.
    "glute-bridge": Bound("reps", 12),
    "single-leg-bridge": Bound("reps", 12),
    # ---------------------------------------------------------------- stability
    # S47: clams and side-lying leg lifts 3 x 12.
    "clamshell": Bound("reps", 12),
    "side-lying-hip-abduction": Bound("reps", 12),
    # S11 gives no dose for hip-dips; hip work 3 x 12 (S47).
    "hip-dips": Bound("reps", 12),
    # S47: squats and lunges after the 3 x 12 stage; held to 3 x 12.
    "single-leg-step-down": Bound("reps", 12),
    # S47: planks up to 3 x 30 s.
    "side-plank": Bound("seconds", 30),
    # ---------------------------------------------------------------- mobility
    # S10/S109/S113 name flexibility work without a dose: a short house cap.
    "calf-soleus-stretch": Bound("seconds", 45),
    "hamstring-stretch": Bound("seconds", 45),
    "hip-flexor-stretch": Bound("seconds", 45),
    # S109/S113 give no dose; S14: 3 x 10-15.
    "ankle-knee-to-wall": Bound("reps", 15),
}

# Romanov's lessons (S8): the foot and the Pose, falling, pulling, integrating the
# frames, the Achilles tendon, then the frames revisited and put together.
DEFAULT_PHASES = (
    "foot-and-pose",
    "fall",
    "pull",
    "integrating-frames",
    "achilles-elasticity",
    "putting-it-together",
)
FOUNDATIONS_PHASES = ("foot-and-pose", "fall", "pull", "putting-it-together")


@cache
def load(name: str, language: str = "en") -> Curriculum:
    document = read_document(CURRICULA_DIR / f"{name}.yaml")
    return loaders.validate(document, Curriculum, language)


def doses(curriculum: Curriculum) -> Iterator[tuple[str, str, Dose]]:
    """Every dose in a curriculum: (where, drill id, dose)."""
    for drill in curriculum.drills:
        yield f"drill {drill.id}", drill.id, drill.dose
    for template in curriculum.templates:
        for index, item in enumerate(template.items):
            if item.dose is not None:
                yield f"template {template.id} item {index}", item.drill, item.dose
    for phase in curriculum.phases:
        for drill_id, dose in phase.doses.items():
            yield f"phase {phase.id}", drill_id, dose


def dose_problems(dose: Dose, bound: Bound) -> list[str]:
    problems: list[str] = []
    amount = dose.amount
    if dose.unit != bound.unit:
        problems.append(f"is in {dose.unit}, the bound is in {bound.unit}")
        return problems
    if amount.high > bound.most:
        problems.append(f"{amount.high:g} {dose.unit} a set is above {bound.most:g}")
    if amount.low < bound.least:
        problems.append(f"{amount.low:g} {dose.unit} a set is below {bound.least:g}")
    if dose.sets.high > min(bound.sets, GENERIC_MAX_SETS):
        problems.append(f"{dose.sets.high:g} sets is above {min(bound.sets, GENERIC_MAX_SETS)}")
    if bound.total is not None and dose.sets.high * amount.high > bound.total:
        total = dose.sets.high * amount.high
        problems.append(f"{total:g} {dose.unit} in all is above {bound.total:g}")
    return problems


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_curriculum_validates(name: str) -> None:
    curriculum = load(name)
    assert curriculum.id == name
    assert sum(phase.weeks for phase in curriculum.phases) == curriculum.weeks


def test_default_plan_lengths() -> None:
    curriculum = load(DEFAULT)
    assert (curriculum.weeks, curriculum.min_weeks, curriculum.max_weeks) == (12, 8, 16)
    assert curriculum.deload_every == 4


def test_foundations_plan_lengths() -> None:
    curriculum = load(FOUNDATIONS)
    assert curriculum.weeks == 4
    assert curriculum.min_weeks <= 4 <= curriculum.max_weeks <= 6


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_ids_are_unique(name: str) -> None:
    curriculum = load(name)
    for kind, ids in (
        ("drill", [d.id for d in curriculum.drills]),
        ("template", [t.id for t in curriculum.templates]),
        ("phase", [p.id for p in curriculum.phases]),
    ):
        assert len(ids) == len(set(ids)), f"duplicate {kind} ids"


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_drill_and_template_is_used_and_exists(name: str) -> None:
    curriculum = load(name)
    drill_ids = {d.id for d in curriculum.drills}
    template_ids = {t.id for t in curriculum.templates}
    named_drills = {item.drill for t in curriculum.templates for item in t.items}
    # A drill that stands in for another while pain pauses it is used through that one.
    named_drills |= {d.replaced_by for d in curriculum.drills if d.replaced_by}
    named_templates = {tid for phase in curriculum.phases for tid in phase.sessions}
    assert named_drills - drill_ids == set(), "templates name drills that do not exist"
    assert drill_ids - named_drills == set(), "drills no template uses"
    assert named_templates - template_ids == set(), "phases name templates that do not exist"
    assert template_ids - named_templates == set(), "templates no phase uses"


def test_default_size_and_elements() -> None:
    curriculum = load(DEFAULT)
    assert len(curriculum.drills) >= 25
    covered = {drill.element for drill in curriculum.drills}
    assert set(ELEMENTS) - covered == set()


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_drill_has_a_bound(name: str) -> None:
    missing = sorted(d.id for d in load(name).drills if d.id not in BOUNDS)
    assert missing == [], f"add a source-backed bound to BOUNDS for {missing}"


def test_no_bound_without_a_drill() -> None:
    shipped = {d.id for name in NAMES for d in load(name).drills}
    assert set(BOUNDS) - shipped == set()


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_doses_within_source_bounds(name: str) -> None:
    problems = [
        f"{where}: {drill_id} {problem}"
        for where, drill_id, dose in doses(load(name))
        if drill_id in BOUNDS
        for problem in dose_problems(dose, BOUNDS[drill_id])
    ]
    assert problems == []


def test_dose_problems_catches_an_overdose() -> None:
    dose = Dose.model_validate({"sets": [2, 5], "reps": [5, 25], "per_side": True})
    problems = dose_problems(dose, BOUNDS["wall-pulls"])
    assert len(problems) == 3  # reps a set, sets, and reps in all


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_sources_are_numbered_facts(name: str) -> None:
    for drill in load(name).drills:
        for source in drill.sources:
            number = re.fullmatch(r"S(\d+)b?", source)
            assert number is not None
            assert 1 <= int(number[1]) <= LAST_SOURCE, f"{drill.id}: {source}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [(DEFAULT, DEFAULT_PHASES), (FOUNDATIONS, FOUNDATIONS_PHASES)],
    ids=NAMES,
)
def test_phases_follow_romanovs_lessons(name: str, expected: tuple[str, ...]) -> None:
    assert tuple(phase.id for phase in load(name).phases) == expected


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_cadence_steps_never_fall(name: str) -> None:
    steps = [phase.cadence_step for phase in load(name).phases]
    assert steps == sorted(steps)
    assert steps[0] <= 1


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_strength_two_or_three_times_a_week(name: str) -> None:
    """At 3 sessions a week, at least 2 of them hold strength or stability work."""
    curriculum = load(name)
    for phase in curriculum.phases:
        assert len(phase.sessions) >= 4, f"{phase.id}: order at least 4 templates"
        first_three = islice(cycle(phase.sessions), 3)
        with_strength = [
            tid
            for tid in first_three
            if any(
                curriculum.drill(item.drill).element in ("strength", "stability")
                for item in curriculum.template(tid).items
                if not item.optional
            )
        ]
        assert len(with_strength) >= 2, phase.id


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_phase_has_new_form_running(name: str) -> None:
    curriculum = load(name)
    ladder_drills = {d.id for d in curriculum.drills if d.ladder}
    assert len(ladder_drills) == 1
    for phase in curriculum.phases:
        assert any(
            item.drill in ladder_drills
            for tid in phase.sessions
            for item in curriculum.template(tid).items
        ), phase.id


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_run_ladder_grows(name: str) -> None:
    ladder = load(name).run_ladder
    minutes = [stage.run_minutes for stage in ladder]
    assert all(b >= a for a, b in pairwise(minutes)), minutes
    # S110: runs of 30 s with 30 s walks to begin with, up to 25 min continuous.
    assert ladder[0].run <= 0.5
    assert minutes[-1] <= 25


def test_default_ladder_ends_continuous() -> None:
    ladder = load(DEFAULT).run_ladder
    assert 10 <= len(ladder) <= 12
    assert ladder[-1].walk == 0
    assert ladder[-1].repeats == 1
    assert ladder[-1].run >= 20


def test_foundations_is_gentler_than_the_default() -> None:
    foundations, default = load(FOUNDATIONS), load(DEFAULT)
    assert foundations.run_ladder[-1].run_minutes < default.run_ladder[-1].run_minutes
    assert {d.id for d in foundations.drills} <= {d.id for d in default.drills}


def test_shared_drills_match_between_curricula() -> None:
    """The foundations copy its drills from the default; keep the copies in step."""
    default = {d.id: d for d in load(DEFAULT).drills}
    for drill in load(FOUNDATIONS).drills:
        assert drill == default[drill.id], drill.id


# ------------------------------------------------------------------ calf and foot work


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_calf_and_foot_drills_say_what_they_count_as(name: str) -> None:
    """The engine counts the weekly calf and foot-core work by these marks (S43-S49)."""
    marked = {d.id: d.counts_as for d in load(name).drills if d.counts_as}
    expected = {
        "double-leg-calf-raise": "calf-light",
        "calf-isometric-hold": "calf-light",
        "single-leg-calf-raise": "calf-heavy",
        "heel-drop-straight-knee": "calf-heavy",
        "heel-drop-bent-knee": "calf-heavy",
        "short-foot": "foot-core",
        "toe-yoga": "foot-core",
    }
    assert marked == {k: v for k, v in expected.items() if k in marked}
    assert {"heel-drop-straight-knee", "heel-drop-bent-knee", "short-foot"} <= set(marked)


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_heavy_calf_work_has_a_lighter_stand_in(name: str) -> None:
    """A day next to a heavy calf day keeps calf work, on two legs and without weight."""
    curriculum = load(name)
    for drill in curriculum.drills:
        if drill.counts_as == "calf-heavy":
            assert drill.lighter is not None, drill.id
            assert curriculum.drill(drill.lighter).counts_as == "calf-light", drill.id


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_phase_has_calf_and_foot_work_to_fold_in(name: str) -> None:
    """Each phase's strength session holds calf work and foot core, so a runner whose
    sessions leave it out still gets them (engine/weekly.py folds them in)."""
    curriculum = load(name)
    for phase in curriculum.phases:
        strength = [
            curriculum.template(t)
            for t in phase.sessions
            if curriculum.template(t).kind == "strength"
        ]
        assert strength, phase.id
        counts = {
            curriculum.drill(item.drill).counts_as
            for item in strength[0].items
            if not item.optional and item.block != "warm-up"
        }
        assert "calf-heavy" in counts, phase.id
        assert "foot-core" in counts, phase.id


def test_the_calf_load_rises_from_bodyweight_to_heavy_slow_resistance() -> None:
    """S45/S46: heavy slow resistance with rising load and falling reps; the load is
    said in kilograms and as a share of bodyweight."""
    curriculum = load(DEFAULT)
    raises = [
        (phase.id, phase.doses["single-leg-calf-raise"])
        for phase in curriculum.phases
        if "single-leg-calf-raise" in phase.doses
    ]
    assert len(raises) >= 3
    assert "bodyweight" in (raises[0][1].note or "")
    loaded = [(pid, d) for pid, d in raises if "kg" in (d.note or "")]
    assert len(loaded) >= 3
    reps = [d.amount.high for _, d in loaded]
    assert reps == sorted(reps, reverse=True)
    assert reps[0] > reps[-1]
    for pid, dose in loaded:
        note = dose.note or ""
        assert re.search(r"\d+-\d+% of your bodyweight added, \d+-\d+ kg", note), pid
        assert "3 s up, 3 s down" in note, pid
        assert dose.sets.high == 4, pid
    shares = [int(re.findall(r"(\d+)-\d+%", d.note or "")[0]) for _, d in loaded]
    assert shares == sorted(shares)
    assert shares[0] < shares[-1]


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_split_holds_add_up(name: str) -> None:
    """A hold split between two positions gives the split as a share: a deload week
    shortens the hold, and seconds in the note would stop adding up ('25 s per side
    (20 s straight knee, 20 s bent knee)')."""
    for where, _, dose in doses(load(name)):
        parts = [int(n) for n in re.findall(r"(\d+) s (?:straight|bent) knee", dose.note or "")]
        assert not parts, f"{where}: give the split as a share, not seconds ({dose.note})"


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_strength_sessions_start_with_a_warm_up(name: str) -> None:
    curriculum = load(name)
    for template in curriculum.templates:
        if template.kind == "strength":
            assert template.items[0].block == "warm-up", template.id
