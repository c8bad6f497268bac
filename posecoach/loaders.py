"""YAML files to models, with every problem reported at once and by line.

YAML is read with PyYAML's safe loader. Alongside the data we keep the line of
every key and list item, so that a pydantic error at `days.Wendesday` becomes
`profile.yaml:7: days.Wendesday: ...` with a "did you mean" hint.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from posecoach import limits, resources
from posecoach.errors import InputError, Problem, UsageError, did_you_mean
from posecoach.model import WEEKDAY_NAMES, WEEKDAYS, Curriculum, Rules, RunnerProfile

M = TypeVar("M", bound=BaseModel)
Path_ = tuple[str | int, ...]


class Document(NamedTuple):
    """A parsed YAML file: its data and the line of each path in it."""

    source: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


# libyaml's parser, when PyYAML has it, reads a curriculum ten times faster;
# both build the same nodes, with the same line marks.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_data(text: str) -> Any:
    """Plain data from YAML text, loaded safely (for files posecoach wrote)."""
    return yaml.load(text, Loader=SafeLoader)


def parse_yaml(text: str, source: str) -> Document:
    """Parse YAML safely, keeping line numbers; syntax errors become problems.

    The node graph is measured before any value is built: aliases that expand
    past a few values (an "alias bomb"), a value that contains itself, or
    nesting deeper than any posecoach file are refused, so no file can hang or
    exhaust the program.
    """
    try:
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_size(node, source)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {error.problem or error}"
        raise InputError([Problem(source, line, "", message)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(source, None, "", f"not valid YAML: {error}")]) from None
    except RecursionError:
        message = f"nested more than {limits.YAML_DEPTH} levels deep"
        raise InputError([Problem(source, None, "", message)]) from None
    except (ValueError, OverflowError) as error:  # a value YAML reads but Python cannot hold
        raise InputError([Problem(source, None, "", f"a value is not valid: {error}")]) from None
    lines: dict[Path_, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return Document(source, data, lines)


def _check_size(root: yaml.Node, source: str) -> None:
    """Walk the node graph as the values would be built, aliases expanded, within budget."""
    budget = limits.YAML_VALUES
    stack: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 1, frozenset())]
    while stack:
        node, depth, above = stack.pop()
        budget -= 1
        line = node.start_mark.line + 1
        if budget < 0:
            message = (
                f"holds more than {limits.YAML_VALUES:,} values once its aliases are"
                " expanded: no posecoach file is that large"
            )
            raise InputError([Problem(source, line, "", message, "write the values out")])
        if depth > limits.YAML_DEPTH:
            message = f"nested more than {limits.YAML_DEPTH} levels deep"
            raise InputError([Problem(source, line, "", message)])
        if id(node) in above:
            raise InputError([Problem(source, line, "", "a value contains itself (an alias loop)")])
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            continue
        inside = above | {id(node)}
        stack.extend((child, depth + 1, inside) for child in children)


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            lines[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _record_lines(item, (*path, index), lines)


def read_document(path: Path, data: bytes | None = None) -> Document:
    """The YAML file at `path`; `data` is its bytes when a snapshot has read them."""
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > limits.YAML_BYTES and (data is not None or path.is_file()):
            raise UsageError(
                f"{path}: is {size / 2**20:.1f} MB; posecoach reads YAML files of up to"
                f" {limits.YAML_BYTES // 2**20} MB",
                "is it the right file?",
            )
        text = path.read_text(encoding="utf-8") if data is None else data.decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a YAML file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_yaml(text, str(path))


# --------------------------------------------------------------------------- validation


def validate(document: Document, model: type[M]) -> M:
    """Validate a document against a model, reporting every problem at once."""
    if not isinstance(document.data, Mapping):
        kind = "empty" if document.data is None else f"a {type(document.data).__name__}"
        raise InputError(
            [Problem(document.source, 1, "", f"the file is {kind}, expected a mapping of keys")]
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems = [_problem(document, model, detail) for detail in error.errors()]
        raise InputError(_unique(problems)) from None


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


def load_curriculum(name_or_path: str | None, data: bytes | None = None) -> Curriculum:
    """A built-in curriculum by name, or a curriculum file by path (its bytes, `data`)."""
    builtin = resources.builtin_curricula()
    name = name_or_path or resources.DEFAULT_CURRICULUM
    if name in builtin:
        path = builtin[name]
    else:
        path = Path(name)
        if not path.exists() and not name.endswith((".yaml", ".yml")):
            raise UsageError(
                f"no built-in curriculum is called {name!r}",
                did_you_mean(name, builtin) or f"built in: {', '.join(builtin)}; or give a file",
            )
    document = read_document(path, data)
    curriculum = validate(document, Curriculum)
    check_curriculum(curriculum, document)
    return curriculum


# --------------------------------------------------------------------------- profile, rules


def load_profile(path: Path | None, data: bytes | None = None) -> RunnerProfile:
    """The runner's profile (its bytes, `data`, when read), or the built-in default."""
    return validate(read_document(path or resources.default_profile_file(), data), RunnerProfile)


def load_rules(override: Path | None = None, data: bytes | None = None) -> Rules:
    """The shipped progression rules, with a plan's own overrides (`data`) laid on top."""
    defaults = read_document(resources.rules_file())
    if override is None:
        return validate(defaults, Rules)
    changes = read_document(override, data)
    if not isinstance(changes.data, Mapping):
        raise InputError([Problem(changes.source, 1, "", "expected a mapping of rule overrides")])
    merged = Document(changes.source, _merge(defaults.data, changes.data), changes.lines)
    return validate(merged, Rules)


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
        check_curriculum(validate(document, Curriculum), document)
        return "curriculum"
    if {"cadence", "pain", "missed", "longest_run"} & keys:
        load_rules(path)
        return "rules"
    validate(document, RunnerProfile)
    return "profile"
