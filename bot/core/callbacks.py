"""Button data: short, typed, and checked on arrival.

Telegram allows 1-64 bytes of callback data. Every button the bot offers is encoded here, and
everything that arrives is decoded here; data that does not parse (forged, or from an older
version of the bot) becomes `None`, which the core answers with a friendly "expired" message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
Aspect = Literal["more", "apply", "who", "src", "rel"]
ASPECTS: tuple[str, ...] = ("more", "apply", "who", "src", "rel")
MENUS: tuple[str, ...] = ("main", "study", "training", "ngo", "abroad", "about", "countries")
LANG_CODES = {"zh": "zh-Hant", "en": "en", "es": "es"}

_PATTERNS = {
    "topic": re.compile(rf"^t:(?P<id>{ID})$"),
    "aspect": re.compile(rf"^a:(?P<aspect>{'|'.join(ASPECTS)}):(?P<id>{ID})$"),
    "menu": re.compile(rf"^m:(?P<menu>{'|'.join(MENUS)})$"),
    "lang": re.compile(rf"^l:(?P<lang>{'|'.join(LANG_CODES)})$"),
}


@dataclass(frozen=True)
class Action:
    kind: Literal["topic", "aspect", "menu", "lang"]
    value: str  # entry id, menu name or language
    aspect: str | None = None


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def topic(entry_id: str) -> str:
    return _checked(f"t:{entry_id}")


def aspect(name: str, entry_id: str) -> str:
    return _checked(f"a:{name}:{entry_id}")


def menu(name: str) -> str:
    return _checked(f"m:{name}")


def lang(code: str) -> str:
    short = next(k for k, v in LANG_CODES.items() if v == code)
    return _checked(f"l:{short}")


def parse(data: str | None) -> Action | None:
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(data)
        if match:
            if kind == "topic":
                return Action("topic", match["id"])
            if kind == "aspect":
                return Action("aspect", match["id"], match["aspect"])
            if kind == "menu":
                return Action("menu", match["menu"])
            return Action("lang", LANG_CODES[match["lang"]])
    return None
