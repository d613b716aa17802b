"""UI strings from gettext catalogs (pybabel), and locale-aware formatting (Babel).

Catalogs live in bot/locales/<locale>/LC_MESSAGES/messages.po; `make i18n` compiles them.
English source strings are the msgids; the en catalog exists so a test can prove that every
language has every string.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations, Translations

from bot.languages import BABEL_LOCALES, CATALOGS, as_lang

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
# Our language tags → Babel locales. Territories chosen on purpose: Taiwan for zh-Hant, Latin
# America (419) for Spanish, whose number format differs from Spain's.
BABEL_LOCALE = BABEL_LOCALES
CATALOG_LOCALE = CATALOGS


@lru_cache(maxsize=8)
def translations(lang: str) -> Translations | NullTranslations:
    return Translations.load(str(LOCALES_DIR), [CATALOG_LOCALE[as_lang(lang)]], DOMAIN)


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALE[as_lang(lang)])


def fmt_date(value: dt.date, lang: str) -> str:
    return format_date(value, "long", locale=BABEL_LOCALE[as_lang(lang)])


def pybabel(*args: str) -> None:
    exe = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(exe), *args], check=True)


def extract() -> None:
    """Extract msgids from the code and merge them into each catalog (new ones untranslated)."""
    pot = LOCALES_DIR / f"{DOMAIN}.pot"
    root = LOCALES_DIR.parent
    pybabel(
        "extract",
        "-F",
        str(root.parent / "babel.cfg"),
        "-k",
        "_",
        "-k",
        "N_",
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        str(root),
    )
    for catalog in CATALOG_LOCALE.values():
        po = LOCALES_DIR / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            pybabel(
                "update",
                "-i",
                str(pot),
                "-d",
                str(LOCALES_DIR),
                "-D",
                DOMAIN,
                "-l",
                catalog,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            pybabel("init", "-i", str(pot), "-d", str(LOCALES_DIR), "-D", DOMAIN, "-l", catalog)


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(LOCALES_DIR), "-D", DOMAIN, "--statistics")
    translations.cache_clear()


def N_(message: str) -> str:
    return message
