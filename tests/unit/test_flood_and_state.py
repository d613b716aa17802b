"""Flood control, stored state and feedback: what survives, what /forget removes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.core.flood import FloodGuard, SqliteFloodGuard
from bot.core.state import Feedback, SqliteStateStore, UserState
from bot.core.types import Button, Message


def test_a_burst_gets_one_warning_then_silence_and_others_are_not_slowed() -> None:
    guard = FloodGuard(burst=3, per_minute=60)
    verdicts = [guard.check("spammer", now=100.0) for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert guard.check("someone-else", now=100.0) == "ok"
    assert guard.check("spammer", now=101.5) == "ok"  # one token back after a second at 60/min


def test_flood_limits_in_sqlite_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    guard = SqliteFloodGuard(path, burst=3, per_minute=60)
    assert [guard.check("spammer", now=100.0) for _ in range(4)] == ["ok", "ok", "ok", "warn"]
    guard.close()
    restarted = SqliteFloodGuard(path, burst=3, per_minute=60)
    assert restarted.check("spammer", now=100.5) == "drop"  # no fresh burst after a restart
    assert restarted.check("someone-else", now=100.5) == "ok"
    assert restarted.check("spammer", now=102.0) == "ok"  # refilled at one a second


def test_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = SqliteStateStore(path)
    store.put("tg:1", UserState(lang="es", topic="gctf", finder={"audience": "student"}))
    store.close()
    reopened = SqliteStateStore(path)
    assert reopened.get("tg:1") == UserState(lang="es", topic="gctf", finder={"audience": "student"})


def test_feedback_keeps_no_user_id_and_forget_deletes_it(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.sqlite3", salt="pepper")
    store.add_feedback("tg:1", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "what is gctf"))
    store.add_feedback("tg:2", Feedback("2026-11-29T10:01:00+00:00", "gctf", "es", "down", "qué es gctf"))
    store.put("tg:1", UserState(lang="en"))
    stored = sqlite3.connect(tmp_path / "state.sqlite3").execute("SELECT * FROM feedback").fetchall()
    assert stored and not any("tg:1" in str(value) or "tg:2" in str(value) for row in stored for value in row)
    assert [f.question for f in store.feedback()] == ["what is gctf", "qué es gctf"]
    store.forget("tg:1")
    assert [f.question for f in store.feedback()] == ["qué es gctf"]
    assert store.get("tg:1") == UserState()


def test_long_message_is_split_under_telegrams_limit_with_buttons_last() -> None:
    paragraphs = ["<b>Title</b>"] + [f"paragraph {i} " + "word " * 150 for i in range(12)]
    message = Message("\n\n".join(paragraphs), [[Button("More", "t:gctf")]])
    parts = message.split(4096)
    assert len(parts) > 1
    assert all(len(p.html) <= 4096 for p in parts)
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "\n\n".join(p.html for p in parts).replace(" ", "") == message.html.replace(" ", "")
