"""Secrets never reach logs or users; admin commands only work for ADMIN_IDS; Rasa's API needs its token."""

from __future__ import annotations

import io
import logging

import httpx
import pytest

from bot.logging_setup import add_secret, setup_logging
from tests.conftest import TEST_TOKEN
from tests.fakes.bot_api import Fault, text_update
from tests.fakes.running import polling_bot, stand_in

pytestmark = pytest.mark.rasa


async def test_token_never_appears_in_logs_or_messages(tmp_path, rasa_url) -> None:
    # The production logging set-up (python -m bot telegram does the same), writing to a buffer.
    add_secret(TEST_TOKEN)
    setup_logging(logging.DEBUG)
    buffer = io.StringIO()
    logging.getLogger().handlers[0].setStream(buffer)
    async with stand_in() as api:
        # Every send fails: errors are logged (through the bot's redacting filter) and retried.
        api.inject("sendMessage", *[Fault(500)] * 8)
        async with polling_bot(api, tmp_path, rasa_url=rasa_url):
            api.push(text_update("What is the GCTF?", uid=50))
            api.push(text_update("hello", uid=51))
            await api.wait_for(1, chat_id=51, timeout=60)  # the faults are used up by then
    logging.getLogger().handlers.clear()
    logged = buffer.getvalue()
    assert "error while handling an update" in logged or "retrying" in logged
    assert TEST_TOKEN not in logged and TEST_TOKEN.split(":")[1] not in logged
    assert all(TEST_TOKEN not in str(call.params) for call in api.calls)


async def test_admin_commands_answer_admins_only(tmp_path, rasa_url) -> None:
    async with stand_in() as api, polling_bot(api, tmp_path, rasa_url=rasa_url, admin_ids=[60]):
        for command in ("/reload", "/stats", "/report"):
            api.push(text_update(command, uid=61))  # a stranger first
        api.push(text_update("will it snow in Kaohsiung tomorrow?", uid=62))  # a user the bot can't help
        await api.wait_for(1, chat_id=62)
        api.push(text_update("/reload", uid=60))
        api.push(text_update("/stats", uid=60))
        api.push(text_update("/report", uid=60))
        # /reload validates in a thread, so the answers may come in any order.
        answers = {c.params["text"][:12]: c.params["text"] for c in await api.wait_for(3, chat_id=60)}
        reloaded = next(t for t in answers.values() if "Content reloaded" in t)
        stats = next(t for t in answers.values() if "Rasa: up" in t)
        report = next(t for t in answers.values() if "unanswered" in t)
        assert reloaded and "entries" in stats
        assert "snow in Kaohsiung" in report and "nothing covers it" in report
        api.push(text_update("hello", uid=61))
        (hello,) = await api.wait_for(1, chat_id=61)
        # The stranger's admin commands got no answer at all: the first reply is to "hello".
        assert "reloaded" not in hello.params["text"] and "Rasa:" not in hello.params["text"]
        assert "unanswered" not in hello.params["text"]


def test_rasa_http_api_refuses_requests_without_its_token(rasa_url) -> None:
    assert httpx.post(f"{rasa_url}/model/parse", json={"text": "hi"}).status_code == 401
    assert (
        httpx.post(f"{rasa_url}/model/parse", params={"token": "wrong"}, json={"text": "hi"}).status_code
        == 401
    )
    assert (
        httpx.post(
            f"{rasa_url}/model/parse", params={"token": "test-rasa-token"}, json={"text": "hi"}
        ).status_code
        == 200
    )
