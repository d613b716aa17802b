"""The LINE channel's mapping of replies onto LINE's forms (no network, no Rasa)."""

from __future__ import annotations

import email.utils
import time

import pytest
from linebot.v3.messaging import ApiException

from bot.channels.line import (
    line_messages,
    plain_text,
    retry_after_s,
    source_of,
    source_turn,
    text_turn,
    texts_of,
)
from bot.channels.line_buttons import (
    graphemes,
    label,
    labels_for,
    parse_more,
    parse_more_items,
    quick_items,
    quick_reply_buttons,
    utf16_len,
)
from bot.content.store import Catalog
from bot.core import callbacks, render
from bot.core.types import Button, Message, Reply, Turn
from bot.i18n import gettext_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("🛠 Training in Taiwan", "🛠 Training in Taiwan"),  # exactly 20: kept whole
        ("🎓 Scholarships and study", "🎓 Scholarships…"),  # whole words, no dangling "and"
        # parentheses go first
        ("國際高等人力培訓外籍生獎學金計畫（國合會獎學金）", "國際高等人力培訓外籍生獎學金計畫"),
        ("Taiwan Fellowship (programa de becas)", "Taiwan Fellowship"),
        ("Programa de Becas de Educación Superior Internacional", "Becas de Educación…"),
        ("Supercalifragilisticexpialidocious", "Supercalifragilisti…"),
        ("國際合作發展基金會獎學金計畫國合會獎學金計畫", "國際合作發展基金會獎學金計畫國合會獎學金"),
        ("國際合作發展基金會獎學金計畫國合會獎學金補助", "國際合作發展基金會獎學金計畫國合會獎學…"),
        ("  spaced \n out  ", "spaced out"),
    ],
)
def test_labels_are_shortened_sensibly(text: str, expected: str) -> None:
    assert label(text) == expected
    assert len(label(text)) <= 20


def test_labels_never_split_an_emoji_and_every_ui_label_fits() -> None:
    shortened = label("🇹🇼🇹🇼🇹🇼 flags 👨‍👩‍👧 family 👍🏽 thumbs")
    assert len(shortened) <= 20 and shortened.endswith("…")
    assert all(cluster in "🇹🇼 flags 👨‍👩‍👧 family 👍🏽…" for cluster in graphemes(shortened))
    for lang in ("zh-Hant", "en", "es"):
        for button in [b for row in render.main_menu_buttons(lang) for b in row]:
            assert 1 <= len(label(button.text)) <= 20


def test_graphemes_keep_flags_families_skin_tones_and_accents_whole() -> None:
    assert graphemes("🇹🇼🇯🇵👨‍👩‍👧👍🏽e\u0301ℹ️a") == ["🇹🇼", "🇯🇵", "👨‍👩‍👧", "👍🏽", "e\u0301", "ℹ️", "a"]


def test_html_becomes_plain_text_and_links_keep_their_address() -> None:
    message = Message('<b>Apply</b> at <a href="https://www.icdf.org.tw/">TaiwanICDF</a> &amp; more')
    assert plain_text(message) == "Apply at TaiwanICDF (https://www.icdf.org.tw/) & more"
    same = Message('<a href="https://x.example/">https://x.example/</a>')
    assert plain_text(same) == "https://x.example/"


def test_a_long_reply_becomes_at_most_five_texts_within_the_limit() -> None:
    emoji = "🌏" * 4000  # 8,000 UTF-16 units in 4,000 characters
    reply = Reply("en", [Message("first"), Message(emoji), Message("x " * 20_000), Message("last")])
    texts = texts_of(reply)
    assert texts[0] == "first" and len(texts) <= 5
    assert all(0 < utf16_len(t) <= 5000 for t in texts)
    assert "".join(texts).count("🌏") == 4000


def test_few_short_messages_stay_separate() -> None:
    reply = Reply("en", [Message("one"), Message("two"), Message("   "), Message("three")])
    assert texts_of(reply) == ["one", "two", "three"]
    assert texts_of(Reply("en", [])) == []


def test_quick_replies_keep_every_button_earlier_messages_first() -> None:
    many = [[Button(f"Entry {i}", f"t:entry-{i}")] for i in range(20)] + [[Button("« Back", "m:main")]]
    chosen = quick_reply_buttons([Message("list", many)])
    assert len(chosen) == 21 and chosen[-1].data == "m:main" and chosen[0].data == "t:entry-0"
    greeting = Message("hi", render.main_menu_buttons("en"))
    picker = Message("language?", [[Button("English", "l:en"), Button("Español", "l:es")]])
    chosen = quick_reply_buttons([greeting, picker, Message("notice")])
    assert [b.data for b in chosen][-2:] == ["l:en", "l:es"]
    assert "m:study" in [b.data for b in chosen] and len(chosen) <= 13
    odd = Message("x", [[Button("ok", "m:main"), Button("dup", "m:main"), Button("long", "x" * 301)]])
    assert [b.text for b in quick_reply_buttons([Message("a", [[Button("ok", "m:main")]]), odd])] == ["ok"]


# -- labels among their siblings, and pages ------------------------------------------------------

LANGS = ("en", "es", "zh-Hant")
MENUS = ("/start", "/menu", *(f"m:{name}" for name in callbacks.MENUS))


def menu_reply(source: str, lang: str, catalog: Catalog) -> Reply:
    """What the core answers to these commands and menu buttons (bot/core/conversation.py)."""
    if source == "/start":
        return Reply(lang, [render.greeting(lang), render.language_picker(lang)])
    name = "main" if source == "/menu" else source.removeprefix("m:")
    return Reply(lang, [render.menu_message(name, lang, catalog)])


def all_pages(reply: Reply, catalog: Catalog, source: str | None) -> list[list[dict[str, str]]]:
    """Every page of the reply's quick replies, as LINE gets them, following "More…" as a user
    would: its postback names the page and the source, which the channel answers again."""
    pages: list[list[dict[str, str]]] = []
    page = 0
    while True:
        (*_, last) = line_messages(reply, catalog, source, page)
        assert last.quick_reply is not None
        actions = [item.action for item in last.quick_reply.items]
        pages.append([{"label": a.label, "data": a.data, "display": a.display_text} for a in actions])
        assert len(pages) <= 10, "paging never ends"
        more = parse_more(actions[-1].data)
        if more is None:
            return pages
        page, again = more
        assert again == source and page == len(pages)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("source", MENUS)
def test_every_menu_pages_through_all_its_items_with_short_unique_labels(
    source: str, lang: str, catalog: Catalog
) -> None:
    reply = menu_reply(source, lang, catalog)
    expected = [b.data for b in quick_reply_buttons(reply.messages)]
    pages = all_pages(reply, catalog, source)
    more = gettext_for(lang)("More…")
    reached = []
    for index, page in enumerate(pages):
        assert 1 <= len(page) <= 13
        labels = [a["label"] for a in page]
        assert all(1 <= len(graphemes(text)) <= len(text) <= 20 for text in labels), labels
        assert len({text.casefold() for text in labels}) == len(labels), f"alike labels: {labels}"
        assert all(len(a["data"]) <= 300 and len(a["display"]) <= 300 for a in page)
        if index < len(pages) - 1:
            assert len(page) == 13 and labels[-1] == more and page[-1]["display"] == more
            page = page[:-1]
        reached += [a["data"] for a in page]
    assert reached == expected  # every item, once, in order
    if len(expected) > 13:
        assert len(pages) > 1 and len(pages[0]) == 13


@pytest.mark.parametrize("lang", LANGS)
def test_country_labels_name_the_country(lang: str, catalog: Catalog) -> None:
    pages = all_pages(menu_reply("m:countries", lang, catalog), catalog, "m:countries")
    labels = {a["data"]: a["label"] for page in pages for a in page}
    countries = catalog.by_kind("country")
    assert len(countries) > 13
    for entry in countries:
        assert entry.country is not None
        name = catalog.countries[entry.country].names.get(lang)
        shown = labels[f"t:{entry.id}"]
        if len(name) <= 20:
            assert name in shown, (name, shown)
        else:  # "Saint Vincent and the Grenadines": as much of the name as fits
            assert shown.endswith("…") and name.startswith(shown[:-1]) and len(shown) >= 8, (name, shown)
    if lang != "zh-Hant":  # in Chinese the whole titles fit: 臺灣在巴拉圭的合作
        assert labels["t:country-paraguay"] == "Paraguay"
        assert labels["t:country-ukraine"] == ("Ukraine" if lang == "en" else "Ucrania")


@pytest.mark.parametrize(
    ("lang", "entry_id", "expected"),
    [
        ("en", "country-australia", "« Australia"),
        ("es", "country-australia", "« Australia"),
        ("es", "country-ukraine", "« Ucrania"),
        ("zh-Hant", "country-australia", "« 臺灣與澳洲的合作"),
        ("en", "gctf", "« GCTF"),
    ],
)
def test_back_to_an_entry_is_its_short_name_and_an_arrow(
    lang: str, entry_id: str, expected: str, catalog: Catalog
) -> None:
    entry = catalog.get(entry_id)
    assert entry is not None
    for aspect in ("apply", "who", "src"):
        message = render.aspect_message(entry, aspect, lang, catalog)
        (items, _page, _pages) = quick_items(Reply(lang, [message]), catalog)
        assert items[0].label == expected and items[0].data == f"t:{entry_id}"
        assert items[0].display.startswith(("Back to", "Volver a", "回到"))  # the chat shows it whole


def test_labels_drop_what_siblings_share_and_prefer_acronyms() -> None:
    assert label("Global Cooperation and Training Framework (GCTF)") == "GCTF"
    assert (
        label("Marco de Cooperación y Capacitación Global (GCTF, Global Cooperation and Training)") == "GCTF"
    )
    assert label("Programas relacionados") == "Relacionados"
    assert label("協助國際非政府組織（國際NGO組織的長名稱）來臺設立據點") == "協助國際非政府組織來臺設立據點"
    spanish = [
        Button("La cooperación de Taiwán con Australia", "t:a"),
        Button("Cooperación de Taiwán con las Islas Marshall", "t:b"),
        Button("La ayuda y cooperación de Taiwán con Ucrania", "t:c"),
        Button("« Volver", "m:main"),
    ]
    assert labels_for(spanish, "es") == ["Australia", "Islas Marshall", "Ucrania", "« Volver"]
    chinese = [
        Button(f"臺灣在{name}的合作", f"t:{i}")
        for i, name in enumerate(["聖克里斯多福及尼維斯共和國聯邦", "巴拉圭", "海地"])
    ]
    assert labels_for(chinese, "zh-Hant")[0] == "聖克里斯多福及尼維斯共和國聯邦"
    assert labels_for(chinese, "zh-Hant")[1:] == ["臺灣在巴拉圭的合作", "臺灣在海地的合作"]  # those fit
    alike = [Button("Misiones Médicas Móviles", "t:m"), Button("Misiones Médicas Residentes", "t:r")]
    assert labels_for(alike, "es") == ["Misiones Móviles", "Misiones Residentes"]
    same = [Button("Same name", "t:a"), Button("Same name", "t:b"), Button("More…", "t:c")]
    assert labels_for(same, "en", taken=["More…"]) == ["Same name", "Same name 2", "More… 2"]


def test_a_forged_or_stale_page_number_gets_the_first_page(catalog: Catalog) -> None:
    assert parse_more("~p:abc:m:countries") == (0, "m:countries")
    assert parse_more("~p:-1:m:countries") == (0, "m:countries")
    assert parse_more("~p:99999:m:countries") == (0, "m:countries")
    assert parse_more("m:countries") is None
    reply = menu_reply("m:countries", "en", catalog)
    first, page, pages = quick_items(reply, catalog, "m:countries", 0)
    assert (page, pages) == (0, 4)
    for forged in (4, 99, -1):
        assert quick_items(reply, catalog, "m:countries", forged) == (first, 0, 4)
    (only,) = line_messages(reply, catalog, "m:countries", 2)  # a later page: one short message
    assert only.text.endswith("(3/4)") and "Taiwan in your country" in only.text


def test_an_answer_to_typed_text_carries_the_rest_of_its_buttons_in_the_postback() -> None:
    many = [[Button(f"Program number {i} with a long name", f"t:entry-{i}")] for i in range(17)]
    reply = Reply("es", [Message("answer", [*many, [Button("Menú principal", "m:main")]])])
    items, _page, pages = quick_items(reply, None, source=None)
    assert pages == 2 and len(items) == 13 and items[-1].label == "Más…"
    assert items[-1].data.startswith("~q:") and len(items[-1].data) <= 300
    assert parse_more(items[-1].data) is None
    rest = parse_more_items(items[-1].data)
    assert rest is not None and [b.data for b in rest] == [f"t:entry-{i}" for i in range(12, 17)] + ["m:main"]
    assert parse_more_items("~q:not json") == [] and parse_more_items("~q:{}") == []
    assert parse_more_items('~q:[["x", 5], ["ok", "m:main"]]') == [Button("ok", "m:main")]


def test_only_buttons_and_harmless_commands_are_asked_again() -> None:
    assert source_of(Turn("line:U1", button="m:countries")) == "m:countries"
    assert source_of(Turn("line:U1", command="start")) == "/start"
    assert source_of(Turn("line:U1", command="forget")) is None
    assert source_of(Turn("line:U1", text="hola")) is None
    assert source_turn("line:U1", "/menu").command == "menu"
    assert source_turn("line:U1", "/forget").button == "/forget"  # the core calls it expired


def test_line_messages_put_quick_replies_on_the_last_message_only() -> None:
    reply = Reply("en", [Message("a", [[Button("How to apply", "a:apply:gctf")]]), Message("b")])
    first, last = line_messages(reply)
    assert first.quick_reply is None
    (item,) = last.quick_reply.items
    assert item.action.data == "a:apply:gctf" and item.action.display_text == "How to apply"


def test_typed_commands() -> None:
    assert text_turn("line:U1", " /FORGET ").command == "forget"
    assert text_turn("line:U1", "/nope").text == "/nope"
    assert text_turn("line:U1", "hola").language_code == "zh-Hant"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    def exc(value: str | None) -> ApiException:
        error = ApiException(status=429)
        error.headers = {"Retry-After": value} if value is not None else {}
        return error

    assert retry_after_s(exc("3")) == 3.0
    assert retry_after_s(exc(None)) is None
    assert retry_after_s(exc("soon")) is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after_s(exc(later)) or 0) <= 31
