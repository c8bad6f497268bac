"""YAML files to models, with every problem reported at once and by line.

YAML is read by yaml_reading.py, which keeps the line of every key and list
item beside the data, so that a pydantic error at `days.Wendesday` becomes
`profile.yaml:7: days.Wendesday: ...` with a "did you mean" hint.
"""

from __future__ import annotations

import contextlib
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from posecoach import i18n, resources, texts
from posecoach.error_words import describe, unwrap_model
from posecoach.errors import InputError, Problem, UsageError, all_at_once, did_you_mean
from posecoach.model import Curriculum, Rules, RunnerProfile
from posecoach.model.values import LANGUAGES
from posecoach.yaml_reading import Document, Path_, parse_yaml, read_document, yaml_data

__all__ = [
    "Document", "check_curriculum", "load_any", "load_curriculum", "load_profile", "load_rules",
    "parse_yaml", "read_document", "validate", "validate_request", "yaml_data",
]  # fmt: skip

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- validation


def validate(document: Document, model: type[M], language: str = "en") -> M:
    """Validate a document against a model, reporting every problem at once; its
    per-language texts (posecoach.texts) are read in `language`."""
    if not isinstance(document.data, Mapping):
        kind = "empty" if document.data is None else f"a {type(document.data).__name__}"
        raise InputError(
            [Problem(document.source, 1, "", f"the file is {kind}, expected a mapping of keys")]
        )
    data, found = texts.resolve(document.data, model, language)
    return _validated(document, model, data, found)


def _validated(document: Document, model: type[M], data: Any, found: list[texts.Found]) -> M:
    """The model from `data` (the document's, its texts resolved), every problem at once."""
    problems = _yes_no_numbers(document, model, document.data, ())
    problems += [_located(document, f.path, f.message, f.hint) for f in found]
    said = {problem.location for problem in problems}
    # `pl: 3` is said once, at its language's entry, not again as the text's
    said |= {_dotted(f.path[:-1]) for f in found if f.of_one_language}
    try:
        built = model.model_validate(data)
    except ValidationError as error:
        reported = [_problem(document, model, detail) for detail in error.errors()]
        problems += [p for p in reported if p.location not in said]  # "1 is less than 120"
    if problems:
        raise InputError(_unique(problems)) from None
    return built


def _yes_no_numbers(document: Document, annotation: Any, value: Any, path: Path_) -> list[Problem]:
    """Where a number belongs and YAML read true or false (`sessions_per_week: yes`):
    pydantic would take it for 1 or 0, so it is refused here, found by walking the
    data beside the model's fields."""
    annotation = unwrap_model(annotation)
    if isinstance(value, bool):
        if annotation not in (int, float):
            return []
        word = document.booleans.get(path, str(value).lower())
        location = ".".join(str(part) for part in path)
        message = f"{word!r} is a yes-or-no value in YAML, not a number"
        hint = "write a whole number here" if annotation is int else "write a number here"
        return [Problem(document.source, document.line_of(path), location, message, hint)]
    found: list[Problem] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(value, Mapping):
            for name, field in annotation.model_fields.items():
                key = field.alias or name
                if key in value:
                    found += _yes_no_numbers(document, field.annotation, value[key], (*path, key))
        return found
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (list, tuple) and args and isinstance(value, list):
        for index, item in enumerate(value):
            found += _yes_no_numbers(document, args[0], item, (*path, index))
    elif origin is dict and len(args) == 2 and isinstance(value, Mapping):
        for key, item in value.items():
            found += _yes_no_numbers(document, args[1], item, (*path, key))
    return found


def validate_request(
    model: type[M], data: Mapping[str, Any], fields: Mapping[str, str] | None = None
) -> M:
    """A model built from a request's values (not a file): every problem at once, each
    naming the request's field as `{field}` for the edge to word (`fields` maps a
    model field to the request's name for it)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems: list[UsageError] = []
        for detail in error.errors():
            loc = _data_path(detail["loc"])
            words = describe(model, loc, detail)
            key = words.at or (str(loc[0]) if loc else None)
            name = (fields or {}).get(key, key) if key else None
            problems.append(UsageError(words.message, words.hint, field=name))
        all_at_once(problems)
        raise  # not reached: there was a problem


def _dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def _located(document: Document, path: Path_, message: str, hint: str | None = None) -> Problem:
    return Problem(document.source, document.line_of(path), _dotted(path), message, hint)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.location))


def _problem(document: Document, model: type[BaseModel], detail: ErrorDetails) -> Problem:
    loc = _data_path(detail["loc"])
    words = describe(model, loc, detail)
    if words.at:
        loc = (*loc, words.at)
    location = ".".join(str(part) for part in loc)
    return Problem(document.source, document.line_of(loc), location, words.message, words.hint)


def _data_path(loc: tuple[str | int, ...]) -> Path_:
    """Drop pydantic's validator tags (e.g. 'function-before[...]', '[key]')."""
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part == "[key]" or re.match(r"^[\w-]+\[.*\]$", part)))
    )


# --------------------------------------------------------------------------- curricula


def check_curriculum(curriculum: Curriculum, document: Document) -> None:
    """Cross-references a model cannot check alone: ids that must exist and be unique."""
    problems: list[Problem] = []

    def report(path: Path_, message: str, hint: str | None = None) -> None:
        location = ".".join(str(p) for p in path)
        problems.append(Problem(document.source, document.line_of(path), location, message, hint))

    for kind, ids in (
        ("drill", [d.id for d in curriculum.drills]),
        ("template", [t.id for t in curriculum.templates]),
        ("phase", [p.id for p in curriculum.phases]),
    ):
        for index, item_id in enumerate(ids):
            if item_id in ids[:index]:
                report((f"{kind}s", index, "id"), f"{kind} id {item_id!r} is used twice")

    drill_ids = [d.id for d in curriculum.drills]
    for t_index, template in enumerate(curriculum.templates):
        for i_index, item in enumerate(template.items):
            if item.drill not in drill_ids:
                report(
                    ("templates", t_index, "items", i_index, "drill"),
                    f"no drill has the id {item.drill!r}",
                    did_you_mean(item.drill, drill_ids),
                )
    for d_index, drill in enumerate(curriculum.drills):
        if drill.replaced_by is not None and drill.replaced_by not in drill_ids:
            report(
                ("drills", d_index, "replaced_by"),
                f"no drill has the id {drill.replaced_by!r}",
                did_you_mean(drill.replaced_by, drill_ids),
            )
    template_ids = [t.id for t in curriculum.templates]
    for p_index, phase in enumerate(curriculum.phases):
        for s_index, template_id in enumerate(phase.sessions):
            if template_id not in template_ids:
                report(
                    ("phases", p_index, "sessions", s_index),
                    f"no session template has the id {template_id!r}",
                    did_you_mean(template_id, template_ids),
                )
    if problems:
        raise InputError(_unique(problems))


def load_curriculum(
    name_or_path: str | None, data: bytes | None = None, language: str = "en"
) -> Curriculum:
    """A built-in curriculum by name, or a curriculum file by path (its bytes, `data`),
    its texts in `language` (posecoach.texts: its first language, if it has not that).
    A plan is built from the English one, so its data never depends on the language."""
    builtin = resources.builtin_curricula()
    name = name_or_path or resources.DEFAULT_CURRICULUM
    if name in builtin:
        path = builtin[name]
        shipped = _shipped_curriculum(path, language) if data is None else None
        if shipped is not None:
            return shipped
    else:
        path = Path(name)
        if not path.exists() and not name.endswith((".yaml", ".yml")):
            raise UsageError(
                f"no built-in curriculum is called {name!r}",
                did_you_mean(name, builtin) or f"built in: {', '.join(builtin)}; or give a file",
            )
    document = read_document(path, data)
    curriculum = validate(document, Curriculum, language)
    check_curriculum(curriculum, document)
    return curriculum


def _shipped_curriculum(path: Path, language: str) -> Curriculum | None:
    """A built-in curriculum read quickly, without line marks: every plan reads one, and
    in two languages it is twice the YAML. The tests read each shipped file carefully
    (keys given twice, every problem by line); should it still not pass here, None,
    and the careful read says why."""
    try:
        raw = yaml_data(path.read_text(encoding="utf-8"))
        resolved, found = texts.resolve(raw, Curriculum, language)
        if found:
            return None
        curriculum = Curriculum.model_validate(resolved)
        check_curriculum(curriculum, Document(str(path), raw, {}))
    except (OSError, ValueError, yaml.YAMLError, InputError):
        return None
    return curriculum


# --------------------------------------------------------------------------- profile, rules


def load_profile(
    path: Path | None, data: bytes | None = None, *, its_language: bool = False
) -> RunnerProfile:
    """The runner's profile (its bytes, `data`, when read), or the built-in default.
    With `its_language`, its problems are said in the language it asks for (`language:
    pl`), when it can be read that far: no --lang or plan said otherwise."""
    return profile_of(read_document(path or resources.default_profile_file(), data), its_language)


def profile_of(document: Document, its_language: bool = False) -> RunnerProfile:
    """The profile in a read document (see load_profile)."""
    asked = document.data.get("language") if isinstance(document.data, Mapping) else None
    spoken = i18n.supported(asked) if its_language and isinstance(asked, str) else None
    try:
        with i18n.use(spoken) if spoken else contextlib.nullcontext():
            return validate(document, RunnerProfile)
    except InputError as error:
        error.spoken = spoken
        raise


def load_rules(
    override: Path | None = None, data: bytes | None = None, language: str = "en"
) -> Rules:
    """The shipped progression rules, with a plan's own overrides (`data`) laid on top,
    their explanations in `language`.

    Each file's texts are checked against its own languages and resolved before the
    merge: an override's summary replaces the default's in every language (in its
    own first language where it has not the one asked for)."""
    defaults = read_document(resources.rules_file())
    if override is None:
        return validate(defaults, Rules, language)
    changes = read_document(override, data)
    if not isinstance(changes.data, Mapping):
        raise InputError([Problem(changes.source, 1, "", "expected a mapping of rule overrides")])
    base, _ = texts.resolve(defaults.data, Rules, language)  # shipped: complete (a test)
    own, found = texts.resolve(changes.data, Rules, language)
    merged = Document(
        changes.source, _merge(defaults.data, changes.data), changes.lines, changes.booleans
    )
    return _validated(merged, Rules, _merge(base, own), found)


def _merge(base: Any, changes: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(changes, Mapping):
        merged = dict(base)
        for key, value in changes.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return changes


CURRICULUM_KEYS = frozenset({"drills", "phases", "templates", "run_ladder"})
BIBLIOGRAPHY_KEYS = frozenset({"references", "notes"})


def kind_of(document: Document) -> str:
    """The kind of file `document` is, told by its keys: a curriculum has drills or
    phases, a bibliography references, a rules file only rule names; else a profile."""
    data = document.data
    keys = {str(key) for key in data} if isinstance(data, Mapping) else set()
    if keys & CURRICULUM_KEYS:
        return "curriculum"
    if "references" in keys or (keys and keys <= BIBLIOGRAPHY_KEYS):
        return "bibliography"
    rules_only = set(Rules.model_fields) - set(RunnerProfile.model_fields)  # not races
    if keys & rules_only and not keys & {"name", "days", "sessions_per_week"}:
        return "rules"
    return "profile"


def load_any(path: Path, kind: str | None = None, *, its_language: bool = False) -> str:
    """Check a file of any kind posecoach reads on its own (curriculum, bibliography,
    rules, profile): `kind`, or the kind its keys tell (kind_of).

    Returns the kind it was checked as; raises InputError with every problem otherwise.
    """
    document = read_document(path)
    kind = kind or kind_of(document)
    if kind == "curriculum":
        _in_every_language(lambda language: check_curriculum(
            validate(document, Curriculum, language), document
        ))  # fmt: skip
    elif kind == "bibliography":
        from posecoach.sources import read_bibliography

        _in_every_language(lambda language: read_bibliography(path, language=language))
    elif kind == "rules":
        _in_every_language(lambda language: load_rules(path, language=language))
    else:
        profile_of(document, its_language)
    return kind


def _in_every_language(check: Callable[[str], object]) -> None:
    """Run `check` with the texts in each language posecoach speaks, every problem
    reported once: a rule between texts (a dose note never names another drill) can
    fail in one language only."""
    problems: list[Problem] = []
    for language in LANGUAGES:
        try:
            check(language)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(_unique(problems))
