"""Per-user conversation state: SQLite by default (survives restarts), in memory for tests."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol


@dataclass
class UserState:
    lang: str | None = None
    lang_explicit: bool = False  # chosen with /language: stays until the user writes in another one
    topic: str | None = None  # the content entry under discussion, for follow-ups
    misses: int = 0  # fallbacks in a row
    last_question: str | None = None  # stored with feedback on the answer to it
    finder: dict[str, str] | None = None  # the program finder's answers so far, while it runs
    last_answer: dict[str, Any] | None = None  # the last answer's decision, to repeat in another language

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


FEEDBACK_FIELDS = ("time", "topic", "lang", "vote", "question")


def user_hash(user: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{user}".encode()).hexdigest()[:32]


class StateStore(Protocol):
    def get(self, user: str) -> UserState: ...
    def put(self, user: str, state: UserState) -> None: ...
    def forget(self, user: str) -> None: ...
    def add_feedback(self, user: str, feedback: Feedback) -> None: ...
    def feedback(self) -> list[Feedback]: ...


class MemoryStateStore:
    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._feedback: list[tuple[str, Feedback]] = []

    def get(self, user: str) -> UserState:
        raw = self._data.get(user)
        return UserState.from_json(raw) if raw else UserState()

    def put(self, user: str, state: UserState) -> None:
        self._data[user] = state.to_json()

    def forget(self, user: str) -> None:
        self._data.pop(user, None)
        self._feedback = [(u, f) for u, f in self._feedback if u != user]

    def add_feedback(self, user: str, feedback: Feedback) -> None:
        self._feedback.append((user, feedback))

    def feedback(self) -> list[Feedback]:
        return [f for _, f in self._feedback]


def connect_sqlite(path: Path) -> sqlite3.Connection:
    """The state file, shared by the state store and the flood limits: autocommit, WAL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class SqliteStateStore:
    """One row per user; WAL mode so a crash loses nothing already written."""

    def __init__(self, path: Path, salt: str = "") -> None:
        self._salt = salt
        self._lock = threading.Lock()
        self._db = connect_sqlite(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS user_state (user TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS feedback (user_hash TEXT, time TEXT, topic TEXT, lang TEXT, "
            "vote TEXT, question TEXT)"
        )

    def get(self, user: str) -> UserState:
        with self._lock:
            row = self._db.execute("SELECT data FROM user_state WHERE user = ?", (user,)).fetchone()
        return UserState.from_json(row[0]) if row else UserState()

    def put(self, user: str, state: UserState) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO user_state (user, data, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(user) DO UPDATE SET data = excluded.data, updated = excluded.updated",
                (user, state.to_json(), time.time()),
            )

    def forget(self, user: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM user_state WHERE user = ?", (user,))
            self._db.execute("DELETE FROM feedback WHERE user_hash = ?", (user_hash(user, self._salt),))

    def add_feedback(self, user: str, feedback: Feedback) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (user_hash(user, self._salt), *(getattr(feedback, f) for f in FEEDBACK_FIELDS)),
            )

    def feedback(self) -> list[Feedback]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(FEEDBACK_FIELDS)} FROM feedback ORDER BY time"
            ).fetchall()
        return [Feedback(*row) for row in rows]

    def close(self) -> None:
        self._db.close()


class RedisStateStore:
    """State shared by several bot replicas (REDIS_URL): one JSON value per user, feedback in a list."""

    def __init__(self, url: str, salt: str = "", prefix: str = "twcoop") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
        self._salt = salt
        self._prefix = prefix

    def _key(self, user: str) -> str:
        return f"{self._prefix}:state:{user}"

    @property
    def _feedback_key(self) -> str:
        return f"{self._prefix}:feedback"

    def get(self, user: str) -> UserState:
        raw = self._redis.get(self._key(user))
        return UserState.from_json(raw) if raw else UserState()

    def put(self, user: str, state: UserState) -> None:
        self._redis.set(self._key(user), state.to_json())

    def forget(self, user: str) -> None:
        self._redis.delete(self._key(user))
        mine = user_hash(user, self._salt)
        for raw in self._redis.lrange(self._feedback_key, 0, -1):
            if json.loads(raw).get("user_hash") == mine:
                self._redis.lrem(self._feedback_key, 0, raw)

    def add_feedback(self, user: str, feedback: Feedback) -> None:
        row = {"user_hash": user_hash(user, self._salt), **asdict(feedback)}
        self._redis.rpush(self._feedback_key, json.dumps(row, ensure_ascii=False))

    def feedback(self) -> list[Feedback]:
        rows = [json.loads(raw) for raw in self._redis.lrange(self._feedback_key, 0, -1)]
        return [Feedback(**{f: row[f] for f in FEEDBACK_FIELDS}) for row in rows]

    def close(self) -> None:
        self._redis.close()
