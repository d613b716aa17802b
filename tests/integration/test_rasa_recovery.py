"""Rasa goes away and comes back: the bot keeps answering, recovers by itself, and its health
check says which state it is in. The real Rasa server sits behind a gate that can be closed."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.app import build_assistant
from bot.core.types import Turn
from tests.conftest import make_settings
from tests.fakes.cli import bot_env, run_bot
from tests.fakes.tcp_gate import TcpGate

pytestmark = pytest.mark.rasa

NOTICE = "keyword search"


def health(tmp_path: Path, rasa_url: str) -> dict[str, object]:
    """`python -m bot health`, as a container health check runs it."""
    env = bot_env(tmp_path / "health.sqlite3", rasa_url)
    done = run_bot(["health"], env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def test_bot_answers_while_rasa_is_down_and_recovers_when_it_returns(
    tmp_path: Path, rasa_url: str
) -> None:
    gate = TcpGate(rasa_url)
    assistant = build_assistant(make_settings(tmp_path, rasa_url=gate.url, rasa_timeout_s=2.0))
    try:
        # Rasa is down: the keyword search answers, and the user is told.
        down = await assistant.conversation.handle(Turn("r", text="What is the GCTF?"))
        assert down.topic == "gctf"
        assert NOTICE in down.messages[-1].text
        assert (await asyncio.to_thread(health, tmp_path, gate.url))["status"] == "degraded"

        # Rasa is back: the very next message is understood by Rasa again, without the notice.
        await gate.open()
        back = await assistant.conversation.handle(Turn("r", text="¿Qué hace Taiwán en Paraguay?"))
        assert back.topic == "country-paraguay"
        assert all(NOTICE not in m.text for m in back.messages)
        report = await asyncio.to_thread(health, tmp_path, gate.url)  # the gate runs on this loop
        assert report["status"] == "ok" and report["rasa"] == "up"

        # And down again mid-conversation: still an answer, never an error.
        await gate.close()
        again = await assistant.conversation.handle(Turn("r", text="國合會獎學金"))
        assert again.topic == "taiwanicdf-scholarship"
        assert "關鍵字搜尋" in again.messages[-1].text  # the notice, in the user's language
    finally:
        await gate.close()
        await assistant.aclose()


def test_a_port_taken_before_rasa_binds_it_is_left_for_another(tmp_path: Path) -> None:
    """Rasa cannot take port 0, so tests choose a free port; if another process binds it first,
    Rasa exits and the server is started again on a new one instead of failing the run."""
    from bot.rasa_server import RasaServer, is_up
    from bot.training.train import current_model
    from tests.fakes.ports import listening_socket

    settings = make_settings(tmp_path)
    server = RasaServer(settings, current_model(settings), log_path=tmp_path / "rasa.log", any_port=True)
    with listening_socket() as taken:
        server.port = taken.getsockname()[1]  # as if another process took it first
        server.start()
        try:
            assert server.port != taken.getsockname()[1]
            assert "address already in use" in (tmp_path / "rasa.log").read_text().lower()
            assert is_up(server.url, settings.rasa_token.get_secret_value())
        finally:
            server.stop()
