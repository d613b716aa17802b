"""A loopback TCP forwarder that can be closed and reopened: Rasa going away and coming back.

The bot talks to the gate's port; behind it runs the real Rasa server. Closing the gate drops
open connections and refuses new ones, exactly what the bot sees when the Rasa process dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from urllib.parse import urlsplit


class TcpGate:
    def __init__(self, target_url: str) -> None:
        target = urlsplit(target_url)
        self._target = (target.hostname or "127.0.0.1", target.port or 80)
        # The OS hands out the port, and the gate holds it from the start (no guessed free port).
        self._socket: socket.socket | None = self._bind(0)
        self.port: int = self._socket.getsockname()[1]
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    @staticmethod
    def _bind(port: int) -> socket.socket:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        return sock

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def open(self) -> None:
        sock = self._socket or self._bind(self.port)  # reopening takes the same port again
        self._socket = None
        self._server = await asyncio.start_server(self._connect, sock=sock)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        # Drop the open connections before waiting: wait_closed() waits for every one of them,
        # and the bot's pooled keep-alive connection would hold it for minutes.
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def _connect(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            upstream_r, upstream_w = await asyncio.open_connection(*self._target)
        except OSError:
            client_w.close()
            return
        for reader, writer in ((client_r, upstream_w), (upstream_r, client_w)):
            task = asyncio.create_task(self._pipe(reader, writer))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(OSError, RuntimeError):
                writer.close()
