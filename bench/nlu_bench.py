"""Understanding benchmark: the bot (Rasa in the loop) against two baselines on the held-out set."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.heldout import OUT_OF_SCOPE, Item
from bench.metrics import Scores, score
from bot.app import build_assistant
from bot.content.store import load_catalog
from bot.core.language import resolve
from bot.core.nlu import KeywordSearch
from bot.core.state import MemoryStateStore
from bot.core.types import Turn
from bot.rasa_server import RasaServer
from bot.settings import ROOT, Settings
from bot.training import data as training_data
from bot.training.train import rasa_env, train_command

Results = list[tuple[Item, str]]  # (question, the entry answered or out_of_scope)


@dataclass
class RasaRun:
    results: Results
    parse_ms: list[float]
    cold_start_s: float
    peak_rss_mb: float


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the highest resident memory the process reached."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def train(settings: Settings, config: Path, out_dir: Path, name: str) -> float:
    """Train an NLU model with `config` on the generated data; return seconds taken."""
    cmd = train_command(settings, config, out_dir, name)
    started = time.monotonic()
    subprocess.run(
        cmd, cwd=ROOT, env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.monotonic() - started


def baseline_model(settings: Settings, config: Path) -> Path:
    """The baseline model, cached by the hash of its config and data (it trains for minutes)."""
    digest = hashlib.sha256(config.read_bytes() + training_data.GENERATED_NLU.read_bytes())
    name = f"baseline-{digest.hexdigest()[:16]}"
    cached = settings.model_cache_dir / f"{name}.tar.gz"
    if not cached.exists():
        settings.model_cache_dir.mkdir(parents=True, exist_ok=True)
        print(f"training the baseline {config.name} (cached afterwards) …", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            train(settings, config, Path(tmp), name)
            shutil.copy2(Path(tmp) / f"{name}.tar.gz", cached)
    return cached


async def _evaluate(
    settings: Settings, url: str, items: list[Item]
) -> tuple[list[tuple[Item, str]], list[float]]:
    assistant = build_assistant(settings, rasa_url=url, state=MemoryStateStore())
    results = []
    try:
        for n, item in enumerate(items):
            reply = await assistant.conversation.handle(Turn(f"bench-{n}", text=item.text))
            results.append((item, reply.topic or OUT_OF_SCOPE))
    finally:
        await assistant.aclose()
    token = settings.rasa_token.get_secret_value()
    parse_ms = []
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        for item in items:
            text = resolve(item.text, "en", None).text
            started = time.perf_counter()
            response = await client.post("/model/parse", params={"token": token}, json={"text": text})
            response.raise_for_status()
            parse_ms.append((time.perf_counter() - started) * 1000)
    return results, parse_ms


def evaluate_rasa(settings: Settings, model: Path, items: list[Item]) -> RasaRun:
    server = RasaServer(settings, model, any_port=True, log_path=ROOT / "var" / "bench-rasa.log")
    started = time.monotonic()
    server.start()
    cold = time.monotonic() - started
    try:
        results, parse_ms = asyncio.run(_evaluate(settings, server.url, items))
        assert server.process is not None
        memory = peak_rss_mb(server.process.pid)
    finally:
        server.stop()
    return RasaRun(results, parse_ms, cold, memory)


def evaluate_bm25(settings: Settings, items: list[Item]) -> Results:
    search = KeywordSearch(load_catalog(settings.content_dir))
    results = []
    for item in items:
        parse = search.search(resolve(item.text, "en", None).text)
        results.append((item, parse.intent or OUT_OF_SCOPE))
    return results


def scores_by_set(results: Results) -> dict[str, Scores]:
    sets = dict.fromkeys(item.set for item, _ in results)
    return {name: score([(i, p) for i, p in results if i.set == name]) for name in sets}


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )
