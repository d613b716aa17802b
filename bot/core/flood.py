"""Per-user flood control: a token bucket each, so one user's burst never slows the others.

`SqliteFloodGuard` keeps the buckets with the rest of the state in SQLite (the default), so they
survive a restart; `RedisFloodGuard` keeps them in Redis (REDIS_URL), so a user who spreads
messages over several bot replicas still meets one limit. Both are async.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from bot.core.state import connect_sqlite, release_sqlite


class Flood(Protocol):
    async def check(self, user: str) -> str:
        """'ok' to answer; 'warn' the first time over the limit (say "slow down"); 'drop' after."""
        ...

    async def aclose(self) -> None: ...


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


class SqliteFloodGuard:
    """The same buckets in the SQLite state file (the default store), so a restart of the bot
    does not hand every flooding user a fresh burst."""

    def __init__(self, path: Path, burst: int = 8, per_minute: int = 30) -> None:
        self.burst, self.per_minute = burst, per_minute
        self._path = path.resolve()
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()  # read, update, write: one user's bucket at a time
        self._checks = 0

    async def check(self, user: str, now: float | None = None) -> str:
        now = time.time() if now is None else now  # wall clock: it must survive a restart
        async with self._lock:
            if self._db is None:
                self._db = await connect_sqlite(self._path)
                await self._db.execute(
                    "CREATE TABLE IF NOT EXISTS flood "
                    "(user TEXT PRIMARY KEY, tokens REAL, updated REAL, warned INTEGER)"
                )
            db = self._db
            rows = list(
                await db.execute_fetchall("SELECT tokens, updated, warned FROM flood WHERE user = ?", (user,))
            )
            row = rows[0] if rows else None
            bucket = _Bucket(row[0], row[1], bool(row[2])) if row else _Bucket(float(self.burst), now)
            verdict = bucket.take(now, self.burst, self.per_minute)
            await db.execute(
                "INSERT OR REPLACE INTO flood VALUES (?, ?, ?, ?)",
                (user, bucket.tokens, bucket.updated, int(bucket.warned)),
            )
            self._checks += 1
            if self._checks % 1000 == 0:  # a full bucket is the same as no row: forget idle users
                await db.execute(
                    "DELETE FROM flood WHERE updated < ?", (now - self.burst * 60 / self.per_minute,)
                )
        return verdict

    async def aclose(self) -> None:
        if self._db is not None:
            self._db = None
            await release_sqlite(self._path)


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
        import redis.asyncio as aioredis

        self._redis = aioredis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
        self._step: Any = self._redis.register_script(_BUCKET_LUA)
        self.burst, self.per_minute, self._prefix = burst, per_minute, prefix

    async def check(self, user: str) -> str:
        key = f"{self._prefix}:flood:{user}"
        return str(await self._step(keys=[key], args=[self.burst, self.per_minute / 60]))

    async def aclose(self) -> None:
        await self._redis.aclose()
