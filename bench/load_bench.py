"""Load benchmark: 50 users chatting at once through the Bot API stand-in, Rasa in the loop.

Each simulated user sends a question, waits for the answer, then sends the next. The runs:
- paced, at each of RATES: each user starts a turn every `users / rate` seconds (people read
  before they type again), so 50 users offer `rate` messages per second; latency at that load;
- saturation: no pause between turns, which shows the most the set-up answers per second.
Reports answered messages per second, update→reply latency, peak memory of the bot process and
of Rasa, and cold start until the first answer.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.nlu_bench import peak_rss_mb
from bot.rasa_server import RasaServer
from bot.settings import ROOT, Settings
from tests.fakes.bot_api import BotApiStandIn, text_update

TOKEN = "123456789:BENCH-token-for-the-stand-in-AAAAAAAAAA"
# 50 users each sending a message every 2 s, then every second: far chattier than people are,
# and on 2 cores the bot, Rasa and this load generator share the CPU.
RATES = (25.0, 50.0)
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
        if turn + 1 < turns:
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


async def _drive(
    api: BotApiStandIn, users: int, turns: int, rates: tuple[float, ...], cold_started: float
) -> tuple[list[Phase], float]:
    api.push(text_update("hello", uid=1))
    await api.wait_for(1, chat_id=1, timeout=180)
    cold = time.monotonic() - cold_started
    phases = [
        await _phase(api, f"paced, {rate:.0f} messages/s", users, turns, rate, 1000 + 1000 * i)
        for i, rate in enumerate(rates)
    ]
    phases.append(await _phase(api, "saturation", users, turns, None, 9000))
    return phases, cold


def run(
    settings: Settings, model: Path, users: int = 50, turns: int = 30, rates: tuple[float, ...] = RATES
) -> LoadResult:
    """Rasa and the bot run as their own processes, as deployed (`python -m bot telegram`, long
    polling against the stand-in); the stand-in and the simulated users share this process."""
    cold_started = time.monotonic()
    logs = ROOT / "var"
    server = RasaServer(settings, model, any_port=True, log_path=logs / "bench-load-rasa.log")
    api = BotApiStandIn(TOKEN).start()
    bot: subprocess.Popen[bytes] | None = None
    try:
        server.start()
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": api.base_url,
                "TELEGRAM_WEBHOOK_URL": "",
                "TELEGRAM_MAX_RATE": "0",  # measure the bot, not Telegram's 30/s cap
                "RASA_URL": server.url,
                "RASA_TOKEN": settings.rasa_token.get_secret_value(),
                "RASA_AUTOSTART": "false",
                "STATE_PATH": str(Path(tmp) / "state.sqlite3"),  # the default store, SQLite
                "REDIS_URL": "",
                "FLOOD_BURST": "10000",
            }
            with (logs / "bench-load-bot.log").open("ab") as log:
                bot = subprocess.Popen(
                    [sys.executable, "-m", "bot", "telegram"], cwd=ROOT, env=env, stdout=log, stderr=log
                )
                phases, cold = asyncio.run(_drive(api, users, turns, rates, cold_started))
                bot_mb = peak_rss_mb(bot.pid)
                assert server.process is not None
                rasa_mb = peak_rss_mb(server.process.pid)
    finally:
        if bot is not None and bot.poll() is None:
            bot.send_signal(signal.SIGINT)  # PTB stops polling cleanly on SIGINT
            try:
                bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                bot.kill()
        api.stop()
        server.stop()
    return LoadResult(users, phases, bot_mb, rasa_mb, cold)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]
