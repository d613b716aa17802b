"""The mixed-script segmentation both the NLU model and the keyword search use."""

from __future__ import annotations

import pytest

from bot.settings import ROOT
from nlu.components.segment import TRADITIONAL_DICT, segment, tokens


def test_accented_spanish_words_are_not_split() -> None:
    assert tokens("¿Cómo solicito información?") == ["como", "solicito", "informacion"]


def test_whitespace_and_punctuation_never_become_tokens() -> None:
    assert all(t.strip() and t.isalnum() for t in tokens("  hola ,  ¿qué   tal?!  \n 你好 。 "))


def test_han_runs_are_segmented_and_latin_kept_whole() -> None:
    words = tokens("國際合作發展基金會ICDF獎學金申請")
    assert "icdf" in words and "獎學金" in words and "申請" in words
    assert "".join(w for w in words if w != "icdf") == "國際合作發展基金會獎學金申請"


def test_offsets_point_into_the_original_text() -> None:
    text = "Beca ICDF 國合會"
    for token, start, end in segment(text):
        assert text[start:end].casefold().replace("á", "a") == token or token in text[start:end]


def test_traditional_words_jieba_knows_only_in_simplified_stay_whole() -> None:
    # jieba's own dictionary has 计划 and 技术; without nlu/jieba/traditional.txt these fall apart
    # into single characters, which no feature or fact match can use.
    words = tokens("我國在瓜地馬拉的農業計畫與技術合作")
    assert {"我國", "農業", "計畫", "技術", "合作"} <= set(words)


def test_the_traditional_words_are_what_the_generator_derives() -> None:
    from bot.training.jieba_words import traditional_words

    found = traditional_words(["醫療團的技術計畫"])
    assert {"醫療", "技術", "計畫"} <= set(found) and all(frequency > 0 for frequency in found.values())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("台灣有沒有援助過尼日利亞？", "尼日利亞"),
        ("吉里巴斯的唇顎裂病人", "吉里巴斯"),
        ("在瓜地馬拉的計畫", "瓜地馬拉"),
    ],
)
def test_a_country_name_is_one_word_whatever_stands_beside_it(text: str, name: str) -> None:
    assert name in tokens(text)


def test_every_chinese_country_name_is_in_the_generated_dictionary() -> None:
    from bot.content.store import load_catalog
    from bot.training.jieba_words import place_names

    listed = {line.split()[0] for line in TRADITIONAL_DICT.read_text(encoding="utf-8").splitlines()}
    missing = set(place_names(load_catalog(ROOT / "content"))) - listed
    assert not missing, f"run `python -m bot nlu words`: {sorted(missing)[:5]}"


def test_the_fact_ranking_meets_plurals_and_inflections_in_english_and_spanish() -> None:
    from bot.core.facts import expanded, words_of

    def meet(a: str, b: str) -> bool:
        return bool(expanded(words_of(a)) & expanded(words_of(b)) - {"~en", "~es"})

    assert meet("courses", "course") and meet("volunteers", "volunteer") and meet("trained", "training")
    assert meet("misiones", "misión") and meet("hospitales", "hospital") and meet("becas", "beca")
    assert not meet("course", "mission")


def test_spanish_shortened_ordinals_meet_their_full_forms() -> None:
    from bot.core.facts import expanded

    # "el primer evento" and "por primera vez", "el tercer año" and "la tercera fase"
    assert expanded(["primer"]) & expanded(["primera"])
    assert expanded(["tercer"]) & expanded(["tercera"])
