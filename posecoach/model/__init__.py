"""The data model: what goes into the engine and what comes out.

Inputs (curriculum, runner profile, progression rules, check-ins) are read from
YAML and reject unknown keys, so a misspelt key is an error, never silently
ignored. The plan is the engine's output; it is frozen and fully serialisable,
so `plan.yaml` is a faithful dump of it.

One module per concept:

- `values`: the shared vocabularies (weekdays, elements, regions, blocks,
  figures), the `Input` and `Output` base classes, and the readers for
  amounts, times of day and paces;
- `curriculum`: drills, session templates, the run ladder and phases;
- `rules`: the progression rules for cadence, pain, missed sessions, the
  longest run, deloads, heavy days and form checks;
- `profile`: the runner, their days and injuries;
- `checkin`: how a session went (with a form check from a clip), or that it
  was missed;
- `plan`: the weeks, sessions and items the engine produces.

The names other modules use are re-exported here, so `from posecoach.model
import Plan` keeps working.
"""

from posecoach.model.checkin import CheckIn, FormCheck, FormFigure, Retraction, RunningDynamics
from posecoach.model.curriculum import Curriculum, Dose, Drill, Phase, RunStage, SessionTemplate
from posecoach.model.plan import (
    Adjustment,
    CadenceTarget,
    CheckInRef,
    Item,
    Plan,
    Prescription,
    Remark,
    RunWalk,
    Session,
    Week,
)
from posecoach.model.profile import Injury, Race, RunnerProfile
from posecoach.model.rules import CadenceRule, FormRule, LongestRunRule, Rules
from posecoach.model.values import (
    DEFAULT_BLOCK,
    DEFAULT_FIGURE,
    ELEMENTS,
    LOAD_CLASSES,
    REGIONS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    Background,
    weekday_key,
)

__all__ = [
    "DEFAULT_BLOCK",
    "DEFAULT_FIGURE",
    "ELEMENTS",
    "LOAD_CLASSES",
    "REGIONS",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "Adjustment",
    "Background",
    "CadenceRule",
    "CadenceTarget",
    "CheckIn",
    "CheckInRef",
    "Curriculum",
    "Dose",
    "Drill",
    "FormCheck",
    "FormFigure",
    "FormRule",
    "Injury",
    "Item",
    "LongestRunRule",
    "Phase",
    "Plan",
    "Prescription",
    "Race",
    "Remark",
    "Retraction",
    "Rules",
    "RunStage",
    "RunWalk",
    "RunnerProfile",
    "RunningDynamics",
    "Session",
    "SessionTemplate",
    "Week",
    "weekday_key",
]
