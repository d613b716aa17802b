"""Button data: short, typed, and checked on arrival.

Telegram allows 1-64 bytes of callback data. Every button the bot offers is encoded here, and
everything that arrives is decoded here; data that does not parse (forged, or from an older
version of the bot) becomes `None`, which the core answers with a friendly "expired" message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.languages import SHORT_CODES

MAX_BYTES = 64
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
Aspect = Literal["more", "apply", "who", "src", "rel"]
ASPECTS: tuple[str, ...] = ("more", "apply", "who", "src", "rel")
MENUS: tuple[str, ...] = ("main", "study", "training", "ngo", "abroad", "about", "countries")
LANG_CODES = SHORT_CODES
AUDIENCES: tuple[str, ...] = ("student", "official", "ngo", "youth", "business")
INTERESTS: tuple[str, ...] = ("study", "training", "funding", "abroad", "projects")

_PATTERNS = {
    "topic": re.compile(rf"^t:(?P<id>{ID})$"),
    "aspect": re.compile(rf"^a:(?P<aspect>{'|'.join(ASPECTS)}):(?P<id>{ID})$"),
    "menu": re.compile(rf"^m:(?P<menu>{'|'.join(MENUS)})$"),
    "lang": re.compile(rf"^l:(?P<lang>{'|'.join(LANG_CODES)})$"),
    "feedback": re.compile(rf"^f:(?P<vote>[+-]):(?P<id>{ID})$"),
    "finder": re.compile(
        rf"^p:(?:(?P<step>a):(?P<audience>{'|'.join(AUDIENCES)})|(?P<cstep>c):(?P<country>{ID}|-)"
        rf"|(?P<istep>i):(?P<interest>{'|'.join(INTERESTS)})|(?P<control>start|x))$"
    ),
}


@dataclass(frozen=True)
class Action:
    kind: Literal["topic", "aspect", "menu", "lang", "feedback", "finder"]
    value: str  # entry id, menu name, language, vote ("+"/"-") or finder step
    aspect: str | None = None  # the aspect; the voted entry; the finder step's choice


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


def feedback(vote: str, entry_id: str) -> str:
    return _checked(f"f:{vote}:{entry_id}")


def finder(step: str, choice: str = "") -> str:
    """Finder steps: ("a", audience), ("c", country key or "-"), ("i", interest), ("start"), ("x")."""
    return _checked(f"p:{step}:{choice}" if choice else f"p:{step}")


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
            if kind == "feedback":
                return Action("feedback", match["vote"], match["id"])
            if kind == "finder":
                if match["control"]:
                    return Action("finder", match["control"])
                if match["step"]:
                    return Action("finder", "audience", match["audience"])
                if match["cstep"]:
                    return Action("finder", "country", match["country"])
                return Action("finder", "interest", match["interest"])
            return Action("lang", LANG_CODES[match["lang"]])
    return None
