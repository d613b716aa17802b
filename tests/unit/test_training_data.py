"""NLU training data generated from content: what the model learns, and when it must retrain."""

from __future__ import annotations

import yaml

from bot.content.store import Catalog
from bot.training import data as training_data


def test_every_entry_becomes_an_intent_with_examples_in_three_languages(catalog: Catalog) -> None:
    built = training_data.build(list(catalog.entries.values()))
    assert set(built.content_intents) == set(catalog.entries)
    examples = built.intents["taiwanicdf-scholarship"]
    assert "國合會獎學金怎麼申請？" in examples
    assert "How do I apply for the TaiwanICDF scholarship?" in examples
    assert "¿Cómo postulo a la beca del TaiwanICDF?" in examples


def test_general_intents_are_included(catalog: Catalog) -> None:
    built = training_data.build(list(catalog.entries.values()))
    assert {"greet", "goodbye", "thanks", "help", "bot_challenge", "change_language", "out_of_scope"} <= set(
        built.intents
    )


def test_generated_files_are_valid_rasa_yaml(catalog: Catalog, tmp_path) -> None:
    built = training_data.build(list(catalog.entries.values()), list(catalog.countries.values()))
    files = training_data.write(built, tmp_path)
    nlu = yaml.safe_load(files["nlu"].read_text(encoding="utf-8"))
    domain = yaml.safe_load(files["domain"].read_text(encoding="utf-8"))
    assert nlu["version"] == "3.1"
    assert [item["intent"] for item in nlu["nlu"] if "intent" in item] == list(built.intents)
    assert domain["intents"] == list(built.intents)
    assert set(domain["entities"]) == {"country", "audience", "study_level"}
    assert files["nlu"].read_text(encoding="utf-8").startswith("# GENERATED")


def test_country_names_in_every_language_map_to_one_key(catalog: Catalog) -> None:
    import re

    built = training_data.build(list(catalog.entries.values()), list(catalog.countries.values()))
    latin, han = (re.compile(p) for p in built.regexes["country"])
    assert latin.search("soy PARAGUAYO y quiero estudiar").group(0).lower() == "paraguayo"
    assert not latin.search("a woman from nowhere")  # no "oman" inside "woman"
    assert han.search("我是巴拉圭人").group(0) == "巴拉圭"
    assert "paraguayo" in built.synonyms["paraguay"] and "巴拉圭" in built.synonyms["paraguay"]


def test_examples_are_normalised_like_user_input() -> None:
    assert training_data.clean_example("国合会 [奖学金]\n怎么申请") == "國合會 (獎學金) 怎麼申請"


def test_model_key_changes_with_examples_but_not_with_answers(catalog: Catalog) -> None:
    entries = list(catalog.entries.values())
    key = training_data.model_hash(training_data.build(entries))
    first = entries[0]
    reworded = first.model_copy(
        update={"summary": first.summary.model_copy(update={"en": "Reworded answer."})}
    )
    assert training_data.model_hash(training_data.build([reworded, *entries[1:]])) == key
    more = first.examples.model_copy(update={"en": [*first.examples.en, "one more way to ask"]})
    retrained = first.model_copy(update={"examples": more})
    assert training_data.model_hash(training_data.build([retrained, *entries[1:]])) != key
