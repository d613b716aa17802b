"""Per-user flood control: a token bucket each, so one user's burst never slows the others.

`SqliteFloodGuard` keeps the buckets with the rest of the state in SQLite (the default), so they
survive a restart; `RedisFloodGuard` keeps them in Redis (REDIS_URL), so a user who spreads
messages over several bot replicas still meets one limit. `FloodGuard` is the same bucket in
memory.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot.core.state import connect_sqlite


class Flood(Protocol):
    def check(self, user: str) -> str:
        """'ok' to answer; 'warn' the first time over the limit (say "slow down"); 'drop' after."""
        ...


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False

    def take(self, now: float, burst: int, per_minute: int) -> str:
        """Refill for the time passed, then spend one token if there is one."""
        self.tokens = min(burst, self.tokens + max(0.0, now - self.updated) * per_minute / 60)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.warned = False
            return "ok"
        if not self.warned:
            self.warned = True
            return "warn"
        return "drop"


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
        return bucket.take(now, self.burst, self.per_minute)

    def _prune(self, now: float) -> None:
        full_after = self.burst * 60 / self.per_minute
        self._buckets = {u: b for u, b in self._buckets.items() if now - b.updated < full_after}


class SqliteFloodGuard:
    """The same buckets in the SQLite state file (the default store), so a restart of the bot
    does not hand every flooding user a fresh burst."""

    def __init__(self, path: Path, burst: int = 8, per_minute: int = 30) -> None:
        self.burst, self.per_minute = burst, per_minute
        self._lock = threading.Lock()
        self._checks = 0
        self._db = connect_sqlite(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS flood "
            "(user TEXT PRIMARY KEY, tokens REAL, updated REAL, warned INTEGER)"
        )

    def check(self, user: str, now: float | None = None) -> str:
        now = time.time() if now is None else now  # wall clock: it must survive a restart
        with self._lock:
            row = self._db.execute(
                "SELECT tokens, updated, warned FROM flood WHERE user = ?", (user,)
            ).fetchone()
            bucket = _Bucket(row[0], row[1], bool(row[2])) if row else _Bucket(float(self.burst), now)
            verdict = bucket.take(now, self.burst, self.per_minute)
            self._db.execute(
                "INSERT OR REPLACE INTO flood VALUES (?, ?, ?, ?)",
                (user, bucket.tokens, bucket.updated, int(bucket.warned)),
            )
            self._checks += 1
            if self._checks % 1000 == 0:  # a full bucket is the same as no row: forget idle users
                self._db.execute(
                    "DELETE FROM flood WHERE updated < ?", (now - self.burst * 60 / self.per_minute,)
                )
        return verdict

    def close(self) -> None:
        self._db.close()


# One atomic step of the same token bucket, on the Redis server's clock (replicas' clocks differ).
_BUCKET_LUA = """
local burst = tonumber(ARGV[1])
local per_second = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'warned')
local tokens = tonumber(saved[1]) or burst
local updated = tonumber(saved[2]) or now
local warned = saved[3] == '1'
tokens = math.min(burst, tokens + (now - updated) * per_second)
local verdict
if tokens >= 1 then
  tokens = tokens - 1
  warned = false
  verdict = 'ok'
elseif not warned then
  warned = true
  verdict = 'warn'
else
  verdict = 'drop'
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now),
           'warned', warned and '1' or '0')
redis.call('EXPIRE', KEYS[1], math.ceil(burst / per_second) + 1)
return verdict
"""


class RedisFloodGuard:
    """The token bucket in Redis, shared by every bot replica; idle users' keys expire."""

    def __init__(self, url: str, burst: int = 8, per_minute: int = 30, prefix: str = "twcoop") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
        self._step: Any = self._redis.register_script(_BUCKET_LUA)
        self.burst, self.per_minute, self._prefix = burst, per_minute, prefix

    def check(self, user: str) -> str:
        return str(self._step(keys=[f"{self._prefix}:flood:{user}"], args=[self.burst, self.per_minute / 60]))

    def close(self) -> None:
        self._redis.close()
