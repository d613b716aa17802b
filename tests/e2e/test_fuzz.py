"""Random and malformed updates to one bot running both channels, as `make run` does with
both configured: Telegram's through the real PTB client and the Bot API stand-in, one in five a
LINE webhook request (signed, forged, unsigned or garbage) through the real LINE SDK and the LINE
API stand-in. 2,500 in `make test`, to keep CI short; `make fuzz` sends 10,000 (FUZZ_UPDATES).

The bot must survive, answer every private text message and every LINE event that asks for an
answer (one reply, never processed twice), ignore what it should ignore, never answer a 500, and
send only valid, escaped Telegram HTML and LINE messages within LINE's limits.
"""

from __future__ import annotations

import json
import os
import random
import time
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.channels.line import line_server
from tests.fakes.bot_api import callback_update, sticker_update, text_update, user
from tests.fakes.fuzz_text import random_text
from tests.fakes.line_api import LineApiStandIn, sign, text_event, user_id, webhook_body
from tests.fakes.line_fuzz import random_line_event
from tests.fakes.running import polling_bot, stand_in
from tests.fakes.telegram_html import parse

pytestmark = pytest.mark.rasa
UPDATES = int(os.environ.get("FUZZ_UPDATES", "2500"))
LINE_EVERY = 5  # one update in five is a LINE webhook request
LINE_SECRET = "0123456789abcdef0123456789abcdef"
LINE_TOKEN = "line-fuzz-access-token-" + "A" * 40


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


class LinePoster:
    """LINE's side of the run: batches of 1-5 random events, now and then forged, unsigned or
    garbage; remembers which events must get an answer and every status."""

    def __init__(
        self, rng: random.Random, api: LineApiStandIn, http: aiohttp.ClientSession, url: str
    ) -> None:
        self.rng, self.api, self.http, self.url = rng, api, http, url
        self.statuses: list[int] = []
        self.must_answer: set[str] = set()
        self.events = 0

    async def post(self, body: bytes, signature: str | None) -> int:
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Line-Signature"] = signature
        async with self.http.post(self.url, data=body, headers=headers) as response:
            self.statuses.append(response.status)
            return response.status

    async def send_random(self) -> None:
        rng = self.rng
        batch = [random_line_event(rng, self.api, self.events + i) for i in range(rng.randint(1, 5))]
        self.events += len(batch)
        body = webhook_body(*[event for event, _answer in batch])
        roll = rng.random()
        if roll < 0.05:
            await self.post(body, "forged" + str(self.events))
        elif roll < 0.07:
            await self.post(body, None)
        elif roll < 0.09:
            garbage = rng.choice([b"{", b"null", json.dumps({"events": [{"type": 1}]}).encode()])
            await self.post(garbage, sign(garbage, LINE_SECRET))
        else:
            assert await self.post(body, sign(body, LINE_SECRET)) == 200
            self.must_answer |= {event["replyToken"] for event, answer in batch if answer}


async def test_thousands_of_random_updates_through_both_channels(tmp_path: Any, rasa_url: str) -> None:
    rng = random.Random(20261129)
    must_answer: set[int] = set()
    line_api = await LineApiStandIn(LINE_TOKEN).start()
    line_settings = {
        "line_channel_secret": SecretStr(LINE_SECRET),
        "line_channel_access_token": SecretStr(LINE_TOKEN),
        "line_api_base_url": line_api.base_url,
    }
    try:
        async with (
            stand_in() as api,
            polling_bot(api, tmp_path, rasa_url=rasa_url, **line_settings) as assistant,
            line_server(assistant, "127.0.0.1", 0, watch_content=False, retry_base_s=0.05) as server,
            aiohttp.ClientSession() as http,
        ):
            line = LinePoster(rng, line_api, http, f"http://127.0.0.1:{server.port}/line")
            for n in range(UPDATES):
                if n % LINE_EVERY == LINE_EVERY - 1:
                    await line.send_random()
                    if n % 1000 == LINE_EVERY - 1:
                        await server.channel.idle()  # keep LINE's backlog (and reply tokens) fresh
                    continue
                update, answer = random_update(rng, n)
                api.push(update)
                if answer:
                    must_answer.add(100_000 + n)
            api.push(text_update("What is the GCTF?", uid=99))  # still alive after all that
            await api.wait_for(1, chat_id=99, timeout=600)
            await server.channel.idle()
            alive = user_id(99)
            assert (
                await line.post(*_signed(text_event(alive, "What is the GCTF?", line_api.token_for(alive))))
                == 200
            )
            (last,) = await line_api.wait_for(alive)
            assert "GCTF" in "\n".join(last.texts)
            requests = UPDATES // LINE_EVERY
            counts = f"{UPDATES - requests} Telegram updates, {requests} LINE requests ({line.events} events)"
            print("\nfuzz: " + counts)
            _check_line(line, line_api, server.channel.failures)
    finally:
        await line_api.stop()
    _check_telegram(api, must_answer)


def _signed(event: dict[str, Any]) -> tuple[bytes, str]:
    body = webhook_body(event)
    return body, sign(body, LINE_SECRET)


def _check_line(line: LinePoster, api: LineApiStandIn, failures: int) -> None:
    assert 500 not in line.statuses and set(line.statuses) <= {200, 400}
    assert failures == 0  # the LINE channel itself never raised
    assert api.refused() == [], [c.body["_problem"] for c in api.refused()][:5]  # LINE's limits kept
    answered = {c.body.get("replyToken") for c in api.accepted("reply")}
    missing = line.must_answer - answered
    assert not missing, f"{len(missing)} of {len(line.must_answer)} LINE events got no answer"


def _check_telegram(api: Any, must_answer: set[int]) -> None:
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
