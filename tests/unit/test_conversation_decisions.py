"""What the conversation decides, asserted on the typed decision (bot/core/decision.py), not on UI
text. Rasa's answers are scripted here (the real server is exercised in tests/integration and by
`make bench`); the content, the fact ranking, the state and the wording are the real ones."""

from __future__ import annotations

from typing import Any

from bot.content.store import Catalog
from bot.core import asking
from bot.core.conversation import Conversation
from bot.core.language import from_simplified
from bot.core.nlu import Parse
from bot.core.state import MemoryStateStore
from bot.core.types import Reply, Turn


class ScriptedNlu:
    """Answers each text with the parse the test prepared for it (unknown text: Rasa's fallback)."""

    def __init__(self, parses: dict[str, Parse]) -> None:
        self._parses = parses

    async def parse(self, text: str) -> Parse:
        return self._parses.get(
            text, Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), ("out_of_scope", 0.2)])
        )


def sure(intent: str, confidence: float = 0.9, **extra: Any) -> Parse:
    return Parse(intent, confidence, [(intent, confidence)], **extra)


def fallback_between(first: tuple[str, float], second: tuple[str, float], **extra: Any) -> Parse:
    return Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), first, second], **extra)


def conversation(catalog: Catalog, parses: dict[str, Parse]) -> Conversation:
    return Conversation(lambda: catalog, ScriptedNlu(parses), MemoryStateStore())


def both_readings(text: str, parse: Parse) -> dict[str, Parse]:
    """Rasa reads a message's question without the asker's introduction, and the whole message
    for its country: the same parse for both here."""
    return {text: parse, asking.without_introduction(text): parse}


async def answer_to(catalog: Catalog, text: str, parse: Parse, user: str) -> Reply:
    """A new user's reply to `text`, Rasa reading it as `parse`."""
    return await conversation(catalog, {text: parse}).handle(Turn(user, text=text))


def decision(reply: Reply) -> dict[str, Any]:
    assert reply.decision is not None
    return reply.decision


def fact_texts(reply: Reply, catalog: Catalog, lang: str = "en") -> list[str]:
    out = []
    for ref in decision(reply).get("facts", []):
        entry = catalog.get(ref["entry"])
        assert entry is not None
        out.append(entry.facts[ref["index"]].text.get(lang))
    return out


def button_data(reply: Reply) -> list[str]:
    return [b.data for m in reply.messages for row in m.buttons for b in row]


# -- asking rather than guessing, and giving up gracefully -------------------------------------


async def test_two_close_programs_get_did_you_mean_with_both_as_buttons(catalog: Catalog) -> None:
    tie = fallback_between(("taiwanicdf-scholarship", 0.24), ("taiwan-scholarship", 0.22))
    talk = conversation(catalog, {"scholarship": tie})
    reply = await talk.handle(Turn("u1", text="scholarship"))
    assert decision(reply)["action"] == "did_you_mean"
    assert decision(reply)["candidates"] == ["taiwanicdf-scholarship", "taiwan-scholarship"]
    assert button_data(reply)[:2] == ["t:taiwanicdf-scholarship", "t:taiwan-scholarship"]
    assert button_data(reply)[-1] == "m:main"  # "Something else"


async def test_a_tie_that_shares_no_words_with_either_program_is_not_offered(catalog: Catalog) -> None:
    tie = fallback_between(("gctf", 0.26), ("icdf-workshops", 0.22))
    reply = await conversation(catalog, {"weather in taipei": tie}).handle(
        Turn("u1a", text="weather in taipei")
    )
    assert decision(reply)["action"] == "fallback"


async def test_a_tie_between_a_guide_and_its_program_is_the_guides_broad_answer(catalog: Catalog) -> None:
    scholarships = fallback_between(("taiwanicdf-scholarship", 0.2), ("guide-scholarships", 0.18))
    reply = await conversation(catalog, {"獎學金": scholarships}).handle(Turn("u1b", text="獎學金"))
    assert decision(reply)["action"] == "answer"
    assert decision(reply)["entry"] == "guide-scholarships"


async def test_a_clear_lead_under_the_fallback_is_answered_not_asked(catalog: Catalog) -> None:
    clear = fallback_between(("gctf", 0.28), ("icdf-workshops", 0.1))
    reply = await conversation(catalog, {"the gctf": clear}).handle(Turn("u1c", text="the gctf"))
    assert (decision(reply)["action"], decision(reply)["entry"]) == ("answer", "gctf")


async def test_a_tie_with_even_facts_goes_to_the_entry_whose_words_cover_the_question(
    catalog: Catalog,
) -> None:
    # Both entries have a fact counting masks; only the aid entry's own words say what is asked.
    masks = "臺灣總共捐了多少片口罩到國外？"
    tie = fallback_between(("covid-cooperation-partners", 0.38), ("covid-19-assistance", 0.36))
    reply = await conversation(catalog, {masks: tie}).handle(Turn("u1d", text=masks))
    assert (decision(reply)["action"], decision(reply)["entry"]) == ("answer", "covid-19-assistance")
    assert "5,400" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_words_no_entry_uses_do_not_stop_a_clear_lead_from_being_answered(catalog: Catalog) -> None:
    # "stationed", "at the moment", "speaking" appear in no entry: in a long question they
    # cannot tell entries apart.
    missions = "How many technical missions are stationed abroad at the moment, roughly speaking?"
    lead = fallback_between(("technical-missions", 0.25), ("icdf-overseas-volunteers", 0.1))
    reply = await conversation(catalog, {missions: lead}).handle(Turn("u1e", text=missions))
    assert (decision(reply)["action"], decision(reply)["entry"]) == ("answer", "technical-missions")
    assert "21" in fact_texts(reply, catalog)[0]


async def test_a_short_question_about_what_no_entry_mentions_is_not_committed(catalog: Catalog) -> None:
    gdp = "What is the GDP of Taiwan in 2023?"
    lead = fallback_between(("mofa", 0.25), ("ukraine-assistance", 0.08))  # MOFA's budget
    reply = await conversation(catalog, {gdp: lead}).handle(Turn("u1f", text=gdp))
    assert decision(reply)["action"] == "fallback"


async def test_two_misses_in_a_row_bring_the_official_contacts(catalog: Catalog) -> None:
    talk = conversation(catalog, {})
    first = decision(await talk.handle(Turn("u2", text="blah")))
    second_reply = await talk.handle(Turn("u2", text="blah blah"))
    assert (first["action"], first["misses"]) == ("fallback", 1)
    assert (decision(second_reply)["action"], decision(second_reply)["misses"]) == ("fallback", 2)
    assert "https://www.mofa.gov.tw/" in second_reply.messages[-1].text  # the contacts message
    assert {"m:study", "m:training", "m:ngo", "m:countries"} <= set(button_data(second_reply))


async def test_a_good_answer_resets_the_misses(catalog: Catalog) -> None:
    talk = conversation(catalog, {"gctf?": sure("gctf")})
    await talk.handle(Turn("u3", text="blah"))
    assert decision(await talk.handle(Turn("u3", text="gctf?")))["entry"] == "gctf"
    assert decision(await talk.handle(Turn("u3", text="blah")))["misses"] == 1


async def test_out_of_scope_is_never_offered_as_a_guess(catalog: Catalog) -> None:
    oos = Parse("out_of_scope", 0.7, [("out_of_scope", 0.7), ("gctf", 0.2), ("icdf-workshops", 0.1)])
    reply = await conversation(catalog, {"weather?": oos}).handle(Turn("u7", text="weather?"))
    assert decision(reply)["action"] == "fallback"
    assert reply.topic is None


# -- places and how to apply -------------------------------------------------------------------


async def test_unsure_but_a_named_country_answers_with_what_taiwan_does_there(catalog: Catalog) -> None:
    paraguay = fallback_between(
        ("gctf", 0.08), ("country-japan", 0.05), entities=[{"entity": "country", "value": "paraguay"}]
    )
    reply = await conversation(catalog, {"Paraguay?": paraguay}).handle(Turn("u4", text="Paraguay?"))
    assert decision(reply)["entry"] == "country-paraguay"


async def test_how_to_apply_with_nothing_under_discussion_gets_the_guide(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "how do I apply?": sure("ask_how_to_apply", 0.8),
            "apply how": fallback_between(("ask_how_to_apply", 0.25), ("guide-how-to-apply", 0.2)),
        },
    )
    assert decision(await talk.handle(Turn("u5", text="how do I apply?")))["entry"] == "guide-how-to-apply"
    assert decision(await talk.handle(Turn("u6", text="apply how")))["entry"] == "guide-how-to-apply"


# -- the fact that answers the question --------------------------------------------------------


async def test_since_when_is_answered_with_the_year_first(catalog: Catalog) -> None:
    question = "since when does TaiwanICDF give scholarships to foreign students?"
    reply = await conversation(catalog, {question: sure("taiwanicdf-scholarship")}).handle(
        Turn("u8", text=question)
    )
    assert decision(reply)["action"] == "answer"
    assert decision(reply)["lead"] == "fact"
    assert "year" in decision(reply)["asked"]
    assert any("1998" in text for text in fact_texts(reply, catalog))
    assert "1998" in reply.messages[0].text.split("\n\n")[1]  # right under the title


async def test_a_follow_up_is_answered_from_the_topic_under_discussion(catalog: Catalog) -> None:
    talk = conversation(catalog, {"what is the icdf scholarship": sure("taiwanicdf-scholarship")})
    await talk.handle(Turn("u9", text="what is the icdf scholarship"))
    reply = await talk.handle(Turn("u9", text="since when?"))  # Rasa cannot place it: fallback
    assert decision(reply)["follow_up"] is True
    assert decision(reply)["entry"] == "taiwanicdf-scholarship"
    assert any("1998" in text for text in fact_texts(reply, catalog))


async def test_a_new_program_named_mid_conversation_changes_the_topic(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "what is the icdf scholarship": sure("taiwanicdf-scholarship"),
            "and what is the GCTF?": sure("gctf"),
        },
    )
    await talk.handle(Turn("u10", text="what is the icdf scholarship"))
    reply = await talk.handle(Turn("u10", text="and what is the GCTF?"))
    assert decision(reply)["entry"] == "gctf"


async def test_a_detail_the_paper_lacks_says_so_and_names_the_channel(catalog: Catalog) -> None:
    question = "what is the application deadline for the ICDF scholarship?"
    reply = await conversation(catalog, {question: sure("taiwanicdf-scholarship")}).handle(
        Turn("u11", text=question)
    )
    assert decision(reply)["action"] == "not_in_paper"
    assert decision(reply)["silence"] == "deadline"
    assert "icdf.org.tw" in reply.messages[0].text  # the official channel to ask instead


async def test_a_country_and_a_topic_answer_from_that_country(catalog: Catalog) -> None:
    question = "What did Taiwan do in Eswatini during COVID?"
    parse = sure("covid-19-assistance", entities=[{"entity": "country", "value": "eswatini"}])
    reply = await conversation(catalog, {question: parse}).handle(Turn("u12", text=question))
    texts = fact_texts(reply, catalog)
    assert decision(reply)["country"] == "eswatini"
    assert texts and "Eswatini" in texts[0]


async def test_say_it_in_another_language_repeats_the_last_answer_there(catalog: Catalog) -> None:
    question = "since when does TaiwanICDF give scholarships to foreign students?"
    talk = conversation(catalog, {question: sure("taiwanicdf-scholarship")})
    first = await talk.handle(Turn("u13", text=question))
    again = await talk.handle(Turn("u13", text="en español, por favor"))
    assert again.lang == "es"
    assert decision(again)["repeated"] is True
    assert decision(again)["facts"] == decision(first)["facts"]
    chinese = await talk.handle(Turn("u13", text="請用中文"))
    assert chinese.lang == "zh-Hant"
    assert "1998" in chinese.messages[0].text
    later = await talk.handle(Turn("u13", text="gracias"))  # the chosen language stays
    assert later.lang in ("es", "zh-Hant")


async def test_every_fact_answer_cites_the_lines_of_the_facts_it_gives(catalog: Catalog) -> None:
    question = "since when does TaiwanICDF give scholarships to foreign students?"
    reply = await conversation(catalog, {question: sure("taiwanicdf-scholarship")}).handle(
        Turn("u14", text=question)
    )
    entry = catalog.get("taiwanicdf-scholarship")
    assert entry is not None
    for ref in decision(reply)["facts"]:
        lines = entry.facts[ref["index"]].lines.replace("-", "–")
        assert lines in reply.messages[0].text
    assert "2023" in reply.messages[0].text  # the edition the facts come from


async def test_a_fallback_can_be_voted_down_and_the_question_is_logged_for_the_report(
    catalog: Catalog,
) -> None:
    store = MemoryStateStore()
    talk = Conversation(lambda: catalog, ScriptedNlu({}), store)
    reply = await talk.handle(Turn("u15", text="gold card visa for my husband, phone +886 912 345 678?"))
    assert decision(reply)["action"] == "fallback"
    assert "f:-:fallback" in button_data(reply)
    await talk.handle(Turn("u15", button="f:-:fallback"))
    events = await store.events()
    assert [e.action for e in events] == ["fallback", "thumbs_down"]
    assert all("912" not in e.question and "u15" not in e.question for e in events)
    assert events[1].entry == "fallback" and "gold card" in events[1].question


async def test_a_did_you_mean_and_a_paper_silence_are_logged_with_what_was_chosen(catalog: Catalog) -> None:
    store = MemoryStateStore()
    deadline = "what is the application deadline for the ICDF scholarship?"
    parses = {
        "scholarship": fallback_between(("taiwanicdf-scholarship", 0.24), ("taiwan-scholarship", 0.22)),
        deadline: sure("taiwanicdf-scholarship"),
        "What is the GCTF?": sure("gctf"),
    }
    talk = Conversation(lambda: catalog, ScriptedNlu(parses), store)
    for n, text in enumerate(parses):
        await talk.handle(Turn(f"u{n}", text=text))
    events = await store.events()
    assert [e.action for e in events] == ["did_you_mean", "not_in_paper", "answer"]
    assert "taiwanicdf-scholarship:0.24" in events[0].top and events[0].question == "scholarship"
    assert events[1].entry == "taiwanicdf-scholarship" and events[1].question == deadline
    assert events[2].entry == "gctf" and events[2].question == ""  # answered: counted, not kept


# -- the fact that answers, in context ---------------------------------------------------------


async def test_a_follow_up_with_words_the_last_facts_lack_gets_the_fact_that_has_them(
    catalog: Catalog,
) -> None:
    # The last answer gave the check-up rates; the nurses were counted in another fact.
    mothers = "What is Taiwan doing for newborns and mothers in Eswatini?"
    talk = conversation(catalog, {mothers: sure("country-eswatini")})
    await talk.handle(Turn("c0", text=mothers))
    since = decision(await talk.handle(Turn("c0", text="since when?")))
    assert all("trained" not in catalog.entries[f["entry"]].facts[f["index"]].text.en for f in since["facts"])
    reply = await talk.handle(Turn("c0", text="and how many nurses and midwives were trained?"))
    assert decision(reply)["follow_up"] and decision(reply)["entry"] == "country-eswatini"
    assert "trained" in fact_texts(reply, catalog)[0]


async def test_a_follow_up_in_the_topics_own_words_is_not_answered_from_rasas_guess(catalog: Catalog) -> None:
    university = "臺巴科技大學是什麼？"
    guess = Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), ("pacific-islands-leadership-program", 0.2)])
    talk = conversation(catalog, {university: sure("taiwan-paraguay-polytechnic"), "在臺灣住多久？": guess})
    await talk.handle(Turn("c0b", text=university))
    await talk.handle(Turn("c0b", text="第一屆學生有幾位？"))
    reply = await talk.handle(Turn("c0b", text="在臺灣住多久？"))
    assert decision(reply)["entry"] == "taiwan-paraguay-polytechnic"  # not PILP's "6 weeks in Taiwan"
    assert "一年半" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_and_one_word_of_detail_stays_on_the_topic_though_rasa_guesses_another(
    catalog: Catalog,
) -> None:
    his = "臺灣在巴拉圭的醫療資訊系統做了什麼？"
    guess = Parse("mofa", 0.35, [("mofa", 0.35), ("ukraine-assistance", 0.1)])  # MOFA's budget
    talk = conversation(catalog, {his: sure("country-paraguay"), "那經費多少？": guess})
    await talk.handle(Turn("c0c", text=his))
    reply = await talk.handle(Turn("c0c", text="那經費多少？"))
    assert decision(reply)["follow_up"] and decision(reply)["entry"] == "country-paraguay"


async def test_a_deadline_is_not_answered_by_a_fact_about_the_long_term(catalog: Catalog) -> None:
    # The Taiwan Scholarship's texts say "desarrollo de largo plazo": no "plazo" (deadline) at all.
    deadline = "¿Cuál es el plazo de postulación de la Beca Taiwán?"
    reply = await conversation(catalog, {deadline: sure("taiwan-scholarship")}).handle(
        Turn("c0d", text=deadline)
    )
    assert (decision(reply)["action"], decision(reply)["silence"]) == ("not_in_paper", "deadline")


async def test_since_when_after_a_fact_asks_about_that_fact(catalog: Catalog) -> None:
    where = "Where was the GCTF's first event abroad?"
    talk = conversation(catalog, {where: sure("gctf")})
    first = decision(await talk.handle(Turn("c1", text=where)))
    shown = first["facts"][0]
    assert "Palau" in catalog.entries["gctf"].facts[shown["index"]].text.en
    again = decision(await talk.handle(Turn("c1", text="since when?")))
    assert again["follow_up"] and again["facts"][0] == shown  # the 2019 event, not the 2015 founding


async def test_a_total_asked_of_the_by_year_list_comes_from_the_related_entry(catalog: Catalog) -> None:
    question = "How many GCTF workshops have there been so far?"
    reply = await conversation(catalog, {question: sure("gctf-workshops-by-year", 0.8)}).handle(
        Turn("c2", text=question)
    )
    assert decision(reply)["entry"] == "gctf"
    assert any("61" in text for text in fact_texts(reply, catalog))


async def test_a_fact_elsewhere_that_says_every_word_of_the_question_answers_it(catalog: Catalog) -> None:
    # Rasa places it on the by-year list, whose 2019 line fits only part of it; Palau's entry
    # says "the GCTF held an event outside Taiwan for the first time".
    where = "Where was the first GCTF event held outside Taiwan?"
    reply = await conversation(catalog, {where: sure("gctf-workshops-by-year", 0.7)}).handle(
        Turn("c2b", text=where)
    )
    assert decision(reply)["entry"] != "gctf-workshops-by-year"
    assert "Palau" in fact_texts(reply, catalog)[0]


async def test_when_it_was_founded_is_answered_by_the_founding_not_a_yearly_result(catalog: Catalog) -> None:
    # Rasa leans to the by-year results, whose every line names the TFD and a year.
    founded = "When was the TFD (Taiwan Foundation for Democracy) established?"
    lean = Parse(
        "tfd-results-by-year",
        0.47,
        [("tfd-results-by-year", 0.47), ("taiwan-foundation-for-democracy", 0.43)],
    )
    reply = await conversation(catalog, {founded: lean}).handle(Turn("c2c", text=founded))
    assert "2003" in fact_texts(reply, catalog)[0]


async def test_what_a_program_is_is_answered_by_its_summary_first(catalog: Catalog) -> None:
    question = "How does the GCTF work?"
    reply = await conversation(catalog, {question: sure("gctf")}).handle(Turn("c3", text=question))
    assert decision(reply)["lead"] == "summary"


async def test_that_project_points_back_at_the_topic_and_its_budget_is_not_in_the_paper(
    catalog: Catalog,
) -> None:
    opener = "what does Taiwan do for mothers and babies in Eswatini?"
    budget = "what's the budget of that project?"
    talk = conversation(catalog, {opener: sure("country-eswatini"), budget: sure("mofa", 0.46)})
    await talk.handle(Turn("c4", text=opener))
    reply = decision(await talk.handle(Turn("c4", text=budget)))
    assert reply["follow_up"] and reply["entry"] == "country-eswatini"
    assert reply["action"] == "not_in_paper" and reply["silence"] == "amount"


async def test_a_phone_number_is_a_detail_the_paper_never_gives(catalog: Catalog) -> None:
    question = "國合會的聯絡電話是多少？"
    reply = await conversation(catalog, {question: sure("taiwanicdf")}).handle(Turn("c5", text=question))
    assert decision(reply)["action"] == "not_in_paper" and decision(reply)["silence"] == "contact"


async def test_a_question_asked_to_be_answered_in_english_is(catalog: Catalog) -> None:
    question = "請改用英文回答：GCTF 是什麼？"
    reply = await conversation(catalog, {question: sure("gctf")}).handle(Turn("c6", text=question))
    assert reply.lang == "en" and decision(reply)["entry"] == "gctf"


async def test_a_short_message_rasa_cannot_place_is_read_against_the_topic(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "¿Qué hace Taiwán en Nauru?": sure("country-nauru"),
            # Rasa only guesses, far from anything: no entry of its own, no out-of-scope lead
            "¿qué se terminó en 2020?": fallback_between(("country-palau", 0.09), ("gctf", 0.07)),
        },
    )
    await talk.handle(Turn("u40", text="¿Qué hace Taiwán en Nauru?"))
    reply = decision(await talk.handle(Turn("u40", text="¿qué se terminó en 2020?")))
    assert reply["action"] == "answer" and reply["follow_up"] is True
    assert reply["entry"] == "country-nauru"


async def test_a_weak_out_of_scope_guess_on_the_contents_own_word_is_answered(catalog: Catalog) -> None:
    weak = Parse(
        "nlu_fallback",
        0.3,
        [
            ("nlu_fallback", 0.3),
            ("out_of_scope", 0.23),
            ("taiwanicdf-scholarship", 0.17),
            ("guide-scholarships", 0.1),
        ],
    )
    reply = decision(await conversation(catalog, {"獎學金": weak}).handle(Turn("u41", text="獎學金")))
    assert reply["action"] == "answer" and reply["entry"] == "guide-scholarships"


async def test_another_donors_program_is_out_of_scope(catalog: Catalog) -> None:
    guess = fallback_between(("guide-volunteering", 0.29), ("icdf-overseas-volunteers", 0.24))
    question = "韓國KOICA的海外志工要怎麼申請？"
    reply = decision(await conversation(catalog, {question: guess}).handle(Turn("u42", text=question)))
    assert reply["action"] == "fallback"


async def test_a_country_with_no_entry_gets_the_fact_that_names_it(catalog: Catalog) -> None:
    assert catalog.for_country("bulgaria") is None  # the paper names it once, in the NGO projects
    bulgaria = fallback_between(
        ("guide-africa-middle-east", 0.08),
        ("country-belize", 0.06),
        entities=[{"entity": "country", "value": "bulgaria"}],
    )
    question = "What does Taiwan do in Bulgaria?"
    reply = await conversation(catalog, {question: bulgaria}).handle(Turn("u43", text=question))
    assert (decision(reply)["action"], decision(reply)["lead"]) == ("answer", "fact")
    assert "Bulgaria" in fact_texts(reply, catalog)[0]
    assert "Bulgaria" in reply.messages[0].text


async def test_and_in_a_country_with_no_entry_moves_to_the_fact_that_names_it(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "What does Taiwan do in Africa?": sure("guide-africa-middle-east"),
            "and in Côte d'Ivoire?": Parse(
                "nlu_fallback",
                0.3,
                [("nlu_fallback", 0.3), ("country-haiti", 0.07)],
                entities=[{"entity": "country", "value": "cote-divoire"}],
            ),
        },
    )
    await talk.handle(Turn("u44", text="What does Taiwan do in Africa?"))
    reply = await talk.handle(Turn("u44", text="and in Côte d'Ivoire?"))
    assert decision(reply)["country"] == "cote-divoire"
    assert "Côte d'Ivoire" in fact_texts(reply, catalog)[0]


async def test_and_in_a_region_moves_to_that_regions_guide(catalog: Catalog) -> None:
    question = "¿Qué hace Taiwán en América Latina?"
    africa = Parse(
        "nlu_fallback",
        0.3,
        [("nlu_fallback", 0.3), ("guide-africa-middle-east", 0.28), ("country-south-africa", 0.2)],
    )
    talk = conversation(catalog, {question: sure("guide-latin-america-caribbean"), "¿y en África?": africa})
    await talk.handle(Turn("u45", text=question))
    reply = await talk.handle(Turn("u45", text="¿y en África?"))
    assert (decision(reply)["entry"], decision(reply)["follow_up"]) == ("guide-africa-middle-east", True)


async def test_a_question_the_paper_never_answers_about_such_a_country_is_not_given_a_fact(
    catalog: Catalog,
) -> None:
    assert catalog.for_country("cote-divoire") is None
    currency = fallback_between(
        ("oda-and-sdgs", 0.08), ("mofa", 0.07), entities=[{"entity": "country", "value": "cote-divoire"}]
    )
    question = "¿Cuál es la moneda de Costa de Marfil?"
    reply = await conversation(catalog, {question: currency}).handle(Turn("u46", text=question))
    assert decision(reply)["action"] == "fallback"


async def test_a_tie_resting_only_on_a_countrys_name_is_not_offered(catalog: Catalog) -> None:
    tie = fallback_between(
        ("country-paraguay", 0.19),
        ("taiwan-paraguay-polytechnic", 0.19),
        entities=[{"entity": "country", "value": "paraguay"}],
    )
    question = "How can I get a Paraguayan passport?"
    reply = await conversation(catalog, {question: tie}).handle(Turn("u47", text=question))
    assert decision(reply)["action"] == "fallback"


async def test_a_fact_that_only_names_the_country_does_not_answer_an_unrelated_question(
    catalog: Catalog,
) -> None:
    unsure = fallback_between(
        ("country-guatemala", 0.1),
        ("taiwan-paraguay-polytechnic", 0.08),
        entities=[{"entity": "country", "value": "guatemala"}],
    )
    question = "When is the president of Guatemala's birthday?"
    reply = await conversation(catalog, {question: unsure}).handle(Turn("u48", text=question))
    assert decision(reply)["action"] == "fallback"


async def test_how_to_apply_to_a_program_whose_procedure_the_paper_lacks_is_a_silence(
    catalog: Catalog,
) -> None:
    mobile, subsidies = catalog.get("mobile-medical-missions"), catalog.get("mofa-ngo-subsidies")
    assert mobile is not None and not mobile.has_application_info
    question = "I'm a doctor, how do I sign up for a mobile medical mission?"
    talk = conversation(catalog, {question: sure("mobile-medical-missions", 0.8)})
    reply = decision(await talk.handle(Turn("u49", text=question)))
    assert (reply["action"], reply["aspect"], reply["silence"]) == ("aspect", "apply", "how_to_apply")
    assert subsidies is not None and subsidies.has_application_info  # apply online, the paper says
    question = "how do I apply for a MOFA subsidy for our NGO?"
    talk = conversation(catalog, {question: sure("mofa-ngo-subsidies", 0.8)})
    reply = decision(await talk.handle(Turn("u50", text=question)))
    assert (reply["action"], reply.get("aspect"), reply.get("silence")) == ("aspect", "apply", None), reply


async def test_there_points_at_the_place_of_the_conversation(catalog: Catalog) -> None:
    first = "Does Taiwan have a medical team in Somaliland?"
    team = Parse(
        "resident-medical-missions",
        0.5,
        [("resident-medical-missions", 0.5), ("country-somaliland", 0.4)],
        entities=[{"entity": "country", "value": "somaliland"}],
    )
    vaccines = fallback_between(("country-poland", 0.09), ("country-somaliland", 0.08))
    talk = conversation(
        catalog,
        {
            first: team,
            "when did the team arrive?": Parse("nlu_fallback", 0.3, []),
            "did Taiwan send vaccines there too?": vaccines,
        },
    )
    await talk.handle(Turn("u51", text=first))
    await talk.handle(Turn("u51", text="when did the team arrive?"))
    reply = await talk.handle(Turn("u51", text="did Taiwan send vaccines there too?"))
    assert (decision(reply)["country"], decision(reply)["follow_up"]) == ("somaliland", True)
    assert any("Medigen" in text for text in fact_texts(reply, catalog))


async def test_is_there_names_no_place(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "What does Taiwan do in Paraguay?": sure("country-paraguay"),
            "is there a scholarship for me?": sure("guide-scholarships"),
        },
    )
    await talk.handle(Turn("u52", text="What does Taiwan do in Paraguay?"))
    reply = decision(await talk.handle(Turn("u52", text="is there a scholarship for me?")))
    assert (reply["entry"], reply.get("country")) == ("guide-scholarships", None)


async def test_they_after_an_answer_asks_about_its_topic(catalog: Catalog) -> None:
    talk = conversation(
        catalog,
        {
            "臺灣民主基金會是什麼時候成立的？": sure("taiwan-foundation-for-democracy"),
            "他們有頒什麼獎嗎？": fallback_between(("guide-pacific", 0.21), ("country-palau", 0.03)),
        },
    )
    await talk.handle(Turn("u53", text="臺灣民主基金會是什麼時候成立的？"))
    reply = await talk.handle(Turn("u53", text="他們有頒什麼獎嗎？"))
    assert (decision(reply)["entry"], decision(reply)["follow_up"]) == (
        "taiwan-foundation-for-democracy",
        True,
    )
    assert any("民主人權獎" in text for text in fact_texts(reply, catalog, "zh-Hant"))


async def test_a_sure_out_of_scope_question_mid_conversation_is_no_follow_up(catalog: Catalog) -> None:
    world_cup = Parse("out_of_scope", 0.83, [("out_of_scope", 0.83), ("tfd-democracy-programs", 0.11)])
    talk = conversation(
        catalog,
        {"What does Taiwan do in Israel?": sure("country-israel"), "who won the 2022 World Cup?": world_cup},
    )
    await talk.handle(Turn("u54", text="What does Taiwan do in Israel?"))
    reply = decision(await talk.handle(Turn("u54", text="who won the 2022 World Cup?")))
    assert reply["action"] == "fallback"


async def test_a_mainland_word_for_project_meets_the_contents_taiwan_word(catalog: Catalog) -> None:
    # 计划 and 项目 are 計畫 in the paper; OpenCC alone makes them 計劃 and 項目, which no fact says.
    question = "国合会通过哪几种方式执行合作计划？"
    talk = conversation(catalog, {"國合會通過哪幾種方式執行合作計畫？": sure("taiwanicdf", 0.6)})
    reply = await talk.handle(Turn("u-plan", text=question))
    assert decision(reply)["entry"] == "taiwanicdf"
    assert "投資融資" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_misspelt_how_many_still_gets_the_number_first(catalog: Catalog) -> None:
    typed = "during covid how mnay countries did taiwan help frontline medical workers?"
    read = "during covid how many countries did taiwan help frontline medical workers?"
    parse = sure("covid-19-assistance", 0.6)
    reply = await conversation(catalog, {typed: parse, read: parse}).handle(Turn("u-typo", text=typed))
    assert decision(reply)["asked"] == ["count"]
    assert decision(reply)["lead"] == "fact"
    assert "80" in fact_texts(reply, catalog)[0]


async def test_the_cost_of_a_project_the_topics_amounts_never_name_is_not_in_the_paper(
    catalog: Catalog,
) -> None:
    talk = conversation(catalog, {"What is Taiwan doing in Saint Lucia?": sure("country-st-lucia")})
    await talk.handle(Turn("u-cost", text="What is Taiwan doing in Saint Lucia?"))
    reply = await talk.handle(Turn("u-cost", text="what's the budget of the fruit and vegetable project?"))
    assert decision(reply)["action"] == "not_in_paper"
    assert decision(reply)["silence"] == "amount"
    assert decision(reply)["entry"] == "country-st-lucia"


async def test_an_amount_asked_of_the_topic_itself_is_still_answered(catalog: Catalog) -> None:
    talk = conversation(catalog, {"¿Qué ayuda dio Taiwán a Ucrania?": sure("country-ukraine")})
    await talk.handle(Turn("u-money", text="¿Qué ayuda dio Taiwán a Ucrania?"))
    reply = await talk.handle(Turn("u-money", text="¿y cuánto dinero?"))
    assert decision(reply)["action"] == "answer"
    assert any("40" in text for text in fact_texts(reply, catalog, "es"))


async def test_rasas_other_candidate_answers_when_its_words_cover_the_question(catalog: Catalog) -> None:
    # Rasa leans to the missions' entry, whose words cover too little of the question; TaiwanICDF's
    # entry covers it and gives the same 21 missions
    question = "How many ICDF technical missions are stationed overseas at the moment?"
    parse = fallback_between(("technical-missions", 0.19), ("taiwanicdf", 0.11))
    reply = await conversation(catalog, {question: parse}).handle(Turn("u-icdf", text=question))
    assert decision(reply)["action"] == "answer"
    assert decision(reply)["entry"] == "taiwanicdf"
    assert "21" in fact_texts(reply, catalog)[0]


async def test_how_much_was_donated_of_an_entry_that_counts_the_gifts_gets_the_count(
    catalog: Catalog,
) -> None:
    # 捐了多少 may ask for money or for the masks: Canada's entry gives no amount of money, but
    # the masks it gives answer the question
    question = "台湾给加拿大捐过口罩吗？捐了多少？"
    budget_question = "臺灣給加拿大的預算是多少？"
    parses = {
        "臺灣給加拿大捐過口罩嗎？捐了多少？": sure("country-canada", 0.6),
        budget_question: sure("country-canada"),
    }
    talk = conversation(catalog, parses)
    reply = await talk.handle(Turn("u-canada", text=question))
    assert decision(reply)["action"] == "answer"
    assert "50 萬" in fact_texts(reply, catalog, "zh-Hant")[0]
    budget = await talk.handle(Turn("u-canada2", text=budget_question))
    assert decision(budget)["action"] == "not_in_paper"  # a budget is money and nothing else


async def test_a_country_without_an_entry_named_with_a_topic_gets_the_fact_that_names_it(
    catalog: Catalog,
) -> None:
    # Rasa places it on humanitarian aid, whose facts never name Nigeria; a COVID fact does
    question = "臺灣有沒有援助過尼日利亞？"
    nigeria = [{"entity": "country", "value": "nigeria"}]
    parse = fallback_between(("humanitarian-aid", 0.3), ("covid-19-assistance", 0.1), entities=nigeria)
    reply = await conversation(catalog, {question: parse}).handle(Turn("u-nigeria", text=question))
    assert decision(reply)["action"] == "answer"
    assert any("奈及利亞" in text for text in fact_texts(reply, catalog, "zh-Hant"))


async def test_a_question_whose_subject_is_the_topic_stays_on_it(catalog: Catalog) -> None:
    opener = "What is the smart bus project in St Vincent?"
    snow = "does it snow in Taipei?"
    parses = {opener: sure("country-st-vincent-and-the-grenadines"), snow: sure("out_of_scope", 0.8)}
    talk = conversation(catalog, parses)
    await talk.handle(Turn("u-bus", text=opener))
    reply = await talk.handle(Turn("u-bus", text="did it cut waiting times?"))  # Rasa cannot place it
    assert decision(reply)["action"] == "answer"
    assert decision(reply)["follow_up"] is True
    assert "50%" in fact_texts(reply, catalog)[0]
    other = await talk.handle(Turn("u-bus", text=snow))  # Rasa sure it is something else
    assert decision(other)["action"] == "fallback"


async def test_a_short_follow_up_is_not_handed_to_rasas_other_guess(catalog: Catalog) -> None:
    # Rasa's first guess (Ukraine) lacks the words, its second (ODA) has 成效 ("援助成效"); a
    # one-word question is still about the Bandung project under discussion
    opener = "臺灣在印尼萬隆做的農業計畫是什麼？"
    parses = {
        opener: sure("regional-agriculture-flagship"),
        "成效怎麼樣？": fallback_between(("country-ukraine", 0.3), ("oda-and-sdgs", 0.22)),
    }
    talk = conversation(catalog, parses)
    await talk.handle(Turn("u-bandung", text=opener))
    reply = await talk.handle(Turn("u-bandung", text="成效怎麼樣？"))
    assert decision(reply)["entry"] == "regional-agriculture-flagship"
    assert decision(reply)["follow_up"] is True


async def test_a_short_detail_question_rasa_only_guesses_at_stays_on_the_topic(catalog: Catalog) -> None:
    took_part = "how many people took part?"
    guess = fallback_between(("distant-friends-spanish-course", 0.148), ("country-czechia", 0.148))
    talk = conversation(catalog, {"What is the GCTF?": sure("gctf"), took_part: guess})
    await talk.handle(Turn("c61", text="What is the GCTF?"))
    reply = await talk.handle(Turn("c61", text=took_part))
    assert decision(reply)["follow_up"] and decision(reply)["entry"] == "gctf"
    assert "7,000" in fact_texts(reply, catalog)[0]


async def test_a_fact_is_given_once_when_rasas_second_entry_is_the_named_countrys_own(
    catalog: Catalog,
) -> None:
    question = "常駐索馬利蘭的醫療團是哪家醫院派的？"
    parse = Parse(
        "resident-medical-missions",
        0.713,
        [("resident-medical-missions", 0.713), ("country-somaliland", 0.267)],
        entities=[{"entity": "country", "value": "somaliland"}],
    )
    reply = await conversation(catalog, {question: parse}).handle(Turn("c62", text=question))
    facts = decision(reply)["facts"]
    assert len(facts) == len({(f["entry"], f["index"]) for f in facts})
    assert "萬芳醫院" in fact_texts(reply, catalog, "zh-Hant")[0]


# -- after the paper's time ----------------------------------------------------------------------


async def test_a_later_year_under_rasas_hesitation_is_answered_with_the_papers_date(catalog: Catalog) -> None:
    """An after-the-paper question spends words on its time, as a silent one on its detail: the
    entry Rasa leans to answers, told that the paper's facts end in mid-2023."""
    text = "GCTF 的活動 我們 NGO 可以參加嗎 另外想知道 GCTF 到目前為止總共邀了多少個國家"
    hesitant = fallback_between(("gctf", 0.196), ("gctf-workshops-by-year", 0.146))
    reply = decision(await conversation(catalog, {text: hesitant}).handle(Turn("ap1", text=text)))
    assert (reply["action"], reply.get("entry"), reply.get("after_paper")) == ("answer", "gctf", True)


async def test_a_later_question_that_names_no_entry_gets_the_papers_date_not_a_loose_fact(
    catalog: Catalog,
) -> None:
    text = "How many diplomatic allies does Taiwan have in total right now?"
    hesitant = fallback_between(("covid-19-assistance", 0.2), ("oda-and-sdgs", 0.08))
    reply = decision(await conversation(catalog, {text: hesitant}).handle(Turn("ap2", text=text)))
    assert reply["action"] == "answer" and reply.get("after_paper") is True
    assert reply["entry"] != "covid-19-assistance"  # masks are no answer about allies


async def test_a_later_event_the_entry_barely_covers_gets_the_papers_date(catalog: Catalog) -> None:
    text = "¿Qué ayuda dio Taiwán después de los huracanes de 2025 en el Caribe?"
    hesitant = fallback_between(("guide-latin-america-caribbean", 0.18), ("country-united-states", 0.13))
    reply = decision(await conversation(catalog, {text: hesitant}).handle(Turn("ap3", text=text)))
    entry = "about-white-paper"
    assert (reply["action"], reply.get("entry"), reply.get("after_paper")) == ("answer", entry, True)


async def test_there_in_a_message_naming_a_new_country_is_that_country_not_the_last_one(
    catalog: Catalog,
) -> None:
    first, switch = (
        "what does the Taiwan technical mission actually do in Tuvalu?",
        "ok switching to Palau, is there any fish farming cooperation there?",
    )
    talk = conversation(
        catalog,
        {
            first: sure("country-tuvalu", entities=[{"entity": "country", "value": "tuvalu"}]),
            switch: Parse(
                "country-palau",
                0.53,
                [("country-palau", 0.53), ("palau-onlending", 0.1)],
                entities=[{"entity": "country", "value": "palau"}],
            ),
            "which species exactly?": fallback_between(("find_program", 0.06), ("priority-sectors", 0.05)),
        },
    )
    await talk.handle(Turn("pl1", text=first))
    reply = decision(await talk.handle(Turn("pl1", text=switch)))
    assert (reply["entry"], reply.get("follow_up", False)) == ("country-palau", False)
    follow = decision(await talk.handle(Turn("pl1", text="which species exactly?")))
    assert follow["entry"] == "country-palau"  # the new topic holds


# -- another country's entry ----------------------------------------------------------------------


async def test_another_countrys_entry_never_answers_for_a_named_country(catalog: Catalog) -> None:
    """Rasa leans, weakly, to Vietnam's and Czechia's entries for a question naming the Dominican
    Republic, which has no entry: neither answers, nor is offered; the question asks about today,
    so the paper's date and whom to ask."""
    text = "¿cuántos técnicos taiwaneses trabajan hoy en República Dominicana?"
    parse = fallback_between(
        ("country-vietnam", 0.14),
        ("country-czechia", 0.12),
        entities=[{"entity": "country", "value": "república dominicana"}],
    )
    reply = decision(await conversation(catalog, {text: parse}).handle(Turn("dr1", text=text)))
    assert reply["action"] == "answer" and reply["entry"] == "about-white-paper" and reply["after_paper"]
    assert all(ref["entry"] == "about-white-paper" for ref in reply["facts"])


async def test_a_message_naming_two_countries_may_get_either_ones_entry(catalog: Catalog) -> None:
    text = "¿Taiwán tiene proyectos de quemaduras en Nicaragua u Honduras?"
    parse = Parse(
        "country-honduras",
        0.94,
        [("country-honduras", 0.94), ("out_of_scope", 0.03)],
        entities=[
            {"entity": "country", "value": "nicaragua"},
            {"entity": "country", "value": "honduras"},
        ],
    )
    reply = decision(await conversation(catalog, {text: parse}).handle(Turn("dr2", text=text)))
    assert (reply["action"], reply["entry"]) == ("answer", "country-honduras")


async def test_two_entries_giving_the_same_figure_answer_a_tie_instead_of_asking(catalog: Catalog) -> None:
    """Both entries say "about 25 APEC meetings a year", one after a sentence about 2017: either
    answers, so no "did you mean…?"."""
    text = "臺灣平均每年在APEC主辦多少場會議和活動？"
    tie = fallback_between(("apec-funds", 0.296), ("multilateral-organizations", 0.266))
    reply = await answer_to(catalog, text, tie, "apec1")
    assert decision(reply)["action"] == "answer"
    assert "25" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_message_that_leaves_the_topic_is_no_follow_up_and_there_is_not_the_last_place(
    catalog: Catalog,
) -> None:
    first = "巴拉圭的醫療資訊計畫做了什麼？"
    switch = "換個話題，太平洋那邊有沒有幫婦女團體的項目？"
    talk = conversation(
        catalog,
        {
            first: sure("country-paraguay", entities=[{"entity": "country", "value": "巴拉圭"}]),
            switch: Parse(
                "blue-pacific-economic-inclusion",
                0.48,
                [("blue-pacific-economic-inclusion", 0.48), ("womens-economic-empowerment", 0.2)],
            ),
        },
    )
    await talk.handle(Turn("nt1", text=first))
    reply = decision(await talk.handle(Turn("nt1", text=switch)))
    assert (reply["entry"], reply.get("follow_up", False), reply.get("country")) == (
        "blue-pacific-economic-inclusion",
        False,
        None,
    )


async def test_a_fact_saying_the_paper_gives_no_deadline_does_not_answer_when_the_deadline_is(
    catalog: Catalog,
) -> None:
    """Blue Pacific's fact says the paper "gives no grant amounts or deadlines": a deadline asked
    of it is the paper's silence, not that fact, nor another entry's."""
    text = "婦女團體申請援款的截止日期是什麼時候？"
    parse = Parse(
        "blue-pacific-economic-inclusion",
        0.42,
        [("blue-pacific-economic-inclusion", 0.42), ("womens-economic-empowerment", 0.13)],
    )
    reply = decision(await conversation(catalog, {text: parse}).handle(Turn("bp1", text=text)))
    assert (reply["action"], reply["entry"], reply["silence"]) == (
        "not_in_paper",
        "blue-pacific-economic-inclusion",
        "deadline",
    )


async def test_a_guessed_entry_whose_facts_miss_the_question_gives_way_to_a_fact_that_answers(
    catalog: Catalog,
) -> None:
    """Rasa only guesses medical equipment for "when did Taiwan first send farm technicians
    abroad?"; none of its facts says anything of it, and the 1959 fact (aid history's or Vietnam's) does."""
    text = "臺灣最早是哪一年開始派農業技術人員到國外搞援助的？"
    guessed = fallback_between(("medical-equipment-donation", 0.127), ("humanitarian-aid", 0.064))
    reply = await answer_to(catalog, text, guessed, "ah1")
    assert decision(reply)["action"] == "answer"
    assert decision(reply)["entry"] != "medical-equipment-donation"
    assert "1959" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_country_said_by_way_of_introduction_does_not_outrank_the_program_asked_about(
    catalog: Catalog,
) -> None:
    """A Malaysian asks about the NSP elite classes: their facts answer, not Malaysia's, and
    Malaysia is still the country the reply's note is about."""
    text = "我是馬來西亞華人，明年想去臺灣讀書。聽說外交部有個「連結新南向菁英培育專班」，有哪些合作的大學？"
    parse = Parse(
        "nsp-elite-classes",
        0.998,
        [("nsp-elite-classes", 0.998)],
        entities=[{"entity": "country", "value": "馬來西亞"}],
    )
    # Rasa reads the question without the introduction; the whole message, for its country
    question = text.removeprefix("我是馬來西亞華人，")
    parses = {text: parse, question: Parse("nsp-elite-classes", 0.998, [("nsp-elite-classes", 0.998)])}
    reply = decision(await conversation(catalog, parses).handle(Turn("in1", text=text)))
    assert reply["entry"] == "nsp-elite-classes" and reply["country"] == "malaysia"
    assert {ref["entry"] for ref in reply["facts"]} == {"nsp-elite-classes"}


async def test_a_question_about_today_keeps_its_entry_though_no_fact_says_it(catalog: Catalog) -> None:
    """No TaiwanICDF fact names its current secretary general, and none could: the entry answers
    with the paper's date, not a COVID fact that happens to mention a US Health Secretary."""
    text = "Who is the current Secretary General of TaiwanICDF?"
    hesitant = fallback_between(("taiwanicdf", 0.224), ("icdf-workshops", 0.105))
    reply = decision(await conversation(catalog, {text: hesitant}).handle(Turn("sg1", text=text)))
    assert (reply["action"], reply["entry"], reply["after_paper"]) == ("answer", "taiwanicdf", True)


async def test_a_later_question_rasa_barely_places_is_not_answered_from_its_guess(catalog: Catalog) -> None:
    """ "How many allies in 2026?" barely leans to the Pacific leadership program (0.105): the
    answer is dated, and neither that program's fact nor its contact (East-West Center) leads."""
    text = "¿Cuántos países aliados tiene Taiwán en 2026?"
    hesitant = fallback_between(
        ("pacific-islands-leadership-program", 0.105), ("vocational-training-allies", 0.086)
    )
    reply = decision(await conversation(catalog, {text: hesitant}).handle(Turn("al1", text=text)))
    assert reply["action"] == "answer" and reply["after_paper"]
    assert reply["entry"] != "pacific-islands-leadership-program"


async def test_a_question_that_asks_no_kind_of_detail_is_answered_by_the_one_fact_it_describes(
    catalog: Catalog,
) -> None:
    """ "Besides heavy rain and earthquakes, what else does the early warning system warn of?"
    names no kind of detail and Rasa cannot place it; one fact says every word of it (dengue)."""
    text = "臺灣幫夥伴國家建的「氣象與地震早期預警系統」，除了豪雨和地震，還能預警什麼？"
    unsure = fallback_between(("country-turkey", 0.198), ("middle-east-humanitarian", 0.151))
    reply = await answer_to(catalog, text, unsure, "ew1")
    assert decision(reply)["action"] == "answer"
    assert "登革熱" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_bare_guess_on_words_the_content_never_uses_is_not_answered(catalog: Catalog) -> None:
    """Rasa puts an equation on COVID aid at 0.32; not one of its words is in the content."""
    text = "幫我解一下這個方程：x²-5x+6=0"
    guess = Parse("covid-19-assistance", 0.322, [("covid-19-assistance", 0.322), ("about-bot", 0.189)])
    reply = decision(await conversation(catalog, {text: guess}).handle(Turn("eq1", text=text)))
    assert reply["action"] == "fallback" and "entry" not in reply


async def test_a_country_the_asker_introduces_themselves_with_does_not_push_its_facts_first(
    catalog: Catalog,
) -> None:
    """A Malaysian student asks about the first farming mission to Africa: Malaysia's facts name
    Malaysia, which is no reason to give them; aid history's facts answer."""
    text = "我是馬來西亞的大學生，在寫關於臺灣對外援助歷史的論文，想了解臺灣派到非洲的第一支農耕隊的故事。"
    parse = Parse(
        "aid-history",
        0.426,
        [("aid-history", 0.426), ("healthcare-personnel-training", 0.088)],
        entities=[{"entity": "country", "value": "馬來西亞"}],
    )
    reply = await conversation(catalog, both_readings(text, parse)).handle(Turn("in2", text=text))
    assert decision(reply)["entry"] == "aid-history" and decision(reply)["country"] == "malaysia"
    assert {ref["entry"] for ref in decision(reply)["facts"]} == {"aid-history"}


async def test_environmental_projects_in_a_country_are_found_though_the_paper_says_it_in_full(
    catalog: Catalog,
) -> None:
    text = "臺灣在聖克里斯多福及尼維斯做過哪些跟氣候、環保有關的計畫？"
    unsure = fallback_between(
        ("country-st-kitts-and-nevis", 0.285),
        ("country-jordan", 0.133),
        entities=[{"entity": "country", "value": "聖克里斯多福及尼維斯"}],
    )
    reply = await answer_to(catalog, text, unsure, "sk1")
    assert decision(reply)["entry"] == "country-st-kitts-and-nevis"
    assert "環境保護" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_countrys_mainland_name_meets_the_facts_as_the_contents_name_would(catalog: Catalog) -> None:
    """伯利茲 is Belize on the mainland; no fact says it. Read as 貝里斯, the question's other words
    decide, and the flood warning system is among the facts for "what disaster projects, with all
    its floods?"."""
    text = "伯利茲老是發洪水，臺灣在那邊做過什麼防災計畫？"
    unsure = fallback_between(
        ("country-belize", 0.215),
        ("country-myanmar", 0.088),
        entities=[{"entity": "country", "value": "伯利茲"}],
    )
    reply = await answer_to(catalog, text, unsure, "bz1")
    assert decision(reply)["entry"] == "country-belize"
    assert any("水災早期預警" in text for text in fact_texts(reply, catalog, "zh-Hant"))


async def test_a_domestic_pandemic_measure_the_paper_lists_is_answered(catalog: Catalog) -> None:
    """Appendix 4 lists Taiwan's own COVID-19 measures too; Rasa cannot place the chatbot built
    with HTC DeepQ and LINE, and the fact that names it answers, with its lines."""
    text = "疫情時臺灣和HTC DeepQ、LINE一起做的那個聊天機器人叫什麼？"
    unsure = fallback_between(("about-bot", 0.08), ("taiwan-iha", 0.075))
    reply = await answer_to(catalog, text, unsure, "cv1")
    assert decision(reply)["entry"] == "covid-19-assistance"
    assert "疫止神通" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_how_to_get_something_is_not_answered_by_a_fact_sharing_its_words(catalog: Catalog) -> None:
    """ "How do I get the NHI card?" shares words with the mask-rationing fact (the NHI card was
    how masks were bought); no fact tells how to get one."""
    text = "¿Cómo saco la tarjeta del seguro nacional de salud (NHI) en Taiwán?"
    unsure = fallback_between(("taiwan-sdgs", 0.093), ("nsp-elite-classes", 0.088))
    reply = decision(await conversation(catalog, {text: unsure}).handle(Turn("nhi", text=text)))
    assert reply["action"] == "fallback"


async def test_a_fact_elsewhere_answers_when_rasa_barely_placed_the_question(catalog: Catalog) -> None:
    """Rasa put the Gulf masks question on the COVID partners at 0.32; the Middle East entry's
    fact says nearly all of it, so its number leads, not the partners' European masks."""
    text = "臺灣2020年給海灣國家捐了多少片口罩？"
    barely = Parse(
        "covid-cooperation-partners",
        0.32,
        [("covid-cooperation-partners", 0.32), ("covid-19-assistance", 0.17)],
    )
    reply = await answer_to(catalog, text, barely, "gulf")
    assert decision(reply)["action"] == "answer"
    assert "81,000" in fact_texts(reply, catalog, "zh-Hant")[0]
    # placed with confidence, the entry's own facts answer (Rasa owns the entry)
    sure_parse = sure("covid-cooperation-partners", 0.8)
    reply = await answer_to(catalog, text, sure_parse, "gulf2")
    assert decision(reply)["entry"] == "covid-cooperation-partners"


async def test_a_total_the_paper_states_with_gong_you_answers_how_many_in_all(catalog: Catalog) -> None:
    """「共有 8,474 位」 is a running total as much as 「共計」: "一共有多少…" finds it, not a
    campaign's first-week count."""
    text = "一共有多少位國人或機構捐了援烏物資？"
    unsure = fallback_between(("country-slovakia", 0.19), ("ukraine-assistance", 0.06))
    reply = await answer_to(catalog, text, unsure, "donors")
    assert decision(reply)["action"] == "answer"
    assert "8,474" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_question_asking_no_kind_of_detail_is_answered_by_the_fact_that_says_it(
    catalog: Catalog,
) -> None:
    """ "What working group did Taiwan get APEC to set up?" asks no number, year or partner; the
    APEC entry's facts say little of it, and a fact elsewhere says nearly all of it."""
    text = "2020年臺灣在APEC推動成立了什麼工作小組？"
    talk = conversation(catalog, {text: sure("apec-funds", 0.49)})
    reply = await talk.handle(Turn("apec", text=text))
    assert decision(reply)["action"] == "answer"
    assert "數位健康次級工作小組" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_an_open_question_naming_a_year_gets_the_fact_elsewhere_that_says_it(catalog: Catalog) -> None:
    """The EBRD agribusiness funds' facts say "EBRD", "cooperation" and "fund" as well; only the
    green-energy fund's fact also says 2011, the year the question names."""
    text = "2011年臺灣和歐洲復興開發銀行合作的那個基金叫什麼名字？"
    talk = conversation(catalog, {text: sure("ebrd-agribusiness-funds", 0.52)})
    reply = await talk.handle(Turn("gesf", text=text))
    assert decision(reply)["action"] == "answer"
    assert "綠色能源特別基金" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_where_a_partner_ngo_rebuilt_after_an_earthquake_is_the_place_its_fact_names(
    catalog: Catalog,
) -> None:
    text = (
        "我是印尼來的留學生，老師說臺灣有一個叫芥菜種會的基督教團體"
        "在我們國家幫忙做地震後的重建，是哪裡的地震？"
    )
    unsure = fallback_between(
        ("country-indonesia", 0.15),
        ("about-bot", 0.14),
        entities=[{"entity": "country", "value": "indonesia"}],
    )
    reply = await conversation(catalog, both_readings(text, unsure)).handle(Turn("sulawesi", text=text))
    assert decision(reply)["action"] == "answer"
    assert "蘇拉威西" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_which_kinds_gets_the_fact_that_sorts_the_program_first(catalog: Catalog) -> None:
    """Two facts name the workshops program in full; only a shorter one says they come as global,
    regional and single-country classes, which is what "哪幾種班" asks."""
    text = "國際人力資源培訓研習班有哪幾種班？"
    reply = await answer_to(catalog, text, sure("icdf-workshops", 0.9), "kinds")
    assert decision(reply)["lead"] == "fact"
    assert "全球班" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_what_it_is_called_gets_the_fact_that_names_it(catalog: Catalog) -> None:
    """Every fact of the Marshall women's fund names the fund; the question asks its Marshallese
    name, which one fact gives ("Kōrā em an Kōl Fund")."""
    text = "馬紹爾婦女創業貸款基金用馬紹爾語叫什麼名字？"
    reply = await answer_to(catalog, text, sure("marshall-women-fund", 0.98), "nm")
    assert decision(reply)["lead"] == "fact"
    assert "Kōrā em an Kōl" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_how_many_people_gets_the_count_of_people_not_of_tonnes(catalog: Catalog) -> None:
    """The goods drive for Ukraine gave tonnes, boxes and 8,474 donors; "how many people
    donated?" asks the donors."""
    text = "In the 2022 goods drive for Ukraine, how many people or organisations donated supplies?"
    reply = await answer_to(catalog, text, sure("ukraine-assistance", 0.6), "ppl")
    assert "8,474" in fact_texts(reply, catalog)[0]


async def test_a_contact_question_naming_the_program_gets_its_silence_and_channel(catalog: Catalog) -> None:
    """Rasa hesitates between the ICDF's lending and the ICDF itself; every word but 國合會 asks
    for a phone or an e-mail, which the paper never gives: it says so, with the ICDF's channel."""
    text = "國合會的聯繫電話和email是什麼？"
    unsure = fallback_between(("icdf-lending-investment", 0.16), ("taiwanicdf", 0.14))
    reply = await answer_to(catalog, text, unsure, "tel")
    assert decision(reply)["action"] == "not_in_paper"
    assert decision(reply)["entry"] == "taiwanicdf"
    assert decision(reply)["silence"] == "contact"


async def test_the_askers_country_in_an_introduction_does_not_pull_its_own_facts(catalog: Catalog) -> None:
    """A Vietnamese exchange student asks where the first farming mission to Africa went: the
    answer is Liberia, not what Taiwan did in Vietnam."""
    question = "老師問臺灣第一個派駐非洲的農耕隊是去哪個國家，請問是哪裡？"
    text = "我是越南的交換生在學臺灣外交史，" + question
    vietnam = [{"entity": "country", "value": "vietnam"}]
    unsure = fallback_between(("technical-missions", 0.29), ("aid-history", 0.25))
    parses = {
        question: unsure,
        text: fallback_between(("technical-missions", 0.29), ("aid-history", 0.25), entities=vietnam),
    }
    reply = await conversation(catalog, parses).handle(Turn("intro", text=text))
    assert decision(reply)["action"] == "answer"
    assert "賴比瑞亞" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_alternative_military_service_gets_the_papers_silence_not_the_volunteering_card(
    catalog: Catalog,
) -> None:
    text = "外交替代役要怎麼報名，需要什麼條件？"
    parse = Parse(
        "guide-volunteering", 0.38, [("guide-volunteering", 0.38), ("icdf-overseas-volunteers", 0.32)]
    )
    reply = await answer_to(catalog, text, parse, "tdy")
    assert decision(reply)["action"] == "not_in_paper"
    assert decision(reply)["silence"] == "service"


async def test_how_long_and_how_many_is_answered_with_the_count_the_paper_gives(catalog: Catalog) -> None:
    """The paper gives the Moderna doses but no contract length: the doses answer, rather than
    "the paper does not say how long"."""
    text = "臺灣跟莫德納簽了幾年、一共多少劑的疫苗合約？"
    reply = await answer_to(catalog, text, sure("covid-cooperation-partners", 0.41), "mod")
    assert decision(reply)["action"] == "answer"


async def test_what_a_cooperative_trades_a_month_is_answered_not_taken_for_pay(catalog: Catalog) -> None:
    text = "臺灣在萬隆的農企業計畫，合作社每個月交易量可以到多少噸？"
    reply = await answer_to(catalog, text, sure("regional-agriculture-flagship", 0.75), "bd")
    assert decision(reply)["action"] == "answer"
    assert "20 公噸" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_barely_placed_entry_gives_way_to_the_related_fact_that_says_it(catalog: Catalog) -> None:
    """Rasa barely leans to the GCTF's by-year list; the GCTF entry's own fact says "22 in-person
    events before the pandemic", most of the question, and clearly more than any yearly list."""
    text = "GCTF 在 COVID-19 疫情爆發前辦了幾場實體活動？"
    barely = Parse(
        "gctf-workshops-by-year", 0.3, [("gctf-workshops-by-year", 0.3), ("covid-19-assistance", 0.18)]
    )
    reply = await answer_to(catalog, text, barely, "gctf22")
    assert decision(reply)["action"] == "answer"
    assert "22 場" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_the_first_aid_white_papers_theme_is_in_the_papers_own_entry(catalog: Catalog) -> None:
    text = "2009 年那本《援外政策白皮書》的主軸是什麼？"
    reply = await answer_to(catalog, text, sure("about-white-paper", 0.93), "wp09")
    assert "進步夥伴、永續發展" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_contact_asked_of_a_program_the_keywords_name_without_the_contact_words(
    catalog: Catalog,
) -> None:
    """聯繫 is a rare word in one COVID fact: read with it, the keywords named the wrong entry."""
    text = from_simplified("国合会的联系电话和邮箱是多少？")
    unsure = fallback_between(("icdf-lending-investment", 0.18), ("taiwanicdf-school", 0.118))
    reply = await answer_to(catalog, text, unsure, "ct1")
    assert decision(reply)["action"] == "not_in_paper" and decision(reply)["silence"] == "contact"
    assert decision(reply)["entry"] != "covid-cooperation-partners"


async def test_an_askers_own_country_does_not_displace_another_countrys_entry(catalog: Catalog) -> None:
    """A Malaysian asks where World Vision sponsors children; Rasa leans to Honduras, one of them.
    Malaysia is who asks, not what is asked."""
    text = from_simplified(
        "我系马来西亚人 我妈妈在慈善机构帮忙 她问我台湾世界展望会的资助儿童计划都在哪些国家 有没有非洲的？"
    )
    parse = Parse(
        "country-honduras",
        0.396,
        [("country-honduras", 0.396), ("humanitarian-ngo-partners", 0.361)],
        entities=[{"entity": "country", "value": "馬來西亞"}],
    )
    reply = await conversation(catalog, both_readings(text, parse)).handle(Turn("mw1", text=text))
    assert decision(reply)["entry"] != "country-malaysia"
    assert "史瓦帝尼" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_which_year_names_no_topic_so_the_year_of_the_first_mission_answers(catalog: Catalog) -> None:
    text = "想了解一下臺灣最早是哪一年開始派農耕隊出去的？"
    unsure = fallback_between(("technical-missions", 0.267), ("aid-history", 0.191))
    reply = await answer_to(catalog, text, unsure, "fy1")
    assert decision(reply)["action"] == "answer"
    assert "1959" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_a_former_agencys_short_name_is_not_read_as_taiwanicdf(catalog: Catalog) -> None:
    """jieba cuts 海合會 as 海/合會, and 合會 is in every 國合會: a TaiwanICDF fund's founding won."""
    text = "海合會是哪個部門在哪一年成立的？"
    reply = await answer_to(catalog, text, sure("aid-history", 0.588), "ha1")
    assert decision(reply)["entry"] == "aid-history"
    assert "1989" in fact_texts(reply, catalog, "zh-Hant")[0]


async def test_in_a_program_about_the_country_named_naming_it_tells_no_fact_apart(catalog: Catalog) -> None:
    """Nearly every fact of Ukraine's aid names Ukraine: the hospitals' fact, which does, must not
    beat the goods drive's count of donors, which says 援烏."""
    text = from_simplified("援助乌克兰的物资募集，一共有多少位民众或机构捐了东西？")
    parse = Parse(
        "ukraine-assistance",
        0.749,
        [("ukraine-assistance", 0.749), ("country-ukraine", 0.1)],
        entities=[{"entity": "country", "value": "烏克蘭"}],
    )
    reply = await answer_to(catalog, text, parse, "ua1")
    assert decision(reply)["entry"] == "ukraine-assistance"
    assert "8,474" in fact_texts(reply, catalog, "zh-Hant")[0]
