"""The LINE channel (Messaging API, line-bot-sdk v3): webhook events ⇄ Turn/Reply.

LINE calls `POST /line` with a batch of events, signed with the channel secret (X-Line-Signature,
checked by the SDK's WebhookParser: a bad or missing signature is answered 400 and never
processed). The webhook is answered at once; the events are handled in the background, one user's
in order, and answered with the event's reply token (a push message to the user when the token
has expired). LINE shows plain text: each Reply's HTML is split at 5,000 characters and sent as
text, at most 5 messages per reply, the buttons as quick replies (postback actions) on the last.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import html
import json
import logging
import re
import time
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
from aiohttp import web
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import (
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from bot.app import Assistant
from bot.channels.line_buttons import (
    CONTINUED_TEXT_LIMIT,
    REPLAYABLE_COMMANDS,
    parse_more,
    parse_more_items,
    quick_items,
    utf16_len,
)
from bot.content.store import Catalog
from bot.core import render
from bot.core.state import UserState
from bot.core.types import Button, Message, Reply, Turn
from bot.i18n import gettext_for
from bot.logging_setup import redact
from bot.settings import Settings

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/line"
# LINE gives no language: new users get Traditional Chinese until their own messages say otherwise
# (the core answers each message in the language it is written in, and remembers it).
DEFAULT_LANGUAGE = "zh-Hant"
TEXT_LIMIT = 5000  # characters of one text message
MAX_MESSAGES = 5  # messages per reply or push call
COMMANDS = ("start", "help", "language", "forget", "menu")
# The LINE Developers console's old "Verify" request used these; they can never be replied to.
DUMMY_REPLY_TOKENS = frozenset({"00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"})
SEND_ATTEMPTS = 4  # a 429, a 5xx or a network error is retried at most 3 times
MAX_RETRY_WAIT_S = 20.0  # a reply token lasts about a minute: never wait longer than this at once
REQUEST_TIMEOUT_S = 10.0
CONCURRENT_EVENTS = 16  # events handled at once (one user's always one at a time, in order)
SEEN_EVENTS = 10_000  # webhook event ids remembered, so a redelivered event is never handled twice
# -- Reply → LINE messages ---------------------------------------------------------------------


def _prefix_within(text: str, limit: int) -> int:
    """The length of the longest prefix of `text` that is at most `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def fit(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut text into pieces of at most `limit` UTF-16 units, between lines or words if possible."""
    pieces: list[str] = []
    while utf16_len(text) > limit:
        end = _prefix_within(text, limit)
        cut = max(text.rfind("\n", 0, end), text.rfind(" ", 0, end))
        cut = cut if cut > end // 2 else end
        if text[:cut].strip():
            pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip():
        pieces.append(text)
    return pieces


_ANCHOR = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def plain_text(message: Message) -> str:
    """A message's plain text; a link keeps its address (LINE shows no markup)."""

    def link(match: re.Match[str]) -> str:
        url, shown = html.unescape(match[1]), match[2]
        return shown if html.unescape(shown).strip() == url else f"{shown} ({match[1]})"

    return Message(_ANCHOR.sub(link, message.html)).text.strip()


def texts_of(reply: Reply) -> list[str]:
    """The reply as at most 5 texts of at most 5,000 characters each.

    Each message is split on its HTML (`Message.split`), as Telegram's are; only when that makes
    more than 5 messages are neighbours merged into fewer, fuller ones, and only when even that
    is too many is the end cut off (marked with an ellipsis). The first message always goes out.
    """
    texts = [
        piece
        for message in reply.messages
        for part in message.split(TEXT_LIMIT)
        for piece in fit(plain_text(part))
    ]
    if len(texts) <= MAX_MESSAGES:
        return texts
    packed: list[str] = []
    for text in texts:
        if packed and utf16_len(packed[-1]) + 2 + utf16_len(text) <= TEXT_LIMIT:
            packed[-1] = f"{packed[-1]}\n\n{text}"
        else:
            packed.append(text)
    if len(packed) > MAX_MESSAGES:
        last = packed[MAX_MESSAGES - 1]
        packed = [*packed[: MAX_MESSAGES - 1], last[: _prefix_within(last, TEXT_LIMIT - 2)].rstrip() + "\n…"]
    return packed


def line_messages(
    reply: Reply, catalog: Catalog | None = None, source: str | None = None, page: int = 0
) -> list[TextMessage]:
    """LINE text messages for a reply, quick replies on the last one (where LINE shows them).
    `source` (the button data or "/command" the reply answers) lets "More…" ask for it again;
    a later page is one message: the text its buttons came with, and the page number."""
    items, page, pages = quick_items(reply, catalog, source, page)
    if page == 0:
        texts = texts_of(reply)
    else:
        owner = next(m for m in reversed(reply.messages) if m.buttons)
        heading = plain_text(owner)
        if not heading or utf16_len(heading) > CONTINUED_TEXT_LIMIT:
            heading = gettext_for(reply.lang)("More…")
        texts = [f"{heading}\n({page + 1}/{pages})"]
    if not texts:
        return []
    quick = (
        QuickReply(
            items=[
                QuickReplyItem(action=PostbackAction(label=i.label, data=i.data, displayText=i.display))
                for i in items
            ]
        )
        if items
        else None
    )
    return [
        TextMessage(text=text, quickReply=quick if index == len(texts) - 1 else None)
        for index, text in enumerate(texts)
    ]


# -- Sending -----------------------------------------------------------------------------------


def _error_message(exc: ApiException) -> str:
    """LINE's own error message and details (never the request, which holds the token)."""
    try:
        body = json.loads(exc.body or b"{}")
    except (ValueError, TypeError):
        body = None
    if not isinstance(body, dict):
        return str(exc.reason or "")
    message = str(body.get("message", ""))
    details = body.get("details")
    if isinstance(details, list) and details:
        message += (
            " ("
            + "; ".join(
                f"{d.get('property', '')}: {d.get('message', '')}" for d in details[:3] if isinstance(d, dict)
            )
            + ")"
        )
    return redact(message[:300]) or str(exc.reason or "")


def _is_invalid_reply_token(exc: ApiException) -> bool:
    return exc.status == 400 and "reply token" in _error_message(exc).lower()


def retry_after_s(exc: ApiException) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), if LINE sent one."""
    value = (exc.headers or {}).get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


Outcome = Literal["sent", "invalid_token", "maybe_sent", "refused", "failed"]


# -- The channel -------------------------------------------------------------------------------


@dataclass
class Incoming:
    """One webhook event and its raw JSON (for message types the SDK does not know yet)."""

    event: Any
    raw: dict[str, Any]


class LineChannel:
    def __init__(self, assistant: Assistant, api: AsyncMessagingApi, retry_base_s: float = 1.0) -> None:
        settings = assistant.settings
        if settings.line_channel_secret is None:
            raise ValueError("LINE_CHANNEL_SECRET is not set")
        self.assistant = assistant
        self.api = api
        self.parser = WebhookParser(settings.line_channel_secret.get_secret_value())
        self.retry_base_s = retry_base_s
        self.failures = 0  # events whose handling in this channel raised (logged; the server goes on)
        self.core_errors = 0  # turns the conversation core raised on (answered with an apology)
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(CONCURRENT_EVENTS)
        self._seen: OrderedDict[str, None] = OrderedDict()

    # -- the webhook ---------------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        signature = request.headers.get("X-Line-Signature", "")
        body = await request.read()
        if not signature:
            log.warning("LINE webhook without a signature: rejected")
            return web.Response(status=400, text="missing signature")
        try:
            text = body.decode("utf-8")
            events = self.parser.parse(text, signature)
        except InvalidSignatureError:
            log.warning("LINE webhook with a bad signature: rejected")
            return web.Response(status=400, text="bad signature")
        except Exception as exc:  # signed, but not a webhook body: answer, never a 500
            log.warning("malformed LINE webhook body (%s): rejected", type(exc).__name__)
            return web.Response(status=400, text="malformed body")
        raw_events = json.loads(text).get("events")
        raw_events = raw_events if isinstance(raw_events, list) else []
        raws = [r if isinstance(r, dict) else {} for r in raw_events]
        self.dispatch([Incoming(e, raws[i] if i < len(raws) else {}) for i, e in enumerate(events)])
        return web.Response(text="OK")  # at once: LINE does not wait for the answers

    def dispatch(self, incoming: list[Incoming]) -> None:
        """Handle the events in the background: one task per user, that user's events in order."""
        per_user: dict[str, list[Incoming]] = defaultdict(list)
        for item in incoming:
            event_id = getattr(item.event, "webhook_event_id", None)
            if event_id:
                if event_id in self._seen:
                    log.info("LINE event delivered again; already handled")
                    continue
                self._seen[event_id] = None
                if len(self._seen) > SEEN_EVENTS:
                    self._seen.popitem(last=False)
            per_user[self._user_id(item) or ""].append(item)
        for items in per_user.values():
            task = asyncio.get_running_loop().create_task(self._run(items))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait until every event received so far has been handled and answered."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _run(self, items: list[Incoming]) -> None:
        for item in items:
            async with self._slots:
                try:
                    await self.handle(item)
                except Exception:  # one bad event never stops the others, nor the server
                    self.failures += 1
                    log.exception("failed to handle a LINE event")

    # -- events → turns --------------------------------------------------------------------------

    @staticmethod
    def _user_id(item: Incoming) -> str | None:
        """The user of a one-to-one chat; None for groups, rooms and events without a user."""
        source = getattr(item.event, "source", None)
        if isinstance(source, UserSource):
            return source.user_id or None
        raw_source = item.raw.get("source")
        if isinstance(raw_source, dict) and raw_source.get("type") == "user":
            user_id = raw_source.get("userId")
            return user_id if isinstance(user_id, str) and user_id else None
        return None

    async def handle(self, item: Incoming) -> None:
        event = item.event
        if str(getattr(getattr(event, "mode", None), "value", "")) == "standby":
            return  # another channel (a module) has the chat; the bot may not answer
        user_id = self._user_id(item)
        if user_id is None:
            return  # the bot answers one-to-one chats only (joins, groups and rooms are ignored)
        user = f"line:{user_id}"
        if isinstance(event, UnfollowEvent):  # blocked: forget the user; no reply is possible
            await self._converse(Turn(user, command="forget", language_code=DEFAULT_LANGUAGE))
            return
        token = getattr(event, "reply_token", None)
        page = 0
        if isinstance(event, FollowEvent):
            turn = Turn(user, command="start", language_code=DEFAULT_LANGUAGE)
        elif isinstance(event, PostbackEvent):
            data = event.postback.data
            rest = parse_more_items(data)
            if rest is not None:  # "More…" under an answer to typed text: the rest it carries
                await self.send(user_id, token, await self._more(user, rest))
                return
            page, data = parse_more(data) or (0, data)  # "More…": that page of the same answer
            turn = source_turn(user, data)
        elif isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            turn = text_turn(user, event.message.text)
        elif isinstance(event, MessageEvent) or item.raw.get("type") == "message":
            # Stickers, images, audio, files, locations, and message types newer than the SDK.
            token = getattr(event, "reply_token", None) or item.raw.get("replyToken")
            await self.send(user_id, token if isinstance(token, str) else None, await self.text_only(user))
            return
        else:
            return  # other events (unsend, beacon, account link…) need no answer
        await self.send(user_id, token, await self._converse(turn), source=source_of(turn), page=page)

    async def _converse(self, turn: Turn) -> Reply:
        try:
            return await self.assistant.conversation.handle(turn)
        except Exception:  # as Telegram's error handler: the user hears something went wrong
            self.core_errors += 1
            log.exception("the conversation failed on a LINE event")
            return await self._sorry(turn.user)

    async def _sorry(self, user: str) -> Reply:
        try:
            lang = (await self._state(user)).lang or DEFAULT_LANGUAGE
        except Exception:
            lang = DEFAULT_LANGUAGE
        _ = gettext_for(lang)
        return Reply(
            lang, [Message(html.escape(_("Sorry, something went wrong on my side. Please try again.")))]
        )

    def _catalog(self) -> Catalog | None:
        try:
            return self.assistant.conversation.catalog()
        except Exception:  # labels are then shortened without the entries' whole titles
            return None

    async def _state(self, user: str) -> UserState:
        return await self.assistant.state.get(user)

    async def _more(self, user: str, buttons: list[Button]) -> Reply:
        """The rest of an answer to typed text, from its "More…" postback (nothing forged is
        trusted: the buttons' data is checked by the core when they are pressed)."""
        lang = (await self._state(user)).lang or DEFAULT_LANGUAGE
        _ = gettext_for(lang)
        if not buttons:
            return await self._converse(Turn(user, button="", language_code=DEFAULT_LANGUAGE))
        return Reply(lang, [Message(html.escape(_("More…")), [[b] for b in buttons])])

    async def text_only(self, user: str) -> Reply:
        lang = (await self._state(user)).lang or DEFAULT_LANGUAGE
        _ = gettext_for(lang)
        text = _("I can only read text messages. Please type your question.")
        return Reply(lang, [Message(html.escape(text), render.main_menu_buttons(lang))])

    # -- replies → LINE ----------------------------------------------------------------------------

    async def send(
        self, user_id: str, reply_token: str | None, reply: Reply, source: str | None = None, page: int = 0
    ) -> None:
        messages = line_messages(reply, self._catalog(), source, page)
        if not messages:
            return  # e.g. flood control's silence
        outcome = await self._deliver(user_id, reply_token, messages)
        if outcome == "refused":  # LINE refused the content itself: the text alone, once more
            log.warning("LINE refused the answer; sending its text without quick replies")
            plain = [TextMessage(text=m.text) for m in messages]
            await self._deliver(user_id, reply_token, plain)

    async def _deliver(self, user_id: str, reply_token: str | None, messages: list[TextMessage]) -> Outcome:
        """With the reply token; with a push when the token has expired (or there is none)."""
        if reply_token and reply_token not in DUMMY_REPLY_TOKENS:
            request = ReplyMessageRequest(replyToken=reply_token, messages=messages)
            outcome = await self._call(
                "reply", lambda: self.api.reply_message(request, _request_timeout=REQUEST_TIMEOUT_S)
            )
            if outcome != "invalid_token":
                if outcome == "maybe_sent":
                    log.info("LINE reply may have been sent before its token was refused; no push")
                return outcome
            log.info("LINE reply token expired or invalid; pushing the answer instead")
        push = PushMessageRequest(to=user_id, messages=messages)
        retry_key = str(uuid.uuid4())  # the same key on every retry: LINE sends the push once
        return await self._call(
            "push",
            lambda: self.api.push_message(
                push, x_line_retry_key=retry_key, _request_timeout=REQUEST_TIMEOUT_S
            ),
        )

    async def _call(self, what: str, call: Callable[[], Awaitable[object]]) -> Outcome:
        """One API call with bounded retries: 429 (after Retry-After when given), 5xx and
        network errors. Gives up with a log line, never an exception."""
        uncertain = False  # an earlier attempt may have reached LINE
        for attempt in range(SEND_ATTEMPTS):
            wait = self.retry_base_s * 2**attempt
            try:
                await call()
                return "sent"
            except ApiException as exc:
                status = exc.status or 0
                if status == 429:
                    asked = retry_after_s(exc)
                    wait = wait if asked is None else asked
                    problem = f"429 {_error_message(exc)}"
                elif status >= 500:
                    uncertain = True
                    problem = f"{status} {_error_message(exc)}"
                elif what == "reply" and _is_invalid_reply_token(exc):
                    return "maybe_sent" if uncertain else "invalid_token"
                elif what == "push" and status == 409 and uncertain:
                    return "sent"  # the retry key says an earlier attempt was accepted
                else:
                    log.error("LINE %s refused: %s %s", what, status, _error_message(exc))
                    return "refused" if status == 400 else "failed"
            except (aiohttp.ClientError, TimeoutError) as exc:
                uncertain = True
                problem = type(exc).__name__
            except Exception as exc:  # an unexpected answer: log it, never crash the server
                log.error("LINE %s failed: %s", what, redact(type(exc).__name__))
                return "failed"
            if attempt == SEND_ATTEMPTS - 1:
                log.error("LINE %s failed %d times (%s); giving up", what, SEND_ATTEMPTS, problem)
                return "failed"
            wait = min(wait, MAX_RETRY_WAIT_S)
            log.warning("LINE %s failed (%s); retrying in %.1f s", what, problem, wait)
            await asyncio.sleep(wait)
        return "failed"


def source_turn(user: str, source: str) -> Turn:
    """The turn a button's data (or a "/command" that "More…" asks again) stands for."""
    if source.startswith("/") and source[1:] in REPLAYABLE_COMMANDS:
        return Turn(user, command=source[1:], language_code=DEFAULT_LANGUAGE)  # type: ignore[arg-type]
    return Turn(user, button=source, language_code=DEFAULT_LANGUAGE)


def source_of(turn: Turn) -> str | None:
    """What asks for the same answer again: a button's data, or a command; None for typed text."""
    if turn.command in REPLAYABLE_COMMANDS:
        return f"/{turn.command}"
    return turn.button if turn.button is not None and turn.text is None else None


def text_turn(user: str, text: str) -> Turn:
    """A text message; "/start", "/help"… typed by hand work as on Telegram."""
    word = text.strip().lower()
    if word.startswith("/") and word[1:] in COMMANDS:
        return Turn(user, command=word[1:], language_code=DEFAULT_LANGUAGE)  # type: ignore[arg-type]
    return Turn(user, text=text, language_code=DEFAULT_LANGUAGE)


# -- The server ----------------------------------------------------------------------------------


@dataclass
class LineServer:
    channel: LineChannel
    port: int  # the port actually bound (the settings may say 0)


def build_api_client(settings: Settings) -> AsyncApiClient:
    if settings.line_channel_access_token is None:
        raise ValueError("LINE_CHANNEL_ACCESS_TOKEN is not set")
    configuration = Configuration(
        host=settings.line_api_base_url.rstrip("/"),
        access_token=settings.line_channel_access_token.get_secret_value(),
    )
    return AsyncApiClient(configuration)


@contextlib.asynccontextmanager
async def line_channel(
    assistant: Assistant, watch_content: bool = True, retry_base_s: float = 1.0
) -> AsyncIterator[LineChannel]:
    """The channel and its API client until the block ends (stop its web server first); then the
    events in hand are finished (for up to 10 s) and the client is closed."""
    async with build_api_client(assistant.settings) as client:
        channel = LineChannel(assistant, AsyncMessagingApi(client), retry_base_s=retry_base_s)
        watching = assistant.content.watch(then=assistant.conversation.warm_up) if watch_content else None
        watcher = asyncio.get_running_loop().create_task(watching) if watching else None
        try:
            yield channel
        finally:
            try:
                await asyncio.wait_for(channel.idle(), timeout=10)
            except TimeoutError:
                log.warning("LINE events still in hand at shutdown were dropped")
            if watcher:
                watcher.cancel()


@contextlib.asynccontextmanager
async def line_server(
    assistant: Assistant,
    listen: str | None = None,
    port: int | None = None,
    watch_content: bool = True,
    retry_base_s: float = 1.0,
) -> AsyncIterator[LineServer]:
    """The LINE webhook (`POST /line`) on a web server of its own until the block ends (`python
    -m bot serve` shares one with Telegram's webhook when their ports are the same)."""
    from bot.serve import webhook_server

    settings = assistant.settings
    listen = settings.line_webhook_listen if listen is None else listen
    port = settings.line_webhook_port if port is None else port
    async with (
        line_channel(assistant, watch_content, retry_base_s) as channel,
        webhook_server(listen, port, {WEBHOOK_PATH: channel.webhook}) as bound,
    ):
        yield LineServer(channel, bound)
