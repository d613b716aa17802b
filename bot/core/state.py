"""Per-user conversation state: SQLite by default (survives restarts), in memory for tests."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Protocol


@dataclass
class UserState:
    lang: str | None = None
    lang_explicit: bool = False  # chosen with /language: stays until the user writes in another one
    topic: str | None = None  # the content entry under discussion, for follow-ups
    misses: int = 0  # fallbacks in a row

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> UserState:
        data = json.loads(raw)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class StateStore(Protocol):
    def get(self, user: str) -> UserState: ...
    def put(self, user: str, state: UserState) -> None: ...
    def forget(self, user: str) -> None: ...


class MemoryStateStore:
    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def get(self, user: str) -> UserState:
        raw = self._data.get(user)
        return UserState.from_json(raw) if raw else UserState()

    def put(self, user: str, state: UserState) -> None:
        self._data[user] = state.to_json()

    def forget(self, user: str) -> None:
        self._data.pop(user, None)


class SqliteStateStore:
    """One row per user; WAL mode so a crash loses nothing already written."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS user_state (user TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL)"
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

    def close(self) -> None:
        self._db.close()
