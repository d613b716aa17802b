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
