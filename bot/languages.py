"""The languages the bot speaks, in one place."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["zh-Hant", "en", "es"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"


def as_lang(value: str | None, default: Lang = DEFAULT_LANG) -> Lang:
    """A stored or received language code as one of ours."""
    return next((lang for lang in LANGS if lang == value), default)


# Each language's own name (the language picker), short code (button data, Telegram's language
# codes), Babel locale (dates) and gettext catalog.
NATIVE_NAMES: dict[Lang, str] = {"zh-Hant": "繁體中文", "en": "English", "es": "Español"}
SHORT_CODES: dict[str, Lang] = {"zh": "zh-Hant", "en": "en", "es": "es"}
BABEL_LOCALES: dict[Lang, str] = {"zh-Hant": "zh_Hant_TW", "en": "en", "es": "es_419"}
CATALOGS: dict[Lang, str] = {"zh-Hant": "zh_Hant", "en": "en", "es": "es"}
