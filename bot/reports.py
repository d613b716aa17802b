"""The maintainers' reports: what users could not get, and what they used.

`python -m bot report unanswered [--since 30d] [--lang es] [--csv]` groups the questions that
ended in a fallback, a "Did you mean…?", a "the paper does not say" or a 👎, counts each group and
names the entries closest to it, so a maintainer sees "37 people asked about X; nothing covers
it". `python -m bot report usage` counts how often each entry and fact was served, and the votes.
Admins get the summary with /report (Telegram and the console).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from bot.content.store import Catalog
from bot.core import asking
from bot.core.asking import STOPWORDS
from bot.core.conversation import UNANSWERED
from bot.core.facts import FactIndex
from bot.core.language import to_traditional
from bot.core.nlu import KeywordSearch
from bot.core.state import Event, Feedback
from nlu.components.segment import tokens

UNANSWERED_ACTIONS = {*UNANSWERED, "thumbs_down"}
SIMILAR = 0.34  # Jaccard overlap of content words for two questions to share a group
# An entry is "close" when its own words cover this much of the question; below it, for every
# entry, the report says nothing covers the question.
COVERS = 0.5
SINCE = re.compile(r"^(\d+)\s*([dhw])$")


def parse_since(text: str | None, now: float | None = None) -> float:
    """'30d', '12h', '2w' → a Unix time; None → the beginning."""
    if not text:
        return 0.0
    match = SINCE.match(text.strip().lower())
    if not match:
        raise ValueError(f"--since takes a number and d, h or w, like 30d; got {text!r}")
    seconds = int(match.group(1)) * {"h": 3600, "d": 86400, "w": 7 * 86400}[match.group(2)]
    return (time.time() if now is None else now) - seconds


def _words(question: str) -> frozenset[str]:
    return frozenset(
        t for t in tokens(to_traditional(question.casefold())) if t not in STOPWORDS and len(t) > 1
    )


@dataclass
class Group:
    words: frozenset[str]
    questions: list[str] = field(default_factory=list)
    langs: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)  # what Rasa or the answer pointed at
    chosen: Counter[str] = field(default_factory=Counter)  # the entries the bot answered with
    closest: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)


def unanswered(
    events: list[Event],
    catalog: Catalog,
    lang: str | None = None,
    search: KeywordSearch | None = None,
    index: FactIndex | None = None,
) -> list[Group]:
    """Unanswered questions grouped by shared words, largest group first."""
    groups: list[Group] = []
    for event in events:
        if event.action not in UNANSWERED_ACTIONS or not event.question or (lang and event.lang != lang):
            continue
        words = _words(event.question)
        group = next((g for g in groups if _similar(g.words, words)), None)
        if group is None:
            group = Group(words)
            groups.append(group)
        group.actions[event.action] += 1
        if event.action == "thumbs_down" and event.question in group.questions:
            continue  # a 👎 on a reply already logged as unanswered: the same person, once
        group.questions.append(event.question)
        group.langs[event.lang] += 1
        if catalog.get(event.entry) is not None:
            group.chosen[event.entry] += 1
        for pair in event.top.split():
            name = pair.rsplit(":", 1)[0]
            if catalog.get(name) is not None:
                group.candidates[name] += 1
    search = search or KeywordSearch(catalog)
    index = index or FactIndex(catalog)
    for group in groups:
        question = to_traditional(group.questions[0])
        found = search.search(question).ranking
        names = dict.fromkeys([n for n, _c in group.candidates.most_common(3)] + [n for n, _s in found])
        content = asking.read(question).content_tokens
        close = [n for n in names if index.evidence(n, content) >= COVERS]
        # What the bot answered with comes first, whatever the words: it is what users were shown.
        group.closest = list(dict.fromkeys([n for n, _c in group.chosen.most_common()] + close))[:3]
    return sorted(groups, key=lambda g: -g.count)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILAR


def unanswered_text(groups: list[Group], catalog: Catalog, limit: int = 20) -> str:
    if not groups:
        return "No unanswered questions in this period."
    total = sum(g.count for g in groups)
    lines = [f"{total} unanswered questions in {len(groups)} groups (largest first):", ""]
    for n, group in enumerate(groups[:limit], 1):
        langs = ", ".join(f"{lang} {c}" for lang, c in group.langs.most_common())
        how = ", ".join(f"{a} {c}" for a, c in group.actions.most_common())
        lines.append(f"{n}. {group.count} asked ({langs}; {how}): “{group.questions[0][:120]}”")
        for other in _others(group)[:2]:
            lines.append(f"     also: “{other[:100]}”")
        closest = [f"{i} ({_title(catalog, i)})" for i in group.closest]
        lines.append(
            "     closest entries: " + (", ".join(closest) if closest else "none: nothing covers it")
        )
    if len(groups) > limit:
        lines.append(f"… and {len(groups) - limit} smaller groups (--csv lists all).")
    return "\n".join(lines)


def _others(group: Group) -> list[str]:
    """The group's other wordings, each once, without the one shown first."""
    return [q for q in dict.fromkeys(group.questions[1:]) if q != group.questions[0]]


def unanswered_csv(groups: list[Group]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["count", "languages", "outcomes", "example", "other_examples", "closest_entries"])
    for g in groups:
        writer.writerow(
            [
                g.count,
                " ".join(f"{k}:{v}" for k, v in g.langs.most_common()),
                " ".join(f"{k}:{v}" for k, v in g.actions.most_common()),
                g.questions[0],
                " | ".join(_others(g)[:5]),
                " ".join(g.closest),
            ]
        )
    return out.getvalue()


@dataclass(frozen=True)
class Usage:
    entry: str
    served: int
    facts: Counter[int]
    up: int
    down: int


def usage(events: list[Event], feedback: list[Feedback], lang: str | None = None) -> list[Usage]:
    """How often each entry and fact was served, and its votes, most served first."""
    served: Counter[str] = Counter()
    facts: dict[str, Counter[int]] = {}
    for event in events:
        if not event.entry or event.action in ("fallback", "did_you_mean", "thumbs_down"):
            continue
        if lang and event.lang != lang:
            continue
        served[event.entry] += 1
        if event.fact >= 0:
            facts.setdefault(event.entry, Counter())[event.fact] += 1
    votes = Counter((f.topic, f.vote) for f in feedback if not lang or f.lang == lang)
    entries = set(served) | {topic for topic, _vote in votes}
    rows = [
        Usage(e, served[e], facts.get(e, Counter()), votes[(e, "up")], votes[(e, "down")]) for e in entries
    ]
    return sorted(rows, key=lambda u: (-u.served, u.entry))


def usage_text(rows: list[Usage], catalog: Catalog, limit: int = 30) -> str:
    if not rows:
        return "Nothing served in this period."
    lines = [f"{sum(r.served for r in rows)} answers from {len(rows)} entries (most served first):", ""]
    for row in rows[:limit]:
        top = ", ".join(f"fact {i}: {c}" for i, c in row.facts.most_common(3))
        lines.append(
            f"{row.served:>5}  {row.entry} ({_title(catalog, row.entry)})  👍 {row.up} 👎 {row.down}"
            + (f"  [{top}]" if top else "")
        )
    return "\n".join(lines)


def usage_csv(rows: list[Usage]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["entry", "served", "up", "down", "facts_served"])
    for r in rows:
        writer.writerow(
            [r.entry, r.served, r.up, r.down, " ".join(f"{i}:{c}" for i, c in sorted(r.facts.items()))]
        )
    return out.getvalue()


def _title(catalog: Catalog, entry_id: str) -> str:
    entry = catalog.get(entry_id)
    return entry.title.en if entry else "removed"


def summary(
    events: list[Event],
    feedback: list[Feedback],
    catalog: Catalog,
    search: KeywordSearch | None = None,
    index: FactIndex | None = None,
) -> str:
    """What /report shows an admin: the largest unanswered groups and the most served entries."""
    groups = unanswered(events, catalog, search=search, index=index)
    rows = usage(events, feedback)
    return unanswered_text(groups, catalog, limit=8) + "\n\n" + usage_text(rows, catalog, limit=8)


def stats(entries: int, rasa_up: bool, feedback: list[Feedback]) -> str:
    """What /stats shows an admin: the content, whether Rasa is up, and the votes."""
    down = Counter(f.topic for f in feedback if f.vote == "down")
    lines = [
        f"Content: {entries} entries.",
        "Rasa: " + ("up." if rasa_up else "down (answering from keyword search)."),
        f"Feedback: {len(feedback)} votes, 👍 {len(feedback) - sum(down.values())}, 👎 {sum(down.values())}.",
    ]
    if down:
        lines.append("Most 👎: " + ", ".join(f"{topic} ({n})" for topic, n in down.most_common(5)))
    return "\n".join(lines)
