"""Ports for the tests, handed out by the OS and held while used, never guessed."""

from __future__ import annotations

import socket

_HELD: list[socket.socket] = []


def refused_url() -> str:
    """A loopback URL where nothing listens: the port stays bound (never listening) until the
    tests end, so no other process can take it and every connection is refused at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD.append(sock)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


def listening_socket() -> socket.socket:
    """A listening loopback socket on a port the OS chose, for a server that accepts one."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.setblocking(False)
    return sock
