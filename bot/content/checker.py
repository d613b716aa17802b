"""Cross-file checks that keep content/ faithful to the white paper.

`make check-content` runs these; so does `make test`. Schema errors come from the loader;
this module checks what a schema cannot: ids, links between entries, citations against
the seed, numbers against their citations, and example questions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.content.loader import LoadedEntry, Problem, RawContent
from bot.content.models import Cited, Figure, bounds

MIN_EXAMPLES = 12
# "question? - next question": a list item indented one step too far is joined to the one above.
MERGED_ITEM = re.compile(r"[?？]\s+-\s+\S")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
URL = re.compile(r"https?://\S+")
# Names with digits in them that are not facts to check ("COVID-19", "4P", "G7"-style codes).
NAME_WITH_DIGITS = re.compile(r"COVID-19|\b\d?[A-Za-z]+\d+[A-Za-z]*\b|\b\d+P\b")


@dataclass(frozen=True)
class Seed:
    lines: list[str]

    @classmethod
    def read(cls, path: Path) -> Seed:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def span(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])


def normalise_number(token: str) -> str:
    """'1,151' and '1.151' -> '1151'; '28,66' -> '28.66': compare numbers, not typography."""
    parts = re.split(r"[.,]", token)
    if len(parts) == 1:
        return token.lstrip("0") or "0"
    if all(len(p) == 3 for p in parts[1:]):
        return "".join(parts).lstrip("0") or "0"
    return (parts[0].lstrip("0") or "0") + "." + "".join(parts[1:])


def numbers_in(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    text = NAME_WITH_DIGITS.sub(" ", URL.sub(" ", text))
    return {normalise_number(t) for t in NUMBER.findall(text)}


def squash(text: str) -> str:
    """Text without whitespace, so a quote matches across the PDF's line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalise_example(text: str) -> str:
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def check(raw: RawContent, seed: Seed | None, min_examples: int = MIN_EXAMPLES) -> list[Problem]:
    problems = list(raw.problems)
    by_id: dict[str, LoadedEntry] = {}
    for item in raw.entries:
        if item.entry.id in by_id:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("id"),
                    f"duplicate id '{item.entry.id}', also used in {by_id[item.entry.id].path}",
                    "give one of them another id",
                )
            )
        else:
            by_id[item.entry.id] = item
        expected = f"{item.entry.id}.yml"
        if item.path.name != expected:
            problems.append(
                Problem(
                    item.path, item.line_of("id"), f"file name should be {expected}", f"rename to {expected}"
                )
            )
    country_keys = {c.key for c in raw.countries}
    for item in raw.entries:
        problems += _check_links(item, by_id, country_keys)
        problems += _check_examples(item, min_examples)
        problems += _check_silent_tags(item)
        if seed is not None:
            problems += _check_citations(item, seed)
    problems += _check_collisions(raw.entries)
    problems += _check_glossary(raw)
    return problems


def _check_glossary(raw: RawContent) -> list[Problem]:
    """One program, one name: answers may not use a name the glossary lists under `avoid`."""
    patterns = [
        (term, lang, variant, re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", re.IGNORECASE))
        for term in raw.terms
        for lang, variants in term.avoid.items()
        for variant in variants
    ]
    problems = []
    for item in raw.entries:
        for field_name, lang, text in item.entry.texts():
            for term, term_lang, variant, pattern in patterns:
                if term_lang == lang and pattern.search(text):
                    problems.append(
                        Problem(
                            item.path,
                            item.line_of(*_loc(field_name), lang),
                            f"{field_name}.{lang} names {term.id} {variant!r}",
                            f"write {term.names.get(lang)!r} (content/_glossary.yml)",
                        )
                    )
    return problems


def check_required(raw: RawContent, root: Path, required: frozenset[str]) -> list[Problem]:
    """The entries the code relies on (bot/core/ids.py) must exist: renaming one would silently
    turn a behaviour off. Run by `make check-content` over the whole content folder."""
    present = {item.entry.id for item in raw.entries}
    return [
        Problem(
            root,
            None,
            f"entry '{missing}' is missing, but the bot relies on it (bot/core/ids.py)",
            "restore it, or rename it in bot/core/ids.py too",
        )
        for missing in sorted(required - present)
    ]


def _check_links(item: LoadedEntry, by_id: dict[str, LoadedEntry], countries: set[str]) -> list[Problem]:
    problems = []
    entry = item.entry
    for i, rel in enumerate(entry.related):
        if rel == entry.id:
            problems.append(
                Problem(item.path, item.line_of("related", i), "an entry cannot relate to itself")
            )
        elif rel not in by_id:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("related", i),
                    f"related id '{rel}' does not exist",
                    "use the id of an existing entry (see `python -m bot.content stats --ids`)",
                )
            )
    keys = [*entry.countries, *([entry.country] if entry.country else [])]
    for key in keys:
        if key not in countries:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("countries"),
                    f"unknown country key '{key}'",
                    "add it to content/_countries.yml or use an existing key",
                )
            )
    return problems


def _check_examples(item: LoadedEntry, min_examples: int) -> list[Problem]:
    problems = []
    for lang, examples in item.entry.examples.items():
        line = item.line_of("examples", lang)
        if len(examples) < min_examples:
            problems.append(
                Problem(
                    item.path,
                    line,
                    f"examples.{lang} has {len(examples)} questions, needs {min_examples}",
                    "add questions as real users would type them",
                )
            )
        seen: set[str] = set()
        for i, example in enumerate(examples):
            key = normalise_example(example)
            if not key:
                problems.append(
                    Problem(item.path, item.line_of("examples", lang, i), "empty example question")
                )
            elif key in seen:
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("examples", lang, i),
                        f"repeated example: {example!r}",
                        "remove the duplicate",
                    )
                )
            elif MERGED_ITEM.search(example):
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("examples", lang, i),
                        f"two questions ran into one example: {example!r} (the next '- ' item is "
                        "indented further than this one, so YAML joined it to this line)",
                        "line the '- ' items of the list up with each other",
                    )
                )
            seen.add(key)
    return problems


def _check_range(item: LoadedEntry, seed: Seed, cited: Cited, loc: tuple[str | int, ...]) -> str | None:
    """The cited span, or None (with a problem reported by the caller) when it is out of range."""
    if cited.end > len(seed.lines):
        return None
    return seed.span(cited.start, cited.end)


def _nearest(seed: Seed, quote: str) -> str:
    """Where the quote actually is in the seed, as a hint for a citation whose lines moved."""
    target = squash(quote)
    if not target:
        return ""
    for width in (1, 2, 3, 4, 6, 8):
        for start in range(1, len(seed.lines) - width + 2):
            if target in squash(seed.span(start, start + width - 1)):
                end = start + width - 1
                return (
                    f"; the seed has it at lines {start}-{end}"
                    if end > start
                    else f"; the seed has it at line {start}"
                )
    return "; it is nowhere in the seed"


def _check_quote(
    item: LoadedEntry, seed: Seed, span: str, cited: Cited, quote: str, loc: tuple[str | int, ...]
) -> list[Problem]:
    if squash(quote) in squash(span):
        return []
    return [
        Problem(
            item.path,
            item.line_of(*loc, "quote"),
            f"quote not found in seed lines {cited.lines}: {quote[:40]!r}{_nearest(seed, quote)}",
            "copy the quote verbatim from those lines, or fix the line range",
        )
    ]


def _allowed_numbers(
    item: LoadedEntry, span: str, figures: list[tuple[Figure, tuple[str | int, ...]]]
) -> tuple[set[str], list[Problem]]:
    """Numbers a text citing `span` may state: those in the span, and declared figures found there."""
    allowed = numbers_in(span)
    problems = []
    for figure, loc in figures:
        if squash(figure.seed) in squash(span):
            allowed |= numbers_in(figure.value)
        elif loc:
            problems.append(
                Problem(
                    item.path,
                    item.line_of(*loc),
                    f"figure's seed form {figure.seed!r} not in cited lines",
                    "copy how the seed writes it, or cite the lines that contain it",
                )
            )
    return allowed, problems


def _unsupported(
    item: LoadedEntry, texts: list[tuple[str, str, str]], allowed: set[str], where: str
) -> list[Problem]:
    problems = []
    for field_name, lang, text in texts:
        for number in sorted(numbers_in(text) - allowed):
            problems.append(
                Problem(
                    item.path,
                    item.line_of(*_loc(field_name), lang),
                    f"{field_name}.{lang} states {number!r}, which is not in {where}",
                    "cite the lines that contain it, declare it under `figures:`, or remove it",
                )
            )
    return problems


def _loc(dotted: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in dotted.split("."))


def _out_of_range(item: LoadedEntry, seed: Seed, cited: Cited, loc: tuple[str | int, ...]) -> Problem:
    return Problem(
        item.path,
        item.line_of(*loc, "lines"),
        f"cited lines {cited.lines} run past the seed's {len(seed.lines)} lines",
        "cite a range inside the seed",
    )


def _cited_span(
    item: LoadedEntry, seed: Seed, cited: Cited, quote: str | None, loc: tuple[str | int, ...]
) -> tuple[str | None, list[Problem]]:
    """One citation (a source or a fact): its lines inside the seed, and its quote in them."""
    span = _check_range(item, seed, cited, loc)
    if span is None:
        return None, [_out_of_range(item, seed, cited, loc)]
    return span, _check_quote(item, seed, span, cited, quote, loc) if quote else []


# "The white paper gives no amount, term or…": a fact saying the paper is silent on a detail does
# not give it; tagged as giving it, it would answer "how much?" instead of the paper's silence.
SILENT_ON: dict[str, re.Pattern[str]] = {
    "money": re.compile(r"\b(?:gives|lists|states) no [^.;]{0,40}\b(?:amounts?|budget|sums?)\b", re.I),
    "duration": re.compile(r"\b(?:gives|lists|states) no [^.;]{0,60}\b(?:term|time frame|duration)\b", re.I),
}


def _check_silent_tags(item: LoadedEntry) -> list[Problem]:
    problems = []
    for i, fact in enumerate(item.entry.facts):
        for kind, pattern in SILENT_ON.items():
            if kind in fact.about and pattern.search(fact.text.en):
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("facts", i, "about"),
                        f"the fact says the paper gives no {kind} detail, yet is tagged '{kind}'",
                        f"remove '{kind}' from its about: list",
                    )
                )
    return problems


def _check_citations(item: LoadedEntry, seed: Seed) -> list[Problem]:
    """Each source's quote is in its lines; each fact's numbers are in the fact's own lines; the
    entry's other texts state only numbers found somewhere in what the entry cites."""
    problems: list[Problem] = []
    entry = item.entry
    spans: list[str] = []
    entry_figures: list[tuple[Figure, tuple[str | int, ...]]] = [
        (f, ("figures", j)) for j, f in enumerate(entry.figures)
    ]
    for i, source in enumerate(entry.sources):
        span, found = _cited_span(item, seed, source, source.quote, ("sources", i))
        problems += found
        spans += [span] if span is not None else []
    for i, fact in enumerate(entry.facts):
        span, found = _cited_span(item, seed, fact, fact.quote, ("facts", i))
        problems += found
        if span is None:
            continue
        spans.append(span)
        own = [(f, ("facts", i, "figures", j)) for j, f in enumerate(fact.figures)]
        allowed, figure_problems = _allowed_numbers(item, span, own + [(f, ()) for f, _ in entry_figures])
        problems += figure_problems
        texts = [(f"facts.{i}.text", lang, text) for lang, text in fact.text.items()]
        problems += _unsupported(item, texts, allowed, f"the fact's own lines {fact.lines}")
    for i, erratum in enumerate(entry.errata):
        if _check_range(item, seed, erratum, ("errata", i)) is None:
            problems.append(_out_of_range(item, seed, erratum, ("errata", i)))
    for i, update in enumerate(entry.updates):
        for j, lines in enumerate(update.concerns or ()):
            if bounds(lines)[1] > len(seed.lines):
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("updates", i, "concerns", j),
                        f"the lines it concerns, {lines}, run past the seed's {len(seed.lines)} lines",
                        "name the lines of the statements this change bears on, inside the seed",
                    )
                )
    if not spans:
        return problems
    allowed, figure_problems = _allowed_numbers(item, "\n".join(spans), entry_figures)
    problems += figure_problems
    texts = [t for t in entry.texts() if not t[0].startswith("facts.")]
    problems += _unsupported(item, texts, allowed, "the cited lines")
    return problems


def _check_collisions(entries: list[LoadedEntry]) -> list[Problem]:
    """An example question that two entries share is reported in each of the files, at its own
    line, naming the other: whichever file the maintainer is editing shows it."""
    owners: dict[str, list[tuple[LoadedEntry, str, int]]] = defaultdict(list)
    for item in entries:
        for lang, examples in item.entry.examples.items():
            for i, example in enumerate(examples):
                owners[normalise_example(example)].append((item, lang, i))
    problems = []
    for key, places in owners.items():
        if not key or len({p[0].entry.id for p in places}) < 2:
            continue
        for item, lang, i in places:
            others = sorted(
                f"{other.path.name}:{other.line_of('examples', other_lang, j)}"
                for other, other_lang, j in places
                if other is not item
            )
            problems.append(
                Problem(
                    item.path,
                    item.line_of("examples", lang, i),
                    f"example {key!r} also appears in {', '.join(others)}",
                    "an example question must belong to one entry; make it specific or remove it",
                )
            )
    return problems
