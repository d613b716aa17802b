"""The Telegram channel (python-telegram-bot 22): handlers only translate Update ⇄ Turn/Reply.

Beyond chat: deep links (`t.me/<bot>?start=<entry id>` opens that entry's answer), inline mode
(`@bot beca` in any chat lists matching programs as cards to send) and the per-language profile
(commands, description, short description).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from functools import partial
from html import escape
from typing import Any

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit, MessageLimit, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.helpers import create_deep_linked_url
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential

from bot import reports
from bot.app import Assistant
from bot.content.models import Entry
from bot.content.store import Catalog
from bot.core import callbacks, render
from bot.core.ids import HOW_TO_APPLY_GUIDE, MENU_GUIDES
from bot.core.language import detect, from_language_code, resolve
from bot.core.nlu import KeywordSearch
from bot.core.render import changes
from bot.core.state import Event
from bot.core.types import COMMANDS, Button, Command, Message, Reply, Turn
from bot.i18n import N_, gettext_for
from bot.languages import LANGS, Lang, as_lang
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

# The updates the bot asks Telegram for (long polling and webhook alike): without inline_query
# and chosen_inline_result in this list, Telegram never sends inline mode's updates.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query", "chosen_inline_result"]

INLINE_RESULTS = 10  # programs listed for an inline query (Telegram allows 50)
INLINE_CACHE_S = 300  # how long Telegram may serve the same results for the same query


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
    is repeated: the update is never processed twice. A timeout is neither repeated nor reported
    to the user as a failure: Telegram may well have delivered the message."""
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(_safe_to_repeat),
            stop=stop_after_attempt(SEND_ATTEMPTS),
            wait=wait_exponential(multiplier=0.2, max=2),
            before_sleep=_log_retry,
            reraise=True,
        ):
            with attempt:
                await send()
    except TimedOut:
        log.warning("a send timed out; it may have been delivered, so it is not repeated")


async def send_part(chat: Chat, part: Message) -> None:
    await chat.send_message(part.html, parse_mode=ParseMode.HTML, reply_markup=keyboard(part))


def inline_button(button: Button) -> InlineKeyboardButton:
    if button.switch_inline is not None:  # Share: "@bot <query>" in a chat the user picks
        query = button.switch_inline[: InlineQueryLimit.MAX_QUERY_LENGTH]
        return InlineKeyboardButton(button.text, switch_inline_query=query)
    return InlineKeyboardButton(button.text, callback_data=button.data)


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup([[inline_button(b) for b in row] for row in message.buttons])


def deep_link_entry(args: list[str] | None, catalog: Catalog) -> str | None:
    """The entry a `/start <payload>` deep link names, or None (no payload, a malformed one, or an
    id the content does not have: those get the normal welcome)."""
    if not args or len(args) != 1:
        return None
    payload = args[0]
    if len(payload) > MessageLimit.DEEP_LINK_LENGTH or not re.fullmatch(callbacks.ID, payload):
        return None
    return payload if catalog.get(payload) is not None else None


# -- inline mode -------------------------------------------------------------------------------


def main_guides(catalog: Catalog) -> list[Entry]:
    """What an empty inline query lists: the guides, the main menu's first, then the regions'."""
    first = [*MENU_GUIDES.values(), HOW_TO_APPLY_GUIDE]
    guides = [e for e in catalog.entries.values() if e.id.startswith("guide-")]
    return sorted(guides, key=lambda e: (first.index(e.id) if e.id in first else len(first), e.id))


def inline_matches(
    text: str, language_code: str | None, catalog: Catalog, search: KeywordSearch
) -> tuple[list[Entry], Lang, bool]:
    """The entries an inline query lists, the language of their cards, and whether the answer
    depends on the user (their client's language: then Telegram must not serve it to others).

    The language is the query's own (`resolve`); an empty query lists the guides. A query that is
    an entry's id or title (what the Share button puts in) lists that entry first, in the title's
    language; then the keyword search's ranking."""
    text = " ".join(text.split())
    detection = resolve(text, None, language_code)
    lang = as_lang(detection.lang)
    if not text:
        return main_guides(catalog)[:INLINE_RESULTS], lang, True
    personal = detect(text).lang is None  # "GCTF": no language of its own
    exact: Entry | None = None
    folded = {text.casefold(), detection.text.casefold()}
    for entry in catalog.entries.values():
        if entry.id in folded:
            exact = entry
            break
        titled = [code for code in LANGS if entry.title.get(code).casefold() in folded]
        if len(titled) == 1:  # the title names its language
            exact, lang, personal = entry, titled[0], False
            break
        if titled:  # the same title in two languages: the query's (or the user's) if it is one
            exact, lang = entry, lang if lang in titled else titled[0]
            break
    found = [exact] if exact else []
    for entry_id, _score in search.search(detection.text, INLINE_RESULTS).ranking:
        ranked = catalog.get(entry_id)
        if ranked is not None and ranked.id not in {e.id for e in found}:
            found.append(ranked)
    return found[:INLINE_RESULTS], lang, personal


def inline_card(entry: Entry, lang: str, bot_username: str) -> InlineQueryResultArticle:
    """A program as a message to send: title, summary (and any change since the paper), source,
    and a button that opens the bot on it (a deep link)."""
    _ = gettext_for(lang)
    parts = [
        f"<b>{escape(entry.title.get(lang))}</b>",
        *changes(entry, lang),
        escape(entry.summary.get(lang)),
        render.source_line(entry, lang),
    ]
    card = Message("\n\n".join(parts)).split(MessageLimit.MAX_TEXT_LENGTH)[0].html
    link = create_deep_linked_url(bot_username, entry.id)
    summary = " ".join(entry.summary.get(lang).split())
    return InlineQueryResultArticle(
        id=entry.id,
        title=entry.title.get(lang),
        description=summary if len(summary) <= 120 else summary[:119] + "…",
        input_message_content=InputTextMessageContent(
            card, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(_("💬 Open in the bot"), url=link)]]),
    )


def user_key(update: Update) -> str:
    user = update.effective_user
    return f"tg:{user.id}" if user else f"tg-chat:{update.effective_chat.id if update.effective_chat else 0}"


def language_code(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


class TelegramChannel:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._search: tuple[str, KeywordSearch] | None = None

    async def keyword_search(self) -> KeywordSearch:
        """The conversation's BM25 keyword search, rebuilt when the content changes."""
        catalog = self.assistant.content.catalog
        if self._search is None or self._search[0] != catalog.fingerprint:
            search = await asyncio.to_thread(KeywordSearch, catalog)  # segmenting every example
            self._search = (catalog.fingerprint, search)
        return self._search[1]

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
        if command == "start":  # a deep link: the entry's answer, as its topic button gives it
            entry_id = deep_link_entry(context.args, self.assistant.content.catalog)
            if entry_id is not None:
                turn = Turn(
                    user_key(update), button=callbacks.topic(entry_id), language_code=language_code(update)
                )
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

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`@bot beca` in any chat: matching programs as cards; an empty query lists the guides."""
        query = update.inline_query
        if query is None:
            return
        catalog = self.assistant.content.catalog
        entries, lang, personal = inline_matches(
            query.query, query.from_user.language_code, catalog, await self.keyword_search()
        )
        username = context.bot.username or self.assistant.settings.telegram_bot_username
        results = [inline_card(entry, lang, username) for entry in entries]
        try:
            await deliver(lambda: query.answer(results, cache_time=INLINE_CACHE_S, is_personal=personal))
        except BadRequest as exc:  # e.g. the query expired while the user kept typing
            log.info("inline answer refused (%s)", exc.message)

    async def on_chosen_inline_result(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A card was sent (BotFather's /setinlinefeedback): logged as usage, like an answer."""
        chosen = update.chosen_inline_result
        if chosen is None or self.assistant.content.catalog.get(chosen.result_id) is None:
            return
        catalog = self.assistant.content.catalog
        _entries, lang, _personal = inline_matches(
            chosen.query, chosen.from_user.language_code, catalog, await self.keyword_search()
        )
        event = Event(time.time(), "telegram", lang, "inline_shared", chosen.result_id)
        await self.assistant.state.record(event)

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
        conversation = self.assistant.conversation
        text = reports.summary(events, feedback, conversation.catalog(), *conversation.indexes())
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


# The bot's profile per Telegram language code (None: the default, English).
PROFILE_LANGUAGES: tuple[tuple[Lang, str | None], ...] = (("en", None), ("es", "es"), ("zh-Hant", "zh"))


def description(lang: str) -> str:
    """The profile's description (what a new user reads before pressing Start; 512 characters)."""
    _ = gettext_for(lang)
    return _(
        "Ask about Taiwan's international cooperation programs: scholarships, training, missions, "
        "volunteering and NGO funding. Answers cite MOFA's white paper."
    )


def short_description(lang: str) -> str:
    """The profile's short description (the profile page and shared links; 120 characters)."""
    _ = gettext_for(lang)
    return _("Taiwan's scholarships, training, missions and NGO funding, answered from MOFA's white paper.")


async def register_commands(application: App) -> None:
    """The per-language profile: command menus, description and short description
    (set_my_commands, set_my_description, set_my_short_description)."""
    bot = application.bot
    for lang, code in PROFILE_LANGUAGES:
        _ = gettext_for(lang)
        commands = [BotCommand(name, _(text)) for name, text in COMMAND_HELP.items()]
        await bot.set_my_commands(commands, language_code=code)
        await bot.set_my_description(description(lang), language_code=code)
        await bot.set_my_short_description(short_description(lang), language_code=code)


def build_application(assistant: Assistant) -> App:
    settings = assistant.settings
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    channel = TelegramChannel(assistant)

    watcher: list[asyncio.Task[None]] = []

    async def post_init(application: App) -> None:
        # Content edits go live without a restart: poll content/ and reload (last good kept).
        watcher.append(
            asyncio.get_running_loop().create_task(
                assistant.content.watch(then=assistant.conversation.warm_up)
            )
        )
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
    application.add_handler(InlineQueryHandler(channel.on_inline_query))
    application.add_handler(ChosenInlineResultHandler(channel.on_chosen_inline_result))
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
