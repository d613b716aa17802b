"""What the bot builds from one version of the content: each piece once, when first needed, and
again only when the content changes (its fingerprint)."""

from __future__ import annotations

from functools import cached_property

from bot.content.store import Catalog
from bot.core.facts import FactIndex
from bot.core.homophones import Homophones, content_names
from bot.core.nlu import KeywordSearch
from bot.core.spelling import Spelling, content_texts, general_examples


class Indexes:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.fingerprint = catalog.fingerprint

    @cached_property
    def facts(self) -> FactIndex:
        return FactIndex(self.catalog)

    @cached_property
    def keywords(self) -> KeywordSearch:
        """The fallback when Rasa is down, and a second opinion when it hesitates."""
        return KeywordSearch(self.catalog)

    @cached_property
    def sound_alikes(self) -> Homophones:
        return Homophones(content_names(self.catalog))

    @cached_property
    def spelling(self) -> Spelling:
        return Spelling(content_texts(self.catalog, general_examples()))

    def build_all(self) -> None:
        """Every piece now (the warm-up before the first message)."""
        _ = (self.facts, self.keywords, self.sound_alikes, self.spelling)


# The last content version's indexes, shared by every conversation over it (a replica has one;
# the tests build many), so each is built once per version.
_latest: Indexes | None = None


def current(indexes: Indexes | None, catalog: Catalog) -> Indexes:
    """`indexes` while the content is the same, else those of this content version."""
    global _latest
    if indexes is not None and indexes.fingerprint == catalog.fingerprint:
        return indexes
    if _latest is None or _latest.catalog is not catalog:  # the same loaded content, not only alike
        _latest = Indexes(catalog)
    return _latest
