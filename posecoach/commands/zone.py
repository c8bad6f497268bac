"""The system's time zone, found portably: the default zone for a runner who names none.

Looked for in the order the C library itself uses: the TZ variable, then
/etc/localtime (a link into a zoneinfo folder on Linux and macOS), then
/etc/timezone (Debian's copy of the name). Anything that does not name an
IANA zone is passed over; when nothing does, the zone is UTC and the result
says so. The caller passes the environment and the files, so a test can too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from posecoach.i18n import _

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")
# Other names of UTC: one spelling keeps plans alike across machines.
UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
)


class SystemZone(NamedTuple):
    name: str  # an IANA zone
    source: str | None  # where it was found; None: nowhere, so this is UTC

    @property
    def note(self) -> str:
        """Where the zone came from, for a message."""
        if self.source is None:
            return _("the system's time zone could not be told")
        return _("your system's zone")


def iana_name(text: str) -> str | None:
    """`text` as an IANA zone name, if it is one (a path into a zoneinfo folder too)."""
    from zoneinfo import ZoneInfo

    name = text.strip().removeprefix(":")
    if "zoneinfo/" in name:  # /usr/share/zoneinfo/Europe/Berlin, .../zoneinfo.default/...
        name = name.rsplit("zoneinfo/", 1)[1]
    if not name or name.startswith(("/", ".")) or ".." in name.split("/"):
        return None
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None
    return "UTC" if name in UTC_NAMES else name


def system_zone(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> SystemZone:
    """The system's zone, or UTC (with no source) when it cannot be told."""
    environ = os.environ if environ is None else environ
    variable = environ.get("TZ", "").strip()
    if variable and (name := iana_name(variable)):
        return SystemZone(name, "the TZ variable")
    try:
        target = os.readlink(localtime)
    except (OSError, ValueError):
        target = ""
    if target and (name := iana_name(target)):
        return SystemZone(name, str(localtime))
    try:
        text = timezone_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if first and (name := iana_name(first)):
        return SystemZone(name, str(timezone_file))
    return SystemZone("UTC", None)
