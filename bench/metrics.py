"""Accuracy, macro-F1, out-of-scope precision/recall and confusions from (item, predicted) pairs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bench.heldout import OUT_OF_SCOPE, Item

LANGS = ("en", "es", "zh-Hant", "zh-Hans")


@dataclass(frozen=True)
class Scores:
    accuracy: dict[str, float]  # in-scope items whose predicted topic is right, per language
    macro_f1: float
    oos_precision: float
    oos_recall: float
    in_scope_fallback: float  # share of in-scope items answered with the fallback
    confusions: list[tuple[str, str, int]]


def score(results: list[tuple[Item, str]]) -> Scores:
    """`predicted` is an entry id, or out_of_scope when the bot gave the fallback."""
    accuracy = {}
    for lang in LANGS:
        items = [(i, p) for i, p in results if i.lang == lang and i.expect != OUT_OF_SCOPE]
        accuracy[lang] = sum(p == i.expect for i, p in items) / len(items) if items else float("nan")
    labels = {i.expect for i, _ in results} | {p for _, p in results}
    f1s = []
    for label in labels:
        tp = sum(i.expect == label and p == label for i, p in results)
        fp = sum(i.expect != label and p == label for i, p in results)
        fn = sum(i.expect == label and p != label for i, p in results)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    oos = [(i, p) for i, p in results if i.expect == OUT_OF_SCOPE]
    in_scope = [(i, p) for i, p in results if i.expect != OUT_OF_SCOPE]
    predicted_oos = [(i, p) for i, p in results if p == OUT_OF_SCOPE]
    confusions = Counter((i.expect, p) for i, p in results if p != i.expect)
    return Scores(
        accuracy=accuracy,
        macro_f1=sum(f1s) / len(f1s),
        oos_precision=sum(i.expect == OUT_OF_SCOPE for i, _ in predicted_oos) / len(predicted_oos)
        if predicted_oos
        else float("nan"),
        oos_recall=sum(p == OUT_OF_SCOPE for _, p in oos) / len(oos) if oos else float("nan"),
        in_scope_fallback=sum(p == OUT_OF_SCOPE for _, p in in_scope) / len(in_scope),
        confusions=[(a, b, n) for (a, b), n in confusions.most_common(8)],
    )
