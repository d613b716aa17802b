"""Which language the bot answers in."""

from __future__ import annotations

import pytest

from bot.core.language import from_language_code, resolve


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What scholarships are there for foreign students?", "en"),
        ("¿Cómo puede una ONG pedir financiamiento?", "es"),
        ("como puede una ong pedir financiamiento", "es"),  # no accents
        ("QUIERO UNA BECA PARA ESTUDIAR", "es"),
        ("TAIWAN SCHOLARSHIP HOW TO APPLY", "en"),
        ("國合會獎學金怎麼申請？", "zh-Hant"),
        ("我想申請 TaiwanICDF scholarship", "zh-Hant"),  # an English name inside Chinese
        ("What is the 國合會 scholarship about?", "en"),  # a Chinese name inside English
        (  # a long Chinese program name inside a longer English message
            "I'm a nurse and heard Taiwan trains health workers from friendly countries (I think it's "
            "called 友好國家醫事人員訓練計畫?). How long is that training?",
            "en",
        ),
        ("¿Cuánto dura el 友好國家醫事人員訓練計畫 para enfermeras de Honduras?", "es"),
        ("Hello 想问一下 台湾有没有给 Lviv 那家医院捐钱，多少？", "zh-Hant"),  # a few Latin words in Chinese
        ("escuela taiwanicdf", "es"),  # no function word: the words themselves are Spanish
        ("taiwan sistema alerta dengue lluvia sismos", "es"),
        ("medical missions taiwan", "en"),
    ],
)
def test_detects_the_language_of_the_message(text: str, lang: str) -> None:
    assert resolve(text, current="en" if lang != "en" else "es", language_code=None).lang == lang


def test_simplified_input_is_converted_to_traditional() -> None:
    detection = resolve("国合会奖学金怎么申请", current="en", language_code=None)
    assert detection.lang == "zh-Hant"
    assert detection.text == "國合會獎學金怎麼申請"
    assert detection.simplified


@pytest.mark.parametrize(
    ("simplified", "as_the_content_writes"),
    [
        ("台湾在伯利兹做了哪些信息化、数字化方面的项目？", "臺灣在伯利茲做了哪些資訊化、數位化方面的計畫？"),
        ("驻外医疗队开过几场视频会议", "駐外醫療團開過幾場視訊會議"),
        ("台湾在埃斯瓦蒂尼疫情期间做了什么？", "臺灣在史瓦帝尼疫情期間做了什麼？"),
        ("索马里兰的医疗团是哪家医院派的？", "索馬利蘭的醫療團是哪家醫院派的？"),
        ("圣克里斯托弗和尼维斯", "聖克里斯多福及尼維斯"),
        ("圣文森特的智能公交系统", "聖文森特的智慧公車系統"),
        ("国际合作伙伴", "國際合作夥伴"),
        ("第一支农耕队是几几年出发的？", "第一支農耕隊是幾幾年出發的？"),
        ("台湾帮发展中国家搞数字经济和可持续发展", "臺灣幫開發中國家搞數位經濟和永續發展"),
        ("网上培训班用的硬件", "線上研習班用的硬體"),
        ("友邦技职训练计划咋报名？那个机器人叫啥", "友邦技職訓練計畫怎麼報名？那個機器人叫什麼"),
        ("分享了哪个系统的源代码给互联网用户", "分享了哪個系統的原始碼給網際網路使用者"),
    ],
)
def test_simplified_input_meets_the_words_of_the_paper(simplified: str, as_the_content_writes: str) -> None:
    assert resolve(simplified, current="en", language_code=None).text == as_the_content_writes


def test_traditional_input_is_not_flagged_as_simplified() -> None:
    assert not resolve("台灣獎學金怎麼申請", current=None, language_code=None).simplified


@pytest.mark.parametrize("text", ["ok", "ICDF", "👍", "GCTF?", "123"])
def test_too_short_to_tell_keeps_the_current_language(text: str) -> None:
    assert resolve(text, current="es", language_code="en").lang == "es"
    assert resolve(text, current="zh-Hant", language_code="en").lang == "zh-Hant"


def test_accented_spanish_word_stays_spanish() -> None:
    assert resolve("información", current="en", language_code=None).lang == "es"


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("zh-TW", "zh-Hant"),
        ("zh-hans", "zh-Hant"),
        ("zh", "zh-Hant"),
        ("es-419", "es"),
        ("es", "es"),
        ("en-US", "en"),
        ("pt-br", "en"),
        (None, "en"),
    ],
)
def test_first_default_comes_from_telegram_language_code(code: str | None, lang: str) -> None:
    assert from_language_code(code) == lang
    assert resolve("ok", current=None, language_code=code).lang == lang
