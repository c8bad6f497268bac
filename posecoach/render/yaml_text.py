"""A small YAML writer for the plan file: block style, stable, fast.

PyYAML's pure-Python emitter took most of `posecoach plan`'s time, and its C
emitter is not on every machine, so output could differ between them. The
plan holds only mappings, lists, strings, numbers, booleans and nulls, which
this writes in one fixed way. Strings that could read back as anything else
are written as JSON strings, which are valid YAML double-quoted scalars.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

# A plain scalar is safe when it starts with a letter, holds no YAML syntax,
# and is not one of YAML 1.1's words for booleans and null.
_PLAIN = re.compile(r"[A-Za-z][\w .,()'/+%×–-]*")
_RESERVED = frozenset(
    ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
)  # case-insensitive, per YAML 1.1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def _unprintable() -> re.Pattern[str]:
    """Characters YAML does not allow raw, or reads as line breaks: written as \\uXXXX.

    Compiled on first need: its Unicode ranges take longer to compile than
    the whole plan file takes to write.
    """
    return re.compile(
        "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )


def scalar(value: object) -> str:
    if isinstance(value, str):
        return _text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    return _text(str(value))


@cache
def _text(text: str) -> str:
    """A string as a YAML scalar; cached, as plans repeat keys and cues a lot."""
    if _ISO_DATE.fullmatch(text):
        return text  # reads back as a date, which is what it is
    plain = (
        _PLAIN.fullmatch(text)
        and text.casefold() not in _RESERVED
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
    )
    if plain:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():  # every printable character is one YAML allows raw
        return quoted
    return _unprintable().sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def _float(value: float) -> str:
    """YAML 1.1 reads 1e-09 as a string: its floats need a dot in the mantissa."""
    if value != value or value in (float("inf"), float("-inf")):
        return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[repr(value)]
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


class Shared(NamedTuple):
    """A list element whose data is a frozen object's, shared by many plans (a
    plan's items are): written once at each indent, then its lines reused."""

    owner: object  # the frozen object (held by the memo, so its id stays its own)
    data: Callable[[], object]  # its data, asked for only when not written yet
    # Where its lines are kept: the command's (RenderMemo.yaml_lines), never a module's.
    memo: dict[tuple[int, int], tuple[object, list[str]]]


def _shared(value: Shared, indent: int) -> list[str]:
    """The lines of `value` as an element of a list at `indent`."""
    key = (id(value.owner), indent)
    kept = value.memo
    found = kept.get(key)
    if found is None or found[0] is not value.owner:
        if len(kept) >= 2048:  # items made for one plan only come and go: memory stays flat
            kept.clear()
        written: list[str] = []
        _sequence([value.data()], indent, written)
        found = kept[key] = (value.owner, written)
    return found[1]


def dump(data: object) -> str:
    """YAML text for `data` (dicts, lists and scalars), one fixed layout for the same data."""
    lines: list[str] = []
    kind = type(data)
    if kind is dict and data:
        assert isinstance(data, dict)
        _mapping(data, 0, "", lines)
    elif kind in (list, tuple) and data:
        assert isinstance(data, list | tuple)
        _sequence(data, 0, lines)
    elif kind is dict:
        lines.append("{}")
    elif kind in (list, tuple):
        lines.append("[]")
    else:
        lines.append(scalar(data))
    return "\n".join(lines) + "\n"


# Exact type checks, not isinstance against the abstract Mapping/Sequence: the
# data comes from model_dump (plain dicts and lists), and ABC checks were most
# of the writer's time. A plan file has thousands of entries, so the two
# functions below do the work of each in one call, strings first (the most).
def _mapping(data: dict[object, object], indent: int, lead: str, lines: list[str]) -> None:
    """A non-empty mapping's entries at `indent`; the first key follows `lead` (the
    padding, or in a list the padding and "- ")."""
    pad = " " * indent
    for key, value in data.items():
        head = f"{lead}{_text(key) if type(key) is str else scalar(key)}:"
        lead = pad
        kind = type(value)
        if kind is str:
            assert isinstance(value, str)
            lines.append(f"{head} {_text(value)}")
        elif kind is dict:
            if value:
                assert isinstance(value, dict)
                lines.append(head)
                _mapping(value, indent + 2, " " * (indent + 2), lines)
            else:
                lines.append(f"{head} {{}}")
        elif kind in (list, tuple):
            if value:
                assert isinstance(value, list | tuple)
                lines.append(head)
                _sequence(value, indent, lines)  # a key's list sits at the key's indent
            else:
                lines.append(f"{head} []")
        else:
            lines.append(f"{head} {scalar(value)}")


def _sequence(data: list[object] | tuple[object, ...], indent: int, lines: list[str]) -> None:
    """A non-empty list's items at `indent`, each after "- "."""
    dash = " " * indent + "-"
    for value in data:
        kind = type(value)
        if kind is Shared:
            assert isinstance(value, Shared)
            lines += _shared(value, indent)
        elif kind is str:
            assert isinstance(value, str)
            lines.append(f"{dash} {_text(value)}")
        elif kind is dict:
            if value:  # "- key: value" with the rest of the mapping aligned under it
                assert isinstance(value, dict)
                _mapping(value, indent + 2, dash + " ", lines)
            else:
                lines.append(f"{dash} {{}}")
        elif kind in (list, tuple):
            if value:
                assert isinstance(value, list | tuple)
                lines.append(dash)
                _sequence(value, indent + 2, lines)
            else:
                lines.append(f"{dash} []")
        else:
            lines.append(f"{dash} {scalar(value)}")
