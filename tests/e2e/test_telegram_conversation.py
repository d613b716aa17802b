"""End to end through the real PTB client and the Bot API stand-in: menus, follow-ups, the finder,
sources, feedback and its export, /forget, stale buttons and long answers."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.settings import ROOT
from tests.fakes.bot_api import BotApiStandIn, callback_update, text_update
from tests.fakes.cli import run_bot
from tests.fakes.running import polling_bot, stand_in

pytestmark = pytest.mark.rasa


@pytest.fixture
async def bot(tmp_path, rasa_url) -> AsyncIterator[tuple[BotApiStandIn, Path]]:
    async with stand_in() as api, polling_bot(api, tmp_path, rasa_url=rasa_url) as assistant:
        yield api, assistant.settings.state_path


def buttons(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def say(api: BotApiStandIn, uid: int, text: str, n: int = 1, lang: str = "en") -> list:
    before = len(api.sent(chat_id=uid))
    api.push(text_update(text, uid=uid, language_code=lang))
    return (await api.wait_for(before + n, chat_id=uid))[before:]


async def press(api: BotApiStandIn, uid: int, data: str, method: str = "sendMessage", n: int = 1) -> list:
    before = len(api.sent(method, chat_id=uid))
    api.push(callback_update(data, uid=uid))
    return (await api.wait_for(before + n, method=method, chat_id=uid))[before:]


async def test_menu_tree_edits_in_place_with_back(bot) -> None:
    api, _ = bot
    (study,) = await press(api, 10, "m:study", method="editMessageText")
    assert "Scholarships and study" in study.params["text"]
    datas = [b["callback_data"] for b in buttons(study)]
    assert "t:taiwanicdf-scholarship" in datas and "m:main" in datas
    (main,) = await press(api, 10, "m:main", method="editMessageText")
    assert "What would you like to know about?" in main.params["text"]
    assert not api.sent(chat_id=10)  # menus never sent new messages


@pytest.mark.parametrize(
    ("lang", "first", "follow_up", "expect_in_answer"),
    [
        ("en", "What is the GCTF?", "who can take part?", "invit"),
        ("es", "¿Qué es el GCTF?", "¿quién puede participar?", "invit"),
        ("zh-Hant", "GCTF是什麼？", "誰可以參加？", "邀請"),
    ],
)
async def test_follow_up_chain_in_each_language(bot, lang, first, follow_up, expect_in_answer) -> None:
    api, _ = bot
    uid = {"en": 11, "es": 12, "zh-Hant": 13}[lang]
    (answer,) = await say(api, uid, first)
    assert "GCTF" in answer.params["text"]
    (who,) = await say(api, uid, follow_up)
    assert "GCTF" in who.params["text"] and expect_in_answer in who.params["text"]
    (apply,) = await say(
        api, uid, {"en": "and how do I apply?", "es": "¿y cómo postulo?", "zh-Hant": "那要怎麼申請？"}[lang]
    )
    assert "https://www.gctf.tw/" in apply.params["text"]


async def test_language_switch_in_the_middle_of_a_topic(bot) -> None:
    api, _ = bot
    (answer,) = await say(api, 14, "Tell me about the TaiwanICDF scholarship")
    assert "TaiwanICDF International Higher Education Scholarship Program" in answer.params["text"]
    (apply,) = await say(api, 14, "¿y cómo postulo?")
    assert "Programa de Becas de Educación Superior Internacional del TaiwanICDF" in apply.params["text"]
    assert (
        "Cómo postular" not in apply.params["text"] and "El libro blanco no explica" in apply.params["text"]
    )


async def test_finder_from_start_to_matches(bot) -> None:
    api, _ = bot
    (ask,) = await say(api, 15, "which program fits me?")
    assert "Who are you?" in ask.params["text"]
    (country,) = await press(api, 15, "p:a:student", method="editMessageText")
    assert "Which country are you from?" in country.params["text"]
    (interest,) = await say(api, 15, "Paraguay")  # free text is accepted as well as buttons
    assert "What are you looking for?" in interest.params["text"]
    (results,) = await press(api, 15, "p:i:study", method="editMessageText")
    text = results.params["text"]
    assert "Taiwan-Paraguay Polytechnic University" in text and "The paper mentions it for Paraguay." in text
    assert "t:taiwan-paraguay-polytechnic" in [b["callback_data"] for b in buttons(results)]


async def test_finder_can_be_cancelled(bot) -> None:
    api, _ = bot
    await press(api, 16, "p:start", method="editMessageText")
    (closed,) = await press(api, 16, "p:x", method="editMessageText")
    assert "Finder closed." in closed.params["text"]


async def test_source_button_shows_section_lines_quote_and_review_date(bot) -> None:
    api, _ = bot
    (source,) = await press(api, 17, "a:src:gctf")
    text = source.params["text"]
    assert "lines 3325–3405" in text and "<blockquote>" in text and "Last reviewed:" in text


def export_feedback(state_path: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bot feedback export`, as a maintainer runs it."""
    return run_bot(["feedback", "export"], {"STATE_PATH": str(state_path), "PATH": "/usr/bin:/bin"})


async def test_feedback_is_stored_without_the_user_and_exported_then_forgotten(bot) -> None:
    api, state_path = bot
    await say(api, 18, "What is the GCTF?")
    (thanks,) = await press(api, 18, "f:+:gctf")
    assert "Thanks for the feedback" in thanks.params["text"]
    export = export_feedback(state_path)
    rows = list(csv.DictReader(io.StringIO(export.stdout)))
    assert rows == [
        {
            "time": rows[0]["time"],
            "topic": "gctf",
            "lang": "en",
            "vote": "up",
            "question": "What is the GCTF?",
        }
    ]
    assert "18" not in export.stdout.replace(rows[0]["time"], "")
    (done,) = await say(api, 18, "/forget")
    assert "deleted everything" in done.params["text"]
    export = export_feedback(state_path)
    assert len(list(csv.DictReader(io.StringIO(export.stdout)))) == 0


async def test_stale_button_for_a_removed_entry_gets_a_friendly_answer(bot) -> None:
    api, _ = bot
    (answer,) = await press(api, 19, "t:an-entry-that-was-removed")
    assert "expired" in answer.params["text"]
    assert any(b["callback_data"] == "m:study" for b in buttons(answer))


async def test_long_answer_is_split_under_4096_characters(tmp_path, rasa_url) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "framework" / "gctf.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"] = data["facts"] * 6  # the same facts repeated: More details runs over 4096
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from bot.content.store import load_catalog
    from bot.core import render

    catalog = load_catalog(content)
    gctf = catalog.get("gctf")
    assert gctf is not None
    expected = len(render.aspect_message(gctf, "more", "en", catalog).split(4096))
    assert expected >= 2
    async with stand_in() as api, polling_bot(api, tmp_path, rasa_url=rasa_url, content_dir=content):
        parts = await press(api, 20, "a:more:gctf", n=expected)
        assert all(len(p.params["text"]) <= 4096 for p in parts)
        assert [bool(buttons(p)) for p in parts] == [False] * (expected - 1) + [True]
