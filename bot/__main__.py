"""Command line: `python -m bot chat [--jsonl] | telegram | line | serve | nlu … | i18n extract|compile`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from bot.settings import Settings, get_settings

if TYPE_CHECKING:
    from bot.core.state import Event, Feedback


async def _chat(jsonl: bool, rasa_url: str) -> None:
    from bot.app import build_assistant
    from bot.channels.console import run_interactive, run_jsonl

    assistant = build_assistant(get_settings(), rasa_url=rasa_url)
    await assistant.conversation.warm_up()
    watcher = asyncio.create_task(assistant.content.watch(then=assistant.conversation.warm_up))
    try:
        if jsonl:
            await run_jsonl(assistant.conversation)
        else:
            await run_interactive(assistant.conversation)
    finally:
        watcher.cancel()
        await assistant.aclose()


def cmd_chat(jsonl: bool) -> int:
    from bot.logging_setup import setup_logging
    from bot.rasa_server import rasa_running

    setup_logging(logging.WARNING)
    settings = get_settings()
    try:
        with rasa_running(settings) as url:
            asyncio.run(_chat(jsonl, url))
    except KeyboardInterrupt:
        pass
    return 0


def cmd_telegram() -> int:
    """The Telegram channel alone (long polling, or its webhook when TELEGRAM_WEBHOOK_URL is set)."""
    return cmd_serve("telegram")


def cmd_serve(only: str | None = None) -> int:
    """Every configured channel in one process (`serve`), or one alone (`telegram`, `line`)."""
    from bot.logging_setup import add_secret, setup_logging
    from bot.rasa_server import rasa_running
    from bot.serve import serve

    settings = get_settings()
    # aiosqlite runs each statement in its own thread: hand that thread the GIL within 1 ms rather
    # than Python's default 5 ms, or every state read waits behind the event loop's work.
    sys.setswitchinterval(0.001)
    telegram = settings.telegram_enabled and only in (None, "telegram")
    line = settings.line_enabled and only in (None, "line")
    if not (telegram or line):
        need = {
            "telegram": "TELEGRAM_BOT_TOKEN",
            "line": "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN",
        }.get(only or "", "TELEGRAM_BOT_TOKEN or LINE_*")
        print(f"{need} not set; use `python -m bot chat` for the console.", file=sys.stderr)
        return 2
    for secret in (
        settings.telegram_bot_token,
        settings.telegram_webhook_secret,
        settings.line_channel_secret,
        settings.line_channel_access_token,
        settings.rasa_token,
    ):
        add_secret(secret.get_secret_value() if secret else None)
    setup_logging()
    with rasa_running(settings) as url:
        asyncio.run(serve(settings, url, telegram=telegram, line=line))
    return 0


async def _state_answers(settings: Settings) -> str:
    from bot.app import build_state

    state = build_state(settings)
    try:
        await state.get("healthcheck")
    finally:
        await state.aclose()
    return "ok"


async def _feedback_rows(settings: Settings) -> list[Feedback]:
    from bot.app import build_state

    store = build_state(settings)
    try:
        return await store.feedback()
    finally:
        await store.aclose()


def cmd_health() -> int:
    """For container health checks: content loads, state answers; Rasa down is 'degraded' (the bot
    still answers from keyword search and recovers by itself when Rasa is back)."""
    import json

    from bot.content.store import load_catalog
    from bot.rasa_server import is_up

    settings = get_settings()
    report: dict[str, object] = {}
    try:
        report["content_entries"] = len(load_catalog(settings.content_dir).entries)
        report["state"] = asyncio.run(_state_answers(settings))
    except Exception as exc:  # report, never a traceback
        report["error"] = type(exc).__name__
        print(json.dumps({"status": "unhealthy", **report}))
        return 1
    report["rasa"] = "up" if is_up(settings.rasa_url, settings.rasa_token.get_secret_value()) else "down"
    print(json.dumps({"status": "ok" if report["rasa"] == "up" else "degraded", **report}))
    return 0


async def _events_and_feedback(settings: Settings) -> tuple[list[Event], list[Feedback]]:
    from bot.app import build_state

    store = build_state(settings)
    try:
        return await store.events(), await store.feedback()
    finally:
        await store.aclose()


def cmd_report(kind: str, since: str | None, lang: str | None, as_csv: bool) -> int:
    """What users could not get, or what they used; no user ids, numbers or e-mails are stored."""
    from bot import reports
    from bot.content.store import load_catalog

    settings = get_settings()
    try:
        start = reports.parse_since(since)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    events, feedback = asyncio.run(_events_and_feedback(settings))
    events = [e for e in events if e.time >= start]
    catalog = load_catalog(settings.content_dir)
    if kind == "unanswered":
        groups = reports.unanswered(events, catalog, lang)
        print(reports.unanswered_csv(groups) if as_csv else reports.unanswered_text(groups, catalog), end="")
    else:
        rows = reports.usage(events, feedback, lang)
        print(reports.usage_csv(rows) if as_csv else reports.usage_text(rows, catalog), end="")
    if not as_csv:
        print()
    return 0


def cmd_feedback_export(out: str) -> int:
    import csv

    from bot.core.state import FEEDBACK_FIELDS

    rows = asyncio.run(_feedback_rows(get_settings()))
    handle = sys.stdout if out == "-" else open(out, "w", newline="", encoding="utf-8")  # noqa: SIM115
    try:
        writer = csv.writer(handle)
        writer.writerow(FEEDBACK_FIELDS)
        writer.writerows([getattr(row, f) for f in FEEDBACK_FIELDS] for row in rows)
    finally:
        if handle is not sys.stdout:
            handle.close()
    print(f"{len(rows)} feedback rows", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="console chat (no Telegram token needed)")
    chat.add_argument("--jsonl", action="store_true", help="one JSON object per line, for scripts")
    sub.add_parser("telegram", help="run the Telegram bot (long polling, or webhook if configured)")
    sub.add_parser("line", help="run the LINE webhook server alone (POST /line)")
    sub.add_parser("serve", help="run every configured channel (Telegram, LINE) in one process")
    sub.add_parser("health", help="print the health of content, state and Rasa as JSON")
    nlu = sub.add_parser("nlu", help="NLU training data and model")
    nlu.add_argument("action", choices=["build", "train", "validate", "cross-validate", "words"])
    nlu.add_argument("--force", action="store_true")
    nlu.add_argument("--folds", type=int, default=3, help="cross-validation folds")
    feedback = sub.add_parser("feedback", help="user feedback on answers")
    feedback_sub = feedback.add_subparsers(dest="action", required=True)
    export = feedback_sub.add_parser("export", help="write the feedback as CSV")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    report = sub.add_parser("report", help="what users could not get (unanswered), or used (usage)")
    report.add_argument("kind", choices=["unanswered", "usage"])
    report.add_argument("--since", help="only the last 30d, 12h or 2w")
    report.add_argument("--lang", choices=["zh-Hant", "en", "es"])
    report.add_argument("--csv", action="store_true", help="every group as CSV, for a spreadsheet")
    i18n = sub.add_parser("i18n", help="gettext catalogs")
    i18n.add_argument("action", choices=["extract", "compile"])
    args = parser.parse_args(argv)

    if args.command == "chat":
        return cmd_chat(args.jsonl)
    if args.command == "telegram":
        return cmd_telegram()
    if args.command in ("line", "serve"):
        return cmd_serve("line" if args.command == "line" else None)
    if args.command == "health":
        return cmd_health()
    if args.command == "report":
        return cmd_report(args.kind, args.since, args.lang, args.csv)
    if args.command == "feedback":
        return cmd_feedback_export(args.out)
    if args.command == "nlu":
        from bot.training import train

        settings = get_settings()
        if args.action == "build":
            data, key = train.prepare(settings)
            print(f"NLU data: {len(data.intents)} intents, model key {key}")
            return 0
        if args.action == "train":
            train.ensure_model(settings, force=args.force)
            return 0
        if args.action == "cross-validate":
            return train.cross_validate(settings, args.folds)
        if args.action == "words":
            from bot.content.store import load_catalog
            from bot.training.jieba_words import write

            count = write(load_catalog(settings.content_dir))
            print(f"nlu/jieba/traditional.txt: {count} Traditional words; retrain with `make train`")
            return 0
        return train.validate(settings)
    from bot import i18n as i18n_module

    if args.action == "extract":
        i18n_module.extract()
    else:
        i18n_module.compile_catalogs()
    return 0


if __name__ == "__main__":
    from bot.cli import run

    run(main)
