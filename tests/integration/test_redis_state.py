"""State in a real Redis server: what several bot replicas share."""

from __future__ import annotations

import asyncio

from bot.core.flood import RedisFloodGuard
from bot.core.state import Event, Feedback, RedisStateStore, UserState


async def test_two_replicas_see_the_same_user_state(redis_url: str) -> None:
    first, second = RedisStateStore(redis_url, prefix="t1"), RedisStateStore(redis_url, prefix="t1")
    await first.put("tg:1", UserState(lang="es", topic="gctf"))
    assert await second.get("tg:1") == UserState(lang="es", topic="gctf")
    await first.aclose()
    await second.aclose()


async def test_feedback_and_forget_in_redis(redis_url: str) -> None:
    store = RedisStateStore(redis_url, salt="pepper", prefix="t2")
    await store.add_feedback(
        "tg:1", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "what is gctf")
    )
    await store.add_feedback(
        "tg:2", Feedback("2026-11-29T10:01:00+00:00", "gctf", "es", "down", "qué es gctf")
    )
    await store.put("tg:1", UserState(lang="en"))
    assert [f.vote for f in await store.feedback()] == ["up", "down"]
    await store.forget("tg:1")
    assert [f.question for f in await store.feedback()] == ["qué es gctf"]
    assert await store.get("tg:1") == UserState()
    await store.aclose()


async def test_replicas_without_a_configured_salt_share_one_made_on_first_use(redis_url: str) -> None:
    first, second = RedisStateStore(redis_url, prefix="t6"), RedisStateStore(redis_url, prefix="t6")
    await first.add_feedback("tg:3", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "q"))
    await second.forget("tg:3")  # another replica, the same salt: the row goes
    assert await first.feedback() == []
    await first.aclose()
    await second.aclose()


async def test_state_survives_a_bot_restart(redis_url: str) -> None:
    store = RedisStateStore(redis_url, prefix="t3")
    await store.put("tg:9", UserState(lang="zh-Hant", finder={"audience": "ngo"}))
    await store.aclose()
    reopened = RedisStateStore(redis_url, prefix="t3")
    assert (await reopened.get("tg:9")).finder == {"audience": "ngo"}
    await reopened.aclose()


async def test_the_question_log_in_redis_is_capped(redis_url: str) -> None:
    store = RedisStateStore(redis_url, prefix="t7", max_events=20)
    for n in range(30):
        await store.record(Event(float(n), "telegram", "es", "fallback", question=f"q{n}"))
    kept = await store.events()
    assert [e.question for e in kept] == [f"q{n}" for n in range(10, 30)]
    await store.aclose()


async def test_flood_limit_is_shared_by_replicas_and_per_user(redis_url: str) -> None:
    # A user alternating between two bot replicas still meets one limit.
    first = RedisFloodGuard(redis_url, burst=3, per_minute=1, prefix="t4")
    second = RedisFloodGuard(redis_url, burst=3, per_minute=1, prefix="t4")
    verdicts = [await (first if n % 2 else second).check("tg:5") for n in range(6)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert await first.check("tg:6") == "ok"  # nobody else is slowed
    await first.aclose()
    await second.aclose()


async def test_flood_bucket_refills_over_time(redis_url: str) -> None:
    guard = RedisFloodGuard(redis_url, burst=1, per_minute=60, prefix="t5")  # one token a second
    assert [await guard.check("tg:7"), await guard.check("tg:7")] == ["ok", "warn"]
    await asyncio.sleep(1.1)  # waiting longer only adds tokens, so a slow machine cannot fail this
    assert await guard.check("tg:7") == "ok"
    await guard.aclose()
