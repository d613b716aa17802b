"""Per-user conversation state, feedback and what users asked: SQLite by default (survives
restarts), Redis for several replicas, memory for tests. Every store is async: the event loop
never waits on a disk or a socket.

Nothing here keeps who a user is beyond the channel's opaque id in the state row (deleted by
/forget); feedback keeps a salted hash of it, and the question log keeps no user at all.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

# The question log is bounded: the oldest events go first.
MAX_EVENTS = 20_000


@dataclass
class UserState:
    lang: str | None = None
    lang_explicit: bool = False  # chosen with /language: stays until the user writes in another one
    topic: str | None = None  # the content entry under discussion, for follow-ups
    misses: int = 0  # fallbacks in a row
    last_question: str | None = None  # stored with feedback on the answer to it
    finder: dict[str, str] | None = None  # the program finder's answers so far, while it runs
    last_answer: dict[str, Any] | None = None  # the last answer's decision, to repeat in another language
    place: str | None = None  # the country under discussion: what "there" points at

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> UserState:
        data = json.loads(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Feedback:
    """A 👍/👎 on an answer: never the user's name; the user only as a salted hash, for /forget."""

    time: str  # ISO 8601, UTC
    topic: str
    lang: str
    vote: str  # "up" or "down"
    question: str


FEEDBACK_FIELDS = tuple(f.name for f in fields(Feedback))


@dataclass(frozen=True)
class Event:
    """One answer given, for the maintainers' reports: no user, and a question only when the bot
    could not answer it (already scrubbed of phone numbers, e-mails and document numbers)."""

    time: float  # Unix time
    channel: str
    lang: str
    action: str  # the decision's action: answer, not_in_paper, fallback, did_you_mean, …
    entry: str = ""
    fact: int = -1  # the first fact shown, or -1
    question: str = ""  # only for questions the bot could not answer
    top: str = ""  # Rasa's first candidates, "entry:0.42 other:0.30"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Event:
        data = json.loads(raw)
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


EVENT_FIELDS = tuple(f.name for f in fields(Event))


def user_hash(user: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{user}".encode()).hexdigest()[:32]


class StateStore(Protocol):
    async def get(self, user: str) -> UserState: ...
    async def put(self, user: str, state: UserState) -> None: ...
    async def forget(self, user: str) -> None: ...
    async def add_feedback(self, user: str, feedback: Feedback) -> None: ...
    async def feedback(self) -> list[Feedback]: ...
    async def record(self, event: Event) -> None: ...
    async def events(self, since: float = 0.0) -> list[Event]: ...
    async def aclose(self) -> None: ...


class MemoryStateStore:
    def __init__(self, salt: str = "memory", max_events: int = MAX_EVENTS) -> None:
        self._data: dict[str, str] = {}
        self._feedback: list[tuple[str, Feedback]] = []
        self._events: list[Event] = []
        self._salt, self._max_events = salt, max_events

    async def get(self, user: str) -> UserState:
        raw = self._data.get(user)
        return UserState.from_json(raw) if raw else UserState()

    async def put(self, user: str, state: UserState) -> None:
        self._data[user] = state.to_json()

    async def forget(self, user: str) -> None:
        self._data.pop(user, None)
        mine = user_hash(user, self._salt)
        self._feedback = [(u, f) for u, f in self._feedback if u != mine]

    async def add_feedback(self, user: str, feedback: Feedback) -> None:
        self._feedback.append((user_hash(user, self._salt), feedback))

    async def feedback(self) -> list[Feedback]:
        return [f for _, f in self._feedback]

    async def record(self, event: Event) -> None:
        self._events = [*self._events, event][-self._max_events :]

    async def events(self, since: float = 0.0) -> list[Event]:
        return [e for e in self._events if e.time >= since]

    async def aclose(self) -> None:
        return None


# One connection per state file, shared by the state store and the flood limits: aiosqlite runs
# each connection's statements one after another in its own thread, so two stores writing the same
# file never meet SQLite's "database is locked".
_SHARED: dict[Path, tuple[aiosqlite.Connection, int]] = {}
_SHARING = asyncio.Lock()


async def connect_sqlite(path: Path) -> aiosqlite.Connection:
    """The state file's shared connection (autocommit, WAL), opened on first use. `path` is
    resolved by the caller (at construction), so the event loop never touches the disk here."""
    key = path
    async with _SHARING:
        if key in _SHARED:
            db, users = _SHARED[key]
            _SHARED[key] = (db, users + 1)
            return db
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        db = await _daemon_thread(aiosqlite.connect(path, isolation_level=None, timeout=30))
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        _SHARED[key] = (db, 1)
        return db


def _daemon_thread(connection: aiosqlite.Connection) -> aiosqlite.Connection:
    """aiosqlite ≥ 0.22 runs each connection in a non-daemon thread: one left open (a crash, a
    forgotten close) would keep the process from ever exiting. Every statement here commits at
    once (autocommit, WAL), so ending the thread with the process loses nothing."""
    thread = getattr(connection, "_thread", None)
    if isinstance(thread, threading.Thread) and not thread.is_alive():
        thread.daemon = True
    return connection


async def release_sqlite(path: Path) -> None:
    """Close the shared connection when its last user lets go."""
    key = path
    async with _SHARING:
        if key not in _SHARED:
            return
        db, users = _SHARED[key]
        if users > 1:
            _SHARED[key] = (db, users - 1)
            return
        del _SHARED[key]
    await db.close()


class SqliteStateStore:
    """One row per user; WAL mode so a crash loses nothing already written. The connection opens
    on first use (aiosqlite runs it in a thread of its own)."""

    def __init__(self, path: Path, salt: str = "", max_events: int = MAX_EVENTS) -> None:
        self._path, self._configured_salt, self._max_events = path.resolve(), salt, max_events
        self._db: aiosqlite.Connection | None = None
        self._salt = salt
        self._opening = asyncio.Lock()
        self._recorded = 0

    async def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            async with self._opening:
                if self._db is None:
                    db = await connect_sqlite(self._path)
                    await db.executescript(
                        "CREATE TABLE IF NOT EXISTS user_state"
                        " (user TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL);"
                        "CREATE TABLE IF NOT EXISTS feedback"
                        " (user_hash TEXT, time TEXT, topic TEXT, lang TEXT, vote TEXT, question TEXT);"
                        "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        " time REAL, channel TEXT, lang TEXT, action TEXT, entry TEXT, fact INTEGER,"
                        " question TEXT, top TEXT);"
                        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
                    )
                    self._salt = self._configured_salt or await _kept_salt(db)
                    self._db = db
        return self._db

    async def get(self, user: str) -> UserState:
        db = await self._conn()
        # execute_fetchall: one trip to the connection's thread, not three (execute, fetch, close).
        rows = list(await db.execute_fetchall("SELECT data FROM user_state WHERE user = ?", (user,)))
        return UserState.from_json(rows[0][0]) if rows else UserState()

    async def put(self, user: str, state: UserState) -> None:
        db = await self._conn()
        await db.execute(
            "INSERT INTO user_state (user, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(user) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (user, state.to_json(), time.time()),
        )

    async def forget(self, user: str) -> None:
        db = await self._conn()
        await db.execute("DELETE FROM user_state WHERE user = ?", (user,))
        await db.execute("DELETE FROM feedback WHERE user_hash = ?", (user_hash(user, self._salt),))

    async def add_feedback(self, user: str, feedback: Feedback) -> None:
        db = await self._conn()
        await db.execute(
            "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
            (user_hash(user, self._salt), *(getattr(feedback, f) for f in FEEDBACK_FIELDS)),
        )

    async def feedback(self) -> list[Feedback]:
        db = await self._conn()
        async with db.execute(f"SELECT {', '.join(FEEDBACK_FIELDS)} FROM feedback ORDER BY time") as cursor:
            rows = await cursor.fetchall()
        return [Feedback(*row) for row in rows]

    async def record(self, event: Event) -> None:
        db = await self._conn()
        await db.execute(
            f"INSERT INTO events ({', '.join(EVENT_FIELDS)}) VALUES ({', '.join('?' * len(EVENT_FIELDS))})",
            tuple(getattr(event, f) for f in EVENT_FIELDS),
        )
        # Keep the newest MAX_EVENTS: trimmed on a process's first record (short runs and restarts
        # trim too) and every 100th after, so the cost stays off most turns.
        if self._recorded % 100 == 0:
            await db.execute(
                "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?", (self._max_events,)
            )
        self._recorded += 1

    async def events(self, since: float = 0.0) -> list[Event]:
        db = await self._conn()
        query = f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE time >= ? ORDER BY id DESC LIMIT ?"
        async with db.execute(query, (since, self._max_events)) as cursor:
            rows = await cursor.fetchall()
        return [Event(*row) for row in reversed(list(rows))]

    async def aclose(self) -> None:
        if self._db is not None:
            self._db = None
            await release_sqlite(self._path)


async def _kept_salt(db: aiosqlite.Connection) -> str:
    """FEEDBACK_SALT unset: a random salt made on first start and kept in the state file, so the
    hashes kept with feedback cannot be reversed by trying every user id."""
    async with db.execute("SELECT value FROM meta WHERE key = 'feedback_salt'") as cursor:
        row = await cursor.fetchone()
    if row:
        return str(row[0])
    salt = secrets.token_hex(16)
    await db.execute("INSERT OR IGNORE INTO meta VALUES ('feedback_salt', ?)", (salt,))
    async with db.execute("SELECT value FROM meta WHERE key = 'feedback_salt'") as cursor:
        row = await cursor.fetchone()
    return str(row[0]) if row else salt


class RedisStateStore:
    """State shared by several bot replicas (REDIS_URL): one JSON value per user, feedback and the
    question log in capped lists."""

    def __init__(
        self, url: str, salt: str = "", prefix: str = "twcoop", max_events: int = MAX_EVENTS
    ) -> None:
        import redis.asyncio as aioredis

        self._redis = aioredis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
        self._configured_salt, self._salt = salt, salt
        self._prefix, self._max_events = prefix, max_events

    def _key(self, user: str) -> str:
        return f"{self._prefix}:state:{user}"

    async def _salted(self, user: str) -> str:
        if not self._salt:
            key = f"{self._prefix}:feedback_salt"
            await self._redis.set(key, secrets.token_hex(16), nx=True)  # first replica wins
            self._salt = str(await self._redis.get(key))
        return user_hash(user, self._salt)

    async def get(self, user: str) -> UserState:
        raw = await self._redis.get(self._key(user))
        return UserState.from_json(str(raw)) if raw else UserState()

    async def put(self, user: str, state: UserState) -> None:
        await self._redis.set(self._key(user), state.to_json())

    async def forget(self, user: str) -> None:
        await self._redis.delete(self._key(user))
        mine = await self._salted(user)
        key = f"{self._prefix}:feedback"
        for raw in await self._redis.lrange(key, 0, -1):
            if json.loads(raw).get("user_hash") == mine:
                await self._redis.lrem(key, 0, str(raw))

    async def add_feedback(self, user: str, feedback: Feedback) -> None:
        row = {"user_hash": await self._salted(user), **asdict(feedback)}
        await self._redis.rpush(f"{self._prefix}:feedback", json.dumps(row, ensure_ascii=False))

    async def feedback(self) -> list[Feedback]:
        rows = [json.loads(raw) for raw in await self._redis.lrange(f"{self._prefix}:feedback", 0, -1)]
        return [Feedback(**{f: row[f] for f in FEEDBACK_FIELDS}) for row in rows]

    async def record(self, event: Event) -> None:
        key = f"{self._prefix}:events"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(key, event.to_json())
            pipe.ltrim(key, -self._max_events, -1)
            await pipe.execute()

    async def events(self, since: float = 0.0) -> list[Event]:
        raws = await self._redis.lrange(f"{self._prefix}:events", 0, -1)
        return [e for e in (Event.from_json(str(raw)) for raw in raws) if e.time >= since]

    async def aclose(self) -> None:
        await self._redis.aclose()
