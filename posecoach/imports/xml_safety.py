"""Reading XML from strangers: no entities, no DTDs, no network."""

from __future__ import annotations

from posecoach.imports.activity import ActivityError

MAX_BYTES = 100 * 1024 * 1024  # a day of one-second records is about 10 MB of FIT


def checked_xml(data: bytes, kind: str) -> bytes:
    """The document with leading whitespace removed (it breaks XML parsers),
    refused when it declares a DTD or entities (billion laughs, external files)."""
    if len(data) > MAX_BYTES:
        raise ActivityError(f"the {kind} file is larger than {MAX_BYTES // 2**20} MB")
    data = data.lstrip(b"\\xef\\xbb\\xbf").lstrip()
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ActivityError(f"the {kind} file declares a DTD or entities, which posecoach refuses")
    return data
