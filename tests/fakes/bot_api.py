"""A stand-in for the Telegram Bot API on loopback, for end-to-end tests of the real PTB client.

It speaks the wire protocol python-telegram-bot uses (POST /bot<token>/<method>, form or JSON
parameters, JSON answers), queues updates for getUpdates, records every call the bot makes, and
can inject faults (429 with retry_after, 500, slow answers) into the next calls of a method.
Like Telegram, getUpdates' `allowed_updates` is remembered and updates of other types are dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = {
    "id": 100000001,
    "is_bot": True,
    "first_name": "CoopBot",
    "username": "coop_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up mid-answer (the bot shutting down) is not a test failure


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    status: int
    retry_after: int | None = None
    delay_s: float = 0.0


class BotApiStandIn:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict] = []
        self._allowed_updates: list[str] | None = None  # getUpdates' last allowed_updates
        self._faults: dict[str, list[Fault]] = {}
        self._lock = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> BotApiStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- test controls -----------------------------------------------------------------------------

    def push(self, update: dict) -> int:
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._lock.notify_all()
            return update["update_id"]

    def inject(self, method: str, *faults: Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, []).extend(faults)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == method and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    async def wait_for(
        self, count: int, method: str = "sendMessage", chat_id: int | None = None, timeout: float = 30.0
    ) -> list[Call]:
        """Wait, without blocking the event loop the bot runs on, for `count` calls of `method`."""
        return await asyncio.to_thread(self.wait_for_sync, count, method, chat_id, timeout)

    def wait_for_sync(
        self, count: int, method: str = "sendMessage", chat_id: int | None = None, timeout: float = 30.0
    ) -> list[Call]:
        """Wait until at least `count` calls of `method` arrived; return them (no sleep-and-hope)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                calls = [
                    c
                    for c in self.calls
                    if c.method == method
                    and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
                ]
                if len(calls) >= count:
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"expected {count} {method} calls, got {len(calls)}: "
                        f"{[c.params.get('text') for c in calls]}"
                    )
                self._lock.wait(remaining)

    # -- the API -----------------------------------------------------------------------------------

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        with self._lock:
            faults = self._faults.get(method)
            fault = faults.pop(0) if faults else None
        if fault:
            if fault.delay_s:
                time.sleep(fault.delay_s)
            if fault.status != 200:
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": fault.status,
                    "description": "injected fault",
                }
                if fault.retry_after is not None:
                    body["parameters"] = {"retry_after": fault.retry_after}
                    body["description"] = f"Too Many Requests: retry after {fault.retry_after}"
                return fault.status, body
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._lock:
            self.calls.append(Call(method, params))
            self._lock.notify_all()
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in ("sendMessage", "editMessageText"):
            chat_id = params.get("chat_id") or 0
            message = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": int(chat_id), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
            return 200, {"ok": True, "result": message}
        if method in ("getWebhookInfo",):
            return 200, {
                "ok": True,
                "result": {"url": "", "has_custom_certificate": False, "pending_update_count": 0},
            }
        return 200, {"ok": True, "result": True}

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)  # keep long polls short in tests
        deadline = time.monotonic() + timeout
        with self._lock:
            if isinstance(params.get("allowed_updates"), list):  # kept until the next setting
                self._allowed_updates = params["allowed_updates"] or None  # [] means every type
            while True:
                self._updates = [
                    u
                    for u in self._updates
                    if u["update_id"] >= offset
                    and (self._allowed_updates is None or _kind(u) in self._allowed_updates)
                ]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates[: int(params.get("limit") or 100)])
                self._lock.wait(max(0.0, deadline - time.monotonic()))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as Telegram's servers: no new connection per call. Headers and body go out
            # as two writes, so Nagle's algorithm must be off or each answer waits for a delayed ACK.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                prefix = f"/bot{stand_in.token}/"
                if not self.path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                method = self.path[len(prefix) :].split("?")[0]
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                params = json.loads(raw or b"{}") if "json" in ctype else dict(parse_qsl(raw.decode()))
                json_keys = ("reply_markup", "allowed_updates", "commands", "link_preview_options", "results")
                for key in (*json_keys, "button", "cache_time", "is_personal"):
                    if isinstance(params.get(key), str):
                        with contextlib.suppress(ValueError):
                            params[key] = json.loads(params[key])
                status, body = stand_in._answer(method, params)
                self._reply(status, body)

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _kind(update: dict) -> str:
    """An update's type: its one key besides update_id (message, callback_query, inline_query…)."""
    return next(key for key in update if key != "update_id")


def user(uid: int = 42, language_code: str | None = "en") -> dict:
    data: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": "Test"}
    if language_code:
        data["language_code"] = language_code
    return data


def text_update(
    text: str, uid: int = 42, language_code: str | None = "en", chat_type: str = "private"
) -> dict:
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
    )
    message = {
        "message_id": int(time.time() * 1000) % 10**9,
        "date": int(time.time()),
        "chat": {"id": uid, "type": chat_type},
        "from": user(uid, language_code),
        "text": text,
    }
    if entities:
        message["entities"] = entities
    return {"message": message}


def callback_update(
    data: str, uid: int = 42, language_code: str | None = "en", message_id: int = 1000
) -> dict:
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private"},
        "from": BOT_USER,
        "text": "menu",
    }
    return {
        "callback_query": {
            "id": str(time.monotonic_ns()),
            "from": user(uid, language_code),
            "chat_instance": "1",
            "message": message,
            "data": data,
        }
    }


def sticker_update(uid: int = 42) -> dict:
    message = {
        "message_id": 5,
        "date": int(time.time()),
        "chat": {"id": uid, "type": "private"},
        "from": user(uid),
        "sticker": {
            "file_id": "x",
            "file_unique_id": "y",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
    }
    return {"message": message}


def inline_query_update(query: str, uid: int = 42, language_code: str | None = "en") -> dict:
    """What Telegram sends as the user types "@bot <query>" in any chat (inline mode)."""
    return {
        "inline_query": {
            "id": str(time.monotonic_ns()),
            "from": user(uid, language_code),
            "query": query,
            "offset": "",
            "chat_type": "private",
        }
    }


def chosen_inline_result_update(
    result_id: str, query: str, uid: int = 42, language_code: str | None = "en"
) -> dict:
    """What Telegram sends when the user sent one of the results (with BotFather's inline feedback)."""
    return {
        "chosen_inline_result": {"result_id": result_id, "from": user(uid, language_code), "query": query}
    }
