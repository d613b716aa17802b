"""Mixed-script segmentation shared by the Rasa tokenizer and the bot's keyword search.

Pure Python (jieba only), so both environments import it: runs of Han characters go through
jieba; Latin words (accented letters included) are kept whole and folded to lowercase without
accents, so "información", "Informacion" and "INFORMACIÓN" are one token; whitespace and
punctuation never become tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import jieba

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PIECE = re.compile(rf"(?P<han>[{HAN}]+)|(?P<word>[^\W\d_{HAN}]+)|(?P<num>\d+)")
USERDICT = Path(__file__).resolve().parent.parent / "jieba" / "userdict.txt"
# jieba's own words in Traditional form (generated: bot/training/jieba_words.py)
TRADITIONAL_DICT = USERDICT.with_name("traditional.txt")

_loaded_dicts: set[Path] = set()
jieba.setLogLevel(60)  # jieba logs its cache use at INFO on every start


def load_userdict(*paths: Path) -> None:
    """Teach jieba the Traditional forms of its words and the domain words (國合會, 獎學金…);
    idempotent. The domain words load last, so their frequencies win."""
    for path in paths or (TRADITIONAL_DICT, USERDICT):
        if path.exists() and path not in _loaded_dicts:
            jieba.load_userdict(str(path))
            _loaded_dicts.add(path)


def fold(word: str) -> str:
    """Lowercase and drop accents, keeping the string's length for offsets."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def segment(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (token, start, end) with offsets into `text`.

    Chinese is segmented with 台 read as 臺 (the white paper's form, and what the converter makes
    of Simplified input): jieba's own dictionary knows neither 臺灣 nor 臺北, and one spelling
    keeps "台灣" and "臺灣" one token. The swap keeps every offset.
    """
    load_userdict()
    for match in PIECE.finditer(text):
        start = match.start()
        if match.group("han"):
            for word, ws, we in jieba.tokenize(match.group().replace("台", "臺")):
                yield word, start + ws, start + we
        else:
            yield fold(match.group()), start, match.end()


def tokens(text: str) -> list[str]:
    return [token for token, _, _ in segment(text)]
