"""`python -m bot …` run as a maintainer or a script would: a subprocess from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT


def bot_env(state_path: Path, rasa_url: str = "", **extra: str) -> dict[str, str]:
    """The process environment for a test: its own state file, the test Rasa, no Telegram token."""
    env = dict(os.environ, STATE_PATH=str(state_path), REDIS_URL="", **extra)
    if rasa_url:
        env.update(RASA_URL=rasa_url, RASA_TOKEN="test-rasa-token")
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return env


def run_bot(
    args: list[str], env: dict[str, str], stdin: str | None = None, timeout: float = 180, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Runs the command; whatever it prints, it never prints a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=check,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done
