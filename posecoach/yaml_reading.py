"""Reading YAML safely: the node graph measured before any value is built, a key
given twice refused, and the line of every key and list item kept beside the
data (loaders.py turns a model's errors into `file:line: location: message`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from posecoach import limits
from posecoach.errors import InputError, Problem, UsageError
from posecoach.i18n import _, ngettext
from posecoach.render.text import fixed, grouped

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
if TYPE_CHECKING:
    _Parsing = yaml.SafeLoader
else:
    _Parsing = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_Parsing):
    """The safe loader, but a date YAML cannot hold (2026-02-30) stays the text it
    is: the model then reports it at its line and key, with the file's other
    problems, rather than the whole file failing on it."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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
        raise InputError([_syntax_problem(error, text, source)]) from None
    except yaml.YAMLError as error:
        message = _("not valid YAML: %(error)s") % {"error": error}
        raise InputError([Problem(source, None, "", message)]) from None
    except RecursionError:
        message = _too_deep()
        raise InputError([Problem(source, None, "", message)]) from None
    except (ValueError, OverflowError) as error:  # a value YAML reads but Python cannot hold
        message = _("a value is not valid: %(error)s") % {"error": error}
        raise InputError([Problem(source, None, "", message)]) from None
    lines: dict[Path_, int] = {}
    booleans: dict[Path_, str] = {}
    if node is not None:
        _record_lines(node, (), lines, booleans)
    return Document(source, data, lines, booleans)


_QUOTE_OPENS = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+|-\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, before: int) -> int | None:
    """The first line before line `before` whose value opens a quote it does not close:
    YAML reads on to the next quote mark, and the parser fails lines later."""
    for number, line in enumerate(text.splitlines()[: before - 1], start=1):
        match = _QUOTE_OPENS.match(line)
        if match is None:
            continue
        quote, rest = match[1], match[2]
        rest = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in rest:
            return number
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, source: str) -> Problem:
    """A YAML syntax error in our words, at the line where the mistake is: for an
    unclosed quote, where the quote opens, not where the parser gave up."""
    problem, context = error.problem or "", error.context or ""
    at, started = error.problem_mark, error.context_mark
    line = at.line + 1 if at is not None else None
    opened = started.line + 1 if started is not None else line
    quoted = _unclosed_quote(text, line) if line is not None else None
    if quoted is not None and "quoted scalar" not in context:
        return Problem(
            source, quoted, "",
            _("a quoted value starts here and runs on to line %(line)s") % {"line": line},
            _("close it with the same quote mark on this line, or remove the quote"),
        )  # fmt: skip
    if "quoted scalar" in context:
        return Problem(
            source, opened, "", _("a quoted value starts here and is never closed"),
            _("close it with the same quote mark, or remove the quote"),
        )  # fmt: skip
    if "could not find expected ':'" in problem and "simple key" in context:
        return Problem(
            source, opened, "", _("a line here is neither 'key: value' nor a list item"),
            _("add the missing ':' after the key, or close a quote left open above it"),
        )  # fmt: skip
    if "\\t" in problem or "\t" in problem or "tab character" in problem or _tab_at(text, at):
        return Problem(
            source, line, "", _("a tab where YAML wants spaces"), _("indent with spaces")
        )
    if problem.startswith("mapping values are not allowed"):
        return Problem(
            source, line, "", _("a ': ' inside a value"),
            _("put the value in quotes, or start a new line for the next key"),
        )  # fmt: skip
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return Problem(
            source, line, "", _("the indentation here does not line up with the lines above"),
            _("indent the keys of one mapping by the same number of spaces"),
        )  # fmt: skip
    if "found undefined alias" in problem:
        return Problem(source, line, "", _("an alias (*name) with no anchor (&name) before it"))
    return Problem(
        source, line, "", _("not valid YAML: %(error)s") % {"error": problem or error},
        _("check the line and the one above"),
    )  # fmt: skip


def _check_size(root: yaml.Node, source: str) -> None:
    """Walk the node graph as the values would be built, aliases expanded, within budget."""
    budget = limits.YAML_VALUES
    stack: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 1, frozenset())]
    while stack:
        node, depth, above = stack.pop()
        budget -= 1
        line = node.start_mark.line + 1
        if budget < 0:
            message = _(
                "holds more than %(values)s values once its aliases are expanded:"
                " no posecoach file is that large"
            ) % {"values": grouped(limits.YAML_VALUES)}
            raise InputError([Problem(source, line, "", message, _("write the values out"))])
        if depth > limits.YAML_DEPTH:
            raise InputError([Problem(source, line, "", _too_deep())])
        if id(node) in above:
            message = _("a value contains itself (an alias loop)")
            raise InputError([Problem(source, line, "", message)])
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
                    _(
                        "%(key)s is given twice (first on line %(line)s);"
                        " YAML would keep only this one"
                    ) % {"key": repr(key_node.value), "line": first[key]},
                    _("keep one of them"),
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
            said = {
                "path": path,
                "size": fixed(size / 2**20, 1),
                "most": limits.YAML_BYTES // 2**20,
            }
            raise UsageError(
                _("%(path)s: is %(size)s MB; posecoach reads YAML files of up to %(most)s MB")
                % said,
                _("is it the right file?"),
            )
        text = path.read_text(encoding="utf-8") if data is None else data.decode("utf-8")
    except FileNotFoundError:
        raise UsageError(_("%(path)s: no such file") % {"path": path}) from None
    except IsADirectoryError:
        raise UsageError(_("%(path)s: is a folder, not a YAML file") % {"path": path}) from None
    except UnicodeDecodeError:
        raise UsageError(_("%(path)s: is not UTF-8 text") % {"path": path}) from None
    except OSError as error:
        said = {"path": path, "reason": error.strerror}
        raise UsageError(_("%(path)s: cannot be read (%(reason)s)") % said) from None
    return parse_yaml(text, str(path))


def _too_deep() -> str:
    depth = limits.YAML_DEPTH
    message = ngettext(
        "nested more than %(levels)s level deep", "nested more than %(levels)s levels deep", depth
    )
    return message % {"levels": depth}


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the parser stopped at a tab (libyaml's message does not show the character)."""
    if mark is None:
        return False
    lines = text.splitlines()
    row = lines[mark.line] if mark.line < len(lines) else ""
    return row[mark.column : mark.column + 1] == "\t"
