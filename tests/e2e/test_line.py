"""End to end: the real LINE channel (line-bot-sdk v3 parser and async client, aiohttp webhook
server) taking signed webhook requests on loopback and answering through a stand-in of the LINE
Messaging API (tests/fakes/line_api.py)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.app import Assistant, build_assistant
from bot.channels.line import LineServer, line_server
from bot.channels.line_buttons import graphemes
from bot.core import callbacks
from bot.core.types import Message, Reply, Turn
from bot.serve import Running, channels_running
from tests.conftest import make_settings
from tests.fakes.bot_api import BotApiStandIn
from tests.fakes.bot_api import text_update as tg_text_update
from tests.fakes.line_api import (
    Call,
    Fault,
    LineApiStandIn,
    follow_event,
    group_text_event,
    image_event,
    join_event,
    message_event,
    postback_event,
    sign,
    sticker_event,
    text_event,
    unfollow_event,
    user_id,
    webhook_body,
)
from tests.fakes.running import stand_in as running_bot_api

CHANNEL_SECRET = "0123456789abcdef0123456789abcdef"
ACCESS_TOKEN = "line-test-access-token-" + "A" * 40
OFFLINE_RASA = "http://127.0.0.1:9"  # nothing listens: tests that never reach Rasa


@dataclasses.dataclass
class Line:
    api: LineApiStandIn
    server: LineServer
    assistant: Assistant
    http: aiohttp.ClientSession

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/line"

    async def post(
        self, *events: dict[str, Any], signature: str | None = "sign", body: bytes | None = None
    ) -> int:
        """POST a webhook as LINE does: signed with the channel secret unless told otherwise."""
        body = webhook_body(*events) if body is None else body
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Line-Signature"] = sign(body, CHANNEL_SECRET)
        elif signature is not None:
            headers["X-Line-Signature"] = signature
        async with self.http.post(self.url, data=body, headers=headers) as response:
            return response.status

    async def say(self, uid: str, text: str) -> Call:
        """The user types `text`; returns the answer LINE was asked to deliver."""
        before = len(self.api.delivered(uid))
        assert await self.post(text_event(uid, text, self.api.token_for(uid))) == 200
        return (await self.api.wait_for(uid, before + 1))[-1]

    async def press(self, uid: str, data: str) -> Call:
        before = len(self.api.delivered(uid))
        assert await self.post(postback_event(uid, data, self.api.token_for(uid))) == 200
        return (await self.api.wait_for(uid, before + 1))[-1]


@contextlib.asynccontextmanager
async def stand_in_and_assistant(tmp: Path, rasa_url: str, **settings: object) -> AsyncIterator[Line]:
    """The API stand-in and an Assistant configured for it; built once per module (loading the
    content is the slow part), each test then runs its own channel and server."""
    api = await LineApiStandIn(ACCESS_TOKEN).start()
    assistant = build_assistant(
        make_settings(
            tmp,
            rasa_url=rasa_url,
            line_channel_secret=SecretStr(CHANNEL_SECRET),
            line_channel_access_token=SecretStr(ACCESS_TOKEN),
            line_api_base_url=api.base_url,
            **settings,
        )
    )
    try:
        yield Line(api, None, assistant, None)  # type: ignore[arg-type]
    finally:
        await assistant.aclose()
        await api.stop()


@contextlib.asynccontextmanager
async def running_line(shared: Line) -> AsyncIterator[Line]:
    shared.api.reset()
    async with (
        line_server(shared.assistant, "127.0.0.1", 0, watch_content=False, retry_base_s=0.05) as server,
        aiohttp.ClientSession() as http,
    ):
        yield Line(shared.api, server, shared.assistant, http)


@pytest.fixture(scope="module")
async def _rasa_shared(tmp_path_factory: pytest.TempPathFactory, rasa_url: str) -> AsyncIterator[Line]:
    async with stand_in_and_assistant(tmp_path_factory.mktemp("line"), rasa_url) as shared:
        yield shared


@pytest.fixture(scope="module")
async def _offline_shared(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Line]:
    tmp = tmp_path_factory.mktemp("line-offline")
    async with stand_in_and_assistant(tmp, OFFLINE_RASA, rasa_timeout_s=0.5) as shared:
        yield shared


@pytest.fixture
async def line(_rasa_shared: Line) -> AsyncIterator[Line]:
    async with running_line(_rasa_shared) as harness:
        yield harness


@pytest.fixture
async def line_offline(_offline_shared: Line) -> AsyncIterator[Line]:
    """The channel without Rasa: for what never reaches understanding (signatures, events)."""
    async with running_line(_offline_shared) as harness:
        yield harness


def transcript(user_text: str, answer: Call) -> str:
    """One exchange as a LINE user sees it (printed with `pytest -s`)."""
    lines = [f"> {user_text}"]
    lines += [f"< {text}" for text in answer.texts]
    if answer.quick_replies:
        lines.append("  [" + "] [".join(a["label"] for a in answer.quick_replies) + "]")
    return "\n".join(lines)


def assert_valid_quick_replies(answer: Call, paging: bool = False) -> None:
    """Every quick reply is a postback whose data the bot can read back ("More…" with `paging`)."""
    for action in answer.quick_replies:
        assert action["type"] == "postback"
        assert 1 <= len(graphemes(action["label"])) <= 20
        more = paging and action["data"].startswith(("~p:", "~q:"))
        assert more or callbacks.parse(action["data"]) is not None, action
        assert action["displayText"]


# -- conversations ---------------------------------------------------------------------------------


def written_in(lang: str, text: str) -> bool:
    """Roughly: which of the bot's three languages a text is in."""
    letters = [c for c in text if c.isalpha()]
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in letters) / max(1, len(letters))
    words = set(re.findall(r"[a-záéíóúñü]+", text.lower()))
    if lang == "zh-Hant":
        return cjk > 0.5
    spanish = len(words & {"de", "la", "el", "para", "los", "las", "que", "y", "con", "del"})
    english = len(words & {"the", "of", "and", "for", "to", "in", "with", "from", "is"})
    return cjk < 0.2 and (spanish > english if lang == "es" else english > spanish)


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("lang", "question", "follow_up", "expected"),
    [
        ("zh-Hant", "國合會獎學金怎麼申請？", "要讀多久？", "國合會"),
        ("en", "How can I get a TaiwanICDF scholarship?", "How long does it last?", "TaiwanICDF"),
        ("es", "¿Cómo puede una ONG pedir financiamiento?", "¿Y quién puede postular?", "ONG"),
    ],
)
async def test_questions_are_answered_in_their_own_language(
    line: Line, lang: str, question: str, follow_up: str, expected: str
) -> None:
    uid = user_id(100 + len(lang))
    answer = await line.say(uid, question)
    assert answer.kind == "reply"
    text = "\n".join(answer.texts)
    assert expected in text and written_in(lang, text), text[:300]
    assert "<b>" not in text and "&amp;" not in text  # LINE shows plain text
    assert answer.quick_replies, "the answer's buttons come as quick replies"
    assert_valid_quick_replies(answer)
    second = await line.say(uid, follow_up)  # a follow-up on the same topic, same language
    assert written_in(lang, "\n".join(second.texts)), second.texts
    assert_valid_quick_replies(second)
    print(f"\n--- {lang}\n{transcript(question, answer)}\n{transcript(follow_up, second)}")
    assert (await _state(line.assistant, f"line:{uid}")).lang == lang


@pytest.mark.rasa
async def test_a_quick_reply_press_is_a_postback_answered_like_a_button(line: Line) -> None:
    uid = user_id(200)
    answer = await line.say(uid, "What is the TaiwanICDF scholarship?")
    apply = next(a for a in answer.quick_replies if a["data"].startswith("a:apply:"))
    assert apply["displayText"] == "How to apply"
    pressed = await line.press(uid, apply["data"])
    assert pressed.kind == "reply"
    text = "\n".join(pressed.texts)
    assert "icdf.org.tw" in text.lower() or "apply" in text.lower()
    assert_valid_quick_replies(pressed)
    print(f"\n--- en, button\n{transcript('[' + apply['label'] + ']', pressed)}")


async def test_forged_button_data_gets_the_expired_button_answer(line_offline: Line) -> None:
    uid = user_id(201)
    answer = await line_offline.press(uid, "t:../../etc/passwd" + "x" * 200)
    assert answer.texts[0].startswith("這個按鈕已失效")  # zh-Hant: LINE gives no language
    assert_valid_quick_replies(answer)


async def test_typed_commands_work_as_on_telegram(line_offline: Line) -> None:
    uid = user_id(202)
    answer = await line_offline.say(uid, "/language")
    assert [a["label"] for a in answer.quick_replies] == ["繁體中文", "English", "Español"]
    english = await line_offline.press(uid, "l:en")
    assert "English" in english.texts[0]


async def test_the_country_menu_pages_through_every_country_and_back(line_offline: Line) -> None:
    """38 countries and Back: pages of 12 and "More…", whose postback names the page and the menu;
    nothing about the pages is kept on the server, and a forged page number gets the first page."""
    uid = user_id(203)
    await line_offline.press(uid, "l:es")
    first = await line_offline.press(uid, "m:countries")
    seen: list[str] = []
    page = first
    for number in range(1, 10):
        assert_valid_quick_replies(page, paging=True)
        labels = [a["label"] for a in page.quick_replies]
        assert len(set(labels)) == len(labels)
        seen += [a["data"] for a in page.quick_replies if a["label"] != "Más…"]
        if labels[-1] != "Más…":
            break
        assert len(labels) == 13
        page = await line_offline.press(uid, page.quick_replies[-1]["data"])
        assert page.texts[-1].endswith(f"({number + 1}/4)")
        print(f"\n--- es, page {number + 1}\n{transcript('[Más…]', page)}")
    catalog = line_offline.assistant.conversation.catalog()
    countries = catalog.by_kind("country")
    assert seen == [f"t:{e.id}" for e in countries] + ["m:main"]
    labels = {a["data"]: a["label"] for a in first.quick_replies}
    assert labels["t:country-australia"] == "Australia" and labels["t:country-bahrain"] == "Baréin"
    for forged in ("~p:7:m:countries", "~p:x:m:countries", "~p:-1:m:countries"):
        again = await line_offline.press(uid, forged)
        assert again.texts == first.texts and again.quick_replies == first.quick_replies
    kept = await line_offline.press(uid, "~p:1:/forget")  # never a way to run /forget
    assert kept.texts[0].startswith("Ese botón")  # expired, in Spanish: nothing was forgotten
    back = await line_offline.press(uid, "a:apply:country-ukraine")
    assert back.quick_replies[0]["label"] == "« Ucrania"


# -- signatures --------------------------------------------------------------------------------------


async def test_a_forged_signature_is_refused_and_never_processed(line_offline: Line) -> None:
    uid = user_id(300)
    body = webhook_body(text_event(uid, "What is the GCTF?", line_offline.api.token_for(uid)))
    assert await line_offline.post(body=body, signature=sign(body, "not-the-channel-secret")) == 400
    tampered = body.replace(b"GCTF", b"ICDF")
    assert await line_offline.post(body=tampered, signature=sign(body, CHANNEL_SECRET)) == 400
    assert await line_offline.post(body=body, signature="AAAA") == 400
    await line_offline.server.channel.idle()
    await asyncio.sleep(0.2)
    assert line_offline.api.calls == []
    assert (await _state(line_offline.assistant, f"line:{uid}")).lang is None  # never processed


async def test_a_missing_signature_is_refused(line_offline: Line) -> None:
    uid = user_id(301)
    assert await line_offline.post(follow_event(uid, "token"), signature=None) == 400
    assert await line_offline.post(follow_event(uid, "token"), signature="") == 400
    await line_offline.server.channel.idle()
    assert line_offline.api.calls == []


async def test_signed_garbage_is_a_400_not_a_500(line_offline: Line) -> None:
    for body in [b"", b"not json", b"[]", b'{"events": 5}', b'{"events": [1, 2]}', b"\xff\xfe", b"[" * 5000]:
        assert await line_offline.post(body=body, signature=sign(body, CHANNEL_SECRET)) == 400, body[:20]
    assert await line_offline.post() == 200  # the console's "Verify": no events
    async with line_offline.http.get(line_offline.url) as response:
        assert response.status == 405


# -- delivery ----------------------------------------------------------------------------------------


async def test_an_expired_reply_token_falls_back_to_a_push(line_offline: Line) -> None:
    uid = user_id(400)
    token = line_offline.api.token_for(uid)
    line_offline.api.expire(token)
    assert await line_offline.post(follow_event(uid, token)) == 200
    (answer,) = await line_offline.api.wait_for(uid)
    assert answer.kind == "push" and answer.body["to"] == uid
    assert answer.retry_key  # a retried push is delivered once
    refused = [c for c in line_offline.api.calls if c.kind == "reply"]
    assert [c.status for c in refused] == [400]
    assert "台灣" in answer.texts[0] or "臺灣" in answer.texts[0]


async def test_429_is_retried_honouring_retry_after_then_succeeds(line_offline: Line) -> None:
    uid = user_id(401)
    line_offline.api.inject("reply", Fault(429, retry_after="1"), Fault(429))
    assert await line_offline.post(follow_event(uid, line_offline.api.token_for(uid))) == 200
    (answer,) = await line_offline.api.wait_for(uid)
    replies = [c for c in line_offline.api.calls if c.kind == "reply"]
    assert [c.status for c in replies] == [429, 429, 200]
    assert replies[1].at - replies[0].at >= 0.95  # Retry-After: 1
    assert answer.kind == "reply" and not line_offline.api.accepted("push")


async def test_endless_429s_are_given_up_without_crashing_or_logging_the_token(
    line_offline: Line, caplog: pytest.LogCaptureFixture
) -> None:
    uid = user_id(402)
    token = line_offline.api.token_for(uid)
    line_offline.api.inject("reply", *[Fault(429, retry_after="0")] * 4)
    with caplog.at_level(logging.DEBUG):
        assert await line_offline.post(follow_event(uid, token)) == 200
        await line_offline.server.channel.idle()
    assert [c.status for c in line_offline.api.calls] == [429] * 4
    assert "giving up" in caplog.text
    assert token not in caplog.text and ACCESS_TOKEN not in caplog.text
    assert line_offline.server.channel.failures == 0
    uid2 = user_id(403)
    assert await line_offline.post(follow_event(uid2, line_offline.api.token_for(uid2))) == 200
    await line_offline.api.wait_for(uid2)  # still serving


async def test_an_answer_line_refuses_is_sent_again_as_plain_text(line_offline: Line) -> None:
    uid = user_id(404)
    line_offline.api.inject("reply", Fault(400, message="The request body has 1 error(s)"))
    assert await line_offline.post(follow_event(uid, line_offline.api.token_for(uid))) == 200
    (answer,) = await line_offline.api.wait_for(uid)
    assert answer.kind == "reply" and answer.quick_replies == [] and answer.texts[0].startswith("你好")


async def test_a_failing_conversation_still_gets_an_apology(line_offline: Line) -> None:
    async def broken(turn: Turn) -> Reply:
        raise RuntimeError("boom")

    line_offline.assistant.conversation.handle = broken  # type: ignore[method-assign]
    try:
        answer = await line_offline.say(user_id(405), "hello?")
    finally:
        del line_offline.assistant.conversation.handle
    assert answer.texts == ["抱歉，我這邊出了點問題，請再試一次。"]
    assert line_offline.server.channel.core_errors == 1 and line_offline.server.channel.failures == 0


async def test_an_oversize_answer_is_split_under_5000_characters_in_at_most_5_messages(
    line_offline: Line,
) -> None:
    """The core's answer is replaced by a huge one (the channel's path is the real one)."""
    paragraph = "臺灣國際合作發展 " * 300 + "🇹🇼"  # 2,702 characters, the flag two UTF-16 units each
    sizes = {user_id(500): 3, user_id(501): 40}  # paragraphs: 3 fit in 2 messages; 40 need cutting
    buttons = [[callbacks_button(i) for i in range(20)]]
    handle = line_offline.assistant.conversation.handle

    async def huge(turn: Turn) -> Reply:
        count = sizes.get(turn.user.removeprefix("line:"))
        if count is None:
            return await handle(turn)
        first = Message("<b>First</b> &amp; " + "\n\n".join([paragraph] * count), buttons)
        return Reply("zh-Hant", [first, Message("ℹ️ notice")])

    line_offline.assistant.conversation.handle = huge  # type: ignore[method-assign]
    try:
        await _oversize_answers(line_offline, sizes)
    finally:
        del line_offline.assistant.conversation.handle  # the class's own again


async def _oversize_answers(line_offline: Line, sizes: dict[str, int]) -> None:
    for uid, count in sizes.items():
        answer = await line_offline.say(uid, "tell me everything")
        assert 1 <= len(answer.messages) <= 5
        assert all(len(t.encode("utf-16-le")) // 2 <= 5000 for t in answer.texts)
        assert answer.texts[0].startswith("First & 臺灣")  # never the first dropped; plain text
        assert not any(t.strip() == "" for t in answer.texts)
        quick = answer.quick_replies
        assert len(quick) == 13 and quick[-1]["label"] == "更多…"  # the first 12, and "More…"
        assert len({a["label"] for a in quick}) == 13
        rest = await line_offline.press(uid, quick[-1]["data"])  # typed text: the rest rides along
        assert [a["data"] for a in rest.quick_replies][-1] == "m:main"
        every = {f"t:entry-{i}" for i in range(19)} | {"m:main"}
        assert {a["data"] for a in quick[:-1] + rest.quick_replies} == every
        if count == 3:
            assert answer.texts[-1].endswith("ℹ️ notice")
            assert sum(t.count("臺灣國際合作發展") for t in answer.texts) == 3 * 300
        else:
            assert len(answer.messages) == 5 and answer.texts[-1].endswith("…")


def callbacks_button(i: int) -> Any:
    from bot.core.types import Button

    if i == 19:
        return Button("Main menu", callbacks.menu("main"))
    return Button(f"Program number {i} with a very long name (P{i})", callbacks.topic(f"entry-{i}"))


# -- other events ------------------------------------------------------------------------------------


async def test_stickers_images_and_new_message_types_get_a_friendly_text_only_answer(
    line_offline: Line,
) -> None:
    uid = user_id(600)
    api = line_offline.api
    gif = {"type": "gif", "id": "1", "quoteToken": "q"}  # a message type newer than the SDK
    for event in (
        sticker_event(uid, api.token_for(uid)),
        image_event(uid, api.token_for(uid)),
        message_event(uid, gif, api.token_for(uid)),
    ):
        assert await line_offline.post(event) == 200
    answers = await api.wait_for(uid, 3)
    for answer in answers:
        assert answer.texts == ["我只能讀文字訊息，請用文字輸入你的問題。"]  # zh-Hant until they write
        assert any(a["data"] == "m:study" for a in answer.quick_replies)
        assert_valid_quick_replies(answer)


async def test_joins_groups_and_unknown_events_are_ignored_without_error(line_offline: Line) -> None:
    api = line_offline.api
    uid = user_id(601)
    future = {
        "type": "somethingNew",
        "mode": "active",
        "timestamp": 1,
        "source": {"type": "user", "userId": uid},
        "webhookEventId": "01FUTURE",
        "deliveryContext": {"isRedelivery": False},
    }
    standby = text_event(uid, "hello", api.token_for(uid)) | {"mode": "standby"}
    events = [
        join_event("C" + "1" * 32, api.token_for("group")),
        group_text_event("C" + "1" * 32, uid, "What is the GCTF?", api.token_for(uid)),
        future,
        standby,
    ]
    assert await line_offline.post(*events) == 200
    await line_offline.server.channel.idle()
    assert api.calls == []
    assert line_offline.server.channel.failures == 0


async def test_follow_greets_with_the_menu_and_the_language_picker(line_offline: Line) -> None:
    uid = user_id(700)
    assert await line_offline.post(follow_event(uid, line_offline.api.token_for(uid))) == 200
    (greeting,) = await line_offline.api.wait_for(uid)
    assert greeting.kind == "reply"
    assert "你好" in greeting.texts[0] or "您好" in greeting.texts[0]
    labels = [a["label"] for a in greeting.quick_replies]
    datas = [a["data"] for a in greeting.quick_replies]
    assert labels[-3:] == ["繁體中文", "English", "Español"]
    assert {"m:study", "m:ngo", "p:start"} <= set(datas)
    assert_valid_quick_replies(greeting)
    print(f"\n--- follow\n{transcript('(adds the bot as a friend)', greeting)}")


async def test_unfollow_forgets_the_user_and_sends_nothing(line_offline: Line) -> None:
    uid = user_id(701)
    english = await line_offline.press(uid, "l:en")
    assert "English" in english.texts[0]
    assert (await _state(line_offline.assistant, f"line:{uid}")).lang == "en"
    calls = len(line_offline.api.calls)
    assert await line_offline.post(unfollow_event(uid)) == 200
    await line_offline.server.channel.idle()
    assert len(line_offline.api.calls) == calls
    assert (await _state(line_offline.assistant, f"line:{uid}")).lang is None


async def test_a_redelivered_event_is_handled_once(line_offline: Line) -> None:
    uid = user_id(702)
    event = follow_event(uid, line_offline.api.token_for(uid))
    assert await line_offline.post(event) == 200
    again = event | {"deliveryContext": {"isRedelivery": True}}
    assert await line_offline.post(again) == 200
    await line_offline.server.channel.idle()
    assert len(line_offline.api.delivered(uid)) == 1


async def test_one_users_events_are_answered_in_order(line_offline: Line) -> None:
    uid = user_id(703)
    api = line_offline.api
    presses = ["l:en", "l:es", "l:zh", "l:en"]
    assert await line_offline.post(*[postback_event(uid, d, api.token_for(uid)) for d in presses]) == 200
    answers = await api.wait_for(uid, 4)
    firsts = [a.texts[0] for a in answers]
    assert "English" in firsts[0] and "español" in firsts[1] and "繁體中文" in firsts[2]
    assert "English" in firsts[3]


# -- one web server for both webhooks ---------------------------------------------------------------


async def test_one_web_server_takes_telegrams_and_lines_webhooks(tmp_path: Path) -> None:
    """`python -m bot serve` with Telegram in webhook mode and LINE on the same port: one aiohttp
    server answers `POST /telegram` (the secret token checked, updates fed to PTB's queue) and
    `POST /line`; the real PTB client and both API stand-ins."""
    async with running_bot_api() as telegram_api:
        line_api = await LineApiStandIn(ACCESS_TOKEN).start()
        assistant = build_assistant(
            make_settings(
                tmp_path,
                rasa_url=OFFLINE_RASA,
                rasa_timeout_s=0.5,
                telegram_base_url=telegram_api.base_url,
                telegram_webhook_url="https://bot.example.org/",
                telegram_webhook_secret=SecretStr("s3cret"),
                telegram_webhook_listen="127.0.0.1",
                telegram_webhook_port=0,
                line_channel_secret=SecretStr(CHANNEL_SECRET),
                line_channel_access_token=SecretStr(ACCESS_TOKEN),
                line_api_base_url=line_api.base_url,
                line_webhook_listen="127.0.0.1",
                line_webhook_port=0,
            )
        )
        try:
            async with (
                channels_running(assistant, telegram=True, line=True, line_retry_base_s=0.05) as running,
                aiohttp.ClientSession() as http,
            ):
                await _both_webhooks(running, telegram_api, line_api, http)
            async with (
                channels_running(assistant, telegram=False, line=True, line_retry_base_s=0.05) as running,
                aiohttp.ClientSession() as http,
            ):  # LINE alone: no Telegram token needed, nothing asked of Telegram
                assert list(running.ports) == ["/line"] and running.telegram is None
                calls = len(telegram_api.calls)
                uid = user_id(801)
                body = webhook_body(follow_event(uid, line_api.token_for(uid)))
                url = f"http://127.0.0.1:{running.ports['/line']}/line"
                headers = {"X-Line-Signature": sign(body, CHANNEL_SECRET), "Content-Type": "application/json"}
                async with http.post(url, data=body, headers=headers) as response:
                    assert response.status == 200
                await line_api.wait_for(uid)
                assert len(telegram_api.calls) == calls
        finally:
            await assistant.aclose()
            await line_api.stop()


async def _both_webhooks(
    running: Running, telegram_api: BotApiStandIn, line_api: LineApiStandIn, http: aiohttp.ClientSession
) -> None:
    assert set(running.ports) == {"/telegram", "/line"}
    assert running.ports["/telegram"] == running.ports["/line"]  # one server
    base = f"http://127.0.0.1:{running.ports['/line']}"
    (hook,) = await telegram_api.wait_for(1, method="setWebhook")
    assert hook.params["url"] == "https://bot.example.org/telegram"
    assert hook.params["secret_token"] == "s3cret"
    assert "inline_query" in hook.params["allowed_updates"]
    update = {"update_id": 1, **tg_text_update("/start", uid=77)}
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
        async with http.post(f"{base}/telegram", json=update, headers=headers) as response:
            assert response.status == 403
    right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    for garbage in (b"not json", b"[1, 2]"):
        async with http.post(
            f"{base}/telegram", data=garbage, headers={**right, "Content-Type": "application/json"}
        ) as response:
            assert response.status == 400
    async with http.post(f"{base}/telegram", json=update, headers=right) as response:
        assert response.status == 200
    (greeting, *_rest) = await telegram_api.wait_for(1, chat_id=77)
    assert "Hello" in greeting.params["text"]
    uid = user_id(800)
    body = webhook_body(follow_event(uid, line_api.token_for(uid)))
    line_headers = {"X-Line-Signature": sign(body, CHANNEL_SECRET), "Content-Type": "application/json"}
    async with http.post(f"{base}/line", data=body, headers=line_headers) as response:
        assert response.status == 200
    (answer,) = await line_api.wait_for(uid)
    assert answer.kind == "reply" and "你好" in answer.texts[0]
    async with http.post(f"{base}/line", data=body, headers={"X-Line-Signature": "AAAA"}) as response:
        assert response.status == 400
    async with http.get(f"{base}/telegram") as response:
        assert response.status == 405


async def _state(assistant: Assistant, user: str) -> Any:
    state = assistant.state.get(user)
    return await state if asyncio.iscoroutine(state) else state
