"""Feed tokens: the secret part of a subscription address.

A capability URL: whoever has it can read the feed, so the token is 192 random
bits (well past the 128 a guess would need to beat), lives in the plan folder
with owner-only permissions, and can be rotated, which retires the old address.
"""

from __future__ import annotations

import re
import secrets

from posecoach.errors import UsageError
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.store import reason, write_atomic
from posecoach.i18n import _

TOKEN_BYTES = 24  # 192 bits
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")


def read_token(folder: PlanFolder) -> str | None:
    path = folder.token_file
    if not path.is_file():
        return None
    try:
        token = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError as error:
        said = _("%(path)s: cannot be read (%(why)s)")
        raise UsageError(said % {"path": path, "why": reason(error)}) from None
    if not _TOKEN.fullmatch(token):
        raise UsageError(
            _("%(path)s: is not a feed token") % {"path": path},
            _("make a new one: posecoach feed token {rotate}"),
        )
    return token


def new_token(folder: PlanFolder) -> str:
    """Write a fresh token (atomically, readable by the owner only) and return it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    try:
        folder.path.mkdir(parents=True, exist_ok=True)  # a plan being made for the first time
        write_atomic(folder.token_file, (token + "\n").encode("ascii"), mode=0o600)
    except OSError as error:
        said = _("%(path)s: cannot write the feed token (%(why)s)")
        hint = _(
            "the feed's address is made on first use and kept in the plan folder: make"
            " %(folder)s writable (or run this where it is), then try again"
        )
        raise UsageError(
            said % {"path": folder.token_file, "why": reason(error)}, hint % {"folder": folder}
        ) from None
    return token


def ensure_token(folder: PlanFolder) -> str:
    return read_token(folder) or new_token(folder)
