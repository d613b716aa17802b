"""The languages the bot speaks, in one place."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["zh-Hant", "en", "es"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"


def as_lang(value: str | None, default: Lang = DEFAULT_LANG) -> Lang:
    """A stored or received language code as one of ours."""
    return next((lang for lang in LANGS if lang == value), default)
