"""The Telegram channel (python-telegram-bot 22): handlers only translate Update ⇄ Turn/Reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from html import escape
from typing import Any

from telegram import BotCommand, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential

from bot import reports
from bot.app import Assistant
from bot.core.language import from_language_code
from bot.core.types import COMMANDS, Command, Message, Reply, Turn
from bot.i18n import N_, gettext_for
from bot.logging_setup import redact

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]  # PTB's Application, with the default context types

# Command descriptions for Telegram's menu, per language (registered with set_my_commands).
COMMAND_HELP = {
    "start": N_("Main menu"),
    "help": N_("What I can do"),
    "language": N_("Change language"),
    "forget": N_("Delete what I stored about you"),
}


SEND_ATTEMPTS = 4


def _safe_to_repeat(exc: BaseException) -> bool:
    """A 5xx or a dropped connection: the message did not arrive, so sending again is safe. Not
    TimedOut (PTB raises it also when Telegram delivered the message but answered slowly: the user
    would get it twice), nor BadRequest (it would fail again). 429s are the rate limiter's."""
    return isinstance(exc, NetworkError) and not isinstance(exc, TimedOut | BadRequest)


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning("send failed (%s); retrying", redact(str(error)))


async def deliver(send: Callable[[], Awaitable[object]]) -> None:
    """Send, repeating only where a repeat cannot duplicate (bounded, with backoff). Only the send
    is repeated: the update is never processed twice."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception(_safe_to_repeat),
        stop=stop_after_attempt(SEND_ATTEMPTS),
        wait=wait_exponential(multiplier=0.2, max=2),
        before_sleep=_log_retry,
        reraise=True,
    ):
        with attempt:
            await send()


async def send_part(chat: Chat, part: Message) -> None:
    await chat.send_message(part.html, parse_mode=ParseMode.HTML, reply_markup=keyboard(part))


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in message.buttons]
    )


def user_key(update: Update) -> str:
    user = update.effective_user
    return f"tg:{user.id}" if user else f"tg-chat:{update.effective_chat.id if update.effective_chat else 0}"


def language_code(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


class TelegramChannel:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    async def _send(self, update: Update, reply: Reply) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        messages = list(reply.messages)
        query = update.callback_query
        if reply.edit and query and query.message and messages:
            first = messages.pop(0)
            try:
                await deliver(
                    lambda: query.edit_message_text(
                        first.html, parse_mode=ParseMode.HTML, reply_markup=keyboard(first)
                    )
                )
            except BadRequest as exc:  # e.g. "message is not modified", or the message is too old to edit
                log.info("edit failed (%s); sending a new message instead", exc.message)
                messages.insert(0, first)
        for message in messages:
            for part in message.split(MessageLimit.MAX_TEXT_LENGTH):
                await deliver(partial(send_part, chat, part))

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not update.effective_message or not update.effective_message.text:
            return
        name = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
        command: Command = next((c for c in COMMANDS if c == name), "help")
        turn = Turn(user_key(update), command=command, language_code=language_code(update))
        await self._send(update, await self.assistant.conversation.handle(turn))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        turn = Turn(user_key(update), text=message.text or "", language_code=language_code(update))
        await self._send(update, await self.assistant.conversation.handle(turn))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        turn = Turn(user_key(update), button=query.data or "", language_code=language_code(update))
        await self._send(update, await self.assistant.conversation.handle(turn))

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, files, locations…: say what the bot can read."""
        state = await self.assistant.state.get(user_key(update))

        lang = state.lang or from_language_code(language_code(update))
        _ = gettext_for(lang)
        if update.effective_chat:
            await update.effective_chat.send_message(
                _("I can only read text messages. Please type your question.")
            )

    # Admin commands: registered with filters.User(ADMIN_IDS), so nobody else ever reaches them
    # (for anyone else they are unknown commands, silently ignored).

    async def on_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not update.effective_chat:
            return
        problems = await asyncio.to_thread(self.assistant.content.reload)  # validation is heavy
        if problems:
            text = "Reload rejected; still serving the last good content:\n" + "\n".join(
                str(p) for p in problems[:10]
            )
        else:
            text = f"Content reloaded: {len(self.assistant.content.catalog.entries)} entries."
        await update.effective_chat.send_message(text[:4000])

    async def on_stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not update.effective_chat:
            return
        text = reports.stats(
            len(self.assistant.content.catalog.entries),
            await self.assistant.nlu.healthy(),
            await self.assistant.state.feedback(),
        )
        await update.effective_chat.send_message(text)

    async def on_report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The unanswered questions and the most used entries of the last 30 days."""
        chat = update.effective_chat
        if chat is None:
            return
        events = await self.assistant.state.events(reports.parse_since("30d"))
        feedback = await self.assistant.state.feedback()
        text = reports.summary(events, feedback, self.assistant.content.catalog)
        for part in Message(escape(text)).split(MessageLimit.MAX_TEXT_LENGTH):
            await deliver(partial(send_part, chat, part))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update: %s", redact(repr(context.error)))
        if isinstance(update, Update) and update.effective_chat:
            _ = gettext_for((await self.assistant.state.get(user_key(update))).lang or "en")
            with contextlib.suppress(TelegramError):
                await update.effective_chat.send_message(
                    _("Sorry, something went wrong on my side. Please try again.")
                )


async def register_commands(application: App) -> None:
    """Per-language command menus and descriptions (set_my_commands / set_my_description)."""
    bot = application.bot
    for lang, code in (("en", None), ("es", "es"), ("zh-Hant", "zh")):
        _ = gettext_for(lang)
        commands = [BotCommand(name, _(text)) for name, text in COMMAND_HELP.items()]
        await bot.set_my_commands(commands, language_code=code)
        await bot.set_my_description(
            _(
                "Ask about Taiwan's international cooperation programs: scholarships, training, missions, "
                "volunteering and NGO funding. Answers cite MOFA's white paper."
            ),
            language_code=code,
        )


def build_application(assistant: Assistant) -> App:
    settings = assistant.settings
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    channel = TelegramChannel(assistant)

    watcher: list[asyncio.Task[None]] = []

    async def post_init(application: App) -> None:
        # Content edits go live without a restart: poll content/ and reload (last good kept).
        watcher.append(asyncio.get_running_loop().create_task(assistant.content.watch()))
        try:
            await register_commands(application)
        except TelegramError as exc:
            log.warning("could not register commands: %s", redact(str(exc)))

    async def post_shutdown(application: App) -> None:
        for task in watcher:
            task.cancel()

    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .read_timeout(settings.telegram_timeout_s)
        .write_timeout(settings.telegram_timeout_s)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.telegram_max_rate, max_retries=3))
        .concurrent_updates(16)  # the core serialises each user's turns; users run in parallel
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    private = filters.ChatType.PRIVATE
    admins = filters.User(user_id=settings.admin_ids) & filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("reload", channel.on_reload, filters=admins))
    application.add_handler(CommandHandler("stats", channel.on_stats, filters=admins))
    application.add_handler(CommandHandler("report", channel.on_report, filters=admins))
    application.add_handler(CommandHandler(list(COMMANDS), channel.on_command))
    application.add_handler(CallbackQueryHandler(channel.on_button))
    application.add_handler(
        MessageHandler(
            private & filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND, channel.on_text
        )
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, channel.on_text)
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & ~filters.TEXT, channel.on_unsupported)
    )
    application.add_error_handler(channel.on_error)
    return application
