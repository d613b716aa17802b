"""The held-out sets measure understanding only if they are never trained on and label real entries."""

from __future__ import annotations

import re

import pytest

from bench import heldout
from bot.content.store import Catalog
from bot.training import data as training_data


def normalise(text: str) -> str:
    return re.sub(r"[\W_]+", " ", training_data.clean_example(text).casefold()).strip()


@pytest.fixture(scope="module")
def training_texts(catalog: Catalog) -> set[str]:
    built = training_data.build(list(catalog.entries.values()), list(catalog.countries.values()))
    return {normalise(example) for examples in built.intents.values() for example in examples}


@pytest.mark.parametrize("name", list(heldout.HELDOUT_SETS))
def test_no_held_out_question_is_a_training_example(name: str, training_texts: set[str]) -> None:
    items = heldout.load(heldout.HELDOUT_SETS[name], name)
    leaked = [item.text for item in items if normalise(item.text) in training_texts]
    assert leaked == []


def test_held_out_labels_name_real_entries_and_cover_every_language(catalog: Catalog) -> None:
    items = heldout.load_all()
    unknown = {i.expect for i in items if i.expect != heldout.OUT_OF_SCOPE and catalog.get(i.expect) is None}
    assert unknown == set()
    assert len(items) >= 300
    for lang in ("en", "es", "zh-Hant"):
        assert sum(i.lang == lang for i in items) >= 100
    assert sum(i.lang == "zh-Hans" for i in items) >= 30
    assert sum(i.expect == heldout.OUT_OF_SCOPE for i in items) >= 60
