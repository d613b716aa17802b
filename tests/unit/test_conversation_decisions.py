"""What the conversation does with what Rasa reports: asking rather than guessing, giving up
gracefully, and using the places a message names. Rasa's answers are scripted here (the real
server is exercised in tests/integration); everything else is the real conversation."""

from __future__ import annotations

from bot.content.store import Catalog
from bot.core.conversation import Conversation
from bot.core.nlu import Parse
from bot.core.state import MemoryStateStore
from bot.core.types import Turn


class ScriptedNlu:
    """Answers each text with the parse the test prepared for it."""

    def __init__(self, parses: dict[str, Parse]) -> None:
        self._parses = parses

    async def parse(self, text: str) -> Parse:
        return self._parses[text]


def fallback_between(first: tuple[str, float], second: tuple[str, float], **extra: object) -> Parse:
    return Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), first, second], **extra)  # type: ignore[arg-type]


def conversation(catalog: Catalog, parses: dict[str, Parse]) -> Conversation:
    return Conversation(lambda: catalog, ScriptedNlu(parses), MemoryStateStore())  # type: ignore[arg-type]


def button_data(reply) -> list[str]:
    return [b.data for m in reply.messages for row in m.buttons for b in row]


async def test_two_close_topics_get_did_you_mean_buttons_and_something_else(catalog: Catalog) -> None:
    talk = conversation(catalog, {"zzz qqq": fallback_between(("gctf", 0.26), ("icdf-workshops", 0.22))})
    reply = await talk.handle(Turn("u1", text="zzz qqq"))
    assert reply.topic is None
    assert "Did you mean" in reply.messages[0].text
    data = button_data(reply)
    assert data[:2] == ["t:gctf", "t:icdf-workshops"]
    assert data[-1] == "m:main"  # "Something else"


async def test_two_misses_in_a_row_offer_the_menu_and_official_contacts(catalog: Catalog) -> None:
    nothing = Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), ("out_of_scope", 0.2)])
    talk = conversation(catalog, {"blah": nothing, "blah blah": nothing})
    first = await talk.handle(Turn("u2", text="blah"))
    assert "not sure I understood" in first.messages[0].text
    assert all("mofa.gov.tw" not in m.text for m in first.messages)
    second = await talk.handle(Turn("u2", text="blah blah"))
    assert "not sure I understood" in second.messages[0].text
    assert "https://www.mofa.gov.tw/" in second.messages[-1].text
    assert {"m:study", "m:training", "m:ngo", "m:countries"} <= set(button_data(second))  # the topic menu


async def test_a_good_answer_resets_the_misses(catalog: Catalog) -> None:
    nothing = Parse("nlu_fallback", 0.3, [("nlu_fallback", 0.3), ("out_of_scope", 0.2)])
    gctf = Parse("gctf", 0.9, [("gctf", 0.9)])
    talk = conversation(catalog, {"blah": nothing, "gctf?": gctf})
    await talk.handle(Turn("u3", text="blah"))
    assert (await talk.handle(Turn("u3", text="gctf?"))).topic == "gctf"
    again = await talk.handle(Turn("u3", text="blah"))
    assert all("mofa.gov.tw" not in m.text for m in again.messages)  # a first miss again


async def test_unsure_but_a_named_country_answers_with_that_country_or_its_region(catalog: Catalog) -> None:
    vietnam = fallback_between(
        ("country-japan", 0.08), ("gctf", 0.05), entities=[{"entity": "country", "value": "vietnam"}]
    )
    paraguay = fallback_between(
        ("gctf", 0.08), ("country-japan", 0.05), entities=[{"entity": "country", "value": "paraguay"}]
    )
    talk = conversation(catalog, {"vn": vietnam, "py": paraguay})
    assert (await talk.handle(Turn("u4", text="vn"))).topic == "guide-asia-new-southbound"
    assert (await talk.handle(Turn("u4", text="py"))).topic == "country-paraguay"


async def test_how_to_apply_with_nothing_under_discussion_gets_the_guide(catalog: Catalog) -> None:
    ask = Parse("ask_how_to_apply", 0.8, [("ask_how_to_apply", 0.8)])
    unsure = fallback_between(("ask_how_to_apply", 0.25), ("guide-how-to-apply", 0.2))
    talk = conversation(catalog, {"how do I apply?": ask, "apply how": unsure})
    assert (await talk.handle(Turn("u5", text="how do I apply?"))).topic == "guide-how-to-apply"
    assert (await talk.handle(Turn("u6", text="apply how"))).topic == "guide-how-to-apply"


async def test_out_of_scope_is_never_offered_as_a_guess(catalog: Catalog) -> None:
    oos = Parse("out_of_scope", 0.7, [("out_of_scope", 0.7), ("gctf", 0.2), ("icdf-workshops", 0.1)])
    reply = await conversation(catalog, {"weather?": oos}).handle(Turn("u7", text="weather?"))
    assert reply.topic is None
    assert "Did you mean" not in reply.messages[0].text
