"""Mutations of real inputs, shared by the fuzz tests and benchmarks/fuzz.py.

A fuzz target takes bytes and may refuse them only with posecoach's own error
(ActivityError for watch files, InputError or UsageError for YAML); anything
else that escapes is a bug.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest  # the benchmarks import this module too, where pytest need not be

DATA = Path(__file__).parent / "data"
ACTIVITY_SUFFIXES = (".fit", ".tcx", ".gpx", ".gz")


def activity_seeds() -> list[Path]:
    return sorted(
        p for p in (DATA / "activities").rglob("*") if p.is_file() and p.suffix in ACTIVITY_SUFFIXES
    )


def yaml_seeds() -> list[Path]:
    curricula = Path(__file__).parent.parent / "curricula"
    return [
        DATA / "regular-runner.yaml",
        DATA / "three-days.yaml",
        DATA / "mini-curriculum.yaml",
        curricula / "progression-rules.yaml",
    ]


def mutate(data: bytes, other: bytes, chance: random.Random) -> bytes:
    """One of: flipped bits, a cut, a splice with another file, a repeated or removed run."""
    if not data:
        return other[:100]
    kind = chance.randrange(5)
    buffer = bytearray(data)
    if kind == 0:  # flip a few bits
        for _ in range(chance.randint(1, 8)):
            at = chance.randrange(len(buffer))
            buffer[at] ^= 1 << chance.randrange(8)
        return bytes(buffer)
    if kind == 1:  # cut short
        return bytes(buffer[: chance.randrange(len(buffer))])
    if kind == 2:  # splice: the head of one file, the tail of another
        cut = chance.randrange(len(buffer))
        return bytes(buffer[:cut]) + other[chance.randrange(max(1, len(other))) :]
    at, length = chance.randrange(len(buffer)), chance.randint(1, 64)
    if kind == 3:  # repeat a run
        return bytes(buffer[: at + length]) + bytes(buffer[at:])
    return bytes(buffer[:at]) + bytes(buffer[at + length :])  # remove a run


def yaml_mutate(text: str, chance: random.Random) -> str:
    """Edits a person (or a bad merge) makes: values swapped for odd ones, lines
    dropped or repeated, indentation broken."""
    lines = text.splitlines()
    odd = ["~", "[]", "{}", "-1", "1e308", "9999-12-31", "2027-02-30", "&a [*a]", "'\\x00'",
           "!!binary aGk=", "0x7fffffffffffffff", ".nan", "[[[[[]]]]]", "yes", "24:99"]  # fmt: skip
    for _ in range(chance.randint(1, 4)):
        if not lines:
            break
        at = chance.randrange(len(lines))
        kind = chance.randrange(4)
        if kind == 0 and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {chance.choice(odd)}"
        elif kind == 1:
            del lines[at]
        elif kind == 2:
            lines.insert(at, lines[at])
        else:
            lines[at] = " " * chance.randint(0, 5) + lines[at].lstrip()
    return "\n".join(lines) + "\n"


_NUMBER = re.compile(r"(?<=: )-?\d+(?:\.\d+)?(?=\s*(?:#.*)?$)", re.MULTILINE)
_TWEAKS = [0, 1, 2, 3, 4, 5, 7, 8, 10, 12, 15, 20, 26, 30, 45, 60, 90, 120, 150, 180, 240, 999]


def yaml_tweak(text: str, chance: random.Random) -> str:
    """Gentler edits that mostly keep a file valid, so the command goes on to plan:
    one to three numbers changed (doses, weeks, minutes, cadences) to other numbers
    a person might write, in or out of their range."""
    found = list(_NUMBER.finditer(text))
    if not found:
        return text
    picked = sorted(chance.sample(found, min(len(found), chance.randint(1, 3))),
                    key=lambda m: m.start(), reverse=True)  # fmt: skip
    for match in picked:
        value = chance.choice(_TWEAKS)
        if "." in match[0]:
            value = round(value * chance.random(), 1)  # type: ignore[assignment]
        text = text[: match.start()] + str(value) + text[match.end() :]
    return text


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Counts the calls of owner.name from now on, in the list's one item: the tests
    hold work to a bound by counting it, as the clock is noisy on a shared machine."""
    calls = [0]
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
