"""Reading what a question asks for, in the three languages."""

from __future__ import annotations

import pytest

from bot.core import asking
from bot.core.facts import words_of
from bot.core.language import from_simplified, to_traditional


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("since when does the ICDF give scholarships?", "year"),
        ("¿desde cuándo existe el GCTF?", "year"),
        ("國合會是哪一年成立的？", "year"),
        ("what's the official founding date of TaiwanICDF?", "year"),
        ("¿En qué fecha se fundó el ICDF?", "year"),
        ("臺灣民主基金會成立幾年了？", "year"),
        ("how many technical missions are there?", "count"),
        ("¿cuantos voluntarios hay?", "count"),
        ("台湾派了多少医疗团？", "count"),
        ("how long does the training last?", "duration"),
        ("¿cuánto dura la capacitación?", "duration"),
        ("研習班為期多久？", "duration"),
        ("who runs the program?", "actor"),
        ("¿quién administra el fondo?", "actor"),
        ("這個計畫是誰負責的？", "actor"),
        ("which countries take part?", "place"),
        ("¿en qué países trabaja la misión?", "place"),
        ("how much did Taiwan donate to Ukraine?", "money"),
        ("how much farmland do the solar pumps water?", "count"),
        ("by how much did waiting times drop?", "count"),
        ("By roughly how much did the smart bus system cut waiting times?", "count"),
        ("¿a cuánta gente llegó lo del agua?", "count"),
        ("¿y cuánto bajó el tiempo de espera?", "count"),
        ("¿Cuál fue el primer país africano al que llegó un equipo agrícola?", "place"),
        ("第一個非洲國家是哪一國？", "place"),
        ("¿cuánta plata dieron?", "money"),
        ("台湾会提前几年达成目标？", "duration"),
        ("防疫旅館補助每房每天多少", "money"),
        ("確診死亡的喪葬慰問金是多少？", "money"),
        ("跟莫德納簽了幾年的合約？", "duration"),
        ("who runs the WHO program?", "actor"),
    ],
)
def test_the_kind_of_detail_asked(text: str, kind: str) -> None:
    assert kind in asking.read(to_traditional(text)).about


def test_the_world_health_organization_is_no_question_who() -> None:
    """ "WHO" in capitals, in a message that isn't shouted, names the organisation."""
    assert "actor" not in asking.read("臺灣會提前幾年達成 WHO 消除病毒性肝炎的目標？").about
    assert "actor" not in asking.read("did Taiwan attend the WHO assembly in 2020?").about
    assert "actor" in asking.read("WHO RUNS THE PROGRAM?").about


@pytest.mark.parametrize(
    ("text", "silence"),
    [
        ("what is the application deadline?", "deadline"),
        ("¿cuál es la fecha limite para postular?", "deadline"),
        ("申請截止日是什麼時候？", "deadline"),
        ("is there an age limit for volunteers?", "age"),
        ("志工有年齡限制嗎", "age"),
        ("¿cuánto dinero recibe al mes un becario?", "pay"),
        ("志工每個月的生活費多少？", "pay"),
        ("do I need TOEFL?", "language"),
        ("學費要多少", "fee"),
        ("外交替代役今年什麼時候開始報名？", "deadline"),
        ("¿les pagan viáticos?", "pay"),
        ("國合會的聯絡電話是多少？", "contact"),
        ("國合會的郵箱是多少？", "contact"),  # the mainland 邮箱, converted
        ("技術團的聯繫方式？", "contact"),
        ("what's the e-mail address of the embassy?", "contact"),
        ("¿qué tasa de interés tienen esos préstamos?", "interest"),
        ("what's the maximum grant per project?", "grant"),
        ("外交部的 NGO 補助一個案子最多可以申請多少錢？", "grant"),
        ("外交部補助 NGO 的計畫，每案上限是多少錢？", "grant"),
        ("¿Cuánto gana un técnico de la misión en Guatemala?", "pay"),
        ("how much does a volunteer earn?", "pay"),
        ("技術團招人，工资多少？", "pay"),
        ("可以用外交替代役去技術團服役嗎？一個月發多少錢？", "pay"),
        ("NGO 雙語網站的網址是什麼？", "link"),
        ("what's the URL of the application portal?", "link"),
        ("请问国合会海外志工一个月补贴多少钱？", "pay"),
        ("怎么联系国合会？", "contact"),
        ("报名是几号截止？", "deadline"),
        ("马绍尔妇女创业小额贷款每个人最多可以借多少钱？", "grant"),
        ("外交部给NGO的补助，每个项目最多能补多少钱？", "grant"),
        ("“连结新南向菁英培育专班计划”每年录取多少名学生？", "places"),
    ],
)
def test_details_the_paper_never_gives(text: str, silence: str) -> None:
    assert silence in asking.read(to_traditional(text)).silence


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("in English please", "en"),
        ("can you say that in English?", "en"),
        ("en español, por favor", "es"),
        ("en espanol", "es"),
        ("請用中文", "zh-Hant"),
        ("用中文再說一次", "zh-Hant"),
    ],
)
def test_asking_for_another_language(text: str, lang: str) -> None:
    assert asking.read(text).switch_to == lang


def test_a_long_question_that_only_mentions_a_language_is_not_a_switch() -> None:
    text = (
        "Do the TaiwanICDF scholarship programs in Taiwan teach in English or in Chinese, and for how long?"
    )
    assert asking.read(text).switch_to is None


@pytest.mark.parametrize(
    "text", ["since when?", "¿y cuánto dura?", "那預算多少？", "and in Paraguay?", "who runs it?"]
)
def test_short_follow_ups_depend_on_the_topic(text: str) -> None:
    assert asking.read(to_traditional(text)).context_dependent


@pytest.mark.parametrize(
    "text",
    [
        "what's the budget of that project?",
        "¿cuál es el presupuesto de ese proyecto?",
        "這個計畫的預算是多少？",
    ],
)
def test_a_message_pointing_back_at_what_was_said_refers_back(text: str) -> None:
    assert asking.read(to_traditional(text)).refers_back


def test_a_full_question_names_its_own_topic() -> None:
    assert not asking.read("what does the Global Cooperation and Training Framework do?").context_dependent


def test_after_the_papers_time() -> None:
    assert asking.read("what is the deadline in 2025?").after_paper
    assert asking.read("今年的申請什麼時候開始").after_paper
    assert not asking.read("what did Taiwan do in 2021?").after_paper


def test_a_long_message_is_read_for_its_question_at_the_end() -> None:
    story = "I am a nurse from Belize and I have worked in a rural clinic for six years. " * 12
    text = story + "Does Taiwan train health workers from allied countries, and for how long?"
    part = asking.question_part(text, 500)
    assert part.endswith("for how long?")
    assert len(part) <= 500


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("請改用英文回答合作學校", "en"),
        ("in English please: who runs the GCTF?", "en"),
        ("respóndeme en español, ¿cuántos voluntarios hay?", "es"),
        ("answer in Chinese: when was TaiwanICDF founded?", "zh-Hant"),
        ("ICDF 的課程都是英語授課嗎", None),
        ("do the courses teach English?", None),
    ],
)
def test_a_question_to_be_answered_in_another_language(text: str, lang: str | None) -> None:
    asked = asking.read(to_traditional(text))
    assert asked.answer_in == lang and asked.switch_to is None
    if lang is not None:
        assert not {"英文", "english", "回答", "espanol"} & set(asked.content_tokens)


@pytest.mark.parametrize(
    "text",
    [
        "how much farmland do the solar pumps water?",
        "by how much did waiting times drop?",
        "and how much shorter is the wait for a bus now?",
        "how much more do the farmers earn?",
        "and how much actual produce?",
        "how much did it all weigh?",
    ],
)
def test_a_quantity_that_is_no_money_is_not_read_as_money(text: str) -> None:
    assert "money" not in asking.read(text).about  # else "the paper gives no amount" of the entry


@pytest.mark.parametrize(
    "text",
    [
        "How does Japan's JICA volunteer program work?",
        "¿Cómo funcionan las becas de la AECID?",
        "美國和平隊怎麼申請？",
    ],
)
def test_another_donors_own_programs_are_elsewhere(text: str) -> None:
    assert asking.read(to_traditional(text)).elsewhere


def test_a_taiwanese_ngo_named_peace_corps_is_not_elsewhere() -> None:
    assert not asking.read("when did taiwan root medical peace corps go to somaliland").elsewhere


def test_a_running_total_is_told_from_one_years_figure() -> None:
    for text in ("How many GCTF workshops so far?", "¿Cuántos talleres en total?", "GCTF 一共辦了幾場？"):
        assert asking.read(to_traditional(text)).marks == ("total",), text
    assert asking.read("How many workshops were there in 2019?").marks == ()


@pytest.mark.parametrize(
    "text",
    [
        "How many years has Taiwan worked with the EBRD?",
        "¿Cuántos años lleva Taiwán con el BERD?",
        "臺灣和歐銀合作多少年了？",
    ],
)
def test_how_many_years_asks_a_length_of_time_not_a_count(text: str) -> None:
    assert asking.read(text).about == ("duration",)


def test_which_article_is_no_count() -> None:
    assert "count" not in asking.read("我國國際合作的政策依據是憲法第幾條？").about
    assert "count" in asking.read("GCTF 辦了幾場？").about


def test_how_many_years_and_how_many_countries_asks_both() -> None:
    assert set(asking.read("how many years of aid and how many countries?").about) == {"count", "duration"}


def test_set_up_asks_for_a_founding_only_when_it_asks_when() -> None:
    assert asking.read("When was TaiwanICDF set up?").marks == ("founding",)
    assert asking.read("國合會哪一年成立？").marks == ("founding",)
    assert asking.read("How many mask production lines did Taiwan set up?").marks == ()
    assert asking.read("設立了多少條產線？").marks == ()


def test_a_region_alone_is_read_as_a_place_but_not_inside_a_longer_question() -> None:
    assert asking.read("¿y en África?").region == "guide-africa-middle-east"
    assert asking.read("¿y en África?").connective  # the opening "¿" hides no connective
    assert asking.read(to_traditional("那非洲呢？")).region == "guide-africa-middle-east"
    assert asking.read("and in Europe?").region == "guide-europe"
    assert asking.read("¿y en Sudáfrica?").region is None  # a country
    assert asking.read("¿cuándo empezaron en América Latina?").region is None


@pytest.mark.parametrize(
    ("text", "points_at_a_place"),
    [
        ("did Taiwan send vaccines there too?", True),
        ("¿y qué más hizo Taiwán allí?", True),
        ("當地有什麼醫療計畫？", True),
        ("what about in that country?", True),
        ("Is there a scholarship for nurses?", False),
        ("are there any volunteer programs?", False),
        ("How many technical missions are there?", False),
        ("there are two programs, which one is older?", False),
    ],
)
def test_there_points_at_a_place_but_is_there_does_not(text: str, points_at_a_place: bool) -> None:
    assert asking.read(to_traditional(text)).place_back is points_at_a_place


def test_a_particle_glued_to_a_word_is_not_part_of_it() -> None:
    assert "獎嗎" not in asking.read("他們有頒什麼獎嗎？").content_tokens
    assert "他們" not in asking.read("他們有頒什麼獎嗎？").content_tokens


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Hi there, how long is the healthcare training?", "how long is the healthcare training?"),
        ("Buenas tardes, ¿cuántas visitas técnicas hubo?", "¿cuántas visitas técnicas hubo?"),
        ("hola buenas, desde qué año funciona el sistema?", "desde qué año funciona el sistema?"),
        ("你好，請問國合會獎學金怎麼申請？", "請問國合會獎學金怎麼申請？"),
        ("Hello!", "Hello!"),  # a greeting alone stays a greeting
        ("Hi, GCTF?", "Hi, GCTF?"),  # too little after it to stand alone
    ],
)
def test_a_greeting_before_the_question_is_not_read_as_part_of_it(text: str, question: str) -> None:
    assert asking.question_part(text, 500) == question


def test_a_dates_unit_is_not_glued_to_the_next_word() -> None:
    # jieba alone cuts "2020年給" into "年給", a word that no fact holds
    assert asking.read("臺灣2020年給海灣國家捐了多少片口罩？").content_tokens == (
        "臺灣",
        "海灣",
        "國家",
        "口罩",
    )


def test_which_kinds_asks_for_a_list_not_a_number() -> None:
    asked = asking.read("國合會主要透過哪幾種方式執行合作計畫？")
    assert "count" not in asked.about
    assert "哪幾種" not in asked.content_tokens  # a question word, no word of the answer
    assert "count" in asking.read("國合會有幾個技術團？").about


def test_the_start_of_something_is_no_question_of_when() -> None:
    assert asking.read("¿Qué hizo la misión en San Cristóbal al inicio de la pandemia?").about == ()
    assert asking.read("¿Cuándo inició el programa?").about == ("year",)
    assert asking.read("¿El programa inició en 2019?").about == ("year",)


def test_how_long_has_it_been_is_no_word_of_the_answer() -> None:
    # "¿Cuántos años lleva Taiwán cooperando con el BERD?": lleva is "has been", like "has"
    assert "lleva" not in asking.read("¿Cuántos años lleva Taiwán cooperando con el BERD?").content_tokens


@pytest.mark.parametrize(
    ("text", "points_back"),
    [
        ("did it cut waiting times?", True),
        ("¿Eso lo pidió el gobierno de Belice?", True),
        ("它有頒什麼獎嗎", True),
        ("臺北榮總幫他們做了什麼？", True),  # them: the people just talked about
        ("臺灣給他們國家捐過口罩嗎", False),
        ("did Taiwan send doctors?", False),
        ("What did it cost?", False),
    ],
)
def test_a_question_whose_subject_is_what_was_just_said(text: str, points_back: bool) -> None:
    assert asking.read(text).points_back is points_back


def test_chat_fillers_are_no_words_of_the_question() -> None:
    assert asking.read("what year did taiwan and the US start the GCTF thingy").content_tokens == (
        "taiwan",
        "us",
        "start",
        "gctf",
    )
    assert "東西" not in asking.read("我也有捐東西哈哈，最後一共有多少人捐了物資？").content_tokens


@pytest.mark.parametrize(
    ("text", "silence"),
    [
        # the phone as a medium is no request for a number
        ("during covid people could see doctors by phone, how many remote consultations were there", None),
        ("¿cuántas consultas por teléfono hubo?", None),
        (to_traditional("远程电话问诊一共有多少次？"), None),
        ("what is the ICDF's phone number?", "contact"),
        # what a project's farmers or sellers earn is one of its results, which the paper may give
        (to_traditional("集货场每个月平均净利大概多少？"), None),
        ("y cuanto gana un agricultor alla?", None),
        ("志工每個月領多少？", "pay"),
        ("do the farmers get a monthly stipend?", "pay"),
        # the day a memorandum was signed is a date the paper gives, not a deadline
        (to_traditional("妇女创业基金的备忘录是几月几号签的？"), None),
    ],
)
def test_a_silence_is_read_only_where_the_paper_would_be_silent(text: str, silence: str | None) -> None:
    found = asking.read(text).silence
    assert (silence in found) if silence else not found


@pytest.mark.parametrize(
    ("text", "after_paper"),
    [
        ("how many years ahead of the WHO 2030 goal did Taiwan say it would get there?", False),
        ("¿Qué hace Taiwán por la Agenda 2030?", False),
        ("我國如何在 2030 年前達成永續發展目標？", False),
        ("will Taiwan keep helping Ukraine in 2026?", True),
        ("¿Cuántos países aliados tiene Taiwán en 2026?", True),
        # "now" words: the current holder of a post, today's figures
        ("Who is the current Secretary General of TaiwanICDF?", True),
        ("how many Ukrainian refugees live in Taiwan now?", True),
        ("¿cuántos técnicos taiwaneses trabajan hoy en República Dominicana?", True),
        ("國合會現任秘書長是誰？", True),
        ("how many have been trained until now?", False),  # a running total, not news
        ("¿cuántos hasta hoy?", False),
    ],
)
def test_a_target_year_is_no_question_about_after_the_paper(text: str, after_paper: bool) -> None:
    assert asking.read(text).after_paper is after_paper


@pytest.mark.parametrize(
    "text",
    [
        "ok and what about Palau, anything like that there?",
        "¿hay algo parecido en Belice?",
        "巴拉圭有類似的計畫嗎？",
    ],
)
def test_more_of_the_same_points_back_at_what_was_just_said(text: str) -> None:
    assert asking.read(text).refers_back


def test_an_and_after_ok_still_joins_the_last_question() -> None:
    assert asking.read("ok and compost?").connective


@pytest.mark.parametrize(
    ("text", "silent"),
    [
        ("what GPA do I need to get it?", True),
        ("¿qué promedio mínimo piden para la beca?", True),
        (to_traditional("中东欧半导体人才奖学金申请要什么条件？GPA 要多少？"), True),
        ("申請要GPA多少", True),
        ("what grades did the students get in the course?", False),
    ],
)
def test_a_grade_threshold_is_a_detail_the_paper_never_gives(text: str, silent: bool) -> None:
    assert ("grades" in asking.read(text).silence) is silent


@pytest.mark.parametrize(
    ("text", "new_topic"),
    [
        ("Otra cosa: ¿Taiwán organizó algún taller para agricultores del Caribe?", True),
        ("Cambiando de tema, ¿qué hizo Taiwán en el Líbano?", True),
        ("換個問題，新南向的醫衛合作 2019 年服務了多少病患？", True),
        ("another question: how many volunteers?", True),
        ("換個國家，印度拿到了什麼？", False),  # another place, the same question
        ("what is a different country doing?", False),
    ],
)
def test_a_message_may_say_it_leaves_the_topic(text: str, new_topic: bool) -> None:
    asked = asking.read(text)
    assert asked.new_topic is new_topic
    if new_topic:  # the marker names nothing
        assert not {"otra", "cosa", "換個", "問題", "another", "question"} & set(asked.content_tokens)


@pytest.mark.parametrize(
    ("text", "refers_back"),
    [
        ("捷克那部分是誰執行的？", True),
        ("and the Czech part?", True),
        ("¿y la parte de Chequia?", True),
        ("大部分的經費用在哪裡？", False),  # "most of", not "that part"
        ("what part of the budget goes to health?", False),
    ],
)
def test_a_part_of_what_was_just_said_points_back(text: str, refers_back: bool) -> None:
    assert asking.read(text).refers_back is refers_back


def test_an_introduction_names_the_askers_place() -> None:
    assert asking.read("hi, im a nursing student from the philippines, how many were trained?").self_intro
    assert asking.read("soy de Honduras y estudio agronomía").self_intro
    assert asking.read("我是馬來西亞華人，想去臺灣讀書").self_intro
    assert asking.read("我是馬來西亞的大學生，最近在寫畢業論文").self_intro
    assert asking.read("我來自菲律賓，想問獎學金的事").self_intro
    assert not asking.read("What does Taiwan do in the Philippines?").self_intro
    assert not asking.read("臺灣在馬來西亞的大學有合作嗎？").self_intro


@pytest.mark.parametrize("text", ["想參加行動醫療團，要去哪個網站報名？", "報名管道是什麼？", "怎麼申請？"])
def test_where_to_sign_up_asks_how_to_apply(text: str) -> None:
    assert asking.read(text).how_to_apply


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        ("¿Cómo saco la tarjeta del seguro nacional de salud en Taiwán?", True),
        ("how do I get an alien resident certificate?", True),
        ("健保卡怎麼辦理？", True),
        ("How do I apply?", False),
        ("How did Taiwan help Haiti?", False),
    ],
)
def test_how_to_get_or_do_something_is_a_procedure(text: str, procedure: bool) -> None:
    assert asking.read(asking.normalise(text)).procedure is procedure


def test_during_names_no_topic() -> None:
    assert "during" not in asking.read("what did Taiwan do with CABEI during covid?").content_tokens
    assert "durante" not in asking.read("que hizo taiwan durante la pandemia").content_tokens


def test_which_year_said_colloquially_asks_a_year() -> None:
    assert asking.read("第一支農耕隊是幾幾年出發的？").about == ("year",)


def test_the_papers_word_for_the_environment_meets_the_one_people_use() -> None:
    assert set(asking.read("跟環保有關的計畫").content_tokens) & set(words_of("氣候變遷及環境保護"))


def test_a_universitys_short_name_meets_its_full_name() -> None:
    for short, full in (("北科大那個班", "國立臺北科技大學"), ("北醫大的獎學金", "臺北醫學大學")):
        question = set(asking.read(short).content_tokens)
        assert question & set(words_of(full)) >= {"大學"} and len(question & set(words_of(full))) >= 2


def test_the_papers_wording_of_a_daily_hotel_subsidy_meets_the_everyday_one() -> None:
    """People say 防疫旅館…每天; the paper writes 防疫旅宿…每日."""
    assert words_of("防疫旅館每房每天") == words_of("防疫旅宿每房每日")


def test_which_kinds_is_told_from_how_many() -> None:
    kinds = (
        "What kinds of workshops does the ICDF run?",
        "¿Qué tipos de talleres hay?",
        "國際研習班有哪幾種班？",
    )
    for text in kinds:
        assert asking.read(text).marks == ("kinds",), text
    assert asking.read("國際研習班辦了幾場？").marks == ()


def test_where_the_asker_studies_now_is_no_question_about_now() -> None:
    """ "我現在在臺灣讀碩士" introduces the asker; "現在還有嗎？" asks about after the paper."""
    assert not asking.read(to_traditional("我现在在台湾读硕士，想问新南向专班跟哪些大学合作？")).after_paper
    assert not asking.read("我目前就讀臺大，想問獎學金名額").after_paper
    assert asking.read("現在還有這個計畫嗎？").after_paper
    assert asking.read("目前有幾個邦交國？").after_paper


def test_what_it_is_called_asks_for_a_name() -> None:
    for text in ("用馬紹爾語叫什麼名字？", "What is the fund called?", "¿Cómo se llama el fondo?"):
        assert "name" in asking.read(text).marks, text
    assert "name" not in asking.read("這個基金有多少錢？").marks


def test_how_many_people_asks_a_count_of_people() -> None:
    for text in (
        "how many nurses and doctors got trained?",
        "¿a cuántas personas llegó?",
        "一共有多少人捐了物資？",
    ):
        assert "people" in asking.read(text).marks, text
    assert "people" not in asking.read("一共捐了多少噸物資？").marks


def test_a_phone_number_asked_with_duo_shao_is_no_count() -> None:
    asked = asking.read(to_traditional("国合会的联系电话和邮箱是多少？"))
    assert "contact" in asked.silence
    assert "count" not in asked.about


def test_the_question_is_read_without_the_askers_introduction() -> None:
    text = to_traditional(
        "我是马来西亚华人，在吉隆坡一家诊所做护士，听说台湾新南向有培训医疗人员的计划，一共培训了多少人？"
    )
    assert asking.without_introduction(text).startswith("聽說臺灣新南向")
    assert (
        asking.without_introduction("我是越南的交換生，請問第一支農耕隊去了哪裡？")
        == "請問第一支農耕隊去了哪裡？"
    )
    # a clause that tells more than who asks is kept ("…and my boss said Taiwan shared…")
    long_one = "I'm a dev in Belize and my boss said Taiwan shared the code of a COVID system, which one?"
    assert asking.without_introduction(long_one) == long_one
    # nothing left to ask without it
    assert asking.without_introduction("我是越南人，謝謝") == "我是越南人，謝謝"


def test_alternative_military_service_is_something_the_paper_never_mentions() -> None:
    for text in ("外交替代役要怎麼報名？", "Can I do my alternative military service abroad?"):
        assert "service" in asking.read(text).silence, text
    assert "grant" in asking.read(to_traditional("一个项目最高可以拿多少钱？")).silence


def test_what_a_cooperative_trades_a_month_is_a_result_not_pay() -> None:
    assert (
        "pay" not in asking.read(to_traditional("万隆的农企业计划，合作社每个月交易量可以到多少吨？")).silence
    )
    assert "pay" in asking.read("志工每個月可以領多少？").silence


def test_what_is_left_of_a_question_for_a_silence_names_the_program() -> None:
    rest = asking.without_silence(to_traditional("国合会的联系电话和邮箱是多少？"))
    assert "國合會" in rest
    assert not any(word in rest for word in ("聯繫", "電話", "郵箱"))


def test_question_words_for_a_date_name_no_topic() -> None:
    for text in ("国合会正式成立是哪年哪月哪天？", "台湾最早的对外援助是哪一年开始的？"):
        tokens = asking.read(to_traditional(text)).content_tokens
        assert not {"哪年哪月", "哪天", "哪一年"} & set(tokens), tokens


def test_an_introduction_goes_on_with_what_the_asker_is_writing_and_in_unpunctuated_clauses() -> None:
    text = to_traditional(
        "我是广州的大学生，在写台湾对外援助的课程论文，想了解一下台湾最早是哪一年开始派农耕队出去的？"
    )
    assert asking.without_introduction(text).startswith("想了解一下")
    # spaces part the clauses of unpunctuated Chinese; 係 is Cantonese for 是
    text = to_traditional("我系马来西亚人 我想问世界展望会的资助儿童计划在哪些国家")
    assert asking.without_introduction(text).startswith("我想問")
    # writing about what is asked is no introduction when it asks
    assert not asking.INTRO_GOES_ON.search("在寫哪一年的報告？")


def test_human_rights_sites_a_camp_visits_are_no_tourism() -> None:
    assert not asking.read(to_traditional("第六届亚洲青年民主领袖营参观了哪些民主人权景点")).elsewhere
    assert asking.read("臺北有什麼景點？").elsewhere


@pytest.mark.parametrize(
    "text",
    [
        "下个月去越南胡志明市玩，落地签要准备啥材料",
        "巴拉圭国家足球队现在世界排名第几",
        "明天吉隆坡会不会下雨？",
        "越南河粉的汤底怎么熬？",
        "泰国驾照可以直接在台湾换驾照吗？",
        "马来西亚国庆日是哪一天？",
        "Who will win the World Cup?",
        "¿Cuál es el tipo de cambio en Paraguay?",
    ],
)
def test_daily_life_and_sport_in_a_partner_country_are_elsewhere(text: str) -> None:
    assert asking.read(from_simplified(text)).elsewhere, text


def test_what_the_paper_says_of_football_boots_and_the_mask_makers_is_not_elsewhere() -> None:
    assert not asking.read("駐南非代表處捐了多少雙足球鞋？").elsewhere
    assert not asking.read("口罩國家隊增設了幾條產線？").elsewhere


def test_which_international_body_or_foundation_asks_who() -> None:
    for text in ("WASH 援助是和哪个国际组织合作的？", "马拉维北部水与卫生发展的计划是哪个基金会执行的？"):
        assert "actor" in asking.read(from_simplified(text)).about, text


def test_an_introduction_in_english_or_spanish() -> None:
    assert asking.without_introduction(
        "I work at a Taiwanese NGO. Does MOFA fund NGO projects overseas?"
    ).startswith("Does MOFA")
    spanish = asking.without_introduction("desde Asunción. ¿En qué año pidió ayuda el gobierno?")
    assert spanish.startswith("¿En qué")
    for not_a_place in (
        "Desde cuando, ¿en qué año empezó?",
        "From 2018 to 2020, how many nurses were trained?",
    ):
        assert asking.without_introduction(not_a_place) == not_a_place
    # a longer clause says what is asked about: it stays
    text = "I'm from Paraguay and I want to study engineering in Taiwan. What scholarships are there?"
    assert asking.without_introduction(text) == text
