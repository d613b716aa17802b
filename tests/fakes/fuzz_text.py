"""Random and hostile message texts, shared by the Telegram and LINE fuzz tests."""

from __future__ import annotations

import random

NASTY = [
    "",
    " ",
    "\u200b\u200b",
    "\u202e\u05e9\u05dc\u05d5\u05dd",
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>",
    "**bold** _it_ [link](http://x)",
    "😀" * 50,
    "🇹🇼👨‍👩‍👧",
    "\x00\x01",
    "a" * 5000,
    "國合會" * 1600,
    "ＧＣＴＦ",
    "SELECT * FROM users; --",
    "{{7*7}}",
    "%s%s%n",
    "../../etc/passwd",
    "¿Becas? " * 300,
]
WORDS = [
    "scholarship",
    "beca",
    "獎學金",
    "GCTF",
    "ONG",
    "NGO",
    "Paraguay",
    "史瓦帝尼",
    "volunteer",
    "hola",
    "how",
    "?",
]


def random_text(rng: random.Random, max_chars: int = 80) -> str:
    """A hostile text, a jumble of the content's own words, or random characters (up to U+2FFF)."""
    roll = rng.random()
    if roll < 0.33:
        return rng.choice(NASTY)
    if roll < 0.7:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
    return "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, max_chars)))
