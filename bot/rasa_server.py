"""Start and stop a local Rasa server (its own Python 3.10 environment) for chat and tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx

from bot.settings import ROOT, Settings
from bot.training.train import rasa_cli, rasa_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def is_up(url: str, token: str, timeout_s: float = 1.0) -> bool:
    try:
        return (
            httpx.get(f"{url.rstrip('/')}/status", params={"token": token}, timeout=timeout_s).status_code
            == 200
        )
    except httpx.HTTPError:
        return False


BIND_ATTEMPTS = 3


class PortTaken(Exception):
    """Another process took the port between choosing it and Rasa binding it."""


def _port_taken(log_path: Path, offset: int) -> bool:
    with log_path.open("rb") as log:
        log.seek(offset)
        return b"address already in use" in log.read().lower()


class RasaServer:
    """A `rasa run --enable-api` child process on loopback, with an auth token."""

    def __init__(
        self,
        settings: Settings,
        model: Path,
        port: int | None = None,
        log_path: Path | None = None,
        any_port: bool = False,
    ):
        """`any_port`: on a port free when it starts (tests, benchmarks). Rasa cannot be handed a
        socket or told to take port 0 (it falls back to 8000), so a port that another process
        takes first makes Rasa exit, and `start` tries again on another."""
        self.settings = settings
        self.model = model
        parsed = urlparse(settings.rasa_url)
        self.any_port = any_port
        self.port = free_port() if any_port else port or parsed.port or 5005
        self.log_path = log_path or ROOT / "var" / "rasa-server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_s: float = 180.0) -> None:
        for _attempt in range(BIND_ATTEMPTS if self.any_port else 1):
            try:
                return self._start(wait_s)
            except PortTaken:
                self.port = free_port()
        raise RuntimeError(f"Rasa found no free port in {BIND_ATTEMPTS} attempts; see {self.log_path}")

    def _start(self, wait_s: float) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        started_at = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        cmd = rasa_cli(
            self.settings,
            "run",
            "--enable-api",
            "--auth-token",
            self.settings.rasa_token.get_secret_value(),
            "--model",
            str(self.model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(self.port),
        )
        # Its own process group, so stopping it also stops any workers it started.
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + wait_s
        token = self.settings.rasa_token.get_secret_value()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if self.any_port and _port_taken(self.log_path, started_at):
                    raise PortTaken(self.port)
                raise RuntimeError(f"Rasa exited with {self.process.returncode}; see {self.log_path}")
            if is_up(self.url, token) and self._model_loaded(token):
                return
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"Rasa did not start within {wait_s:.0f} s; see {self.log_path}")

    def _model_loaded(self, token: str) -> bool:
        try:
            status = httpx.get(f"{self.url}/status", params={"token": token}, timeout=2).json()
        except (httpx.HTTPError, ValueError):
            return False
        return bool(status.get("model_file"))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


@contextlib.contextmanager
def rasa_running(settings: Settings) -> Iterator[str]:
    """Use the Rasa server at RASA_URL if one answers; otherwise start one and stop it on exit."""
    token = settings.rasa_token.get_secret_value()
    if not settings.rasa_autostart or is_up(settings.rasa_url, token):
        # Without autostart the bot answers from keyword search until Rasa is up, then recovers.
        yield settings.rasa_url
        return
    from bot.training.train import NoModel, serving_model

    try:
        model, stale = serving_model(settings)
    except NoModel as exc:
        raise SystemExit(str(exc)) from None  # a sentence, not a traceback
    if stale:
        print(
            f"warning: the example questions changed since the last training; serving the last "
            f"trained model ({model.name}) until you run `make train`.",
            file=sys.stderr,
            flush=True,
        )
    server = RasaServer(settings, model)
    print(
        f"Starting the Rasa server on {server.url} (this takes a few seconds) …", file=sys.stderr, flush=True
    )
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
