"""Rendering of answers and buttons, and the checking of button data."""

from __future__ import annotations

import pytest

from bot.content.store import Catalog
from bot.core import callbacks, render
from bot.core.compose import compose, overview


@pytest.mark.parametrize("lang", ["zh-Hant", "en", "es"])
def test_answer_has_title_source_and_next_steps_in_the_users_language(catalog: Catalog, lang: str) -> None:
    entry = catalog.get("taiwanicdf-scholarship")
    assert entry is not None
    message = compose(overview(entry), lang, catalog)[0]
    assert message.text.startswith(entry.title.get(lang))
    assert entry.facts[0].lines.replace("-", "–") in message.text  # the lines of the fact shown
    labels = {"zh-Hant": "如何申請", "en": "How to apply", "es": "Cómo postular"}
    assert labels[lang] in [b.text for b in message.flat_buttons()]


def test_every_button_of_every_entry_fits_telegram_and_parses_back(catalog: Catalog) -> None:
    for entry in catalog.entries.values():
        for lang in ("zh-Hant", "en", "es"):
            messages = compose(overview(entry), lang, catalog)
            messages += [render.aspect_message(entry, a, lang, catalog) for a in callbacks.ASPECTS]
            for message in messages:
                assert all(len(part.html) <= 4096 for part in message.split(4096)), entry.id
                for button in message.flat_buttons():
                    assert len(button.data.encode()) <= 64
                    assert callbacks.parse(button.data) is not None, button.data


def test_content_text_is_html_escaped(catalog: Catalog) -> None:
    entry = catalog.get("taiwanicdf-scholarship")
    hostile = entry.model_copy(
        update={"summary": entry.summary.model_copy(update={"en": "<script>alert(1)</script> & co"})}
    )
    with_hostile = Catalog({**catalog.entries, entry.id: hostile}, catalog.countries, catalog.fingerprint)
    html = compose(overview(hostile), "en", with_hostile)[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html


def test_source_aspect_quotes_the_original_chinese_and_review_date(catalog: Catalog) -> None:
    message = render.aspect_message(catalog.get("taiwanicdf-scholarship"), "src", "es", catalog)
    assert "夥伴國家甄選推薦之菁英來臺就讀" in message.text
    assert "de 2026" in message.text  # Babel's Spanish long date


@pytest.mark.parametrize(
    "data",
    [
        "",
        "t:",
        "t:UPPER",
        "t:../../x",
        "a:steal:gctf",
        "m:admin",
        "l:fr",
        "x" * 65,
        "t:" + "a" * 70,
        "a:apply:",
    ],
)
def test_forged_or_malformed_button_data_is_rejected(data: str) -> None:
    assert callbacks.parse(data) is None


def test_valid_button_data_round_trips() -> None:
    assert callbacks.parse(callbacks.aspect("apply", "gctf")) == callbacks.Action("aspect", "gctf", "apply")
    assert callbacks.parse(callbacks.lang("zh-Hant")) == callbacks.Action("lang", "zh-Hant")
    assert callbacks.parse(callbacks.menu("study")) == callbacks.Action("menu", "study")
