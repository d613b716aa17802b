"""Intent classifier that blends DIET's ranking with a BM25 ranking over the same examples.

DIET learns from sparse n-gram features and generalises well, but it over-trusts single words it
has seen often; BM25 over each intent's pooled examples rewards the rare words that name a
program ("GCTF", "semiconductor", "太陽能"). Their mistakes differ, so an even blend of the two
probability distributions is right more often than either, and the FallbackClassifier after this
component thresholds the blended confidence. It runs inside Rasa, so Rasa keeps owning meaning.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

import bm25s
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.segment import tokens

INTENTS_FILE = "intents.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KeywordFusion(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "keyword_weight": 1.0,  # 1.0: DIET and BM25 count the same
            "temperature": 1.0,  # softmax temperature over raw BM25 scores
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["bm25s"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        intents: list[str] | None = None,
        retriever: bm25s.BM25 | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._intents = intents or []
        self._retriever = retriever

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KeywordFusion:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        pooled: dict[str, list[str]] = defaultdict(list)
        for example in training_data.intent_examples:
            pooled[example.get(INTENT)].extend(tokens(example.get(TEXT) or ""))
        self._intents = sorted(name for name, words in pooled.items() if words)
        self._retriever = bm25s.BM25()
        self._retriever.index([pooled[name] for name in self._intents], show_progress=False)
        with self._model_storage.write_to(self._resource) as directory:
            self._retriever.save(str(directory / "bm25"))
            (directory / INTENTS_FILE).write_text(json.dumps(self._intents), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KeywordFusion:
        try:
            with model_storage.read_from(resource) as directory:
                intents = json.loads((directory / INTENTS_FILE).read_text(encoding="utf-8"))
                retriever = bm25s.BM25.load(str(directory / "bm25"))
        except (ValueError, FileNotFoundError):
            # Not trained (e.g. a finetune graph without this component's resource).
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, intents, retriever)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._blend(message)
        return messages

    def keyword_ranking(self, text: str) -> dict[str, float]:
        """BM25 over each intent's pooled examples, as a softmax distribution over its top hits."""
        query = tokens(text)
        if not query or self._retriever is None or not self._intents:
            return {}
        k = min(self._config["ranking_length"], len(self._intents))
        docs, scores = self._retriever.retrieve([query], k=k, show_progress=False)
        hits = [(self._intents[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        if not hits:
            return {}
        top = hits[0][1]
        weights = [math.exp((score - top) / self._config["temperature"]) for _, score in hits]
        total = sum(weights)
        return {name: w / total for (name, _), w in zip(hits, weights, strict=True)}

    def _blend(self, message: Message) -> None:
        ranking = message.get(INTENT_RANKING_KEY) or []
        keyword = self.keyword_ranking(message.get(TEXT) or "")
        if not ranking or not keyword:
            return
        weight = self._config["keyword_weight"]
        fused: dict[str, float] = defaultdict(float)
        for item in ranking:
            fused[item["name"]] += item["confidence"] / (1 + weight)
        for name, p in keyword.items():
            fused[name] += weight * p / (1 + weight)
        best = sorted(fused.items(), key=lambda item: -item[1])[: self._config["ranking_length"]]
        message.set(INTENT, {"name": best[0][0], "confidence": best[0][1]}, add_to_output=True)
        message.set(
            INTENT_RANKING_KEY,
            [{"name": name, "confidence": confidence} for name, confidence in best],
            add_to_output=True,
        )
