"""Wire the pieces together: settings → content, understanding, state → conversation."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.store import ContentStore
from bot.core.conversation import Conversation
from bot.core.flood import Flood, RedisFloodGuard, SqliteFloodGuard
from bot.core.nlu import RasaClient
from bot.core.state import RedisStateStore, SqliteStateStore, StateStore
from bot.settings import Settings


@dataclass
class Assistant:
    settings: Settings
    content: ContentStore
    nlu: RasaClient
    state: StateStore
    conversation: Conversation

    async def aclose(self) -> None:
        await self.nlu.aclose()
        await self.state.aclose()
        if self.conversation.flood is not None:
            await self.conversation.flood.aclose()


def build_flood(settings: Settings) -> Flood:
    """Flood limits where the state lives: Redis when REDIS_URL is set, the SQLite file otherwise."""
    if settings.redis_url:
        return RedisFloodGuard(settings.redis_url, settings.flood_burst, settings.flood_per_minute)
    return SqliteFloodGuard(settings.state_path, settings.flood_burst, settings.flood_per_minute)


def build_state(settings: Settings) -> StateStore:
    """Redis when REDIS_URL is set, so several bot replicas share state; SQLite otherwise."""
    salt = settings.feedback_salt.get_secret_value()
    if settings.redis_url:
        return RedisStateStore(settings.redis_url, salt)
    return SqliteStateStore(settings.state_path, salt)


def build_assistant(
    settings: Settings, rasa_url: str | None = None, state: StateStore | None = None
) -> Assistant:
    content = ContentStore(settings.content_dir, settings.seed_path)
    nlu = RasaClient(
        rasa_url or settings.rasa_url, settings.rasa_token.get_secret_value(), settings.rasa_timeout_s
    )
    state = state or build_state(settings)
    flood = build_flood(settings)
    conversation = Conversation(lambda: content.catalog, nlu, state, flood)
    return Assistant(settings, content, nlu, state, conversation)
