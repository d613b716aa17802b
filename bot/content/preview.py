"""`python -m bot.content show ID --lang es`: how an entry renders, with every aspect."""

from __future__ import annotations

import sys

from bot.content.loader import ContentError
from bot.content.store import load_catalog
from bot.core import render
from bot.settings import get_settings


def show_entry(entry_id: str, lang: str) -> int:
    settings = get_settings()
    try:
        catalog = load_catalog(settings.content_dir)
    except ContentError as exc:
        print(f"content has problems; fix them first (make check-content):\n{exc}", file=sys.stderr)
        return 1
    entry = catalog.get(entry_id)
    if entry is None:
        close = [i for i in catalog.entries if entry_id in i]
        print(
            f"no entry '{entry_id}'" + (f"; did you mean: {', '.join(close)}" if close else ""),
            file=sys.stderr,
        )
        return 1
    messages = [render.entry_message(entry, lang)]
    messages += [
        render.aspect_message(entry, aspect, lang, catalog) for aspect in ("who", "apply", "src", "rel")
    ]
    for message in messages:
        print(message.text)
        for row in message.buttons:
            print("  " + "  ".join(f"[{b.text}]" for b in row))
        print("-" * 60)
    return 0
