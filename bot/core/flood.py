"""Per-user flood control: a token bucket each, so one user's burst never slows the others."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


@dataclass
class FloodGuard:
    burst: int = 8  # messages a user may send at once
    per_minute: int = 30  # sustained rate after the burst
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def check(self, user: str, now: float | None = None) -> str:
        """'ok' to answer; 'warn' the first time over the limit (say "slow down"); 'drop' after."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(user)
        if bucket is None:
            bucket = self._buckets[user] = _Bucket(float(self.burst), now)
            if len(self._buckets) > 100_000:  # forget idle users rather than grow without bound
                self._prune(now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_minute / 60)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return "ok"
        if not bucket.warned:
            bucket.warned = True
            return "warn"
        return "drop"

    def _prune(self, now: float) -> None:
        full_after = self.burst * 60 / self.per_minute
        self._buckets = {u: b for u, b in self._buckets.items() if now - b.updated < full_after}
