"""The live content: validated entries, swapped atomically on reload.

A reload that finds problems keeps serving the last good content and reports the problems,
so a broken edit never takes the bot down.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.content.checker import Seed, check
from bot.content.loader import ContentError, Problem, read_content
from bot.content.models import Country, Entry
from bot.core.language import to_traditional

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, Entry]
    countries: dict[str, Country]
    fingerprint: str

    def get(self, entry_id: str | None) -> Entry | None:
        return self.entries.get(entry_id) if entry_id else None

    def by_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    @cached_property
    def _country_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for country in self.countries.values():
            for name in [country.key, *(n for _, n in country.names.items()), *country.variants]:
                names.setdefault(to_traditional(name.strip()).casefold(), country.key)
        return names

    def country_key(self, text: str) -> str | None:
        """The key for a country name, variant or key, in any of the three languages."""
        return self._country_names.get(to_traditional(text.strip()).casefold())

    def for_country(self, key: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.kind == "country" and e.country == key), None)


def fingerprint(content_dir: Path) -> str:
    """Changes whenever a content file is added, removed or edited."""
    digest = hashlib.sha256()
    for path in sorted(content_dir.rglob("*.yml")):
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def load_catalog(content_dir: Path, seed_path: Path | None = None) -> Catalog:
    """Load and check content; raise ContentError listing every problem."""
    stamp = fingerprint(content_dir) if content_dir.is_dir() else ""
    raw = read_content(content_dir)
    seed = Seed.read(seed_path) if seed_path and seed_path.exists() else None
    problems = check(raw, seed)
    if not raw.entries and not problems:
        problems = [Problem(content_dir, None, "no content entries found")]
    if problems:
        raise ContentError(problems)
    return Catalog(
        entries={item.entry.id: item.entry for item in raw.entries},
        countries={c.key: c for c in raw.countries},
        fingerprint=stamp,
    )


@dataclass
class ContentStore:
    content_dir: Path
    seed_path: Path | None = None
    catalog: Catalog = field(init=False)

    def __post_init__(self) -> None:
        self.catalog = load_catalog(self.content_dir, self.seed_path)

    def reload(self) -> list[Problem]:
        """Swap in the content on disk if it is valid; return the problems otherwise."""
        try:
            catalog = load_catalog(self.content_dir, self.seed_path)
        except ContentError as exc:
            log.warning("content reload rejected, still serving the last good content:\n%s", exc)
            return exc.problems
        self.catalog = catalog
        log.info("content reloaded: %d entries", len(catalog.entries))
        return []

    async def watch(
        self, interval_s: float = 2.0, then: Callable[[], Awaitable[object]] | None = None
    ) -> None:
        """Poll the content folder and reload when files change (no restart, no retrain); `then`
        runs after each reload (the conversation rebuilds its indexes)."""
        seen = self.catalog.fingerprint
        while True:
            await asyncio.sleep(interval_s)
            try:
                current = await asyncio.to_thread(fingerprint, self.content_dir)
            except OSError:
                continue
            if current != seen:
                seen = current
                await asyncio.to_thread(self.reload)
                if then is not None:
                    await then()
