"""Chinese typed by sound: "國何會", "國河會" or "國合惠" for 國合會, "瓜地瑪拉" for 瓜地馬拉.

A pinyin keyboard offers every character of a syllable, and a wrong pick reads as an unknown
word, to Rasa and to the fact ranking alike. A run of characters that sounds exactly like one of
the content's names (tones aside) and differs from it in a character or two is that name.
Only names of three characters or more: two syllables sound like too many real words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from bot.content.store import Catalog
from nlu.components.segment import HAN, tokens

MIN_LENGTH = 3
HAN_RUN = re.compile(f"[{HAN}]+")
NAME = re.compile(f"[{HAN}]{{{MIN_LENGTH},}}")
QUOTED = re.compile(r"「([^」]+)」")


@functools.lru_cache(maxsize=1 << 14)
def _sound(char: str) -> str:
    return lazy_pinyin(char)[0]


def sound(text: str) -> tuple[str, ...]:
    return tuple(_sound(char) for char in text)


def _differences(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def allowed_differences(length: int) -> int:
    """One wrong character in a short name, two in a long one: more and it is another word."""
    return 1 if length < 5 else 2


class Homophones:
    def __init__(self, names: Iterable[str]) -> None:
        # 台 and 臺 are one character to a reader; the content writes 臺
        self.names = frozenset(n.replace("台", "臺") for n in names if NAME.fullmatch(n))
        self._by_sound: dict[tuple[str, ...], str] = {}
        for name in sorted(self.names):  # the same name whatever the order of the content
            self._by_sound.setdefault(sound(name), name)
        self._lengths = sorted({len(n) for n in self.names}, reverse=True)

    def fix(self, text: str) -> str:
        """The text with each sound-alike of a name replaced by the name, longest names first."""
        return HAN_RUN.sub(lambda run: self._fix_run(run.group()), text)

    def _fix_run(self, run: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(run):
            for length in self._lengths:
                piece = run[i : i + length]
                if len(piece) < length:
                    continue
                name = self._by_sound.get(sound(piece))
                if name is not None and piece not in self.names:
                    if _differences(piece, name) <= allowed_differences(length):
                        out.append(name)
                        i += length
                        break
                elif piece in self.names:
                    out.append(piece)  # already right: never "fixed" into a shorter name's sound-alike
                    i += length
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)


def content_names(catalog: Catalog) -> set[str]:
    """The content's Chinese names: words of three characters or more in entry titles and
    summaries, the names they quote, and every country's name and variants."""
    names: set[str] = set()
    for entry in catalog.entries.values():
        for text in (entry.title.zh_hant, entry.summary.zh_hant):
            names.update(t for t in tokens(text) if NAME.fullmatch(t))
            names.update(q for q in QUOTED.findall(text) if NAME.fullmatch(q))
    for country in catalog.countries.values():
        names.update(n for n in (country.names.zh_hant, *country.variants) if NAME.fullmatch(n))
    return names
