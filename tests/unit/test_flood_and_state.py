"""Flood control, stored state, feedback and the question log: what survives, what /forget removes,
and what is never kept."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.core.flood import SqliteFloodGuard
from bot.core.privacy import scrub
from bot.core.state import Event, Feedback, SqliteStateStore, UserState
from bot.core.types import Button, Message
from bot.settings import ROOT


async def test_a_burst_gets_one_warning_then_silence_and_others_are_not_slowed(tmp_path: Path) -> None:
    guard = SqliteFloodGuard(tmp_path / "state.sqlite3", burst=3, per_minute=60)
    verdicts = [await guard.check("spammer", now=100.0) for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert await guard.check("someone-else", now=100.0) == "ok"
    assert await guard.check("spammer", now=101.5) == "ok"  # one token back after a second at 60/min
    await guard.aclose()


async def test_flood_limits_in_sqlite_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    guard = SqliteFloodGuard(path, burst=3, per_minute=60)
    assert [await guard.check("spammer", now=100.0) for _ in range(4)] == ["ok", "ok", "ok", "warn"]
    await guard.aclose()
    restarted = SqliteFloodGuard(path, burst=3, per_minute=60)
    assert await restarted.check("spammer", now=100.5) == "drop"  # no fresh burst after a restart
    assert await restarted.check("someone-else", now=100.5) == "ok"
    assert await restarted.check("spammer", now=102.0) == "ok"  # refilled at one a second
    await restarted.aclose()


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = SqliteStateStore(path)
    await store.put("tg:1", UserState(lang="es", topic="gctf", finder={"audience": "student"}))
    await store.aclose()
    reopened = SqliteStateStore(path)
    assert await reopened.get("tg:1") == UserState(lang="es", topic="gctf", finder={"audience": "student"})
    await reopened.aclose()


async def test_feedback_keeps_no_user_id_and_forget_deletes_it(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.sqlite3", salt="pepper")
    await store.add_feedback(
        "tg:1", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "what is gctf")
    )
    await store.add_feedback(
        "tg:2", Feedback("2026-11-29T10:01:00+00:00", "gctf", "es", "down", "qué es gctf")
    )
    await store.put("tg:1", UserState(lang="en"))
    stored = sqlite3.connect(tmp_path / "state.sqlite3").execute("SELECT * FROM feedback").fetchall()
    assert stored and not any("tg:1" in str(value) or "tg:2" in str(value) for row in stored for value in row)
    assert [f.question for f in await store.feedback()] == ["what is gctf", "qué es gctf"]
    await store.forget("tg:1")
    assert [f.question for f in await store.feedback()] == ["qué es gctf"]
    assert await store.get("tg:1") == UserState()
    await store.aclose()


async def test_without_a_configured_salt_one_is_made_and_kept(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "state.sqlite3"
    store = SqliteStateStore(path)  # FEEDBACK_SALT unset
    await store.add_feedback("tg:42", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "q"))
    await store.aclose()
    (kept,) = sqlite3.connect(path).execute("SELECT user_hash FROM feedback").fetchone()
    unsalted = [hashlib.sha256(f"{salt}:tg:42".encode()).hexdigest()[:32] for salt in ("", "tg")]
    assert kept not in unsalted  # enumerating Telegram ids does not reverse it
    reopened = SqliteStateStore(path)
    await reopened.forget("tg:42")  # the same salt after a restart: /forget still finds the row
    assert await reopened.feedback() == []
    await reopened.aclose()


async def test_the_question_log_is_bounded(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.sqlite3", max_events=50)
    for n in range(260):
        await store.record(Event(float(n), "console", "en", "fallback", question=f"q{n}"))
    kept = await store.events()
    assert len(kept) <= 150 and kept[-1].question == "q259"  # trimmed every 100 records
    assert len(await store.events(since=250.0)) == 10
    await store.aclose()


def test_personal_details_are_scrubbed_from_logged_questions() -> None:
    text = "I'm Ana, ana.perez@example.org, +595 981 123 456, passport A1234567: how do I apply in 2024?"
    clean = scrub(text)
    assert "example.org" not in clean and "981" not in clean and "A1234567" not in clean
    assert "2024" in clean and "how do I apply" in clean


def test_long_message_is_split_under_telegrams_limit_with_buttons_last() -> None:
    paragraphs = ["<b>Title</b>"] + [f"paragraph {i} " + "word " * 150 for i in range(12)]
    message = Message("\n\n".join(paragraphs), [[Button("More", "t:gctf")]])
    parts = message.split(4096)
    assert len(parts) > 1
    assert all(len(p.html) <= 4096 for p in parts)
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "\n\n".join(p.html for p in parts).replace(" ", "") == message.html.replace(" ", "")


def test_a_process_that_never_closed_its_state_file_still_exits(tmp_path: Path) -> None:
    """A crash or a forgotten close must not leave the bot (or `make test`) running forever."""
    script = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from bot.core.state import SqliteStateStore, UserState\n"
        "async def main():\n"
        "    store = SqliteStateStore(Path(sys.argv[1]))\n"
        "    await store.put('u', UserState(lang='es'))\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "state.sqlite3")], cwd=ROOT, timeout=60, check=False
    )
    assert done.returncode == 0
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:  # and what it wrote is there
        assert db.execute("SELECT count(*) FROM user_state").fetchone() == (1,)
