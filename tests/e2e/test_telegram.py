"""End to end: the real python-telegram-bot client, polling a Bot API stand-in on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.bot_api import BotApiStandIn, callback_update, sticker_update, text_update
from tests.fakes.running import polling_bot, stand_in

pytestmark = pytest.mark.rasa


@pytest.fixture
async def telegram(tmp_path, rasa_url) -> AsyncIterator[BotApiStandIn]:
    async with (
        stand_in() as api,
        polling_bot(
            api,
            tmp_path,
            rasa_url=rasa_url,
            telegram_base_file_url=api.base_url.replace("/bot", "/file/bot"),
        ),
    ):
        yield api


def buttons(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_greets_in_the_users_language_with_menu_and_language_buttons(telegram) -> None:
    telegram.push(text_update("/start", uid=1, language_code="es-419"))
    greeting, picker = await telegram.wait_for(2, chat_id=1)
    assert "¡Hola!" in greeting.params["text"]
    assert greeting.params["parse_mode"] == "HTML"
    assert {b.get("callback_data") for b in buttons(greeting)} >= {"m:study", "m:ngo"}
    assert [b["text"] for b in buttons(picker)] == ["繁體中文", "English", "Español"]


async def test_registers_commands_per_language(telegram) -> None:
    await telegram.wait_for(3, method="setMyCommands")
    codes = {c.params.get("language_code") for c in telegram.sent("setMyCommands")}
    assert codes == {None, "es", "zh"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What scholarships are there for foreign students?", "Scholarships and study programs"),
        ("¿Cómo puede una ONG pedir financiamiento?", "ONG"),
        ("國合會獎學金怎麼申請？", "國合會獎學金"),
    ],
)
async def test_question_answered_in_its_own_language(telegram, text: str, expected: str) -> None:
    telegram.push(text_update(text, uid=2, language_code="en"))
    (answer,) = await telegram.wait_for(1, chat_id=2)
    assert expected in answer.params["text"]
    datas = [b.get("callback_data") for b in buttons(answer)]
    assert any(d.startswith(("a:apply:", "a:who:", "t:")) for d in datas)


async def test_button_press_shows_how_to_apply_with_the_official_channel(telegram) -> None:
    telegram.push(callback_update("a:apply:taiwanicdf-scholarship", uid=3))
    (answer,) = await telegram.wait_for(1, chat_id=3)
    assert "https://www.icdf.org.tw/" in answer.params["text"]
    assert await telegram.wait_for(1, method="answerCallbackQuery")


async def test_language_command_switches_the_interface(telegram) -> None:
    telegram.push(text_update("/language", uid=4, language_code="en"))
    (picker,) = await telegram.wait_for(1, chat_id=4)
    assert "Choose your language" in picker.params["text"]
    telegram.push(callback_update("l:zh", uid=4))
    (edited,) = await telegram.wait_for(1, method="editMessageText", chat_id=4)
    assert "之後我會用繁體中文回答" in edited.params["text"]
    assert any(b["text"] == "🎓 獎學金與留學" for b in buttons(edited))


async def test_forged_button_data_gets_a_friendly_answer(telegram) -> None:
    telegram.push(callback_update("t:../../etc/passwd", uid=5))
    (answer,) = await telegram.wait_for(1, chat_id=5)
    assert "expired" in answer.params["text"]


async def test_sticker_gets_a_text_only_notice(telegram) -> None:
    telegram.push(sticker_update(uid=6))
    (answer,) = await telegram.wait_for(1, chat_id=6)
    assert "only read text" in answer.params["text"]


async def test_flooding_user_is_asked_to_slow_down_once_and_others_still_answered(tmp_path, rasa_url) -> None:
    async with stand_in() as api, polling_bot(api, tmp_path, rasa_url=rasa_url, flood_burst=3):
        for _ in range(8):
            api.push(text_update("What is the GCTF?", uid=30))
        api.push(text_update("What is the GCTF?", uid=31))
        await api.wait_for(1, chat_id=31)
        sent = await api.wait_for(4, chat_id=30)
        texts = [c.params["text"] for c in sent]
        assert sum("very fast" in t for t in texts) == 1
        assert sum("GCTF" in t for t in texts) == 3
