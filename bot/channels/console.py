"""The console channel: a chat in the terminal for people, and a jsonl protocol for scripts.

jsonl, one JSON object per line:
  in:  {"user": "u1", "text": "..."} or {"user": "u1", "button": "<data>"}, optional "language_code"
  out: {"user", "lang", "intent", "confidence", "topic", "replies": [{"text", "buttons": [{"text", "data"}]}]}
Exactly one output line per input line; a malformed line gets {"error": "..."} with the same keys.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, TextIO

from bot import reports
from bot.core.conversation import Conversation
from bot.core.types import COMMANDS, Button, Command, Reply, Turn

SLASH_COMMANDS: dict[str, Command] = {f"/{name}": name for name in COMMANDS}


def _turn_from_json(line: str) -> Turn:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    user = data.get("user")
    if not isinstance(user, str) or not user:
        raise ValueError('"user" must be a non-empty string')
    text, button, code = data.get("text"), data.get("button"), data.get("language_code")
    if (text is None) == (button is None):
        raise ValueError('give exactly one of "text" or "button"')
    for name, value in (("text", text), ("button", button), ("language_code", code)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{name}" must be a string')
    command = SLASH_COMMANDS.get(text.strip().split("@")[0]) if isinstance(text, str) else None
    if command:
        return Turn(user, command=command, language_code=code)
    return Turn(user, text=text, button=button, language_code=code)


async def run_jsonl(
    conversation: Conversation, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return
        if not line.strip():
            continue
        try:
            turn = _turn_from_json(line)
        except (ValueError, json.JSONDecodeError) as exc:
            out: dict[str, Any] = {
                "user": None,
                "lang": None,
                "intent": None,
                "confidence": None,
                "topic": None,
                "decision": None,
                "replies": [],
                "error": str(exc),
            }
        else:
            out = (await conversation.handle(turn)).to_json(turn.user)
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()


def _show(reply: Reply, stdout: TextIO) -> list[Button]:
    offered: list[Button] = []
    for message in reply.messages:
        stdout.write("\n" + message.text + "\n")
        for button in message.flat_buttons():
            if button.switch_inline is not None:  # Telegram's inline-mode Share: nothing to share here
                continue
            offered.append(button)
            stdout.write(f"  [{len(offered)}] {button.text}\n")
    return offered


async def _report(conversation: Conversation) -> str:
    since = reports.parse_since("30d")
    events, feedback = await conversation.state.events(since), await conversation.state.feedback()
    return reports.summary(events, feedback, conversation.catalog(), *conversation.indexes())


async def _stats(conversation: Conversation) -> str:
    catalog = conversation.catalog()
    return reports.stats(
        len(catalog.entries), await conversation.nlu.healthy(), await conversation.state.feedback()
    )


# The person at the console maintains the bot: /report and /stats need no admin list here.
MAINTAINER_COMMANDS = {"/report": _report, "/stats": _stats}


async def run_interactive(conversation: Conversation, user: str = "console") -> None:
    out = sys.stdout
    out.write(
        "Ask about Taiwan's international cooperation programs (English, Español, 中文).\n"
        "Type a button's number to press it; /help, /language, /report, /stats, /quit.\n"
    )
    offered: list[Button] = []
    while True:
        try:
            line = await asyncio.to_thread(input, "\n> ")
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return
        line = line.strip()
        if line in ("/quit", "/exit"):
            return
        if line in MAINTAINER_COMMANDS:
            out.write("\n" + await MAINTAINER_COMMANDS[line](conversation) + "\n")
            continue
        if line.isdigit() and 1 <= int(line) <= len(offered):
            turn = Turn(user, button=offered[int(line) - 1].data)
        elif line.split("@")[0] in SLASH_COMMANDS:
            turn = Turn(user, command=SLASH_COMMANDS[line.split("@")[0]])
        else:
            turn = Turn(user, text=line)
        offered = _show(await conversation.handle(turn), out)
