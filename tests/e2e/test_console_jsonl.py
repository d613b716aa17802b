"""The jsonl console protocol, driven as a subprocess the way a script would."""

from __future__ import annotations

import json

import pytest

from tests.fakes.cli import bot_env, run_bot

pytestmark = pytest.mark.rasa


def run_jsonl(lines: list[str], rasa_url: str, tmp_path) -> list[dict]:
    done = run_bot(["chat", "--jsonl"], bot_env(tmp_path / "s.db", rasa_url), "\n".join(lines) + "\n", 120)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_one_json_answer_per_line_with_state_kept_per_user(rasa_url, tmp_path) -> None:
    out = run_jsonl(
        [
            json.dumps({"user": "a", "text": "國合會獎學金怎麼申請？"}),
            json.dumps(
                {"user": "b", "text": "¿Cómo puede una ONG pedir financiamiento?", "language_code": "es"}
            ),
            json.dumps({"user": "a", "button": "a:who:taiwanicdf-scholarship"}),
            "this is not json",
            json.dumps({"user": "a", "text": "ok"}),
        ],
        rasa_url,
        tmp_path,
    )
    assert len(out) == 5
    first, second, third, broken, short = out
    assert (first["user"], first["lang"], first["topic"]) == ("a", "zh-Hant", "taiwanicdf-scholarship")
    assert first["intent"] == "taiwanicdf-scholarship" and 0 < first["confidence"] <= 1
    assert set(first) == {"user", "lang", "intent", "confidence", "topic", "decision", "replies"}
    assert first["decision"]["action"] == "aspect" and first["decision"]["aspect"] == "apply"
    assert all(set(b) == {"text", "data"} for r in first["replies"] for b in r["buttons"])
    assert (second["lang"], second["topic"]) == ("es", "guide-ngo-funding")
    assert third["lang"] == "zh-Hant" and "夥伴國家甄選推薦" in third["replies"][0]["text"]
    assert "error" in broken and broken["replies"] == []
    assert short["lang"] == "zh-Hant"  # too short to tell: the user's language is kept
