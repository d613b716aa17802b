"""Load benchmark: 50 users chatting at once through the Bot API stand-in, Rasa in the loop.

Each simulated user sends a question, waits for the answer, then sends the next. Two runs:
- paced: each user starts a turn every `users / rate` seconds (people read before they type
  again), so 50 users offer `rate` messages per second; latency is measured at that load;
- saturation: no pause between turns, which shows the most the set-up answers per second.
Reports answered messages per second, update→reply latency, peak memory of the bot process and
of Rasa, and cold start until the first answer.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

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
class Phase:
    name: str
    offered_rate: float | None  # messages/s the users offer; None = as fast as answers come
    answered: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.answered / self.seconds


@dataclass
class LoadResult:
    users: int
    phases: list[Phase]
    bot_peak_mb: float
    rasa_peak_mb: float
    cold_start_s: float


async def _user(
    api: BotApiStandIn, uid: int, turns: int, latencies: list[float], interval: float, offset: float
) -> None:
    await asyncio.sleep(offset)  # spread the users' turns evenly over one interval
    first = time.monotonic()
    for turn in range(turns):
        before = len(api.sent(chat_id=uid))
        started = time.monotonic()
        api.push(text_update(QUESTIONS[(uid + turn) % len(QUESTIONS)], uid=uid))
        calls = await api.wait_for(before + 1, chat_id=uid, timeout=60)
        latencies.append((calls[before].at - started) * 1000)
        # Pacing: the next turn starts on its slot, or at once if this answer came late.
        await asyncio.sleep(max(0.0, first + (turn + 1) * interval - time.monotonic()))


async def _phase(
    api: BotApiStandIn, name: str, users: int, turns: int, rate: float | None, first_uid: int
) -> Phase:
    interval = users / rate if rate else 0.0
    latencies: list[float] = []
    started = time.monotonic()
    await asyncio.gather(
        *(_user(api, first_uid + u, turns, latencies, interval, interval * u / users) for u in range(users))
    )
    return Phase(name, rate, len(latencies), time.monotonic() - started, latencies)


async def _run(
    settings: Settings, api: BotApiStandIn, users: int, turns: int, rate: float, cold_started: float
) -> tuple[list[Phase], float]:
    assistant = build_assistant(settings, state=MemoryStateStore())
    application = build_application(assistant)
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            api.push(text_update("hello", uid=1))
            await api.wait_for(1, chat_id=1, timeout=120)
            cold = time.monotonic() - cold_started
            phases = [
                await _phase(api, "paced", users, turns, rate, 1000),
                await _phase(api, "saturation", users, turns, None, 5000),
            ]
        finally:
            await application.updater.stop()
            await application.stop()
    await assistant.aclose()
    return phases, cold


def run(settings: Settings, model: Path, users: int = 50, turns: int = 20, rate: float = 100.0) -> LoadResult:
    cold_started = time.monotonic()
    server = RasaServer(settings, model, port=free_port(), log_path=ROOT / "var" / "bench-load-rasa.log")
    server.start()
    api = BotApiStandIn(TOKEN).start()
    bench_settings = settings.model_copy(
        update={
            "telegram_base_url": api.base_url,
            "telegram_bot_token": SecretStr(TOKEN),
            "rasa_url": server.url,
            "flood_burst": 10_000,
            "telegram_max_rate": 0,  # measure the bot, not Telegram's 30/s cap
        }
    )
    try:
        phases, cold = asyncio.run(_run(bench_settings, api, users, turns, rate, cold_started))
        assert server.process is not None
        rasa_mb = peak_rss_mb(server.process.pid)
    finally:
        api.stop()
        server.stop()
    return LoadResult(users, phases, peak_rss_mb(os.getpid()), rasa_mb, cold)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]
