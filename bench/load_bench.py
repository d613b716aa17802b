"""Load benchmark: 50 users chatting at once through the Bot API stand-in, Rasa in the loop.

Each simulated user sends a question, waits for the answer, then sends the next (a closed loop,
as people do). Reports answered messages per second, update→reply latency, peak memory of the
bot process and of Rasa, and cold start until the first answer.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.nlu_bench import peak_rss_mb
from bot.app import build_assistant
from bot.channels.telegram import build_application
from bot.core.state import MemoryStateStore
from bot.rasa_server import RasaServer, free_port
from bot.settings import ROOT, Settings
from tests.fakes.bot_api import BotApiStandIn, text_update

TOKEN = "123456789:BENCH-token-for-the-stand-in-AAAAAAAAAA"
QUESTIONS = [
    "What scholarships are there for foreign students?",
    "¿Cómo puede una ONG pedir financiamiento?",
    "國合會獎學金怎麼申請？",
    "What is the GCTF?",
    "¿Qué hace Taiwán en Paraguay?",
    "台灣有哪些海外志工的機會？",
    "how do I apply?",
    "¿quién puede postular?",
]


@dataclass
class LoadResult:
    users: int
    answered: int
    seconds: float
    latencies_ms: list[float]
    bot_peak_mb: float
    rasa_peak_mb: float
    cold_start_s: float

    @property
    def rate(self) -> float:
        return self.answered / self.seconds


async def _user(api: BotApiStandIn, uid: int, turns: int, latencies: list[float]) -> None:
    for turn in range(turns):
        before = len(api.sent(chat_id=uid))
        started = time.monotonic()
        api.push(text_update(QUESTIONS[(uid + turn) % len(QUESTIONS)], uid=uid))
        calls = await api.wait_for(before + 1, chat_id=uid, timeout=60)
        latencies.append((calls[before].at - started) * 1000)
        # Some answers are two messages (e.g. a country note): let them all arrive before the next turn.
        await asyncio.sleep(0)


async def _run(settings: Settings, api: BotApiStandIn, users: int, turns: int, cold_started: float) -> tuple:
    assistant = build_assistant(settings, state=MemoryStateStore())
    application = build_application(assistant)
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            api.push(text_update("hello", uid=1))
            await api.wait_for(1, chat_id=1, timeout=120)
            cold = time.monotonic() - cold_started
            latencies: list[float] = []
            started = time.monotonic()
            await asyncio.gather(*(_user(api, 1000 + u, turns, latencies) for u in range(users)))
            elapsed = time.monotonic() - started
        finally:
            await application.updater.stop()
            await application.stop()
    await assistant.aclose()
    return latencies, elapsed, cold


def run(settings: Settings, model: Path, users: int = 50, turns: int = 20) -> LoadResult:
    cold_started = time.monotonic()
    server = RasaServer(settings, model, port=free_port(), log_path=ROOT / "var" / "bench-load-rasa.log")
    server.start()
    api = BotApiStandIn(TOKEN).start()
    bench_settings = settings.model_copy(
        update={
            "telegram_base_url": api.base_url,
            "rasa_url": server.url,
            "flood_burst": 10_000,
            "telegram_max_rate": 0,  # measure the bot, not Telegram's 30/s cap
        }
    )
    from pydantic import SecretStr

    bench_settings = bench_settings.model_copy(update={"telegram_bot_token": SecretStr(TOKEN)})
    try:
        latencies, elapsed, cold = asyncio.run(_run(bench_settings, api, users, turns, cold_started))
        assert server.process is not None
        rasa_mb = peak_rss_mb(server.process.pid)
    finally:
        api.stop()
        server.stop()
    return LoadResult(
        users, len(latencies), elapsed, latencies, peak_rss_mb(__import__("os").getpid()), rasa_mb, cold
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]
