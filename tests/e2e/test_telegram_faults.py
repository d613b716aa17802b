"""Telegram faults and webhook mode, through the real PTB client and the Bot API stand-in."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.app import build_assistant
from bot.channels.telegram import build_application
from tests.conftest import TEST_TOKEN, make_settings
from tests.fakes.bot_api import BotApiStandIn, Fault, text_update
from tests.fakes.ports import listening_socket
from tests.fakes.running import polling_bot, stand_in

pytestmark = pytest.mark.rasa


async def test_429_and_5xx_are_retried_and_the_reply_arrives_once(tmp_path, rasa_url) -> None:
    async with stand_in() as api:
        api.inject("sendMessage", Fault(429, retry_after=1), Fault(500), Fault(502))
        async with polling_bot(api, tmp_path, rasa_url=rasa_url):
            api.push(text_update("What is the GCTF?", uid=40))
            (answer,) = await api.wait_for(1, chat_id=40, timeout=60)
            assert "GCTF" in answer.params["text"]
            api.push(text_update("hello", uid=41))
            await api.wait_for(1, chat_id=41)
            assert len(api.sent(chat_id=40)) == 1  # delivered once, not duplicated


async def test_a_slow_but_delivered_send_is_not_repeated(tmp_path, rasa_url) -> None:
    async with stand_in() as api:
        # Telegram takes the message but answers after the client's timeout: PTB raises TimedOut.
        api.inject("sendMessage", Fault(200, delay_s=2.5))
        async with polling_bot(api, tmp_path, rasa_url=rasa_url, telegram_timeout_s=1.0):
            api.push(text_update("What is the GCTF?", uid=43))
            (answer,) = await api.wait_for(1, chat_id=43, timeout=60)
            assert "GCTF" in answer.params["text"]
            await asyncio.sleep(3)  # time for any repeat to arrive
            assert len(api.sent(chat_id=43)) == 1  # the user got it once


async def test_webhook_mode_checks_telegrams_secret_token(tmp_path, rasa_url) -> None:
    api = BotApiStandIn(TEST_TOKEN).start()
    # PTB serves the webhook on a socket it is given: one the OS gave a port, held from the start.
    sock = listening_socket()
    port = sock.getsockname()[1]
    assistant = build_assistant(make_settings(tmp_path, rasa_url=rasa_url, telegram_base_url=api.base_url))
    application = build_application(assistant)
    async with application:
        await application.start()
        await application.updater.start_webhook(
            url_path="telegram",
            webhook_url="https://bot.example.org/telegram",
            secret_token="s3cret",
            unix=sock,
        )
        try:
            (hook,) = await api.wait_for(1, method="setWebhook")
            assert hook.params["secret_token"] == "s3cret"
            update = {"update_id": 1, **text_update("What is the GCTF?", uid=42)}
            async with httpx.AsyncClient() as client:
                forged = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                )
                assert forged.status_code == 403
                real = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    content=json.dumps(update),
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret", "Content-Type": "application/json"},
                )
                assert real.status_code == 200
            (answer,) = await api.wait_for(1, chat_id=42)
            assert "GCTF" in answer.params["text"]
        finally:
            await application.updater.stop()
            await application.stop()
    await assistant.aclose()
    api.stop()
