"""Shared fixtures: real content, a real Rasa server with the trained model, the Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.content.store import Catalog, load_catalog
from bot.settings import Settings

TEST_TOKEN = "123456789:TEST-token-for-the-stand-in-AAAAAAAAAA"


def make_settings(tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "state_path": tmp / "state.sqlite3",
        "telegram_bot_token": SecretStr(TEST_TOKEN),
        "rasa_token": SecretStr("test-rasa-token"),
        "flood_burst": 1000,  # scripted users type faster than people; the flood tests set their own
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    from bot.settings import get_settings

    settings = get_settings()
    return load_catalog(settings.content_dir, settings.seed_path)


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `rasa run --enable-api` on a free loopback port, serving the trained model."""
    from bot.rasa_server import RasaServer
    from bot.training.train import current_model

    tmp = tmp_path_factory.mktemp("rasa")
    settings = make_settings(tmp)
    try:
        model = current_model(settings)
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (make test trains it first)")
    server = RasaServer(settings, model, any_port=True, log_path=tmp / "rasa.log")
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
async def assistant(tmp_path: Path, rasa_url: str) -> AsyncIterator[object]:
    from bot.app import build_assistant

    built = build_assistant(make_settings(tmp_path, rasa_url=rasa_url))
    yield built
    await built.aclose()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a unix socket (make test installs it)."""
    import shutil
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (make test installs it: apt-get install redis-server)")
    # A unix socket and no TCP port at all (--port 0): no port to guess, none to collide with.
    workdir = tmp_path_factory.mktemp("redis")
    sock = workdir / "redis.sock"
    process = subprocess.Popen(
        [
            *(binary, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"),
            *("--save", "", "--appendonly", "no", "--dir", str(workdir)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"unix://{sock}?db=0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)
