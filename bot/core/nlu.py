"""Understanding: the Rasa server over HTTP, and a keyword search when Rasa cannot answer."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import bm25s
import httpx
import jieba

from bot.content.store import Catalog
from nlu.components.segment import HAN, load_userdict, segment, tokens

log = logging.getLogger(__name__)
HAN_CHAR = re.compile(f"[{HAN}]")


class NluUnavailable(Exception):
    """Rasa did not answer (down, slow or erroring)."""


@dataclass(frozen=True)
class Parse:
    intent: str | None
    confidence: float | None
    ranking: list[tuple[str, float]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    source: str = "rasa"  # or "search" when Rasa was unavailable


class RasaClient:
    """One pooled httpx.AsyncClient for the bot's lifetime; timeouts on every call."""

    def __init__(self, base_url: str, token: str, timeout_s: float = 5.0) -> None:
        self._token = token
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 2.0)),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )

    async def parse(self, text: str) -> Parse:
        try:
            response = await self._client.post(
                "/model/parse", params={"token": self._token}, json={"text": text}
            )
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            # Never include the URL: it carries the token.
            raise NluUnavailable(type(exc).__name__) from None
        intent = data.get("intent") or {}
        ranking = [(r["name"], float(r["confidence"])) for r in data.get("intent_ranking") or []]
        return Parse(intent.get("name"), intent.get("confidence"), ranking, whole_words(text, data))

    async def healthy(self) -> bool:
        try:
            response = await self._client.get("/status", params={"token": self._token})
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    async def aclose(self) -> None:
        await self._client.aclose()


def whole_words(text: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Rasa's regex extractor matches inside words: 海地 (Haiti) in 加勒比海地區 (the Caribbean
    region). A Chinese mention counts only where the segmentation starts a word and ends it, or
    leaves a word of its own after it: jieba keeps 捷克政府 (the Czech government) whole."""
    entities: list[dict[str, Any]] = data.get("entities") or []
    spans: list[tuple[int, int]] | None = None  # segmented once, and only for a Chinese mention
    kept = []
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and HAN_CHAR.search(text[start:end]):
            if spans is None:
                spans = [(ws, we) for _token, ws, we in segment(text)]
            starts = any(ws == start for ws, _ in spans)
            ends = any(we == end or (ws < end < we and is_word(text[end:we])) for ws, we in spans)
            if not (starts and ends):
                continue
        kept.append(entity)
    return kept


def is_word(text: str) -> bool:
    """A dictionary word of two characters or more (政府, 國會), not a stray character (洋)."""
    load_userdict()
    return len(text) >= 2 and bool(jieba.dt.FREQ.get(text))


class KeywordSearch:
    """BM25 over titles and example questions, with the same segmentation as the NLU model."""

    def __init__(self, catalog: Catalog) -> None:
        self._ids: list[str] = []
        corpus: list[list[str]] = []
        for entry in catalog.entries.values():
            text = " ".join(
                [*(t for _, t in entry.title.items()), *(q for _, qs in entry.examples.items() for q in qs)]
            )
            self._ids.append(entry.id)
            corpus.append(tokens(text))
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)

    def search(self, text: str, k: int = 3) -> Parse:
        query = tokens(text)
        if not query or not self._ids:
            return Parse(None, None, source="search")
        docs, scores = self._retriever.retrieve([query], k=min(k, len(self._ids)), show_progress=False)
        ranking = [(self._ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=False) if s > 0]
        if not ranking:
            return Parse(None, None, source="search")
        return Parse(ranking[0][0], None, ranking, source="search")
