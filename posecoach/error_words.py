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
from posecoach.i18n import N_, _, ngettext
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
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None:
        return _("an empty value")
    if isinstance(value, Mapping):
        return _("a mapping of keys")
    if isinstance(value, list | tuple):
        return _("a list")
    return _("a %(type)s") % {"type": type(value).__name__}


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
        add = _("add it: %(about)s") % {"about": _(about)} if about else _("add it")
        return Words(_("required key is missing"), add)
    if kind == "extra_forbidden":
        known = known_keys(model, loc[:-1]) if model is not None else []
        typo = str(loc[-1]) if loc else ""
        hint = did_you_mean(typo, known) or (
            _("known keys here: %(keys)s") % {"keys": ", ".join(sorted(known))} if known else None
        )
        return Words(_("unknown key"), hint)
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        if set(choices) == set(WEEKDAYS):
            suggestion = did_you_mean(str(given), [*WEEKDAY_NAMES, *WEEKDAYS])
        else:
            suggestion = did_you_mean(str(given), choices)
        said = {"value": value, "expected": _listed(expected)}
        one_of = _("one of %(expected)s") % said
        return Words(_("%(value)s is not one of %(expected)s") % said, suggestion or one_of)
    said = {"value": value}
    if kind in ("int_parsing", "int_type", "int_parsing_size"):
        return Words(_("%(value)s is not a whole number") % said, _range(field, whole=True))
    if kind == "int_from_float":
        rounded = _("round it, to %(whole)s") % {"whole": round(float(given))}
        return Words(_("%(value)s is not a whole number") % said, rounded)
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return Words(_("%(value)s is not a number") % said, _range(field, whole=False))
    if kind == "finite_number":
        return Words(_("%(value)s is not a finite number") % said, _range(field, whole=False))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _out_of_range(kind, given, ctx, field)
    if kind in ("bool_parsing", "bool_type"):
        return Words(_("%(value)s is not yes or no") % said, _("write true or false"))
    if kind in ("string_type", "string_sub_type", "string_unicode"):
        quoted = _("write it as text, in quotes if it could read as a number")
        return Words(_("%(value)s is not text") % said, quoted)
    if kind == "string_too_short":
        empty = _("write something here, or leave the key out if it is optional")
        return Words(_("is empty"), empty)
    if kind == "string_too_long":
        limit, length = ctx.get("max_length"), len(str(given))
        long = ngettext("is %(count)s character long", "is %(count)s characters long", length)
        return Words(
            long % {"count": length}, _("shorten it to %(most)s at most") % {"most": limit}
        )
    if kind == "string_pattern_mismatch":
        form = _("%(value)s is not in the form this key takes") % said
        return Words(form, _pattern(str(ctx.get("pattern"))))
    if kind in ("too_short", "too_long"):
        return _count(kind, given, ctx)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        if isinstance(given, str):
            return Words(*written.file_date_problem(given))
        return Words(_("%(value)s is not a date") % said, _(WRITE_DATE))
    if kind == "date_from_datetime_inexact":
        timed = _("%(value)s has a time of day, where a date belongs") % said
        return Words(timed, _("write the date alone"))
    if kind in ("time_parsing", "time_type"):
        time_of_day = _('write it like "07:30", in quotes')
        return Words(_("%(value)s is not a time of day") % said, time_of_day)
    if kind.startswith("datetime_") or kind.startswith("timezone_"):
        stamp = _("write it like 2027-01-20T08:00Z")
        return Words(_("%(value)s is not a date and time") % said, stamp)
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        keys = _("write its keys below it, indented")
        return Words(_("%(value)s is not a mapping of keys") % said, keys)
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type", "frozen_set_type"):
        items = _("write it as [a, b], or one '- item' a line")
        return Words(_("%(value)s is not a list") % said, items)
    if kind in ("value_error", "assertion_error"):
        text = str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return Words(text)
    if kind == "none_required":
        return Words(_("%(value)s is given where nothing belongs") % said, _("leave the key out"))
    schema = _("%(command)s shows what it takes") % {"command": "posecoach schema"}
    return Words(_("%(value)s is not a value this key takes") % said, schema)


def _listed(expected: str) -> str:
    """pydantic's "'Fri', 'Sat' or 'Sun'" with its last "or" in the reader's language."""
    if " or " not in expected:
        return expected
    most, last = expected.rsplit(" or ", 1)
    # Translators: the end of a list of choices: "'Fri', 'Sat' or 'Sun'".
    return _("%(choices)s or %(last)s") % {"choices": most, "last": last}


def _bounds(field: FieldInfo | None) -> tuple[str | None, str | None]:
    """A field's least and most, as a message shows them (numbers or dates)."""
    low = high = None
    for item in field.metadata if field is not None else ():
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            low = shown(item.ge if isinstance(item, annotated_types.Ge) else item.gt)
        elif isinstance(item, annotated_types.Le | annotated_types.Lt):
            high = shown(item.le if isinstance(item, annotated_types.Le) else item.lt)
    return low, high


def _range(field: FieldInfo | None, whole: bool) -> str:
    low, high = _bounds(field)
    said = {"low": low, "high": high}
    if low is not None and high is not None:
        range_ = _("write a whole number from %(low)s to %(high)s") if whole else None
        return (range_ or _("write a number from %(low)s to %(high)s")) % said
    if low is not None:
        least = _("write a whole number of %(low)s or more") if whole else None
        return (least or _("write a number of %(low)s or more")) % said
    if high is not None:
        most = _("write a whole number up to %(high)s") if whole else None
        return (most or _("write a number up to %(high)s")) % said
    return _("write a whole number in digits") if whole else _("write a number in digits")


def _out_of_range(kind: str, given: Any, ctx: Mapping[str, Any], field: FieldInfo | None) -> Words:
    limit = next(ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx)
    if isinstance(limit, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", limit):
        if not isinstance(given, date | str):  # YAML's 0 read as a day in 1970
            return Words(_("%(value)s is not a date") % {"value": shown(given)}, _(WRITE_DATE))
        limit = date.fromisoformat(limit)
    said = {"value": shown(given), "limit": shown(limit)}
    words = _DATE_LIMITS if isinstance(limit, date) else _LIMITS
    low, high = _bounds(field)
    if low is not None and high is not None:
        hint = _("from %(low)s to %(high)s") % {"low": low, "high": high}
    elif kind.startswith("greater"):
        hint = _("%(limit)s or more") % said
    else:
        hint = _("%(limit)s or less") % said
    return Words(_(words[kind]) % said, hint)


WRITE_DATE = N_("write it as YYYY-MM-DD, e.g. 2027-01-04")
_LIMITS = {
    "greater_than_equal": N_("%(value)s is less than %(limit)s, the least it can be"),
    "greater_than": N_("%(value)s must be more than %(limit)s"),
    "less_than_equal": N_("%(value)s is more than %(limit)s, the most it can be"),
    "less_than": N_("%(value)s must be less than %(limit)s"),
}
_DATE_LIMITS = {
    "greater_than_equal": N_("%(value)s is before %(limit)s, the least it can be"),
    "greater_than": N_("%(value)s must be after %(limit)s"),
    "less_than_equal": N_("%(value)s is after %(limit)s, the most it can be"),
    "less_than": N_("%(value)s must be before %(limit)s"),
}


def _count(kind: str, given: Any, ctx: Mapping[str, Any]) -> Words:
    actual = ctx.get("actual_length", len(given) if hasattr(given, "__len__") else 0)
    if kind == "too_short":
        said = {"count": actual, "least": ctx.get("min_length", 1)}
        short = ngettext(
            "has %(count)s item; at least %(least)s are needed",
            "has %(count)s items; at least %(least)s are needed",
            actual,
        )
        return Words(short % said, _("add the missing ones"))
    said = {"count": actual, "most": ctx.get("max_length")}
    long = ngettext(
        "has %(count)s item, more than the %(most)s it may have",
        "has %(count)s items, more than the %(most)s it may have",
        actual,
    )
    return Words(long % said, _("keep %(most)s at most") % said)


_PATTERNS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": N_("lower-case letters and digits joined by hyphens: sam-lee"),
    r"^S\d+b?$": N_("a source id from curricula/sources.yaml, e.g. S13"),
}


def _pattern(pattern: str) -> str:
    known = _PATTERNS.get(pattern)
    return _(known) if known else _("it must match %(pattern)s") % {"pattern": pattern}


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
