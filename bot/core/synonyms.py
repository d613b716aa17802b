"""Words people use for what the content words differently ("set up" for founded, 志願者 for 志工).

The fact ranking reads both the question and the facts through `canonical`, so either wording
meets the other. Rasa learns its own synonyms from the example questions; `for_rasa` only swaps
the Chinese words the content never uses for the one it does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FOUNDED, VOLUNTEER, PARTICIPANT = "⟨founded⟩", "⟨volunteer⟩", "⟨participant⟩"
ENVIRONMENT, DAILY, LODGING = "⟨environment⟩", "⟨daily⟩", "⟨lodging⟩"
# After accent folding and lowercasing (nlu.components.segment.tokens).
WORD_CLASSES = {
    FOUNDED: {
        "founded",
        "founding",
        "establish",
        "established",
        "establishment",
        "created",
        "creation",
        "fundado",
        "fundada",
        "fundo",
        "fundacion",
        "creado",
        "creada",
        "creacion",
        "establecido",
        "establecida",
        "establecio",
        "成立",
        "創立",
        "設立",
        "創辦",
        "創設",
    },
    VOLUNTEER: {"志工", "志願者", "義工"},
    ENVIRONMENT: {"環保", "環境保護"},  # people say 環保; the paper writes 環境保護
    DAILY: {"每天", "每日"},  # the paper writes 每日
    LODGING: {"旅館", "旅宿", "飯店", "酒店"},  # 防疫旅館 for the paper's 防疫旅宿
    # "How many alumni?" is asked of facts that count participants, trainees or graduates.
    PARTICIPANT: {
        "participants",
        "participant",
        "alumni",
        "graduates",
        "trainees",
        "participantes",
        "egresados",
        "exalumnos",
        "graduados",
        "学员",
        "學員",
        "校友",
        "結業生",
        "參訓者",
    },
}
CANONICAL = {word: name for name, words in WORD_CLASSES.items() for word in words}
PHRASES = [
    (re.compile(r"\bset\s+up\b", re.IGNORECASE), "established"),
    # universities by the short names students use
    (re.compile("(?<!臺)北科大"), "臺北科技大學"),
    (re.compile("(?<!臺)北醫(?:大)?(?!學)"), "臺北醫學大學"),
    # the former aid agencies' short names, which jieba cuts (海/合會, and 合會 is in 國合會): kept
    # whole, as a word of their own in question and fact alike
    (re.compile("海合會"), " haihehui "),
    (re.compile("海外會"), " haiwaihui "),
    (re.compile("中非(?:技術合作委員)?會"), " zhongfeihui "),
]
FOR_RASA = [(re.compile("志願者|義工"), "志工")]


def rewrite(text: str) -> str:
    """Multi-word synonyms made one word, before tokenising."""
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    return text


def canonical(words: Iterable[str]) -> list[str]:
    return [CANONICAL.get(word, word) for word in words]


def for_rasa(text: str) -> str:
    for pattern, replacement in FOR_RASA:
        text = pattern.sub(replacement, text)
    return text
