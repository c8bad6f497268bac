"""Per-language texts in YAML content: checked against the file's languages, and
resolved to one language before a model sees them.

A curriculum, the rules and the sources give each text a runner reads (a field
typed `Words`) as a plain string or as a mapping `{en: ..., pl: ...}`. The file
declares its languages (`languages: [en, pl]`, English alone by default); a plain
string is in the first of them. Every text must be in every declared language:
a runner who reads the plan in Polish never meets a drill in English because one
cue was forgotten. `resolve` walks the raw data beside the model's fields, finds
every such problem at once (by path: loaders.py adds the file and line), and
returns the data with each text in the one language asked for, so models, the
engine and renderers only ever hold plain strings.

A language the file does not declare falls back to its first language: a coach's
English-only curriculum still plans for a runner who reads Polish.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel

from posecoach.errors import did_you_mean
from posecoach.model.values import (
    AS_PUBLISHED,
    LANGUAGE_NAMES,
    LANGUAGES,
    PER_LANGUAGE,
    PerLanguage,
)

Path_ = tuple[str | int, ...]


class Found(NamedTuple):
    """A problem with a text, by its path in the file (loaders.py finds the line)."""

    path: Path_
    message: str
    hint: str | None = None
    of_one_language: bool = False  # about one language's entry (path ends in its code)


def declared(data: Any) -> tuple[str, ...]:
    """The languages a file's data declares that posecoach knows, in its order
    (English when it declares none; the model reports unknown codes once)."""
    given = data.get("languages") if isinstance(data, Mapping) else None
    if not isinstance(given, list):
        return ("en",)
    known = tuple(dict.fromkeys(code for code in given if code in LANGUAGES))
    return known or ("en",)


def resolve(data: Any, model: type[BaseModel], language: str) -> tuple[Any, list[Found]]:
    """`data` with every per-language text of `model` in `language` (or the file's
    first language, where it has not that one), and every problem with those texts."""
    shape = _model_shape(model)
    if shape is None:
        return data, []
    walk = _Walk(declared(data), language)
    return walk.value(shape, data, ()), walk.found


def name(code: str) -> str:
    """'Polish (pl)'."""
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else repr(code)


class _Walk:
    def __init__(self, languages: tuple[str, ...], language: str) -> None:
        self.languages = languages
        self.language = language if language in languages else languages[0]
        self.found: list[Found] = []

    def value(self, shape: _Shape, value: Any, path: Path_) -> Any:
        if shape.kind == "words":
            return self.text(value, path)
        if shape.kind == "published":  # a plain string is the same in every language
            return value if isinstance(value, str) else self.text(value, path)
        if shape.kind == "model":
            if not isinstance(value, Mapping):
                return value  # the model says what it expected
            resolved = dict(value)
            for key, inner in shape.fields:
                if key in value:
                    resolved[key] = self.value(inner, value[key], (*path, key))
            return resolved
        assert shape.item is not None
        if shape.kind == "list" and isinstance(value, list):
            return [
                self.value(shape.item, item, (*path, index)) for index, item in enumerate(value)
            ]
        if shape.kind == "dict" and isinstance(value, Mapping):
            return {key: self.value(shape.item, item, (*path, key)) for key, item in value.items()}
        return value

    def text(self, value: Any, path: Path_) -> Any:
        first = self.languages[0]
        if isinstance(value, str):
            given: Mapping[Any, Any] = {first: value}
            shape = "plain"
        elif isinstance(value, Mapping) and value:
            given = value
            shape = "mapping"
            self._check_codes(value, path)
        else:
            return value  # None, a number, a list, {}: the model says what it expected
        missing = [code for code in self.languages if code not in given]
        if missing:
            self.found.append(_missing(path, missing, self.languages, shape, first))
        for code in (self.language, first, *given):
            if code in given:
                return given[code]
        raise AssertionError("a non-empty mapping has a first key")

    def _check_codes(self, value: Mapping[Any, Any], path: Path_) -> None:
        for code, words in value.items():
            where = (*path, code)
            if code not in LANGUAGES:
                self.found.append(Found(
                    where, f"{code!r} is not a language posecoach speaks ({', '.join(LANGUAGES)})",
                    did_you_mean(str(code), LANGUAGES),
                ))  # fmt: skip
            elif code not in self.languages:
                self.found.append(Found(
                    where, f"{name(code)} is not among the file's languages"
                    f" ({', '.join(self.languages)})",
                    f"declare it at the top: languages: [{', '.join((*self.languages, code))}]",
                ))  # fmt: skip
            if not isinstance(words, str):
                self.found.append(Found(where, "expected text here", of_one_language=True))
            elif not words.strip():
                message = f"the {name(code)} text is empty"
                self.found.append(Found(where, message, of_one_language=True))


def _missing(
    path: Path_, missing: list[str], languages: tuple[str, ...], shape: str, first: str
) -> Found:
    names = " or ".join(name(code) for code in missing)
    message = f"no {names} text: the file declares languages [{', '.join(languages)}]"
    if shape == "plain":
        parts = ", ".join(f"{code}: ..." for code in languages)
        hint = f"give the text in each language: {{{parts}}} (a plain string is {name(first)})"
    else:
        hint = f"add {', '.join(f'{code}: ...' for code in missing)} beside the other languages"
    return Found(path, message, hint)


class _Shape(NamedTuple):
    """Where a model holds per-language texts, made once per model: a walk visits only
    these places (a curriculum's run ladder, loads and sources are never copied)."""

    kind: str  # "words", "published", "model", "list" or "dict"
    fields: tuple[tuple[str, _Shape], ...] = ()  # a model's, by their keys in the file
    item: _Shape | None = None  # a list's or a dict's


_WORDS = _Shape("words")
_PUBLISHED = _Shape("published")


@cache
def _model_shape(model: type[BaseModel]) -> _Shape | None:
    fields = []
    for field_name, field in model.model_fields.items():
        annotation: Any = field.annotation
        for marker in (PER_LANGUAGE, AS_PUBLISHED):
            if any(meta is marker for meta in field.metadata):
                annotation = typing.Annotated[annotation, marker]
        shape = _shape(annotation)
        if shape is not None:
            fields.append((field.alias or field_name, shape))
    return _Shape("model", tuple(fields)) if fields else None


def _shape(annotation: Any) -> _Shape | None:
    annotation, words = _unwrap(annotation)
    if words is not None:
        return _PUBLISHED if words is AS_PUBLISHED else _WORDS
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (list, tuple) and args:
        item = _shape(args[0])
        return None if item is None else _Shape("list", item=item)
    if origin is dict and len(args) == 2:
        item = _shape(args[1])
        return None if item is None else _Shape("dict", item=item)
    return None


def _unwrap(annotation: Any) -> tuple[Any, PerLanguage | None]:
    """The type a field holds, without Annotated and Optional, and its per-language
    marker if it is a per-language text (PER_LANGUAGE or AS_PUBLISHED)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            for meta in annotation.__metadata__:
                if meta is PER_LANGUAGE or meta is AS_PUBLISHED:
                    return annotation, meta
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, None
            annotation = members[0]
        else:
            return annotation, None
