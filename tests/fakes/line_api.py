"""A stand-in for the LINE Messaging API on loopback, for end-to-end tests of the LINE channel.

It serves what the channel calls, `POST /v2/bot/message/reply` and `POST /v2/bot/message/push`,
on a port the OS picks, checks them as LINE does (bearer token; 1-5 messages; text of 1-5,000
UTF-16 units; at most 13 quick replies with labels of 1-20 characters and postback data and
display texts of at most 300; a reply token is good once), records every call, and can answer
with LINE's errors: an expired reply token (400 "Invalid reply token"), or injected faults such
as 429 with or without Retry-After. Also here: builders for webhook events, and the signature.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"


@dataclass
class Call:
    kind: str  # "reply" or "push"
    body: dict[str, Any]
    status: int
    retry_key: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def texts(self) -> list[str]:
        return [m.get("text", "") for m in self.messages]

    @property
    def quick_replies(self) -> list[dict[str, Any]]:
        """The postback actions of the quick replies (on the last message, where LINE shows them)."""
        last = self.messages[-1] if self.messages else {}
        return [item["action"] for item in (last.get("quickReply") or {}).get("items", [])]


@dataclass
class Fault:
    status: int
    retry_after: str | None = None  # the Retry-After header, verbatim
    message: str = "injected fault"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class LineApiStandIn:
    def __init__(self, access_token: str) -> None:
        self.access_token = access_token
        self.calls: list[Call] = []  # every call, refused ones included
        self._users_by_token: dict[str, str] = {}
        self._used_tokens: set[str] = set()
        self._expired: set[str] = set()
        self._faults: dict[str, list[Fault]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._tokens = itertools.count(1)
        self._ids = itertools.count(500_000_000_000_000_000)

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> LineApiStandIn:
        app = web.Application()
        app.router.add_post(REPLY_PATH, self._reply)
        app.router.add_post(PUSH_PATH, self._push)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)  # the OS picks the port…
        await site.start()
        self._port = self._runner.addresses[0][1]  # …and here it is
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    # -- test controls -------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the calls, faults and expired tokens (one stand-in can serve several tests)."""
        self.calls.clear()
        self._faults.clear()
        self._expired.clear()

    def token_for(self, user_id: str) -> str:
        """A fresh reply token for an event from this user (as LINE puts one in each event)."""
        token = f"rt{next(self._tokens):06d}{uuid.uuid4().hex}"
        self._users_by_token[token] = user_id
        return token

    def expire(self, token: str) -> None:
        self._expired.add(token)

    def inject(self, kind: str, *faults: Fault) -> None:
        """The next calls of `kind` ("reply" or "push") get these answers, in order."""
        self._faults.setdefault(kind, []).extend(faults)

    def accepted(self, kind: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.status == 200 and (kind is None or c.kind == kind)]

    def refused(self) -> list[Call]:
        """Calls LINE would refuse for their content (not injected faults or expired tokens)."""
        return [c for c in self.calls if c.status == 400 and c.body.get("_problem")]

    def delivered(self, user_id: str) -> list[Call]:
        """Accepted calls that reached this user: replies to their tokens, and pushes to them."""
        return [
            c
            for c in self.accepted()
            if (c.kind == "reply" and self._users_by_token.get(c.body.get("replyToken", "")) == user_id)
            or (c.kind == "push" and c.body.get("to") == user_id)
        ]

    async def wait_for(self, user_id: str, count: int = 1, timeout: float = 60.0) -> list[Call]:
        """Wait (without blocking the loop the bot runs on) until `count` calls reached the user."""

        async def enough() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.delivered(user_id)) >= count)
                return self.delivered(user_id)

        try:
            return await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            got = [c.texts for c in self.delivered(user_id)]
            raise TimeoutError(f"expected {count} deliveries to {user_id}, got {len(got)}: {got}") from None

    # -- the API -------------------------------------------------------------------------------------

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._answer("reply", request)

    async def _push(self, request: web.Request) -> web.Response:
        return await self._answer("push", request)

    async def _answer(self, kind: str, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        try:
            body = json.loads(await request.read())
            assert isinstance(body, dict)
        except (ValueError, AssertionError):
            return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
        retry_key = request.headers.get("X-Line-Retry-Key")
        faults = self._faults.get(kind)
        fault = faults.pop(0) if faults else None
        if fault:
            await self._record(Call(kind, body, fault.status, retry_key))
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            return web.json_response({"message": fault.message}, status=fault.status, headers=headers)
        problem = self._problem(kind, body)
        if problem:
            await self._record(Call(kind, {**body, "_problem": problem}, 400, retry_key))
            return web.json_response(
                {"message": "The request body has 1 error(s)", "details": [{"message": problem}]}, status=400
            )
        if kind == "reply":
            token = body["replyToken"]
            if token in self._expired or token in self._used_tokens or token not in self._users_by_token:
                await self._record(Call(kind, body, 400, retry_key))
                return web.json_response({"message": "Invalid reply token"}, status=400)
            self._used_tokens.add(token)
        await self._record(Call(kind, body, 200, retry_key))
        sent = [{"id": str(next(self._ids)), "quoteToken": uuid.uuid4().hex} for _ in body["messages"]]
        return web.json_response({"sentMessages": sent})

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    @staticmethod
    def _problem(kind: str, body: dict[str, Any]) -> str | None:
        """What LINE would refuse in this body, or None."""
        if kind == "reply" and not isinstance(body.get("replyToken"), str):
            return "replyToken: required"
        if kind == "push" and not (isinstance(body.get("to"), str) and body["to"].startswith("U")):
            return "to: invalid user id"
        messages = body.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return "messages: 1 to 5 messages"
        for message in messages:
            if message.get("type") != "text":
                return "messages[].type: only text is expected from this bot"
            text = message.get("text")
            if not isinstance(text, str) or not text or _utf16_len(text) > 5000:
                return "messages[].text: 1 to 5000 characters"
            items = (message.get("quickReply") or {}).get("items")
            if items is None:
                continue
            if not 1 <= len(items) <= 13:
                return "quickReply.items: 1 to 13 items"
            for item in items:
                action = item.get("action") or {}
                # LINE counts action texts in grapheme clusters; code points are never fewer.
                if action.get("type") != "postback":
                    return "quickReply.items[].action.type: postback expected"
                if not 1 <= len(action.get("label") or "") <= 20:
                    return f"quickReply.items[].action.label: 1 to 20 characters ({action.get('label')!r})"
                if not action.get("data") or len(action["data"]) > 300:
                    return "quickReply.items[].action.data: 1 to 300 characters"
                if len(action.get("displayText") or "") > 300:
                    return "quickReply.items[].action.displayText: at most 300 characters"
        return None


# -- webhook events ----------------------------------------------------------------------------------

_event_ids = itertools.count(1)


def user_id(n: int) -> str:
    """A LINE user id: "U" and 32 hex digits."""
    return "U" + f"{n:032x}"


def _event(kind: str, source: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source,
        "webhookEventId": f"01LINE{next(_event_ids):020d}",
        "deliveryContext": {"isRedelivery": False},
        **fields,
    }


def user_source(uid: str) -> dict[str, Any]:
    return {"type": "user", "userId": uid}


def text_event(uid: str, text: str, reply_token: str) -> dict[str, Any]:
    message = {"type": "text", "id": str(next(_event_ids)), "quoteToken": uuid.uuid4().hex, "text": text}
    return _event("message", user_source(uid), replyToken=reply_token, message=message)


def message_event(uid: str, message: dict[str, Any], reply_token: str) -> dict[str, Any]:
    return _event("message", user_source(uid), replyToken=reply_token, message=message)


def sticker_event(uid: str, reply_token: str) -> dict[str, Any]:
    sticker = {
        "type": "sticker",
        "id": str(next(_event_ids)),
        "quoteToken": uuid.uuid4().hex,
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
    }
    return message_event(uid, sticker, reply_token)


def image_event(uid: str, reply_token: str) -> dict[str, Any]:
    image = {
        "type": "image",
        "id": str(next(_event_ids)),
        "quoteToken": uuid.uuid4().hex,
        "contentProvider": {"type": "line"},
    }
    return message_event(uid, image, reply_token)


def postback_event(uid: str, data: str, reply_token: str) -> dict[str, Any]:
    return _event("postback", user_source(uid), replyToken=reply_token, postback={"data": data})


def follow_event(uid: str, reply_token: str) -> dict[str, Any]:
    return _event("follow", user_source(uid), replyToken=reply_token, follow={"isUnblocked": False})


def unfollow_event(uid: str) -> dict[str, Any]:
    return _event("unfollow", user_source(uid))


def join_event(group_id: str, reply_token: str) -> dict[str, Any]:
    return _event("join", {"type": "group", "groupId": group_id}, replyToken=reply_token)


def group_text_event(group_id: str, uid: str, text: str, reply_token: str) -> dict[str, Any]:
    message = {"type": "text", "id": str(next(_event_ids)), "quoteToken": uuid.uuid4().hex, "text": text}
    source = {"type": "group", "groupId": group_id, "userId": uid}
    return _event("message", source, replyToken=reply_token, message=message)


def webhook_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": user_id(0xB07), "events": list(events)}, ensure_ascii=False).encode()


def sign(body: bytes, channel_secret: str) -> str:
    """X-Line-Signature: base64 of the HMAC-SHA256 of the body, keyed with the channel secret."""
    return base64.b64encode(hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()).decode()
