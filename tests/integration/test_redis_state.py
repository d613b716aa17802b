"""State in a real Redis server: what several bot replicas share."""

from __future__ import annotations

from bot.core.state import Feedback, RedisStateStore, UserState


def test_two_replicas_see_the_same_user_state(redis_url: str) -> None:
    first, second = RedisStateStore(redis_url, prefix="t1"), RedisStateStore(redis_url, prefix="t1")
    first.put("tg:1", UserState(lang="es", topic="gctf"))
    assert second.get("tg:1") == UserState(lang="es", topic="gctf")


def test_feedback_and_forget_in_redis(redis_url: str) -> None:
    store = RedisStateStore(redis_url, salt="pepper", prefix="t2")
    store.add_feedback("tg:1", Feedback("2026-11-29T10:00:00+00:00", "gctf", "en", "up", "what is gctf"))
    store.add_feedback("tg:2", Feedback("2026-11-29T10:01:00+00:00", "gctf", "es", "down", "qué es gctf"))
    store.put("tg:1", UserState(lang="en"))
    assert [f.vote for f in store.feedback()] == ["up", "down"]
    store.forget("tg:1")
    assert [f.question for f in store.feedback()] == ["qué es gctf"]
    assert store.get("tg:1") == UserState()


def test_state_survives_a_bot_restart(redis_url: str) -> None:
    store = RedisStateStore(redis_url, prefix="t3")
    store.put("tg:9", UserState(lang="zh-Hant", finder={"audience": "ngo"}))
    store.close()
    assert RedisStateStore(redis_url, prefix="t3").get("tg:9").finder == {"audience": "ngo"}


def test_flood_limit_is_shared_by_replicas_and_per_user(redis_url: str) -> None:
    from bot.core.flood import RedisFloodGuard

    # A user alternating between two bot replicas still meets one limit.
    first = RedisFloodGuard(redis_url, burst=3, per_minute=1, prefix="t4")
    second = RedisFloodGuard(redis_url, burst=3, per_minute=1, prefix="t4")
    verdicts = [(first if n % 2 else second).check("tg:5") for n in range(6)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert first.check("tg:6") == "ok"  # nobody else is slowed


def test_flood_bucket_refills_over_time(redis_url: str) -> None:
    import time

    from bot.core.flood import RedisFloodGuard

    guard = RedisFloodGuard(redis_url, burst=1, per_minute=60, prefix="t5")  # one token a second
    assert [guard.check("tg:7"), guard.check("tg:7")] == ["ok", "warn"]
    time.sleep(1.1)  # waiting longer only adds tokens, so a slow machine cannot fail this
    assert guard.check("tg:7") == "ok"
