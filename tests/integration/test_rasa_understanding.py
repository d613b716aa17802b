"""A real Rasa server with the trained model routes questions in each language to the right entry."""

from __future__ import annotations

import pytest

from bot.core.types import Turn

pytestmark = pytest.mark.rasa


@pytest.mark.parametrize(
    ("text", "lang", "topic"),
    [
        ("What scholarships are there for foreign students?", "en", "guide-scholarships"),
        ("¿Cómo puede una ONG pedir financiamiento?", "es", "guide-ngo-funding"),
        ("國合會獎學金怎麼申請？", "zh-Hant", "taiwanicdf-scholarship"),
        ("国合会奖学金怎么申请", "zh-Hant", "taiwanicdf-scholarship"),  # Simplified in, Traditional out
        ("What is the GCTF?", "en", "gctf"),
        ("qué hace Taiwán en Paraguay", "es", "country-paraguay"),
    ],
)
async def test_question_reaches_its_entry_in_its_language(
    assistant, text: str, lang: str, topic: str
) -> None:
    reply = await assistant.conversation.handle(Turn("u-" + lang, text=text))
    assert reply.lang == lang
    assert reply.topic == topic
    title = assistant.content.catalog.get(topic).title.get(lang)
    assert title in reply.messages[0].text


async def test_follow_up_resolves_against_the_topic(assistant) -> None:
    await assistant.conversation.handle(Turn("follow", text="國合會獎學金是什麼？"))
    reply = await assistant.conversation.handle(Turn("follow", text="怎麼申請？"))
    assert reply.topic == "taiwanicdf-scholarship"
    assert "白皮書沒有說明申請方式" in reply.messages[0].text


async def test_out_of_scope_gets_the_fallback_not_a_wrong_answer(assistant) -> None:
    reply = await assistant.conversation.handle(Turn("oos", text="what's the weather in Taipei tomorrow?"))
    assert reply.topic is None
    assert "not sure I understood" in reply.messages[0].text


async def test_rasa_down_answers_from_keyword_search_with_a_notice(tmp_path, catalog) -> None:
    from bot.app import build_assistant
    from tests.conftest import make_settings
    from tests.fakes.ports import refused_url

    down = build_assistant(make_settings(tmp_path, rasa_url=refused_url(), rasa_timeout_s=1.0))
    try:
        reply = await down.conversation.handle(
            Turn("down", text="GCTF Global Cooperation and Training Framework")
        )
    finally:
        await down.aclose()
    assert reply.topic == "gctf"
    assert "keyword search" in reply.messages[-1].text


async def test_how_to_apply_with_no_topic_gets_the_how_to_apply_guide(assistant) -> None:
    reply = await assistant.conversation.handle(Turn("apply-first", text="how do I apply?"))
    assert reply.topic == "guide-how-to-apply"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # A partner without its own entry: its region's guide.
        ("does Taiwan have any projects in Cambodia?", "guide-asia-new-southbound"),
        # "Latin America" is a region, not the United States.
        ("Taiwan's projects in Latin America", "guide-latin-america-caribbean"),
        ("proyectos de Taiwán en América Latina", "guide-latin-america-caribbean"),
    ],
)
async def test_a_named_place_decides_where_rasa_hesitates(assistant, text: str, topic: str) -> None:
    reply = await assistant.conversation.handle(Turn("place", text=text))
    assert reply.topic == topic


@pytest.mark.parametrize(
    ("text", "lang", "topic"),
    [
        ("我想申請 TaiwanICDF scholarship，要準備什麼", "zh-Hant", "taiwanicdf-scholarship"),
        ("GCTF 是什麼", "zh-Hant", "gctf"),
        ("como puede una ong pedir financiamiento", "es", "guide-ngo-funding"),  # no accents
        ("QUE HACE TAIWAN EN PARAGUAY", "es", "country-paraguay"),
        ("WHAT IS THE GCTF", "en", "gctf"),
        ("🎓🇹🇼 scholarships for foreign students? 🙏", "en", "guide-scholarships"),
    ],
)
async def test_mixed_scripts_caps_missing_accents_and_emoji(
    assistant, text: str, lang: str, topic: str
) -> None:
    reply = await assistant.conversation.handle(Turn("mixed-" + lang, text=text))
    assert (reply.lang, reply.topic) == (lang, topic)


async def test_a_very_long_message_is_read_for_its_question_and_says_so(assistant) -> None:
    story = "My grades were good and my family supports my plan to study abroad next year. "
    question = "What scholarships are there for foreign students?"
    for text in (question + " " + story * 80, story * 80 + question):  # over 6,000 characters
        reply = await assistant.conversation.handle(Turn("long", text=text))
        assert reply.topic == "guide-scholarships"
        assert "the question I found in it" in reply.messages[-1].text  # the notice, either way round


async def test_a_country_inside_a_longer_word_is_no_country(assistant) -> None:
    """Rasa's regex extractor finds 海地 (Haiti) inside 加勒比海地區 (the Caribbean region); the
    bot keeps a Chinese name only where it is a word of its own, and a real mention still counts."""
    nlu = assistant.conversation.nlu
    region = await nlu.parse("我們公司在加勒比海地區也有業務，想了解聖露西亞的計畫")
    countries = [e["value"] for e in region.entities if e.get("entity") == "country"]
    assert countries == ["st-lucia"]  # not Haiti
    haiti = await nlu.parse("臺灣在海地做什麼？")
    assert [e["value"] for e in haiti.entities if e.get("entity") == "country"] == ["haiti"]
    # jieba keeps 捷克政府 (the Czech government) one word: the name still counts, the rest being a word
    czech = await nlu.parse("第三波援烏捐款，捷克政府指定哪個NGO來執行？")
    assert [e["value"] for e in czech.entities if e.get("entity") == "country"] == ["czechia"]
    ocean = await nlu.parse("印度洋的島國有哪些計畫？")  # 洋 is no word of its own: no India
    assert "india" not in [e["value"] for e in ocean.entities if e.get("entity") == "country"]
