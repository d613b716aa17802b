"""`python -m bot.content show ID --lang es`: every screen of an entry, as the user sees it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from difflib import get_close_matches

from bot.content.loader import ContentError
from bot.content.store import load_catalog
from bot.core import render
from bot.core.compose import compose, overview
from bot.core.types import Message
from bot.settings import get_settings


def show_entry(entry_id: str, langs: list[str]) -> int:
    settings = get_settings()
    try:
        catalog = load_catalog(settings.content_dir, settings.seed_path)
    except ContentError as exc:
        print(f"content has problems; fix them first (make check-content):\n{exc}", file=sys.stderr)
        return 1
    entry = catalog.get(entry_id)
    if entry is None:
        ids = list(catalog.entries)
        close = list(dict.fromkeys([i for i in ids if entry_id in i] + get_close_matches(entry_id, ids, n=3)))
        print(
            f"no entry '{entry_id}'" + (f"; did you mean: {', '.join(close)}" if close else ""),
            file=sys.stderr,
        )
        return 1

    def answer(lang: str) -> list[Message]:
        return compose(overview(entry), lang, catalog)

    def aspect_screen(aspect: str) -> Callable[[str], list[Message]]:
        return lambda lang: [render.aspect_message(entry, aspect, lang, catalog)]

    screens: list[tuple[str, Callable[[str], list[Message]]]] = [("answer", answer)]
    screens += [(aspect, aspect_screen(aspect)) for aspect in ("more", "who", "apply", "src", "rel")]
    # Screen by screen, the languages one after the other, so translations can be compared.
    for name, build in screens:
        for lang in langs:
            print(f"=== {name} · {lang} " + "=" * max(0, 50 - len(name) - len(lang)))
            for message in build(lang):
                print(message.text)
                for row in message.buttons:
                    print("  " + "  ".join(f"[{b.text}]" for b in row))
    return 0
