"""Feed tokens: the secret part of a subscription address.

A capability URL: whoever has it can read the feed, so the token is 192 random
bits (well past the 128 a guess would need to beat), lives in the plan folder
with owner-only permissions, and can be rotated, which retires the old address.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from posecoach.errors import UsageError
from posecoach.store import write_atomic

TOKEN_FILE = "feed-token"
TOKEN_BYTES = 24  # 192 bits
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")


def read_token(folder: Path) -> str | None:
    path = folder / TOKEN_FILE
    if not path.is_file():
        return None
    token = path.read_text(encoding="ascii", errors="replace").strip()
    if not _TOKEN.fullmatch(token):
        raise UsageError(f"{path}: is not a feed token", "run `posecoach feed token --rotate`")
    return token


def new_token(folder: Path) -> str:
    """Write a fresh token (atomically, readable by the owner only) and return it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    write_atomic(folder / TOKEN_FILE, (token + "\n").encode("ascii"), mode=0o600)
    return token


def ensure_token(folder: Path) -> str:
    return read_token(folder) or new_token(folder)
