"""Rasa tokenizer for one model that serves Traditional Chinese, English and Spanish.

Stock JiebaTokenizer splits accented words ("informaci", "ó", "n") and emits whitespace tokens;
this one delegates to `segment`, which keeps Latin words whole and drops whitespace.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from nlu.components.segment import segment


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MixedScriptTokenizer(Tokenizer):
    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["jieba"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MixedScriptTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(word, start, end) for word, start, end in segment(text)]
        applied: list[Token] = self._apply_token_pattern(tokens)
        return applied
