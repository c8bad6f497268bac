"""A model's validation errors in posecoach's own words, each with a hint.

pydantic words its errors for programmers ("Input should be a valid integer,
unable to parse string as an integer"); a runner reads ours instead: what the
value is, and how to write it ("'three' is not a whole number", hint "a whole
number from 1 to 7"). Every error type pydantic can raise on a posecoach file
or request is worded here, and a type not listed gets a plain sentence of our
own: pydantic's text is never shown. Validators of our own raise
`model.values.refused(message, hint, at)`, worded as they wrote it.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, NamedTuple

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from posecoach import written
from posecoach.errors import did_you_mean
from posecoach.model import WEEKDAY_NAMES, WEEKDAYS
from posecoach.model.values import REFUSED

Path_ = tuple[str | int, ...]


class Words(NamedTuple):
    message: str
    hint: str | None = None
    at: str | None = None  # the key a whole-model check is about, if it names one


def shown(value: Any) -> str:
    """A value as a message quotes it: 'three', 9, 2.5, a list, a mapping."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None:
        return "an empty value"
    if isinstance(value, Mapping):
        return "a mapping of keys"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def describe(model: type[BaseModel] | None, loc: Path_, detail: ErrorDetails) -> Words:
    """The problem `detail` reports at `loc` of `model`, in our words with a hint."""
    kind = detail["type"]
    given = detail.get("input")
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    field = field_at(model, loc) if model is not None else None
    value = shown(given)
    if kind == REFUSED:
        return Words(str(ctx["message"]), str(ctx.get("hint") or "") or None, ctx.get("at") or None)
    if kind == "missing":
        about = field.description if field is not None and field.description else None
        return Words("required key is missing", f"add it: {about}" if about else "add it")
    if kind == "extra_forbidden":
        known = known_keys(model, loc[:-1]) if model is not None else []
        typo = str(loc[-1]) if loc else ""
        hint = did_you_mean(typo, known) or (
            f"known keys here: {', '.join(sorted(known))}" if known else None
        )
        return Words("unknown key", hint)
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        if set(choices) == set(WEEKDAYS):
            suggestion = did_you_mean(str(given), [*WEEKDAY_NAMES, *WEEKDAYS])
        else:
            suggestion = did_you_mean(str(given), choices)
        return Words(f"{value} is not one of {expected}", suggestion or f"one of {expected}")
    if kind in ("int_parsing", "int_type", "int_parsing_size"):
        return Words(f"{value} is not a whole number", _range(field, "a whole number"))
    if kind == "int_from_float":
        return Words(f"{value} is not a whole number", f"round it, to {round(float(given))}")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return Words(f"{value} is not a number", _range(field, "a number"))
    if kind == "finite_number":
        return Words(f"{value} is not a finite number", _range(field, "a number"))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _out_of_range(kind, given, ctx, field)
    if kind in ("bool_parsing", "bool_type"):
        return Words(f"{value} is not yes or no", "write true or false")
    if kind in ("string_type", "string_sub_type", "string_unicode"):
        return Words(
            f"{value} is not text", "write it as text, in quotes if it could read as a number"
        )
    if kind == "string_too_short":
        return Words("is empty", "write something here, or leave the key out if it is optional")
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return Words(f"is {len(str(given))} characters long", f"shorten it to {limit} at most")
    if kind == "string_pattern_mismatch":
        return Words(
            f"{value} is not in the form this key takes", _pattern(str(ctx.get("pattern")))
        )
    if kind in ("too_short", "too_long"):
        return _count(kind, given, ctx)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        if isinstance(given, str):
            return Words(*written.file_date_problem(given))
        return Words(f"{value} is not a date", "write it as YYYY-MM-DD, e.g. 2027-01-04")
    if kind == "date_from_datetime_inexact":
        return Words(f"{value} has a time of day, where a date belongs", "write the date alone")
    if kind in ("time_parsing", "time_type"):
        return Words(f"{value} is not a time of day", 'write it like "07:30", in quotes')
    if kind.startswith("datetime_") or kind.startswith("timezone_"):
        return Words(f"{value} is not a date and time", "write it like 2027-01-20T08:00Z")
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return Words(f"{value} is not a mapping of keys", "write its keys below it, indented")
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type", "frozen_set_type"):
        return Words(f"{value} is not a list", "write it as [a, b], or one '- item' a line")
    if kind in ("value_error", "assertion_error"):
        text = str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return Words(text)
    if kind == "none_required":
        return Words(f"{value} is given where nothing belongs", "leave the key out")
    return Words(f"{value} is not a value this key takes", "posecoach schema shows what it takes")


def _bounds(field: FieldInfo | None) -> tuple[str | None, str | None]:
    """A field's least and most, as a message shows them (numbers or dates)."""
    low = high = None
    for item in field.metadata if field is not None else ():
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            low = shown(item.ge if isinstance(item, annotated_types.Ge) else item.gt)
        elif isinstance(item, annotated_types.Le | annotated_types.Lt):
            high = shown(item.le if isinstance(item, annotated_types.Le) else item.lt)
    return low, high


def _range(field: FieldInfo | None, what: str) -> str:
    low, high = _bounds(field)
    if low is not None and high is not None:
        return f"write {what} from {low} to {high}"
    if low is not None:
        return f"write {what} of {low} or more"
    if high is not None:
        return f"write {what} up to {high}"
    return f"write {what} in digits"


def _out_of_range(kind: str, given: Any, ctx: Mapping[str, Any], field: FieldInfo | None) -> Words:
    limit = next(ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx)
    if isinstance(limit, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", limit):
        if not isinstance(given, date | str):  # YAML's 0 read as a day in 1970
            return Words(f"{shown(given)} is not a date", "write it as YYYY-MM-DD, e.g. 2027-01-04")
        limit = date.fromisoformat(limit)
    text = {
        "greater_than_equal": f"is less than {shown(limit)}, the least it can be",
        "greater_than": f"must be more than {shown(limit)}",
        "less_than_equal": f"is more than {shown(limit)}, the most it can be",
        "less_than": f"must be less than {shown(limit)}",
    }[kind]
    if isinstance(limit, date):
        text = text.replace("less than", "before").replace("more than", "after")
    low, high = _bounds(field)
    if low is not None and high is not None:
        hint = f"from {low} to {high}"
    else:
        hint = f"{shown(limit)} or {'more' if kind.startswith('greater') else 'less'}"
    return Words(f"{shown(given)} {text}", hint)


def _count(kind: str, given: Any, ctx: Mapping[str, Any]) -> Words:
    actual = ctx.get("actual_length", len(given) if hasattr(given, "__len__") else 0)
    items = "item" if actual == 1 else "items"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return Words(f"has {actual} {items}; at least {least} are needed", "add the missing ones")
    most = ctx.get("max_length")
    return Words(f"has {actual} {items}, more than the {most} it may have", f"keep {most} at most")


_PATTERNS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "lower-case letters and digits joined by hyphens: sam-lee",
    r"^S\d+b?$": "a source id from curricula/sources.yaml, e.g. S13",
}


def _pattern(pattern: str) -> str:
    return _PATTERNS.get(pattern, f"it must match {pattern}")


# --------------------------------------------------------------------------- the model's shape


def field_at(model: type[BaseModel], loc: Path_) -> FieldInfo | None:
    """The field `loc` ends at, when it ends at a field of a model."""
    if not loc:
        return None
    owner = _walk(model, loc[:-1])
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        return owner.model_fields.get(str(loc[-1]))
    return None


def known_keys(model: type[BaseModel] | None, loc: Path_) -> list[str]:
    """The field names of the model found by walking `loc` from `model`."""
    current = _walk(model, loc)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _walk(annotation: Any, loc: Path_) -> Any:
    current = annotation
    for part in loc:
        current = step(current, part)
        if current is None:
            return None
    return unwrap_model(current)


def step(annotation: Any, part: str | int) -> Any:
    """The annotation one key or index inside `annotation`."""
    annotation = unwrap_model(annotation)
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


def unwrap_model(annotation: Any) -> Any:
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
