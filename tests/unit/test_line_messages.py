"""The LINE channel's mapping of replies onto LINE's forms (no network, no Rasa)."""

from __future__ import annotations

import email.utils
import time

import pytest
from linebot.v3.messaging import ApiException

from bot.channels.line import (
    graphemes,
    label,
    line_messages,
    plain_text,
    quick_reply_buttons,
    retry_after_s,
    text_turn,
    texts_of,
    utf16_len,
)
from bot.core import render
from bot.core.types import Button, Message, Reply


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


def test_quick_replies_keep_the_last_button_and_fill_from_earlier_messages() -> None:
    many = [[Button(f"Entry {i}", f"t:entry-{i}")] for i in range(20)] + [[Button("« Back", "m:main")]]
    chosen = quick_reply_buttons([Message("list", many)])
    assert len(chosen) == 13 and chosen[-1].data == "m:main" and chosen[0].data == "t:entry-0"
    greeting = Message("hi", render.main_menu_buttons("en"))
    picker = Message("language?", [[Button("English", "l:en"), Button("Español", "l:es")]])
    chosen = quick_reply_buttons([greeting, picker, Message("notice")])
    assert [b.data for b in chosen][-2:] == ["l:en", "l:es"]
    assert "m:study" in [b.data for b in chosen] and len(chosen) <= 13
    odd = Message("x", [[Button("ok", "m:main"), Button("dup", "m:main"), Button("long", "x" * 301)]])
    assert [b.text for b in quick_reply_buttons([Message("a", [[Button("ok", "m:main")]]), odd])] == ["ok"]


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
