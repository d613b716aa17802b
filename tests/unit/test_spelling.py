"""Misspelt Latin words are read as the content's words; real words never are."""

from __future__ import annotations

import pytest

from bot.content.store import Catalog
from bot.core import asking
from bot.core.spelling import Spelling, content_texts, general_examples


@pytest.fixture(scope="module")
def spelling(catalog: Catalog) -> Spelling:
    return Spelling(content_texts(catalog, general_examples()))


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        ("how mnay contry did taiwan help", "en", "how many country did taiwan help"),
        ("i read somthing like 80", "en", "i read something like 80"),
        ("wat yr did taiwan send a farmng team", "en", "what year did taiwan send a farming team"),
        ("mascarias donadas x taiwan", "es", "mascarillas donadas por taiwan"),
        ("con q ONG hicieron lo del agua", "es", "con que ONG hicieron lo del agua"),
    ],
)
def test_a_misspelt_word_is_read_as_the_contents_word(
    spelling: Spelling, typed: str, lang: str, read: str
) -> None:
    assert spelling.fix(typed, lang) == read


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # real words the content never uses, one edit from words it does ("every", "colleges")
        ("is it very expensive? my colleagues think so", "en"),
        ("¿cuántos técnicos capacitaron mientras estaban haciendo la tesis?", "es"),
        ("how much does the stuff cost", "en"),
        ("國合會 GCTF TaiwanICDF", "zh-Hant"),  # names and Chinese untouched
        ("x marks the spot", "en"),  # shorthand of the other language
    ],
)
def test_real_words_and_names_are_left_alone(spelling: Spelling, text: str, lang: str) -> None:
    assert spelling.fix(text, lang) == text


def test_a_misspelt_question_word_still_asks_for_a_number(spelling: Spelling) -> None:
    question = "during covid how mnay countries did taiwan help frontline medical workers in??"
    assert "count" not in asking.read(question).about
    assert "count" in asking.read(spelling.fix(question, "en")).about


def test_two_letters_swapped_beat_a_commoner_word_one_letter_away() -> None:
    """Content full of dates in May still reads "mnay" as many: a swap is the likelier slip."""
    spelling = Spelling(["It began in May. In May 2021, and May 2022, many came."])
    assert spelling.fix("how mnay came", "en") == "how many came"
