"""`python -m bot serve`: every configured channel in one process, sharing one Assistant.

Telegram runs through python-telegram-bot's Application used as an async context manager (long
polling, or its webhook server when TELEGRAM_WEBHOOK_URL is set), LINE through its aiohttp
webhook server. SIGINT/SIGTERM stop both cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from bot.app import Assistant, build_assistant
from bot.settings import Settings

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def telegram_running(assistant: Assistant) -> AsyncIterator[None]:
    """What `Application.run_polling`/`run_webhook` do, minus owning the event loop."""
    from bot.channels.telegram import ALLOWED_UPDATES, build_application

    settings = assistant.settings
    application = build_application(assistant)
    async with application:  # initialize … shutdown
        if application.post_init:
            await application.post_init(application)
        await application.start()
        updater = application.updater
        assert updater is not None
        if settings.telegram_webhook_url:
            await updater.start_webhook(
                listen=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port,
                url_path="telegram",
                webhook_url=settings.telegram_webhook_url.rstrip("/") + "/telegram",
                secret_token=settings.telegram_webhook_secret.get_secret_value()
                if settings.telegram_webhook_secret
                else None,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        try:
            yield
        finally:
            await updater.stop()
            await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)


async def serve(settings: Settings, rasa_url: str, telegram: bool, line: bool) -> None:
    from bot.channels.line import line_server

    assistant = build_assistant(settings, rasa_url=rasa_url)
    await assistant.conversation.warm_up()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with contextlib.AsyncExitStack() as stack:
            if telegram:
                await stack.enter_async_context(telegram_running(assistant))
                log.info("Telegram channel running")
            if line:
                # Telegram's post_init already watches content/ for edits; one watcher is enough.
                await stack.enter_async_context(line_server(assistant, watch_content=not telegram))
                log.info("LINE channel running")
            await stop.wait()
            log.info("stopping")
    finally:
        await assistant.aclose()
