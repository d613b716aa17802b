"""The bot's real Telegram application, long-polling the Bot API stand-in, for one test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app import Assistant, build_assistant
from bot.channels.telegram import build_application
from tests.conftest import TEST_TOKEN, make_settings
from tests.fakes.bot_api import BotApiStandIn


@asynccontextmanager
async def polling_bot(api: BotApiStandIn, tmp_path: Path, **settings: object) -> AsyncIterator[Assistant]:
    """The same lifecycle as `run_polling` (initialize, post_init, start, poll), then a clean stop."""
    assistant = build_assistant(make_settings(tmp_path, telegram_base_url=api.base_url, **settings))
    application = build_application(assistant)
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield assistant
        finally:
            await application.updater.stop()
            await application.stop()
    await assistant.aclose()


@asynccontextmanager
async def stand_in() -> AsyncIterator[BotApiStandIn]:
    api = BotApiStandIn(TEST_TOKEN).start()
    try:
        yield api
    finally:
        api.stop()
