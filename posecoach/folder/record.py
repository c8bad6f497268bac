"""The folder's record: what its plan was built from, written in the same set as the
outputs, so a crash leaves a record that matches the files beside it.

It holds every choice the plan was built with (the start date, the length, the
curriculum, the zone, the calendar and paper options, whether click tracks are
kept), a digest of every input and of every output, and which posecoach built
them. Every command rebuilds from it, never from defaults: a choice given once
on the command line stays until it is given again.

Beside it, `.posecoach-inputs` keeps a copy of each input the plan was built
from (profile, rules, curriculum, check-in log), so a deleted input can be put
back (`posecoach repair`) rather than replaced by a default. Both are JSON,
written with sorted keys: the same build writes the same bytes.

A later version adds a choice as a field with a default, so older records still
read; a record of another `format` is not this version's to read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from posecoach import __version__, limits
from posecoach.i18n import _

FORMAT = 1
# The record itself is a few kilobytes; the copies hold the inputs, each under its limit.
RECORD_BYTES = 256 * 1024
COPIES_BYTES = 3 * limits.YAML_BYTES * 2 + limits.CHECKIN_LOG_BYTES * 2  # JSON escapes


class Choices(BaseModel):
    """Every choice a plan is built with, besides what its input files say."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Where the profile was copied in from, as given (None: the built-in default);
    # the folder's own profile.yaml is the input from then on.
    profile_from: str | None = None
    curriculum: str  # the curriculum's id (a built-in one's name)
    own_curriculum: bool = False  # built from the folder's curriculum.yaml, not a built-in one
    start: date
    # The profile's own `start` when the plan was built: when the profile's changes,
    # that edit is the newer choice, and moves the plan.
    profile_start: date | None = None
    weeks: int | None = None  # the length asked for; None: the curriculum's own
    timezone: str  # the zone the plan was built in, kept for a profile that names none
    paper: Literal["a4", "letter"] | None = None  # None: the profile's, each time
    all_day: bool | None = None
    reminder_minutes: int | None = None
    audio: bool = False  # a click track for every session done to the beat
    # The language given with --lang (kept until given again); the system locale's when
    # the folder was first built (so a server or another shell speaks as the plan does);
    # and the language the outputs were written in, which later commands and the
    # phone page follow (see posecoach.i18n.choose).
    language: str | None = None
    system_language: str | None = None
    spoken: str = "en"


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal[1] = 1
    posecoach: str = __version__  # the version that built the outputs
    choices: Choices
    inputs: dict[str, str]  # file name -> SHA-256 of the bytes built from
    outputs: dict[str, str]  # file name -> SHA-256 of the bytes written
    # What plan.ics told calendars about each event (UID -> its fingerprint, SEQUENCE
    # and LAST-MODIFIED), so a plan.ics deleted or damaged is rebuilt as it was.
    calendar: dict[str, tuple[str, int, datetime]] = {}

    def to_bytes(self) -> bytes:
        data = self.model_dump(mode="json")
        return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


class DamagedRecord(ValueError):
    """The record is there but cannot be read."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_record(data: bytes) -> Record:
    """The record in `data`; DamagedRecord when it is not one this version reads."""
    if len(data) > RECORD_BYTES:
        said = _("it is %(kb)s kB, larger than any record")
        raise DamagedRecord(said % {"kb": len(data) // 1024})
    try:
        return Record.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or _("the top level")
        raise DamagedRecord(f"{where}: {first['msg']}") from None


def copies_bytes(inputs: dict[str, bytes]) -> bytes:
    """The inputs' copies as one JSON file; any bytes (a log cut mid-character too)
    survive the round trip as escaped surrogates."""
    text = {name: data.decode("utf-8", "surrogateescape") for name, data in inputs.items()}
    return (json.dumps(text, indent=1, sort_keys=True) + "\n").encode()


def parse_copies(data: bytes) -> dict[str, bytes]:
    """The copies in `data`; DamagedRecord when they cannot be read."""
    if len(data) > COPIES_BYTES:
        raise DamagedRecord(_("the copies are larger than any inputs"))
    try:
        found = json.loads(data)
    except ValueError as error:
        raise DamagedRecord(_("not JSON (%(why)s)") % {"why": error}) from None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise DamagedRecord(_("not a set of copies"))
    return {str(name): text.encode("utf-8", "surrogateescape") for name, text in found.items()}
