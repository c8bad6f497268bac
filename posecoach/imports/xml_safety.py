"""Reading XML from strangers: no entities, no DTDs, no network."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from posecoach import limits
from posecoach.imports.activity import ActivityError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_BYTES = limits.ACTIVITY_BYTES
# Searched in place: upper-casing a whole document to look for it copied every byte.
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def checked_xml(data: bytes, kind: str) -> bytes:
    """The document with leading whitespace removed (it breaks XML parsers),
    refused when it declares a DTD or entities (billion laughs, external files)."""
    if len(data) > MAX_BYTES:
        raise ActivityError(f"the {kind} file is larger than {MAX_BYTES // 2**20} MB")
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or _ENTITY.search(data):
        raise ActivityError(f"the {kind} file declares a DTD or entities, which posecoach refuses")
    return data


def parse_xml(data: bytes, kind: str) -> Element:
    """The document's root, parsed with entities off; any failure said in words."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root: Element = ElementTree.fromstring(checked_xml(data, kind))
    except ElementTree.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ActivityError(
            f"the {kind} file is damaged or cut short: its XML breaks at line {line},"
            f" column {column}"
        ) from None
    except (DefusedXmlException, ValueError, LookupError) as error:  # LookupError: encoding
        raise ActivityError(f"not a readable {kind} file ({error})") from None
    return root


def local_date_of(times: Sequence[datetime]) -> date | None:
    """The date in the file's own local time, when its times carry a real offset.

    A `Z` (or +00:00) says nothing about where the runner was: the caller then
    uses the runner's zone.
    """
    first = min(times, default=None)
    if first is None or first.utcoffset() in (None, timedelta(0)):
        return None
    return first.date()
