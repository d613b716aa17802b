"""Chinese names typed by sound (bot/core/homophones.py), with the content's real names."""

from __future__ import annotations

import pytest

from bot.content.store import Catalog
from bot.core.homophones import Homophones, content_names
from bot.core.types import Turn
from tests.unit.test_conversation_decisions import conversation, decision, sure


@pytest.fixture(scope="module")
def homophones(catalog: Catalog) -> Homophones:
    return Homophones(content_names(catalog))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("國何會的海外志工在做什麼？", "國合會的海外志工在做什麼？"),
        ("國河會的研習班", "國合會的研習班"),
        ("臺灣在瓜地瑪拉有什麼計畫", "臺灣在瓜地馬拉有什麼計畫"),
        ("中東歐半倒體獎學金", "中東歐半導體獎學金"),
        ("I read about 國合惠 in the news", "I read about 國合會 in the news"),
    ],
)
def test_a_name_typed_by_sound_is_read_as_the_name(homophones: Homophones, typed: str, meant: str) -> None:
    assert homophones.fix(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "國外會議的資料在哪裡？",  # sounds unlike 國合會: another word
        "臺彎",  # two syllables sound like too many words to be fixed
        "國合會與臺灣民主基金會",  # already right
        "台美合作",  # 台 and 臺 are the same character to a reader
    ],
)
def test_other_words_and_right_names_are_left_alone(homophones: Homophones, text: str) -> None:
    assert homophones.fix(text) == text


async def test_rasa_and_the_ranking_read_the_name_not_the_typo(catalog: Catalog) -> None:
    meant = "國合會的海外志工做什麼？"
    talk = conversation(catalog, {meant: sure("icdf-overseas-volunteers")})
    reply = await talk.handle(Turn("h1", text="國合惠的海外志工做什麼？"))
    assert (decision(reply)["action"], decision(reply)["entry"]) == ("answer", "icdf-overseas-volunteers")
