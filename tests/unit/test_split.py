"""Message.split: every part is valid Telegram HTML within the limit, whatever the content and the limit."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.store import Catalog
from bot.core import callbacks, render
from bot.core.compose import compose, overview
from bot.core.types import Button, Message
from tests.fakes.telegram_html import Styled, parse

BUTTONS = [[Button("More", "t:gctf")], [Button("Menu", "m")]]


def overhead(elements: tuple[tuple[str, str], ...]) -> int:
    """The length of the tags that open and close these elements."""
    return sum(
        len(f'<a href="{html.escape(href)}"></a>' if tag == "a" else f"<{tag}></{tag}>")
        for tag, href in elements
    )


def check_split(message: Message, limit: int) -> list[Message]:
    """Splits a message and checks every promise of Message.split."""
    original = parse(message.html)
    parts = message.split(limit)
    if len(message.html) <= limit:
        assert len(parts) == 1 and parts[0] is message
        return parts
    assert parts
    styled: Styled = []
    for part in parts:
        assert len(part.html) <= limit, (len(part.html), limit)
        chars = parse(part.html)
        assert chars, f"a part with nothing to show: {part.html!r}"
        styled += chars
    assert [p.buttons for p in parts] == [[]] * (len(parts) - 1) + [message.buttons]
    assert "".join(c for c, _ in styled) == "".join(c for c, _ in original)  # all the text, in order
    if all(overhead(elements) + len("&quot;") <= limit for _, elements in original):
        assert styled == original  # and every character keeps its formatting, links their href
    return parts


# Examples


def test_a_message_under_the_limit_is_returned_unchanged() -> None:
    message = Message("<b>Title</b>\n\nshort", BUTTONS)
    assert message.split(4096)[0] is message
    exactly = Message("x" * 4096, BUTTONS)
    assert exactly.split(4096) == [exactly]


def test_a_long_paragraph_in_a_blockquote_is_closed_and_reopened() -> None:
    quote = " ".join(f"word{i}" for i in range(1700))[:10_000]
    parts = check_split(Message(f"<blockquote>{quote}</blockquote>", BUTTONS), 4096)
    assert len(parts) == 3
    assert all(p.html.startswith("<blockquote>word") and p.html.endswith("</blockquote>") for p in parts)
    assert all(re.search(r"word\d+</blockquote>$", p.html) for p in parts[:-1])  # cut between words
    # with the source line above the quote, the line break is the better cut
    parts = check_split(Message(f"<b>Source</b>: section 3\n<blockquote>{quote}</blockquote>", BUTTONS), 4096)
    assert parts[0].html == "<b>Source</b>: section 3"
    assert len(parts) == 4 and all(p.html.startswith("<blockquote>word") for p in parts[1:])


def test_a_long_link_keeps_its_href_in_every_part() -> None:
    href = "https://www.icdf.org.tw/wSite/ct?xItem=12505&amp;ctNode=29909&amp;mp=1"
    message = Message(f'See <a href="{href}">{"the official page " * 400}</a> for more.')
    parts = check_split(message, 1000)
    assert len(parts) > 2
    for part in parts:
        assert part.html.count(f'<a href="{href}">') == 1 and part.html.count("</a>") == 1


def test_a_long_bold_run_without_spaces_is_cut_anywhere_but_stays_bold() -> None:
    message = Message("<b>" + "臺灣國際合作發展基金會" * 500 + "</b>")
    parts = check_split(message, 700)
    assert all(p.html.startswith("<b>") and p.html.endswith("</b>") for p in parts)
    assert all(len(p.html) >= 700 - 2 for p in parts[:-1])  # full parts: cut anywhere when there's no space


def test_nested_elements_are_all_reopened_in_order() -> None:
    message = Message(
        '<blockquote><a href="https://x.org/?a=1&amp;b=2"><b><i>' + "ab " * 500 + "</i></b></a></blockquote>"
    )
    parts = check_split(message, 200)
    opening = '<blockquote><a href="https://x.org/?a=1&amp;b=2"><b><i>'
    assert all(p.html.startswith(opening) and p.html.endswith("</i></b></a></blockquote>") for p in parts)


@pytest.mark.parametrize("entity", ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;"])
def test_entities_are_never_cut_whatever_the_cut_position(entity: str) -> None:
    for limit in range(20, 60):
        for offset in range(len(entity) + 3):
            message = Message("<i>" + "x" * offset + entity * 40 + "</i>")
            check_split(message, limit)
            check_split(Message("x" * offset + entity * 40), limit)


def test_tags_are_never_cut_whatever_the_cut_position() -> None:
    for limit in range(30, 80):
        message = Message(" ".join(f'w<b>{i}</b><a href="https://x.org/{i}">link</a>' for i in range(30)))
        check_split(message, limit)


def test_many_short_paragraphs_are_packed_and_split_between_paragraphs() -> None:
    paragraphs = ["<b>Title</b>"] + [f"• fact {i} &amp; <i>(lines {i}–{i + 3})</i>" for i in range(400)]
    message = Message("\n\n".join(paragraphs), BUTTONS)
    parts = check_split(message, 4096)
    assert len(parts) > 1
    assert all(len(p.html) > 4096 - 60 for p in parts[:-1])  # packed
    assert "\n\n".join(p.html for p in parts) == message.html  # every cut between two paragraphs


def test_lines_are_preferred_to_words_and_words_to_characters() -> None:
    lines = "\n".join(f"line {i} " + "word " * 20 for i in range(100))
    parts = check_split(Message(lines), 1000)
    assert all(p.html.startswith("line ") and p.html.endswith("word") for p in parts)  # cut at line ends
    words = "word " * 1000
    parts = check_split(Message(words), 1000)
    assert " ".join(p.html for p in parts) == words.strip()


def test_buttons_go_on_the_last_part_only() -> None:
    message = Message("\n\n".join("paragraph " * 50 for _ in range(30)), BUTTONS)
    parts = check_split(message, 1000)
    assert len(parts) > 3
    assert [p.buttons for p in parts] == [[]] * (len(parts) - 1) + [BUTTONS]


def test_a_link_too_long_for_the_limit_is_dropped_rather_than_sent_broken() -> None:
    href = "https://example.org/" + "x" * 100
    message = Message(f'<a href="{href}">{"text " * 100}</a>')
    parts = check_split(message, 60)
    assert all("<a" not in p.html for p in parts)


def test_a_limit_below_one_character_is_an_error() -> None:
    with pytest.raises(ValueError):
        Message("&amp;" * 10).split(4)


# Properties, on HTML of the shapes the renderer produces

PIECES = [
    *"abcdefghij ABC 0129 .,;:!?-()/",
    *"臺灣國際合作發展基金會。，、「」",
    *["😀", "👍🏽", "🇹🇼", "👩‍💻", "é", "e\u0301", "ñ", "…", "–"],
    *["&", "<", ">", '"', "'", "&amp;", "a&b", "<b>", "</i>", "&#39;"],
    *[" ", " ", " ", "\n", "\n", "\n\n", "  ", "\xa0", "\t"],
]
text = st.builds(
    lambda pieces, times: html.escape("".join(pieces) * times),
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=("Cs", "Cc"))),
        min_size=1,
        max_size=30,
    ),
    st.one_of(st.just(1), st.integers(1, 60)),
)
href = st.builds(
    lambda path: html.escape("https://example.org/" + path),
    st.text(st.sampled_from(list("abc/?=&%#é中\"'<> ")), max_size=30),
)
leaf = st.one_of(text, text.map(lambda t: f"<code>{t}</code>"))
inline = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(
            lambda tag, kids: f"<{tag}>{''.join(kids)}</{tag}>",
            st.sampled_from("biu"),
            st.lists(inner, min_size=1, max_size=3),
        ),
        st.builds(
            lambda h, kids: f'<a href="{h}">{"".join(kids)}</a>',
            href,
            st.lists(inner, min_size=1, max_size=3),
        ),
        st.lists(inner, min_size=2, max_size=4).map("".join),
    ),
    max_leaves=8,
)
paragraph = st.one_of(
    inline,
    inline.map(lambda t: f"<blockquote>{t}</blockquote>"),
    text.map(lambda t: f"<pre>{t}</pre>"),
    st.builds(lambda head, quote: f"{head}\n<blockquote>{quote}</blockquote>", inline, inline),
)
document = st.lists(paragraph, min_size=1, max_size=10).map("\n\n".join)
limits = st.one_of(st.integers(50, 400), st.integers(50, 4096))


@settings(max_examples=300, deadline=None)
@given(document, limits, st.booleans())
def test_every_part_is_valid_html_within_the_limit_and_nothing_is_lost(
    source: str, limit: int, buttons: bool
) -> None:
    message = Message(source, BUTTONS if buttons else [])
    if not any(not c.isspace() for c in html.unescape(re.sub("<[^>]*>", "", source))):
        return  # nothing to show: not a message the bot sends
    check_split(message, limit)


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join), st.integers(50, 400))
def test_a_long_text_in_one_element_is_split_into_valid_parts(body: str, limit: int) -> None:
    for wrapped in (f"<blockquote>{body}</blockquote>", f'<a href="https://x.org/?q=1&amp;r=2">{body}</a>'):
        if "<blockquote>" in body and wrapped.startswith("<blockquote>"):
            continue  # Telegram has no nested quotes
        if any(not c.isspace() for c in html.unescape(re.sub("<[^>]*>", "", body))):
            check_split(Message(wrapped), limit)


def test_every_real_answer_splits_into_valid_parts(catalog: Catalog) -> None:
    messages = []
    for entry in catalog.entries.values():
        for lang in ("zh-Hant", "en", "es"):
            messages += compose(overview(entry), lang, catalog)
            messages += [render.aspect_message(entry, a, lang, catalog) for a in callbacks.ASPECTS]
    long = [m for m in messages if len(m.html) > 4096]
    assert long  # the ones the channel splits
    for message in long:
        check_split(message, 4096)
    for message in messages[::25]:  # and a sample with a small limit: more cuts, in every kind of text
        check_split(message, 300)
