"""Configuration from the environment and an optional .env file (pydantic-settings)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", env_file_encoding="utf-8", extra="ignore")

    # Telegram
    telegram_bot_token: SecretStr | None = None
    # The bot's @username, for deep links printed offline (`python -m bot.content links`); the
    # running bot uses the username Telegram gives it (getMe).
    telegram_bot_username: str = "TaiwanCoopBot"
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = 8443
    admin_ids: list[int] = Field(default_factory=list)
    # Telegram's own cap is about 30 messages/s per bot; 0 disables PTB's limiter (the load bench
    # does that, since the Bot API stand-in has no cap). 429s are retried either way.
    telegram_max_rate: float = 30.0
    # How long a send may wait for Telegram's answer (PTB's read and write timeouts).
    telegram_timeout_s: float = 5.0

    # LINE (Messaging API; webhook only, at POST /line): the channel secret checks each webhook's
    # signature, the channel access token sends the answers. Both set: `python -m bot serve` runs it.
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"  # a proxy, or the tests' stand-in
    line_webhook_listen: str = "0.0.0.0"
    line_webhook_port: int = 8444

    # Rasa
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr = SecretStr("change-me-rasa-token")
    rasa_timeout_s: float = 5.0
    # Start a local Rasa server when none answers at rasa_url (make run); off in containers,
    # where the rasa service runs on its own.
    rasa_autostart: bool = True
    rasa_python: Path = ROOT / ".venv-rasa" / "bin" / "python"
    models_dir: Path = ROOT / "models"
    # Trained models are also kept here, keyed on their data hash, so a fresh clone reuses them.
    model_cache_dir: Path = (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twcoop-bot" / "models"
    )

    # Content and state
    content_dir: Path = ROOT / "content"
    seed_path: Path = ROOT / "content" / "source" / "white-paper.zh-Hant.txt"
    state_path: Path = ROOT / "var" / "state.sqlite3"
    redis_url: str | None = None
    # Feedback rows keep only a salted hash of the user id (so /forget can delete them).
    feedback_salt: SecretStr = SecretStr("")

    # Abuse control
    flood_burst: int = 8
    flood_per_minute: int = 30

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token and self.telegram_bot_token.get_secret_value())

    @property
    def line_enabled(self) -> bool:
        return all(
            secret is not None and secret.get_secret_value()
            for secret in (self.line_channel_secret, self.line_channel_access_token)
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
