"""Latin words typed wrong ("how mnay", "contry", "mascarias") or in chat shorthand ("wat yr",
"q", "x").

Rasa reads a misspelt word as noise, the fact ranking finds nothing for it, and "how mnay" no
longer asks for a number. A word that no text of the content and no training example uses, within
one edit (two in a long word) of one they do use, is read as that word when the language at large
(wordfreq's counts of English and Spanish) uses that word far more: "contry" is country, but
"very" stays very, though only "every" is in the content, and "capacitaron" stays a verb. Words
the content or the examples use are never touched, so neither are program names, nor anything
Rasa was trained on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from symspellpy import SymSpell, Verbosity
from wordfreq import zipf_frequency

from bot.content.store import Catalog
from bot.training.data import general_intents
from nlu.components.segment import fold

WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")  # Latin letters, accented ones too
MIN_LENGTH = 4  # "tha", "yor": too many real words are one edit from a short one
LONG_WORD = 8  # from this length two edits still leave the word recognisable
# On wordfreq's log scale: the word meant is used at least ~300 times as often as the one typed
# (set on the development sets' corrections: "somthing" 2.4 → "something" 5.9 is a typo,
# "colleagues" 4.3 → "colleges" 4.6 is not).
MORE_COMMON = 2.5
# Shorthand of chat messages, by language; a word of the other language is left alone.
SHORTHAND = {
    "en": {"wat": "what", "wht": "what", "yr": "year", "yrs": "years", "ppl": "people", "abt": "about"},
    "es": {
        "q": "que",
        "x": "por",
        "xq": "porque",
        "pq": "porque",
        "tmb": "tambien",
        "tb": "tambien",
    },
}


class Spelling:
    def __init__(self, texts: Iterable[str]) -> None:
        words = Counter(w.casefold() for text in texts for w in WORD.findall(text))
        counts: Counter[str] = Counter()
        self._spelt: dict[str, str] = {}  # folded → as most often written ("informacion" → "información")
        for word, count in words.most_common():
            counts[fold(word)] += count
            self._spelt.setdefault(fold(word), word)
        self.known = frozenset(counts)
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in counts.items():
            if len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)

    def fix(self, text: str, lang: str) -> str:
        shorthand = SHORTHAND.get(lang, {})
        return WORD.sub(lambda m: self._word(m.group(), shorthand), text)

    def _word(self, word: str, shorthand: dict[str, str]) -> str:
        folded = fold(word)
        if folded in shorthand:
            return shorthand[folded]
        if len(folded) < MIN_LENGTH or folded in self.known or not folded.isascii():
            return word
        distance = 2 if len(folded) >= LONG_WORD else 1
        found = self._symspell.lookup(folded, Verbosity.CLOSEST, max_edit_distance=distance)
        if not found:
            return word
        # Two letters swapped is the commonest slip: "mnay" is many, not may, however often the
        # content says "May"; otherwise the word the content uses most
        meant = self._spelt[max(found, key=lambda s: (sorted(s.term) == sorted(folded), s.count)).term]
        if usage(meant) - usage(word.casefold()) < MORE_COMMON:
            return word  # a real word the content happens not to use
        return meant


def usage(word: str) -> float:
    return max(zipf_frequency(word, "en"), zipf_frequency(word, "es"))


def general_examples() -> list[str]:
    """The hand-written intents' examples (nlu/general.yml), read as training data reads them."""
    return [q for examples in general_intents().values() for q in examples]


def content_texts(catalog: Catalog, examples: Iterable[str] = ()) -> Iterable[str]:
    """Every text the content shows or Rasa was trained on, in every language."""
    for entry in catalog.entries.values():
        for localized in (entry.title, entry.summary, entry.eligibility, entry.how_to_apply, entry.offers):
            if localized is not None:
                yield from (localized.en, localized.es)
        for fact in entry.facts:
            yield from (fact.text.en, fact.text.es)
        yield from (*entry.examples.en, *entry.examples.es, *entry.examples.zh_hant)
    for country in catalog.countries.values():
        yield from (name for _lang, name in country.names.items())
        yield from country.variants
    yield from examples
