"""YAML files to models, with every problem reported at once and by line.

YAML is read by yaml_reading.py, which keeps the line of every key and list
item beside the data, so that a pydantic error at `days.Wendesday` becomes
`profile.yaml:7: days.Wendesday: ...` with a "did you mean" hint.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from posecoach import resources, texts
from posecoach.errors import InputError, Problem, UsageError, did_you_mean
from posecoach.model import WEEKDAY_NAMES, WEEKDAYS, Curriculum, Rules, RunnerProfile
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
    annotation = _unwrap_model(annotation)
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
    """A model built from a request's values (not a file): each problem names the
    request's field as `{field}` for the edge to word (`fields` maps a model
    field to the request's name for it)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        parts = []
        for detail in error.errors():
            loc = _data_path(detail["loc"])
            if loc:
                name = (fields or {}).get(str(loc[0]), str(loc[0]))
                parts.append(f"{{{name}}}: {_message(detail)}")
            else:
                parts.append(_message(detail))
        raise UsageError("; ".join(parts)) from None


def _dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def _located(document: Document, path: Path_, message: str, hint: str | None = None) -> Problem:
    return Problem(document.source, document.line_of(path), _dotted(path), message, hint)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.location))


def _problem(document: Document, model: type[BaseModel], detail: ErrorDetails) -> Problem:
    loc = _data_path(detail["loc"])
    location = ".".join(str(part) for part in loc)
    message = _message(detail)
    hint = _hint(model, loc, detail)
    return Problem(document.source, document.line_of(loc), location, message, hint)


def _data_path(loc: tuple[str | int, ...]) -> Path_:
    """Drop pydantic's validator tags (e.g. 'function-before[...]', '[key]')."""
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part == "[key]" or re.match(r"^[\w-]+\[.*\]$", part)))
    )


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error" and isinstance(given, str):
        expected = detail.get("ctx", {}).get("expected", "")
        return f"{given!r} is not one of {expected}"
    return detail["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _hint(model: type[BaseModel], loc: Path_, detail: ErrorDetails) -> str | None:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        known = _known_keys(model, loc[:-1])
        return did_you_mean(loc[-1], known) or (
            f"known keys here: {', '.join(sorted(known))}" if known else None
        )
    if kind == "literal_error" and isinstance(given, str):
        expected = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        if set(expected) == set(WEEKDAYS):
            return did_you_mean(given, [*WEEKDAY_NAMES, *WEEKDAYS])
        return did_you_mean(given, expected)
    return None


def _known_keys(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names of the model found by walking `loc` from `model`."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap_model(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap_model(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field is not None else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap_model(annotation: Any) -> Any:
    """Strip Annotated and Optional down to the one model a field holds."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


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


def load_profile(path: Path | None, data: bytes | None = None) -> RunnerProfile:
    """The runner's profile (its bytes, `data`, when read), or the built-in default."""
    return validate(read_document(path or resources.default_profile_file(), data), RunnerProfile)


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


def load_any(path: Path) -> str:
    """Validate a file of any kind posecoach reads, guessing the kind from its keys.

    Returns the kind found; raises InputError with every problem otherwise.
    """
    document = read_document(path)
    data = document.data
    keys = set(data) if isinstance(data, Mapping) else set()
    if {"drills", "phases"} & keys:
        _in_every_language(lambda language: check_curriculum(
            validate(document, Curriculum, language), document
        ))  # fmt: skip
        return "curriculum"
    if {"cadence", "pain", "missed", "longest_run"} & keys:
        _in_every_language(lambda language: load_rules(path, language=language))
        return "rules"
    validate(document, RunnerProfile)
    return "profile"


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
