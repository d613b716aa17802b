"""`python -m bot serve`: every configured channel in one process, sharing one Assistant.

Telegram runs through python-telegram-bot's Application used as an async context manager: long
polling, or, when TELEGRAM_WEBHOOK_URL is set, webhook updates taken by our own aiohttp server
and put on the Application's update queue (PTB's custom-webhook pattern; PTB's own webhook server
is not used). LINE's webhook is served by aiohttp too. Webhooks configured on the same port share
one web server: `POST /telegram` and `POST /line` (docker-compose puts both on 8443). SIGINT and
SIGTERM stop everything cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.app import Assistant, build_assistant
from bot.settings import Settings

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.channels.line import LineChannel

log = logging.getLogger(__name__)

TELEGRAM_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Running:
    """What `channels_running` started: each webhook path and the port it is served on."""

    ports: dict[str, int] = field(default_factory=dict)
    telegram: Application[Any, Any, Any, Any, Any, Any] | None = None
    line: LineChannel | None = None


@contextlib.asynccontextmanager
async def webhook_server(listen: str, port: int, routes: dict[str, Handler]) -> AsyncIterator[int]:
    """One aiohttp server for these `POST` routes until the block ends; yields the bound port
    (port 0: one the OS picks)."""
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_post(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, listen, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        log.info("webhooks listening on %s:%s (%s)", listen, bound, ", ".join(routes))
        yield bound
    finally:
        await runner.cleanup()  # stop taking webhooks before the channels stop


def telegram_webhook(application: Application[Any, Any, Any, Any, Any, Any], secret: str | None) -> Handler:
    """Telegram's webhook as PTB's own server answers it: JSON only, the secret token checked
    (403 otherwise), an update that cannot be read is a 400; each update goes on the
    Application's queue."""
    from telegram import Update
    from telegram.ext import ExtBot

    async def handle(request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return web.Response(status=403, text="JSON only")
        if secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                log.warning("Telegram webhook with a wrong or missing secret token: rejected")
                return web.Response(status=403, text="bad secret token")
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # never processed, never a 500
            log.warning("Telegram webhook body could not be read (%s): rejected", type(exc).__name__)
            return web.Response(status=400, text="update could not be processed")
        if update is not None:
            if isinstance(application.bot, ExtBot):
                application.bot.insert_callback_data(update)  # as PTB's own webhook handler does
            await application.update_queue.put(update)
        return web.Response(text="OK")

    return handle


@contextlib.asynccontextmanager
async def telegram_started(
    assistant: Assistant,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The Telegram Application initialised and started (it handles what reaches its update
    queue); what `run_polling`/`run_webhook` do, minus fetching updates and owning the loop."""
    from bot.channels.telegram import build_application

    application = build_application(assistant)
    async with application:  # initialize … shutdown
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)


@contextlib.asynccontextmanager
async def telegram_updates(
    application: Application[Any, Any, Any, Any, Any, Any], settings: Settings
) -> AsyncIterator[None]:
    """Telegram's updates start coming: the webhook is registered (our server must be listening
    already), or else long polling runs until the block ends."""
    from bot.channels.telegram import ALLOWED_UPDATES

    if settings.telegram_webhook_url:
        secret = (
            settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
        )
        await application.bot.set_webhook(
            url=settings.telegram_webhook_url.rstrip("/") + TELEGRAM_PATH,
            allowed_updates=ALLOWED_UPDATES,
            max_connections=40,
            secret_token=secret,
        )
        yield
        return
    updater = application.updater
    assert updater is not None
    await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
    try:
        yield
    finally:
        await updater.stop()


@contextlib.asynccontextmanager
async def channels_running(
    assistant: Assistant, telegram: bool, line: bool, line_retry_base_s: float = 1.0
) -> AsyncIterator[Running]:
    """Every channel asked for, their webhooks on as few servers as their ports allow (one when
    TELEGRAM_WEBHOOK_PORT and LINE_WEBHOOK_PORT are the same). Stops in reverse: updates stop
    coming, the web servers close, LINE finishes its events, Telegram its updates."""
    settings = assistant.settings
    running = Running()
    servers: dict[int, tuple[str, dict[str, Handler]]] = {}

    def serve_on(listen: str, port: int, path: str, handler: Handler) -> None:
        first_listen, routes = servers.setdefault(port, (listen, {}))
        if first_listen != listen:
            log.warning(
                "%s shares port %s with %s; listening on %s", path, port, ", ".join(routes), first_listen
            )
        routes[path] = handler

    async with contextlib.AsyncExitStack() as stack:
        if telegram:
            running.telegram = await stack.enter_async_context(telegram_started(assistant))
            if settings.telegram_webhook_url:
                secret = settings.telegram_webhook_secret
                handler = telegram_webhook(running.telegram, secret.get_secret_value() if secret else None)
                serve_on(
                    settings.telegram_webhook_listen, settings.telegram_webhook_port, TELEGRAM_PATH, handler
                )
        if line:
            from bot.channels.line import WEBHOOK_PATH, line_channel

            # Telegram's post_init already watches content/ for edits; one watcher is enough.
            running.line = await stack.enter_async_context(
                line_channel(assistant, watch_content=not telegram, retry_base_s=line_retry_base_s)
            )
            serve_on(
                settings.line_webhook_listen, settings.line_webhook_port, WEBHOOK_PATH, running.line.webhook
            )
        for port, (listen, routes) in servers.items():
            bound = await stack.enter_async_context(webhook_server(listen, port, routes))
            running.ports.update(dict.fromkeys(routes, bound))
        if running.telegram is not None:
            await stack.enter_async_context(telegram_updates(running.telegram, settings))
        yield running


@contextlib.asynccontextmanager
async def telegram_running(assistant: Assistant) -> AsyncIterator[None]:
    """The Telegram channel alone (long polling, or its webhook when TELEGRAM_WEBHOOK_URL is set)."""
    async with channels_running(assistant, telegram=True, line=False):
        yield


async def serve(settings: Settings, rasa_url: str, telegram: bool, line: bool) -> None:
    assistant = build_assistant(settings, rasa_url=rasa_url)
    await assistant.conversation.warm_up()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    try:
        async with channels_running(assistant, telegram=telegram, line=line) as running:
            if running.telegram is not None:
                mode = "webhook" if settings.telegram_webhook_url else "long polling"
                log.info("Telegram channel running (%s)", mode)
            if running.line is not None:
                log.info("LINE channel running")
            await stop.wait()
            log.info("stopping")
    finally:
        await assistant.aclose()
