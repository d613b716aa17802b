"""10,000 random and malformed updates through the real PTB client and the Bot API stand-in.

The bot must survive, answer every private text message (one reply, never processed twice),
ignore what it should ignore, and send only valid, escaped Telegram HTML.
"""

from __future__ import annotations

import random
import time

import pytest

from tests.fakes.bot_api import callback_update, sticker_update, text_update, user
from tests.fakes.fuzz_text import random_text
from tests.fakes.running import polling_bot, stand_in
from tests.fakes.telegram_html import parse

pytestmark = pytest.mark.rasa
UPDATES = 10_000


def random_update(rng: random.Random, n: int) -> tuple[dict, bool]:
    """An update, and whether it is a private text message that must be answered."""
    uid = 100_000 + n
    roll = rng.random()
    if roll < 0.3:
        text = random_text(rng, 60).replace("/", "|")
        update = text_update(
            text or "x", uid=uid, language_code=rng.choice(["en", "es", "zh-TW", None, "xx"])
        )
        return update, bool(text)
    if roll < 0.4:
        return text_update(
            rng.choice(["/start", "/help", "/language", "/forget", "/menu", "/nope", "/start@coop_test_bot"]),
            uid=uid,
        ), False
    if roll < 0.55:
        data = rng.choice(
            [
                "t:gctf",
                "a:apply:gctf",
                "m:study",
                "l:es",
                "f:+:gctf",
                "p:start",
                "p:a:student",
                "t:../x",
                "",
                "x" * 64,
                "a:src:no-such-entry",
                "p:c:atlantis",
                "m:admin",
                random_text(rng, 60)[:64],
            ]
        )
        return callback_update(data, uid=uid), False
    if roll < 0.65:
        edited = text_update(random_text(rng, 60) or "x", uid=uid)
        return {"edited_message": {**edited["message"], "edit_date": int(time.time())}}, False
    if roll < 0.72:
        return sticker_update(uid=uid), False
    base = {
        "message_id": n,
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private"},
        "from": user(uid),
    }
    kind = rng.choice(["photo", "voice", "document", "location", "channel", "group", "unknown"])
    if kind == "photo":
        return {
            "message": {**base, "photo": [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]}
        }, False
    if kind == "voice":
        return {"message": {**base, "voice": {"file_id": "v", "file_unique_id": "w", "duration": 1}}}, False
    if kind == "document":
        return {"message": {**base, "document": {"file_id": "d", "file_unique_id": "e"}}}, False
    if kind == "location":
        return {"message": {**base, "location": {"latitude": 25.03, "longitude": 121.56}}}, False
    if kind == "channel":
        channel = {
            "message_id": n,
            "date": int(time.time()),
            "chat": {"id": -uid, "type": "channel"},
            "text": "hi",
        }
        return {"channel_post": channel}, False
    if kind == "group":
        group = text_update("What is the GCTF?", uid=uid, chat_type="group")
        group["message"]["chat"]["id"] = -uid
        return group, False
    return {"some_future_update_kind": {"x": 1}}, False


async def test_ten_thousand_random_updates(tmp_path, rasa_url) -> None:
    rng = random.Random(20261129)
    must_answer: set[int] = set()
    async with stand_in() as api, polling_bot(api, tmp_path, rasa_url=rasa_url):
        for n in range(UPDATES):
            update, answer = random_update(rng, n)
            api.push(update)
            if answer:
                must_answer.add(100_000 + n)
        api.push(text_update("What is the GCTF?", uid=99))  # still alive after all that
        await api.wait_for(1, chat_id=99, timeout=600)

    sent = api.sent("sendMessage") + api.sent("editMessageText")
    answered = {int(c.params["chat_id"]) for c in api.sent("sendMessage")}
    assert must_answer <= answered, f"{len(must_answer - answered)} private text messages got no answer"
    assert not any(int(c.params["chat_id"]) < 0 for c in sent), "answered in a group or channel"
    for call in sent:
        parse(call.params["text"])  # Telegram's HTML, or it fails
        assert "<script>" not in call.params["text"]
    per_chat: dict[int, list[str]] = {}
    for call in api.sent("sendMessage"):
        per_chat.setdefault(int(call.params["chat_id"]), []).append(call.params["text"])
    twice = [chat for chat in must_answer if len(per_chat[chat]) != len(set(per_chat[chat]))]
    assert not twice, f"processed twice: {twice[:5]}"
