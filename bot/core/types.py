"""What flows between channels and the conversation core."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from bot.core.html_split import split_html

Command = Literal["start", "help", "language", "forget", "menu"]
COMMANDS: tuple[Command, ...] = get_args(Command)  # every channel registers these


@dataclass(frozen=True)
class Turn:
    """One thing a user did: typed text, pressed a button, or sent a command."""

    user: str
    text: str | None = None
    button: str | None = None
    command: Command | None = None
    language_code: str | None = None  # the client's language (Telegram's user.language_code)


@dataclass(frozen=True)
class Button:
    """A button: `data` is the callback data. With `switch_inline` set it is a Telegram-only share
    button (it puts "@bot <switch_inline>" in a chat the user picks); channels without inline mode
    skip it, and `data` is only what a channel that ignores the field would send."""

    text: str
    data: str
    switch_inline: str | None = None


@dataclass(frozen=True)
class Message:
    """One message of a reply, in Telegram's HTML subset (all user-supplied text escaped)."""

    html: str
    buttons: list[list[Button]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The same message as plain text, for the console and jsonl."""
        without_tags = re.sub(r"</?(?:b|i|u|code|pre|blockquote)>|<a href=\"[^\"]*\">|</a>", "", self.html)
        return html.unescape(without_tags)

    def split(self, limit: int = 4096) -> list[Message]:
        """Telegram's message limit: parts of at most `limit` characters, tags included, buttons on the
        last part; a message within the limit is returned as it is. Cut between paragraphs if possible,
        else lines, else words, else characters, never inside a tag or an entity; the elements open at
        a cut are closed and opened again in the next part, so each part is valid HTML on its own."""
        if len(self.html) <= limit:
            return [self]
        parts = split_html(self.html, limit) or [""]  # [""]: over the limit with nothing to show
        return [Message(p) for p in parts[:-1]] + [Message(parts[-1], self.buttons)]

    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@dataclass(frozen=True)
class Reply:
    lang: str
    messages: list[Message]
    intent: str | None = None
    confidence: float | None = None
    topic: str | None = None
    edit: bool = False  # a menu step: channels may edit the message in place
    decision: dict[str, Any] | None = None  # what the core decided (bot/core/decision.py), as JSON

    def to_json(self, user: str) -> dict[str, Any]:
        return {
            "user": user,
            "lang": self.lang,
            "intent": self.intent,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "topic": self.topic,
            "decision": self.decision,
            "replies": [
                {
                    "text": m.text,
                    "buttons": [
                        {"text": b.text, "data": b.data} for b in m.flat_buttons() if b.switch_inline is None
                    ],
                }
                for m in self.messages
            ],
        }
