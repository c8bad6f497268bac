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
from functools import cache

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


def dump(data: object) -> str:
    """YAML text for `data` (dicts, lists and scalars), one fixed layout for the same data."""
    lines: list[str] = []
    _write(data, 0, lines)
    return "\n".join(lines) + "\n"


# Exact type checks, not isinstance against the abstract Mapping/Sequence: the
# data comes from model_dump (plain dicts and lists), and ABC checks were most
# of the writer's time.
def _write(data: object, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if type(data) is dict:
        if not data:
            lines.append(pad + "{}")
        for key, value in data.items():
            _entry(f"{pad}{scalar(key)}:", value, indent + 2, lines)
    elif type(data) in (list, tuple):
        assert isinstance(data, list | tuple)
        if not data:
            lines.append(pad + "[]")
        for value in data:
            _entry(f"{pad}-", value, indent + 2, lines, in_list=True)
    else:
        lines.append(pad + scalar(data))


def _entry(head: str, value: object, indent: int, lines: list[str], in_list: bool = False) -> None:
    kind = type(value)
    if kind is dict and value:
        assert isinstance(value, dict)
        if in_list:  # "- key: value" with the rest of the mapping aligned under it
            first, *rest = value.items()
            _entry(f"{head} {scalar(first[0])}:", first[1], indent + 2, lines)
            for key, item in rest:
                _entry(f"{' ' * indent}{scalar(key)}:", item, indent + 2, lines)
        else:
            lines.append(head)
            _write(value, indent, lines)
    elif kind in (list, tuple) and value:
        lines.append(head)
        _write(value, indent if in_list else indent - 2, lines)
    elif kind is dict:
        lines.append(f"{head} {{}}")
    elif kind in (list, tuple):
        lines.append(f"{head} []")
    else:
        lines.append(f"{head} {scalar(value)}")
