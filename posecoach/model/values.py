"""The values every model is built from.

The closed vocabularies (weekdays, training elements, body regions, session
blocks, stick figures), the two base classes for what is read and what is
produced, and the readers for amounts, times of day and paces as people write
them in YAML.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from posecoach.i18n import _

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
Element = Literal[
    "pose", "fall", "pull", "integration", "strength", "stability", "mobility", "running"
]
# Body regions a drill loads and a check-in names. "foot" is the foot's muscles;
# "foot-bones" (the top of the foot), "heel" and "shin" are the bone-stress sites.
Region = Literal[
    "foot", "foot-bones", "plantar-fascia", "heel", "ankle", "achilles", "calf", "shin",
    "knee", "hamstring", "quadriceps", "hip", "glutes", "lower-back", "core",
]  # fmt: skip
# How hard a drill loads its regions, highest first.
LoadClass = Literal["plyometric", "heavy", "moderate", "light"]
LOAD_CLASSES: tuple[str, ...] = ("light", "moderate", "heavy", "plyometric")  # lightest first
Block = Literal["warm-up", "drills", "running", "strength", "mobility"]
# Stick figures of a drill's key position (drawn by render/figures.py).
Figure = Literal[
    "stand", "pose", "fall", "pull", "hop", "run", "wall-fall", "calf-raise",
    "heel-drop", "bridge", "side-plank", "side-lying", "step-down", "stretch",
]  # fmt: skip
SessionKind = Literal["technique", "strength", "run", "mobility"]
Background = Literal["new", "returning", "regular"]
Units = Literal["km", "mi"]

ELEMENTS: tuple[str, ...] = Element.__args__  # type: ignore[attr-defined]
REGIONS: tuple[str, ...] = Region.__args__  # type: ignore[attr-defined]

# The figure a drill gets when its curriculum names none.
DEFAULT_FIGURE: dict[str, Figure] = {
    "pose": "pose",
    "fall": "fall",
    "pull": "pull",
    "integration": "run",
    "running": "run",
    "strength": "calf-raise",
    "stability": "bridge",
    "mobility": "stretch",
}

# Where an element's work sits in a session unless the template says otherwise.
DEFAULT_BLOCK: dict[str, Block] = {
    "pose": "drills",
    "fall": "drills",
    "pull": "drills",
    "integration": "drills",
    "running": "running",
    "strength": "strength",
    "stability": "strength",
    "mobility": "mobility",
}

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=1)]

# The languages a curriculum, the rules or the sources may give their words in: the
# languages posecoach speaks (posecoach.i18n.SUPPORTED, the catalogues; a test keeps
# the two in step). English first: a text given as a plain string is in the file's
# first declared language, English unless it declares otherwise.
Language = Literal["en", "pl"]
LANGUAGES: tuple[str, ...] = Language.__args__  # type: ignore[attr-defined]
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "pl": "Polish"}


class PerLanguage:
    """Marks a text a runner reads, which a file may give per language: a plain string,
    or a mapping `{en: ..., pl: ...}`. posecoach.texts checks the file's languages and
    resolves every such text to one language before the model sees it, so models,
    engine and renderers only ever hold plain strings."""

    def __repr__(self) -> str:
        return "PER_LANGUAGE"


PER_LANGUAGE = PerLanguage()
_ONE_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
# What an editor validating the YAML (posecoach schema) should accept: the file's text.
_WORDS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        _ONE_TEXT,
        {
            "type": "object",
            "properties": {code: _ONE_TEXT for code in LANGUAGES},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}
Words = Annotated[str, Field(min_length=1), PER_LANGUAGE, WithJsonSchema(_WORDS_SCHEMA)]


class AsPublished(PerLanguage):
    """Marks a text that is the same in every language unless the file says otherwise: a
    work's title stays as published (a plain string), while a title we wrote ourselves
    (a description in [brackets]) is given per language as a mapping."""

    def __repr__(self) -> str:
        return "AS_PUBLISHED"


AS_PUBLISHED = AsPublished()
Published = Annotated[str, Field(min_length=1), AS_PUBLISHED, WithJsonSchema(_WORDS_SCHEMA)]


REFUSED = "posecoach"  # the error type of refused(): its message and hint are ours


def refused(message: str, hint: str | None = None, at: str | None = None) -> PydanticCustomError:
    """A value refused in our own words, with a hint, for a validator to raise. The
    loaders show `hint`; `at` names the key a whole-model check is about (the
    problem is then reported at that key's line, not at the top of the file)."""
    return PydanticCustomError(
        REFUSED, "{message}", {"message": message, "hint": hint or "", "at": at or ""}
    )


class Input(BaseModel):
    """Base for everything read from a user's file: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class InLanguages(Input):
    """Base for a file whose texts may be given per language (a curriculum, the rules,
    the sources): it declares its languages, and every text must be in each of them."""

    languages: list[Language] = Field(
        default=["en"],
        min_length=1,
        description="the languages of its texts, the first for texts given as plain strings",
    )

    @field_validator("languages")
    @classmethod
    def _each_language_once(cls, languages: list[str]) -> list[str]:
        twice = sorted({code for code in languages if languages.count(code) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} is declared more than once")
        return languages


class Output(BaseModel):
    """Base for what the engine produces."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _span(value: Any) -> Any:
    """Accept `12` or `[10, 15]` for a dose amount."""
    if isinstance(value, bool):
        return value  # let pydantic reject it
    if isinstance(value, int | float):
        return {"low": value, "high": value}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"low": value[0], "high": value[1]}
    return value


class _SpanModel(Output):
    low: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.high < self.low:
            raise ValueError(f"range [{self.low:g}, {self.high:g}] runs backwards")
        return self

    def at(self, progress: float) -> float:
        """The amount `progress` (0..1) of the way from low to high."""
        return self.low + (self.high - self.low) * progress


Span = Annotated[_SpanModel, BeforeValidator(_span)]


def _clock_time(value: Any) -> Any:
    """Read a time of day.

    YAML 1.1 reads an unquoted `07:30` as the base-60 integer 450, so an int is
    taken as minutes after midnight; strings like "7:30" and "07:30" work too.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        raise refused(
            _("%(value)s is not a time of day") % {"value": value},
            _('write it like "07:30", in quotes'),
        )
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise refused(
                _("%(value)s is not a time of day") % {"value": repr(value)},
                _('write it like "07:30", from 00:00 to 23:59'),
            )
        return time(int(match[1]), int(match[2]))
    return value


ClockTime = Annotated[time, BeforeValidator(_clock_time)]


def _pace_seconds(value: Any) -> Any:
    """Read a pace "m:ss" per unit; unquoted 6:30 arrives from YAML as 390."""
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match[2]) > 59:
            raise refused(
                f"{value!r} is not a pace", 'write it as minutes:seconds per unit, like "6:30"'
            )
        return int(match[1]) * 60 + int(match[2])
    return value


PaceSeconds = Annotated[int, BeforeValidator(_pace_seconds), Field(ge=150, le=1200)]


# The Polish names a runner types ('pon 07:00', 'środa'), with and without diacritics.
POLISH_WEEKDAYS = (
    ("pon", "pn", "poniedziałek", "poniedzialek"),
    ("wt", "wto", "wtorek"),
    ("śr", "sr", "śro", "sro", "środa", "sroda"),
    ("czw", "cz", "czwartek"),
    ("pt", "pią", "pia", "piątek", "piatek"),
    ("sob", "so", "sobota"),
    ("nd", "nie", "ndz", "niedz", "niedziela"),
)


def weekday_key(value: str) -> Weekday | None:
    """Map 'mon', 'Monday', 'MON' (or Polish 'pon', 'poniedziałek') to 'Mon'; None when
    it is not a weekday."""
    folded = value.strip().casefold().rstrip(".")
    for short, long, polish in zip(WEEKDAYS, WEEKDAY_NAMES, POLISH_WEEKDAYS, strict=True):
        if folded in (short.casefold(), long.casefold(), *polish):
            return short  # type: ignore[return-value]
    return None
