"""The plan file's YAML writer reads back as the data it was given."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from posecoach.render.yaml_text import dump

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["yes", "No", "null", "on", "a: b", "- x", "#c", "7:30", "2027-01-04", ""])
)
data = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def undate(value: Any) -> Any:
    """Plain ISO dates are written bare and read back as dates, on purpose."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [undate(v) for v in value]
    if isinstance(value, dict):
        return {undate(k): undate(v) for k, v in value.items()}
    return value


@given(st.dictionaries(st.text(min_size=1, max_size=10), data, max_size=5))
def test_round_trip(value: dict[str, Any]) -> None:
    assert undate(yaml.safe_load(dump(value))) == value


def test_layout_is_block_style() -> None:
    text = dump({"a": {"b": 1}, "l": [1, {"x": "yes", "y": [2]}], "e": [], "d": "2027-01-04"})
    assert text == (
        'a:\n  b: 1\nl:\n- 1\n- x: "yes"\n  "y":\n  - 2\ne: []\nd: 2027-01-04\n'
    )  # "y" is quoted: YAML 1.1 reads a bare y as true


def test_unprintable_characters_are_escaped() -> None:
    text = dump({"k": "a\x7fb\u2028c\x00"})
    assert text == 'k: "a\\u007fb\\u2028c\\u0000"\n'
    assert yaml.safe_load(text) == {"k": "a\x7fb\u2028c\x00"}
