"""End to end, without Rasa: deep links, inline mode, the Share button and the per-language
profile, through the real python-telegram-bot client polling the Bot API stand-in on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from html import escape
from pathlib import Path
from typing import Any

import pytest

from bot.app import Assistant, build_assistant
from bot.content.store import Catalog
from bot.core.nlu import KeywordSearch
from bot.serve import telegram_running
from bot.settings import ROOT
from tests.conftest import make_settings
from tests.fakes.bot_api import (
    BOT_USER,
    BotApiStandIn,
    Call,
    chosen_inline_result_update,
    inline_query_update,
    text_update,
)
from tests.fakes.ports import refused_url
from tests.fakes.running import polling_bot, stand_in

NO_RASA = {"rasa_url": refused_url(), "rasa_timeout_s": 1.0}  # nothing listens
LINK = f"https://t.me/{BOT_USER['username']}?start="


Bot = tuple[BotApiStandIn, Assistant]


@pytest.fixture(scope="module")
async def telegram(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bot]:
    """One bot for the module (each test talks as its own user)."""
    tmp = tmp_path_factory.mktemp("telegram-inline")
    async with stand_in() as api, polling_bot(api, tmp, **NO_RASA) as assistant:
        yield api, assistant


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def inline_answer(api: BotApiStandIn, query: str, uid: int, language_code: str | None) -> Call:
    before = len(api.sent("answerInlineQuery"))
    api.push(inline_query_update(query, uid=uid, language_code=language_code))
    return (await api.wait_for(before + 1, method="answerInlineQuery"))[before]


def show(query: str, call: Call) -> None:
    """What the test saw, for `pytest -s`."""
    print(
        f"\ninline query {query!r}: cache_time={call.params['cache_time']}, "
        f"is_personal={call.params['is_personal']}"
    )
    for result in call.params["results"]:
        (button,) = [b for row in result["reply_markup"]["inline_keyboard"] for b in row]
        print(f"  {result['id']:<32} {result['title']}  [{button['text']} → {button['url']}]")


# -- deep links ------------------------------------------------------------------------------


async def test_deep_link_opens_the_entrys_answer_in_the_users_language(telegram) -> None:
    api, assistant = telegram
    gctf = assistant.content.catalog.get("gctf")
    assert gctf is not None
    api.push(text_update("/start gctf", uid=1, language_code="es-419"))
    (answer,) = await api.wait_for(1, chat_id=1)
    assert answer.params["text"].startswith(f"<b>{escape(gctf.title.es)}</b>")
    assert escape(gctf.summary.es) in answer.params["text"]  # the overview a topic button gives
    datas = [b.get("callback_data") for b in buttons(answer)]
    assert "a:apply:gctf" in datas and "m:main" in datas


async def test_the_answer_has_a_share_button_that_switches_to_inline_mode(telegram) -> None:
    api, assistant = telegram
    gctf = assistant.content.catalog.get("gctf")
    assert gctf is not None
    api.push(text_update("/start gctf", uid=2, language_code="zh-hant"))
    (answer,) = await api.wait_for(1, chat_id=2)
    (share,) = [b for b in buttons(answer) if "switch_inline_query" in b]
    assert share == {"text": "↗️ 分享", "switch_inline_query": gctf.title.get("zh-Hant")}
    # What the Share button types is answered with that entry's card first, in that language.
    call = await inline_answer(api, share["switch_inline_query"], uid=2, language_code="en")
    first = call.params["results"][0]
    assert (first["id"], first["title"]) == ("gctf", gctf.title.get("zh-Hant"))
    assert call.params["is_personal"] is False


@pytest.mark.parametrize(
    ("uid", "payload"),
    list(enumerate(["not-an-entry", "../../x", "gctf-" + "x" * 60, "GCTF", "gctf%20x"], start=300)),
)
async def test_unknown_or_malformed_deep_link_gets_the_welcome(telegram, uid: int, payload: str) -> None:
    api, _assistant = telegram
    api.push(text_update(f"/start {payload}", uid=uid, language_code="es"))
    greeting, picker = await api.wait_for(2, chat_id=uid)
    assert "¡Hola!" in greeting.params["text"]
    assert [b["text"] for b in buttons(picker)] == ["繁體中文", "English", "Español"]


async def test_start_without_payload_still_greets(telegram) -> None:
    api, _assistant = telegram
    api.push(text_update("/start", uid=4, language_code="en"))
    greeting, _picker = await api.wait_for(2, chat_id=4)
    assert "Hello!" in greeting.params["text"]


# -- inline mode -----------------------------------------------------------------------------


async def test_inline_query_lists_matching_programs_as_cards(telegram) -> None:
    api, assistant = telegram
    catalog: Catalog = assistant.content.catalog
    call = await inline_answer(api, "beca", uid=10, language_code="en")  # the query says Spanish
    show("beca", call)
    results = call.params["results"]
    assert call.params["cache_time"] == 300 and call.params["is_personal"] is False
    assert [r["id"] for r in results] == [i for i, _ in KeywordSearch(catalog).search("beca", 10).ranking]
    assert catalog.entries[results[0]["id"]].kind == "scholarship"
    for result in results:
        entry = catalog.entries[result["id"]]
        assert result["type"] == "article" and result["title"] == entry.title.es
        card = result["input_message_content"]
        assert card["parse_mode"] == "HTML"
        assert card["message_text"].startswith(f"<b>{escape(entry.title.es)}</b>\n\n")
        assert escape(entry.summary.es) in card["message_text"]
        assert "📄 Fuente: libro blanco" in card["message_text"]
        (button,) = [b for row in result["reply_markup"]["inline_keyboard"] for b in row]
        assert button == {"text": "💬 Abrir en el bot", "url": LINK + entry.id}


@pytest.mark.parametrize(
    ("query", "language_code", "lang"), [("獎學金", "es", "zh-Hant"), ("scholarship", "zh-TW", "en")]
)
async def test_inline_results_are_in_the_querys_language(telegram, query: str, language_code: str, lang):
    api, assistant = telegram
    call = await inline_answer(api, query, uid=11, language_code=language_code)
    show(query, call)
    results = call.params["results"]
    assert results and "scholarship" in results[0]["id"]
    assert all(r["title"] == assistant.content.catalog.entries[r["id"]].title.get(lang) for r in results)


async def test_empty_inline_query_lists_the_guides_in_the_users_language(telegram) -> None:
    api, assistant = telegram
    call = await inline_answer(api, "", uid=12, language_code="es")
    show("", call)
    ids = [r["id"] for r in call.params["results"]]
    guides = {e for e in assistant.content.catalog.entries if e.startswith("guide-")}
    assert set(ids) == guides and ids[0] == "guide-scholarships"
    assert call.params["results"][0]["title"] == assistant.content.catalog.entries[ids[0]].title.es
    # The language came from the user's client, not the query: Telegram must not reuse it for others.
    assert call.params["is_personal"] is True and call.params["cache_time"] == 300


async def test_a_sent_card_is_logged_as_usage(telegram) -> None:
    api, assistant = telegram
    api.push(chosen_inline_result_update("gctf", "beca", uid=13))
    api.push(chosen_inline_result_update("no-such-entry", "beca", uid=13))
    deadline = time.monotonic() + 10
    while not (shared := [e for e in await assistant.state.events() if e.action == "inline_shared"]):
        assert time.monotonic() < deadline, "the chosen result was not recorded"
        await asyncio.sleep(0.05)
    assert [(e.channel, e.lang, e.entry) for e in shared] == [("telegram", "es", "gctf")]


async def test_the_served_bot_asks_telegram_for_inline_updates(tmp_path: Path) -> None:
    """`python -m bot serve|telegram` polls with allowed_updates; the stand-in, like Telegram, drops
    the updates of every other type, so inline queries only arrive if the bot asked for them."""
    async with stand_in() as api:
        assistant = build_assistant(make_settings(tmp_path, telegram_base_url=api.base_url, **NO_RASA))
        try:
            async with telegram_running(assistant):
                call = await inline_answer(api, "獎學金", uid=14, language_code="en")
        finally:
            await assistant.aclose()
    assert call.params["results"]


# -- the profile -----------------------------------------------------------------------------


async def test_profile_is_registered_in_each_language(telegram) -> None:
    api, _assistant = telegram
    texts: dict[str, dict[str | None, str]] = {}
    for method, field in (
        ("setMyCommands", "commands"),
        ("setMyDescription", "description"),
        ("setMyShortDescription", "short_description"),
    ):
        calls = await api.wait_for(3, method=method)
        assert sorted(str(c.params.get("language_code")) for c in calls) == ["None", "es", "zh"]
        texts[method] = {c.params.get("language_code"): c.params[field] for c in calls}
    short = texts["setMyShortDescription"]
    assert all(0 < len(text) <= 120 for text in short.values())
    assert "scholarships" in short[None] and "Becas" in short["es"] and "獎學金" in short["zh"]
    assert "Pregunta" in texts["setMyDescription"]["es"] and "外交部" in texts["setMyDescription"]["zh"]


# -- the links command -----------------------------------------------------------------------


def test_links_command_prints_deep_links_and_titles_and_ends_quietly_in_head(catalog: Catalog) -> None:
    done = subprocess.run(
        f"set -o pipefail; {sys.executable} -m bot.content links --lang es | head -3",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        env={**os.environ, "TELEGRAM_BOT_USERNAME": "CoopLinksBot"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        match = re.fullmatch(r"https://t\.me/CoopLinksBot\?start=([a-z0-9-]+)\t(.+)", line)
        assert match, line
        assert match[2] == catalog.entries[match[1]].title.es


def test_links_with_no_username_set_warn_that_they_use_the_placeholder() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_USERNAME"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.content", "links"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "TELEGRAM_BOT_USERNAME is not set" in done.stderr
    assert done.stdout.startswith("https://t.me/")  # the links themselves stay clean for piping
