"""Maintainer tools: `python -m bot.content check|stats|show ID --lang es|links --lang es`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from bot.content.checker import Seed, check, check_required
from bot.content.loader import read_content
from bot.core.ids import REQUIRED_IDS
from bot.languages import LANGS
from bot.settings import Settings, get_settings


def cmd_check(content_dir: Path, seed_path: Path) -> int:
    raw = read_content(content_dir)
    if not seed_path.exists():
        print(
            f"{seed_path}: the white paper text is missing, so no citation can be checked\n"
            "    fix: restore content/source/white-paper.zh-Hant.txt (git checkout content/source), "
            "or set SEED_PATH",
            file=sys.stderr,
        )
        return 1
    problems = check(raw, Seed.read(seed_path)) + check_required(raw, content_dir, REQUIRED_IDS)
    for problem in problems:
        print(problem)
    print(f"{len(raw.entries)} entries, {len(raw.countries)} countries, {len(problems)} problems")
    return 1 if problems else 0


def cmd_stats(content_dir: Path, show_ids: bool) -> int:
    raw = read_content(content_dir)
    kinds = Counter(item.entry.kind for item in raw.entries)
    print(f"{len(raw.entries)} entries")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<13} {count}")
    for lang in LANGS:
        total = sum(len(item.entry.examples.get(lang)) for item in raw.entries)
        print(f"examples {lang:<8} {total}")
    lacking = [item.entry.id for item in raw.entries if not item.entry.has_application_info]
    print(f"entries without application info in the paper: {len(lacking)}")
    for entry_id in lacking:
        print(f"  {entry_id}")
    if show_ids:
        for item in raw.entries:
            print(item.entry.id)
    return 0


def cmd_links(content_dir: Path, bot_username: str, lang: str | None) -> int:
    """Every entry's Telegram deep link (`t.me/<bot>?start=<id>` opens its answer), by id; with a
    language, the entry's title in it after a tab."""
    from telegram.helpers import create_deep_linked_url

    placeholder = Settings.model_fields["telegram_bot_username"].default
    if bot_username == placeholder:  # links to someone else's bot would be handed out
        print(
            f"warning: TELEGRAM_BOT_USERNAME is not set, so these links use the placeholder "
            f"@{placeholder}; set it to your bot's username (from @BotFather).",
            file=sys.stderr,
        )
    raw = read_content(content_dir)
    for entry in sorted((item.entry for item in raw.entries), key=lambda e: e.id):
        link = create_deep_linked_url(bot_username, entry.id)
        print(f"{link}\t{entry.title.get(lang)}" if lang else link)
    return 0


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.content")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate content/ against the schema and the seed")
    stats = sub.add_parser("stats", help="entries per kind, examples per language")
    stats.add_argument("--ids", action="store_true")
    show = sub.add_parser("show", help="preview how an entry renders")
    show.add_argument("id")
    show.add_argument("--lang", default="en", choices=list(LANGS))
    show.add_argument("--all-langs", action="store_true", help="every screen in the three languages")
    links = sub.add_parser("links", help="every entry's Telegram deep link (TELEGRAM_BOT_USERNAME)")
    links.add_argument("--lang", choices=list(LANGS), help="print each entry's title in this language too")
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(settings.content_dir, settings.seed_path)
    if args.command == "stats":
        return cmd_stats(settings.content_dir, args.ids)
    if args.command == "links":
        return cmd_links(settings.content_dir, settings.telegram_bot_username, args.lang)
    from bot.content.preview import show_entry

    return show_entry(args.id, list(LANGS) if args.all_langs else [args.lang])


if __name__ == "__main__":
    from bot.cli import run

    run(main)
