"""Deep-link payloads, inline matches and the Share button, without a network."""

from __future__ import annotations

import io

import pytest

from bot.channels import console, line_buttons, telegram
from bot.content.store import Catalog
from bot.core.compose import compose, overview
from bot.core.nlu import KeywordSearch
from bot.core.types import Reply


@pytest.fixture(scope="module")
def search(catalog: Catalog) -> KeywordSearch:
    return KeywordSearch(catalog)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["gctf"], "gctf"),
        (["taiwanicdf-scholarship"], "taiwanicdf-scholarship"),
        (None, None),
        ([], None),
        (["not-an-entry"], None),
        (["../../x"], None),
        (["GCTF"], None),
        (["gctf", "extra"], None),
        (["a" * 65], None),
        (["gctf-"], None),
    ],
)
def test_deep_link_payload(catalog: Catalog, args: list[str] | None, expected: str | None) -> None:
    assert telegram.deep_link_entry(args, catalog) == expected


def test_every_answer_offers_share_and_telegram_maps_it_to_inline_mode(catalog: Catalog) -> None:
    for entry in catalog.entries.values():
        for lang in ("zh-Hant", "en", "es"):
            message = compose(overview(entry), lang, catalog)[0]
            shares = [b for b in message.flat_buttons() if b.switch_inline is not None]
            assert [b.switch_inline for b in shares] == [entry.title.get(lang)], entry.id
            markup = telegram.keyboard(message)
            assert markup is not None
            tg = [b for row in markup.inline_keyboard for b in row if b.switch_inline_query is not None]
            assert len(tg) == 1 and tg[0].callback_data is None
            assert len(tg[0].switch_inline_query or "") <= 256


def test_every_screen_of_a_program_offers_share(catalog: Catalog) -> None:
    from bot.core.render import aspect_message

    for entry in catalog.entries.values():
        for aspect in ("more", "apply", "who", "src", "rel"):
            message = aspect_message(entry, aspect, "es", catalog)
            shares = [b.switch_inline for b in message.flat_buttons() if b.switch_inline is not None]
            assert shares == [entry.title.es], (entry.id, aspect)


def test_console_jsonl_and_line_skip_the_share_button(catalog: Catalog) -> None:
    entry = catalog.get("gctf")
    assert entry is not None
    reply = Reply("en", compose(overview(entry), "en", catalog))
    assert all(b.switch_inline is None for b in line_buttons.quick_reply_buttons(reply.messages))
    assert "Share" not in str(reply.to_json("u"))
    out = io.StringIO()
    offered = console._show(reply, out)
    assert offered and all(b.switch_inline is None for b in offered) and "Share" not in out.getvalue()


def test_inline_matches(catalog: Catalog, search: KeywordSearch) -> None:
    entries, lang, personal = telegram.inline_matches("", "es-419", catalog, search)
    assert lang == "es" and personal and all(e.id.startswith("guide-") for e in entries)
    entries, lang, personal = telegram.inline_matches("becas", None, catalog, search)
    assert (entries[0].id, lang, personal) == ("guide-scholarships", "es", False)
    # A title (what Share types) lists its entry first, in the title's language.
    title = catalog.entries["gctf"].title.es
    entries, lang, personal = telegram.inline_matches(title, "zh-TW", catalog, search)
    assert (entries[0].id, lang, personal) == ("gctf", "es", False)
    # An id, or a name with no language of its own: the user's language, so not cached for others.
    entries, lang, personal = telegram.inline_matches("gctf", "zh-TW", catalog, search)
    assert (entries[0].id, lang, personal) == ("gctf", "zh-Hant", True)
    assert len({e.id for e in entries}) == len(entries) <= telegram.INLINE_RESULTS
    # Simplified Chinese is searched as Traditional.
    entries, lang, _ = telegram.inline_matches("奖学金", "en", catalog, search)
    assert lang == "zh-Hant" and "scholarship" in entries[0].id
