"""What one plan's visitors may take of the server: its pages' traffic is that
plan's problem only (issue 25).

A server of many plans (a squad) shares one process. Every limit on the check-in
pages is therefore kept per token, so five slow senders on one athlete's page,
or fifty connections reloading it, cost that athlete's allowance and nobody
else's: forms being read at once, work (a page rendered, a check-in recorded)
one at a time, and rates of check-ins and of pages rendered anew. Only a
request with a valid token reaches an allowance, so there are at most as many
as plans served.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageLimits:
    """The defaults hold well above a runner's use (a check-in is a form read, a
    page or two rendered) and well below what would let one plan's traffic be felt
    by another's."""

    bodies_per_plan: int = 2  # forms being read at once for one plan
    bodies_at_once: int = 32  # for every plan: 32 watch files of 8 MB is 256 MB at most
    checkins_burst: int = 10  # check-ins posted in a row, then one every ...
    checkins_every: float = 6.0  # ... seconds
    renders_burst: int = 30  # pages rendered anew in a row (a reload of an unchanged page
    renders_every: float = 2.0  # is not one: it is served from the cache), then one every ...
    workers: int = 4  # threads rendering pages and recording check-ins, one per plan at most
    wait_seconds: float = 10.0  # for that plan's work before the server says it is busy
    cache_bytes: int = 32 * 1024 * 1024  # pages kept rendered, every plan's together


@dataclass
class Bucket:
    """A token bucket: `burst` at once, then one every `every` seconds."""

    burst: int
    every: float
    monotonic: Callable[[], float]
    tokens: float = math.nan
    at: float = 0.0

    def take(self) -> bool:
        now = self.monotonic()
        if math.isnan(self.tokens):
            self.tokens, self.at = float(self.burst), now
        self.tokens = min(float(self.burst), self.tokens + (now - self.at) / self.every)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def wait(self) -> int:
        """Seconds until the next one, for Retry-After."""
        return max(1, math.ceil((1 - self.tokens) * self.every))


@dataclass
class Allowance:
    """One plan's share of the server."""

    checkins: Bucket
    renders: Bucket
    bodies: int = 0  # forms being read now
    work: asyncio.Lock = field(default_factory=asyncio.Lock)  # made on the server's loop


class Fairness:
    """Every plan's allowance, made on the first request that needs it."""

    def __init__(self, limits: PageLimits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.monotonic = limits, monotonic
        self.bodies = 0  # forms being read now, for every plan
        self._allowances: dict[str, Allowance] = {}

    def of(self, token: str) -> Allowance:
        found = self._allowances.get(token)
        if found is None:
            limits = self.limits
            found = self._allowances[token] = Allowance(
                Bucket(limits.checkins_burst, limits.checkins_every, self.monotonic),
                Bucket(limits.renders_burst, limits.renders_every, self.monotonic),
            )
        return found

    def start_body(self, allowance: Allowance) -> bool:
        """Take a place to read a form, for this plan and in all; False when none is left."""
        if allowance.bodies >= self.limits.bodies_per_plan:
            return False
        if self.bodies >= self.limits.bodies_at_once:
            return False
        allowance.bodies += 1
        self.bodies += 1
        return True

    def end_body(self, allowance: Allowance) -> None:
        allowance.bodies -= 1
        self.bodies -= 1
