"""The squad folder on disk: the one owner of its file names, and squad.yaml read.

squad.yaml is read once per run: its curricula are parsed once and shared by
every athlete's plan (the workers of a parallel run receive the parsed models,
never the YAML).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from posecoach import loaders, resources
from posecoach.errors import InputError, Problem, UsageError, did_you_mean
from posecoach.folder.plan_folder import PlanFolder
from posecoach.model import Curriculum, Rules, RunnerProfile
from posecoach.model.profile import CalendarPreferences

# Keys of squad.yaml; anything else is an error with a suggestion.
SQUAD_KEYS = ("name", "curriculum", "curricula", "defaults", "public_url")
# Keys an athlete's file may hold besides a profile's: the curriculum they follow.
ATHLETE_KEYS = ("curriculum",)
# A default of these would give every athlete the same value, which must be theirs alone.
PERSONAL = ("name", "plan_id")


class SquadFolder:
    """One squad folder; `path` as the user wrote it."""

    SQUAD = "squad.yaml"
    ATHLETES = "athletes"
    PLANS = "plans"
    HTML = "squad.html"

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    @property
    def squad_file(self) -> Path:
        return self.path / self.SQUAD

    @property
    def athletes_dir(self) -> Path:
        return self.path / self.ATHLETES

    @property
    def html_file(self) -> Path:
        return self.path / self.HTML

    def athlete_file(self, athlete: str) -> Path:
        return self.athletes_dir / f"{athlete}.yaml"

    def plan_folder(self, athlete: str) -> PlanFolder:
        return PlanFolder(self.path / self.PLANS / athlete)

    def athletes(self) -> list[str]:
        """Every athlete's id (their file's name without .yaml), sorted."""
        if not self.athletes_dir.is_dir():
            return []
        return sorted(p.stem for p in self.athletes_dir.glob("*.yaml") if p.is_file())

    def require(self) -> None:
        if not self.squad_file.is_file():
            raise UsageError(
                f"{self.path}: holds no {self.SQUAD}, so it is not a squad folder",
                "make one: posecoach squad init",
            )

    def chosen(self, only: list[str]) -> list[str]:
        """The athletes a run works on: all, or those in `only` (each must exist)."""
        known = self.athletes()
        for wanted in only:
            if wanted not in known:
                raise UsageError(
                    f"no athlete {wanted!r} in {self.athletes_dir}",
                    did_you_mean(wanted, known) or f"athletes: {', '.join(known) or 'none'}",
                    field="only",
                )
        return [a for a in known if not only or a in only]


class Squad(NamedTuple):
    """squad.yaml, read and checked, with its curricula parsed once."""

    name: str
    source: str  # squad.yaml's path, for problems about a default
    curricula: dict[str, Curriculum]  # by the name squad.yaml gives (an id or a path)
    curriculum_files: dict[str, Path | None]  # the file of a curriculum given by path
    default_curriculum: str
    defaults: dict[str, Any]
    default_lines: dict[str, int]  # dotted location inside `defaults` -> line in squad.yaml
    public_url: str | None
    public_url_line: int | None
    rules: Rules


def dotted_lines(document: loaders.Document, prefix: tuple[str | int, ...] = ()) -> dict[str, int]:
    """Each location under `prefix`, dotted as problems write it, with its line."""
    found: dict[str, int] = {}
    for path, line in document.lines.items():
        if path[: len(prefix)] == prefix and len(path) > len(prefix):
            found[".".join(str(part) for part in path[len(prefix) :])] = line
    return found


def read_squad(folder: SquadFolder) -> Squad:
    """squad.yaml with its curricula and defaults checked: every problem at once."""
    folder.require()
    document = loaders.read_document(folder.squad_file)
    source = document.source
    data = document.data
    if not isinstance(data, Mapping):
        raise InputError([Problem(source, 1, "", "expected a mapping of keys (name, defaults...)")])
    problems: list[Problem] = []

    def report(path: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        where = ".".join(str(p) for p in path)
        problems.append(Problem(source, document.line_of(path), where, message, hint))

    for key in data:
        if key not in SQUAD_KEYS:
            report((key,), "unknown key", did_you_mean(str(key), SQUAD_KEYS))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        report(("name",), "the squad needs a name (text)")
    named = _curriculum_names(data, report)
    curricula: dict[str, Curriculum] = {}
    files: dict[str, Path | None] = {}
    builtin = resources.builtin_curricula()
    for index, given in named:
        where: tuple[str | int, ...] = ("curriculum",) if index is None else ("curricula", index)
        path = None if given in builtin else _beside(folder, given)
        if path is not None and not given.endswith((".yaml", ".yml")):
            known = f"built in: {', '.join(builtin)}; or a .yaml file"
            hint = did_you_mean(given, builtin) or known
            report(where, f"no built-in curriculum is called {given!r}", hint)
            continue
        try:
            curricula[given] = loaders.load_curriculum(given if path is None else str(path))
            files[given] = path
        except InputError as error:
            problems.extend(error.problems)
        except UsageError as error:
            report(where, error.message, error.hint)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        report(("defaults",), "expected a mapping of profile keys")
        defaults = {}
    for key in defaults:
        if key not in RunnerProfile.model_fields:
            close = did_you_mean(str(key), RunnerProfile.model_fields)
            report(("defaults", key), "not a profile key", close)
        elif key in PERSONAL:
            report(("defaults", key), "each athlete's own: set it in their file, not as a default")
    public_url: str | None = None
    if data.get("public_url") is not None:
        # The profile's own check of the address, so both accept the same ones.
        address = loaders.Document(source, {"public_url": data["public_url"]}, document.lines)
        try:
            public_url = loaders.validate(address, CalendarPreferences).public_url
        except InputError as error:
            problems.extend(error.problems)
    rules: Rules | None = None
    try:
        rules = loaders.load_rules()
    except InputError as error:
        problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    assert isinstance(name, str)
    assert rules is not None
    return Squad(
        name=name.strip(),
        source=source,
        curricula=curricula,
        curriculum_files=files,
        default_curriculum=named[0][1],
        defaults=dict(defaults),
        default_lines=dotted_lines(document, ("defaults",)),
        public_url=public_url,
        public_url_line=document.line_of(("public_url",)),
        rules=rules,
    )


def _curriculum_names(data: Mapping[str, Any], report: Any) -> list[tuple[int | None, str]]:
    """The curricula squad.yaml names, with their index in `curricula` (None for `curriculum`)."""
    single, several = data.get("curriculum"), data.get("curricula")
    if single is not None and several is not None:
        report(("curricula",), "give curriculum (one for all) or curricula (several), not both")
        return []
    if several is not None:
        if not isinstance(several, list) or not several:
            report(("curricula",), "expected a list of curriculum ids or files")
            return []
        named: list[tuple[int | None, str]] = []
        for index, item in enumerate(several):
            if isinstance(item, str) and item.strip():
                named.append((index, item.strip()))
            else:
                report(("curricula", index), "expected a curriculum id or a file")
        return named
    if single is None:
        return [(None, resources.DEFAULT_CURRICULUM)]
    if not isinstance(single, str) or not single.strip():
        report(("curriculum",), "expected a curriculum id or a file")
        return []
    return [(None, single.strip())]


def _beside(folder: SquadFolder, given: str) -> Path:
    """A curriculum file named in squad.yaml, relative to the squad folder."""
    path = Path(given).expanduser()
    return path if path.is_absolute() else folder.path / path
