"""The maintainer's loop: questions users could not get, driven through the console as users would
ask them, then `python -m bot report` as a maintainer would run it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.fakes.cli import bot_env, run_bot

pytestmark = pytest.mark.rasa

PHONE, EMAIL = "+595 981 123 456", "maria.gonzalez@example.org"
# Realistic questions the content does not answer: three about Taiwan's Gold Card (a work permit,
# not in the white paper), two about Fulbright grants, one about the weather; one asks with a
# phone number and an e-mail address in it. Then questions it does answer.
UNANSWERED = [
    ("u1", "How do I apply for the Taiwan Gold Card work permit?"),
    ("u2", "taiwan gold card work permit requirements"),
    ("u3", f"Hi, I'm Maria ({PHONE}, {EMAIL}), what are the requirements for the gold card work permit?"),
    ("u4", "Fulbright grant for Taiwan, who can apply?"),
    ("u5", "fulbright grants taiwan apply"),
    ("u6", "will it rain in Taipei tomorrow?"),
    ("u10", "How much is the monthly stipend of the TaiwanICDF scholarship?"),  # the paper is silent
]
ANSWERED = [
    ("u7", "What is the GCTF?"),
    ("u8", "¿Qué es el GCTF?"),
    ("u9", "國合會獎學金是什麼？"),
]


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    return run_bot(args, env, stdin).stdout


@pytest.fixture(scope="module")
def env(rasa_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    values = bot_env(tmp_path_factory.mktemp("reports") / "s.db", rasa_url)
    lines = [json.dumps({"user": f"tg:{user}", "text": text}) for user, text in UNANSWERED + ANSWERED]
    lines.append(json.dumps({"user": "tg:u6", "button": "f:-:fallback"}))  # 👎 on the weather fallback
    replies = [
        json.loads(line) for line in run(["chat", "--jsonl"], values, "\n".join(lines) + "\n").splitlines()
    ]
    actions = [r["decision"]["action"] for r in replies[: len(UNANSWERED)]]
    assert actions.count("answer") <= 1 and actions[-1] == "not_in_paper"
    return values


def test_unanswered_questions_are_grouped_with_their_closest_entries(env: dict[str, str]) -> None:
    report = run(["report", "unanswered"], env)
    print(report)  # the closing note quotes it
    lines = report.splitlines()
    groups = [line for line in lines if re.match(r"^\d+\. ", line)]
    gold = next(g for g in groups if "gold card" in g.lower())
    assert gold.split(".", 1)[1].strip().startswith(("2 asked", "3 asked"))  # grouped, not one per question
    fulbright = next(g for g in groups if "fulbright" in g.lower())
    assert fulbright.split(".", 1)[1].strip().startswith("2 asked")
    assert len(groups) <= 5
    assert "closest entries:" in report
    # The weather: asked once, voted down once, one person; nothing in the content covers it.
    weather = lines[lines.index(next(g for g in groups if "rain" in g)) :][:3]
    assert weather[0].split(".", 1)[1].strip().startswith("1 asked") and "thumbs_down 1" in weather[0]
    assert any("nothing covers it" in line for line in weather)
    stipend = next(g for g in groups if "stipend" in g)
    assert "not_in_paper" in stipend
    assert "scholarship" in lines[lines.index(stipend) + 1]  # the entry it answered with comes first
    assert PHONE not in report and "981" not in report and EMAIL not in report
    as_csv = run(["report", "unanswered", "--csv", "--since", "1d"], env)
    assert as_csv.splitlines()[0].startswith("count,languages,outcomes,example")
    assert run(["report", "unanswered", "--lang", "es"], env).startswith("No unanswered")


def test_the_question_log_keeps_no_user_id_phone_or_email(env: dict[str, str]) -> None:
    with sqlite3.connect(env["STATE_PATH"]) as db:
        rows = db.execute("SELECT * FROM events").fetchall()
    assert len(rows) == len(UNANSWERED) + len(ANSWERED) + 1  # and the 👎
    stored = json.dumps(rows, ensure_ascii=False)
    # Nowhere in the state file, either: the user's last question is kept scrubbed.
    db = Path(env["STATE_PATH"])
    raw = b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    assert PHONE.encode() not in raw and EMAIL.encode() not in raw
    assert "tg:" not in stored and "u3" not in stored
    assert (
        PHONE not in stored
        and "981 123" not in stored
        and EMAIL not in stored
        and "example.org" not in stored
    )
    # Answered questions are counted, not kept.
    assert "What is the GCTF" not in stored


def test_usage_counts_the_entries_served(env: dict[str, str]) -> None:
    usage = run(["report", "usage"], env)
    served = {
        line.split()[1]: int(line.split()[0]) for line in usage.splitlines() if line[:5].strip().isdigit()
    }
    assert served.get("gctf", 0) >= 2
    assert served.get("taiwanicdf-scholarship", 0) >= 1


def test_the_console_maintainer_has_report_and_stats(env: dict[str, str]) -> None:
    out = run(["chat"], env, "/stats\n/report\n/quit\n")
    assert "Content:" in out and "entries." in out
    assert "unanswered questions in" in out and "answers from" in out
