"""Feed tokens: the secret part of a subscription address.

A capability URL: whoever has it can read the feed, so the token is 192 random
bits (well past the 128 a guess would need to beat), lives in the plan folder
with owner-only permissions, and can be rotated, which retires the old address.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from posecoach.errors import UsageError

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
    path = folder / TOKEN_FILE
    temporary = path.with_name(f".{TOKEN_FILE}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    os.replace(temporary, path)
    return token


def ensure_token(folder: Path) -> str:
    return read_token(folder) or new_token(folder)
