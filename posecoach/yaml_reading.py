"""Reading YAML safely: the node graph measured before any value is built, a key
given twice refused, and the line of every key and list item kept beside the
data (loaders.py turns a model's errors into `file:line: location: message`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

from posecoach import limits
from posecoach.errors import InputError, Problem, UsageError

Path_ = tuple[str | int, ...]
_MERGE = "tag:yaml.org,2002:merge"  # `<<: *defaults`: its keys may be given again
_BOOL = "tag:yaml.org,2002:bool"


class Document(NamedTuple):
    """A parsed YAML file: its data, the line of each path in it, and the words that
    YAML read as true or false (`yes`, `off`...), by path, for the messages."""

    source: str
    data: Any
    lines: dict[Path_, int]
    booleans: Mapping[Path_, str] = MappingProxyType({})

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
    exhaust the program. A key given twice in one mapping is refused with both
    lines: YAML would keep the last silently, and the first is often the one
    meant.
    """
    try:
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_size(node, source)
                twice = _keys_given_twice(node, source)
                if twice:
                    raise InputError(twice)
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
    booleans: dict[Path_, str] = {}
    if node is not None:
        _record_lines(node, (), lines, booleans)
    return Document(source, data, lines, booleans)


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


def _keys_given_twice(root: yaml.Node, source: str) -> list[Problem]:
    """Every key given twice in one mapping (a merge's `<<` aside), at its second line.
    Each node is looked at once, aliases or not: _check_size bounded the walk."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                continue
            line, key = key_node.start_mark.line + 1, (key_node.tag, key_node.value)
            if key in first:
                location = ".".join(str(p) for p in (*path, key_node.value))
                problems.append(Problem(
                    source, line, location,
                    f"{key_node.value!r} is given twice (first on line {first[key]}); YAML"
                    " would keep only this one",
                    "keep one of them",
                ))  # fmt: skip
            else:
                first[key] = line
            stack.append((value_node, (*path, key_node.value)))
    return sorted(problems, key=lambda p: (p.line or 0, p.location))


def _record_lines(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], booleans: dict[Path_, str]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            lines[(*path, key)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key), lines, booleans)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _record_lines(item, (*path, index), lines, booleans)
    elif node.tag == _BOOL:
        booleans[path] = str(node.value)


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
